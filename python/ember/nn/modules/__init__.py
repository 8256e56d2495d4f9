"""ember.nn's modules: Module (module.py), the containers (container.py) and
every built-in layer, bound from C++ (python/src/bind_nn_*.cpp)."""
from ... import _C
from .container import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .module import Module, RemovableHandle, _accept_factory_kwargs
from . import reprs, sparse  # noqa: F401  (attach torch's extra_repr and from_pretrained)

_LAYERS = {name: cls for name, cls in vars(_C.nn).items()
           if isinstance(cls, type) and issubclass(cls, Module) and not name.startswith("_")}
for _cls in _LAYERS.values():
    if _cls not in (Module, Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict):
        _accept_factory_kwargs(_cls)
globals().update(_LAYERS)
__all__ = sorted(_LAYERS) + ["RemovableHandle"]
del _cls
