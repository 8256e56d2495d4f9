"""ember.autograd.Function: custom differentiable ops written in Python.

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, grad):
            y, = ctx.saved_tensors
            return grad * y

    y = Exp.apply(x)

forward runs without recording; backward returns one gradient per forward
argument (None where there is none). Saved tensors are kept by the C++
graph node (with the same in-place checks as built-in ops); other values can
be stored on ctx as attributes. Output gradients that never arrived are
passed to backward as zeros, as torch does."""
from .. import _C
from .._C import Tensor


class FunctionCtx:
    """The ctx argument of forward and backward."""

    def save_for_backward(self, *tensors):
        self._to_save = [t for t in tensors if t is not None]

    def mark_non_differentiable(self, *tensors):
        self._non_differentiable = list(tensors)

    def set_materialize_grads(self, value):
        self.materialize_grads = bool(value)


class Function:
    """Subclass with static forward(ctx, *args) and backward(ctx, *grads); call apply()."""

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError("a Function subclass must define forward(ctx, ...)")

    @staticmethod
    def backward(ctx, *grads):
        raise NotImplementedError("a Function subclass must define backward(ctx, ...) to be differentiated")

    @classmethod
    def apply(cls, *args):
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        ctx.materialize_grads = True
        # shapes and dtypes only: holding the outputs themselves would make a
        # cycle (output -> graph node -> this closure -> output)
        output_specs = []

        def forward():
            result = cls.forward(ctx, *args)
            for o in (result if isinstance(result, tuple) else (result,)):
                output_specs.append((tuple(o.shape), o.dtype) if isinstance(o, Tensor) else None)
            return result

        def backward(*grads):
            if ctx.materialize_grads:
                grads = tuple(_C.zeros(spec[0], dtype=spec[1]) if g is None and spec else g
                              for g, spec in zip(grads, output_specs))
            return cls.backward(ctx, *grads)

        return _C._function_apply(cls.__name__ + "Backward", args, forward, backward, ctx)
