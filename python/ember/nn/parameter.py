"""ember.nn.Parameter: a Tensor subclass that marks a module's trainable
tensors, like torch.nn.Parameter.

A Parameter is an ember.Tensor (any C++ op takes it); it aliases the data it
is made from and is a leaf that requires grad. Modules keep their tensors in
C++ slots; reading one (`module.weight`, parameters()) gives the Parameter
object that already stands for that tensor while one is alive, so
`module.weight is module.weight` and id()-based parameter grouping work as
in torch (modules keep the objects parameters() handed out, module.py)."""
import weakref

from .._C import Tensor

# live Parameter objects by tensor identity (Tensor.__hash__ is the tensor's address)
_live = weakref.WeakValueDictionary()


class Parameter(Tensor):
    def __init__(self, data=None, requires_grad=True):
        if data is None:
            from .. import empty
            data = empty(0)
        super().__init__(data.detach())
        self.requires_grad_(requires_grad)
        _live[hash(self)] = self

    @classmethod
    def _wrap(cls, tensor):
        """The Parameter object for `tensor` itself (not a new leaf)."""
        p = _live.get(hash(tensor))
        if p is None or not p._is_same(tensor):
            p = Tensor.__new__(cls)
            Tensor.__init__(p, tensor)
            _live[hash(p)] = p
        return p

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        return Parameter(self.detach().clone(), self.requires_grad)
