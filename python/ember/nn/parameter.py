"""ember.nn.Parameter: a Tensor subclass that marks a module's trainable
tensors, like torch.nn.Parameter.

A Parameter is an ember.Tensor (any C++ op takes it); it aliases the data it
is made from and is a leaf that requires grad. Modules keep their tensors in
C++ slots, so reading `module.weight` wraps the slot's tensor in a new
Parameter object each time: `module.weight is module.weight` is False, but
both are the same tensor (same data, same .grad)."""
from .._C import Tensor


class Parameter(Tensor):
    def __init__(self, data=None, requires_grad=True):
        if data is None:
            from .. import empty
            data = empty(0)
        super().__init__(data.detach())
        self.requires_grad_(requires_grad)

    @classmethod
    def _wrap(cls, tensor):
        """A Parameter object for `tensor` itself (not a new leaf)."""
        p = Tensor.__new__(cls)
        Tensor.__init__(p, tensor)
        return p

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        return Parameter(self.detach().clone(), self.requires_grad)
