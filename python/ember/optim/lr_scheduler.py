"""ember.optim.lr_scheduler: torch's schedulers with torch's signatures,
over ember's C++ schedulers (optim/lr_scheduler*.h). Each takes the Python
optimizer and drives its C++ groups."""
from .. import _C

_cpp = _C.optim
LRScheduler = _cpp.LRScheduler


def _scheduler(cpp_class):
    class Scheduler(cpp_class):
        __doc__ = cpp_class.__doc__

        def __init__(self, optimizer, *args, **kwargs):
            super().__init__(optimizer._impl, *args, **kwargs)
            self.optimizer = optimizer

    Scheduler.__name__ = Scheduler.__qualname__ = cpp_class.__name__
    return Scheduler


StepLR = _scheduler(_cpp.StepLR)
MultiStepLR = _scheduler(_cpp.MultiStepLR)
ConstantLR = _scheduler(_cpp.ConstantLR)
LinearLR = _scheduler(_cpp.LinearLR)
ExponentialLR = _scheduler(_cpp.ExponentialLR)
PolynomialLR = _scheduler(_cpp.PolynomialLR)
CosineAnnealingLR = _scheduler(_cpp.CosineAnnealingLR)
CosineAnnealingWarmRestarts = _scheduler(_cpp.CosineAnnealingWarmRestarts)
LambdaLR = _scheduler(_cpp.LambdaLR)
MultiplicativeLR = _scheduler(_cpp.MultiplicativeLR)
CyclicLR = _scheduler(_cpp.CyclicLR)
OneCycleLR = _scheduler(_cpp.OneCycleLR)
SequentialLR = _scheduler(_cpp.SequentialLR)
ReduceLROnPlateau = _scheduler(_cpp.ReduceLROnPlateau)
ChainedScheduler = _cpp.ChainedScheduler
