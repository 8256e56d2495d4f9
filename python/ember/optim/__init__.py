"""ember.optim: torch.optim's optimizers with torch's signatures and
defaults, over ember's C++ implementations (optim/*.h)."""
from .. import _C
from . import lr_scheduler
from .optimizer import Optimizer


class SGD(Optimizer):
    def __init__(self, params, lr=0.01, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False):
        super().__init__("SGD", params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                             weight_decay=weight_decay, nesterov=nesterov, maximize=maximize,
                                             foreach=foreach, differentiable=differentiable))


class Adam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None):
        super().__init__("Adam", params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                              amsgrad=amsgrad, maximize=maximize, foreach=foreach,
                                              capturable=capturable, differentiable=differentiable, fused=fused))


class AdamW(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__("AdamW", params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                               amsgrad=amsgrad, maximize=maximize, foreach=foreach,
                                               capturable=capturable, differentiable=differentiable, fused=fused))


class Adamax(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, foreach=None, *,
                 maximize=False, differentiable=False):
        super().__init__("Adamax", params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                                maximize=maximize, foreach=foreach, differentiable=differentiable))


class NAdam(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
                 foreach=None, *, differentiable=False):
        super().__init__("NAdam", params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                               momentum_decay=momentum_decay, foreach=foreach,
                                               differentiable=differentiable))


class RAdam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, foreach=None, *,
                 differentiable=False):
        super().__init__("RAdam", params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                               foreach=foreach, differentiable=differentiable))


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False,
                 foreach=None, maximize=False, differentiable=False):
        super().__init__("RMSprop", params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                                                 momentum=momentum, centered=centered, maximize=maximize,
                                                 foreach=foreach, differentiable=differentiable))


class Adagrad(Optimizer):
    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False):
        super().__init__("Adagrad", params, dict(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                                                 initial_accumulator_value=initial_accumulator_value, eps=eps,
                                                 maximize=maximize, foreach=foreach, differentiable=differentiable))


class Adadelta(Optimizer):
    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, foreach=None, *, maximize=False,
                 differentiable=False):
        super().__init__("Adadelta", params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                                                  maximize=maximize, foreach=foreach, differentiable=differentiable))


class LBFGS(Optimizer):
    """One parameter group only; step() needs a closure that returns the loss."""

    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None):
        self.defaults = dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                             tolerance_change=tolerance_change, history_size=history_size,
                             line_search_fn=line_search_fn)
        self._impl = _C.optim._make_lbfgs(list(params), lr, max_iter, max_eval, tolerance_grad, tolerance_change,
                                          history_size, line_search_fn)


__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad", "Adadelta",
           "LBFGS", "lr_scheduler"]
