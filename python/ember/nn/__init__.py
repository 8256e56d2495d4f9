"""ember.nn — torch.nn's shape over ember's C++ nn: Module (subclassable in
Python), Parameter, every built-in layer and loss, containers, and the
functional, init and utils submodules."""
from .parameter import Parameter
from .modules import *  # noqa: F401,F403
from .modules import Module
from . import functional, init, utils  # noqa: E402
