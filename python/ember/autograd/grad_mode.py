"""no_grad, enable_grad and set_grad_enabled: context managers that are
also decorators, like torch's. Recording is a per-thread flag in C++."""
import functools

from .. import _C


class _GradMode:
    mode = True

    def __enter__(self):
        self._previous = _C.is_grad_enabled()
        _C._set_grad_enabled(self.mode)
        return self

    def __exit__(self, *exc):
        _C._set_grad_enabled(self._previous)
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_GradMode):
    """Ops inside record nothing: `with ember.no_grad(): ...` or `@ember.no_grad()`."""
    mode = False


class enable_grad(_GradMode):
    """Turns recording back on inside a no_grad block."""
    mode = True


class set_grad_enabled(_GradMode):
    """Sets recording on or off for a block (also works as a plain call)."""

    def __init__(self, mode):
        self.mode = bool(mode)
        self._previous = _C.is_grad_enabled()
        _C._set_grad_enabled(self.mode)

    def __enter__(self):
        return self

    def __call__(self, fn):
        mode = self.mode
        _C._set_grad_enabled(self._previous)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)
        return wrapper


inference_mode = no_grad
