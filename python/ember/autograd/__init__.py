"""ember.autograd: gradients from Python.

backward() and grad() follow torch.autograd; Function lets Python define
new differentiable ops; gradcheck compares analytic gradients with finite
differences (use float64 inputs)."""
from .. import _C
from .function import Function, FunctionCtx
from .grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled


def _as_list(x):
    if x is None:
        return []
    return list(x) if isinstance(x, (tuple, list)) else [x]


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False):
    """Accumulates gradients of `tensors` into the leaves' .grad."""
    tensors = _as_list(tensors)
    grads = [g if g is not None else _C.Tensor() for g in _as_list(grad_tensors)]
    retain = create_graph if retain_graph is None else retain_graph
    _C._backward(tensors, grads, retain, create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False):
    """The gradients of `outputs` with respect to `inputs`, as a tuple (no .grad is touched)."""
    grads = [g if g is not None else _C.Tensor() for g in _as_list(grad_outputs)]
    return _C._grad(_as_list(outputs), _as_list(inputs), grads, retain_graph, create_graph, allow_unused)


def _checker(check):
    def run(func, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, **ignored):
        inputs = _as_list(inputs)
        return check(lambda *xs: func(*xs), inputs, eps, atol, rtol, raise_exception)
    return run


gradcheck = _checker(_C._gradcheck)
gradgradcheck = _checker(_C._gradgradcheck)
gradcheck.__doc__ = "Finite differences against backward for every input that requires grad."
gradgradcheck.__doc__ = "gradcheck of the gradients themselves (second derivatives)."

__all__ = ["Function", "FunctionCtx", "backward", "grad", "gradcheck", "gradgradcheck", "no_grad",
           "enable_grad", "set_grad_enabled", "inference_mode"]
