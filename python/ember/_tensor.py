"""The parts of ember.Tensor that are plain Python: ember.tensor() from
Python data, Tensor.to() with torch's flexible arguments, tolist(),
iteration, len(), NumPy's __array__ and DLPack-free conversions.

Everything that computes is in C++ (python/src/bind_*.cpp)."""
import numpy as np

from . import _C
from ._C import Tensor


def tensor(data, dtype=None, device=None, requires_grad=False):
    """A new tensor holding a copy of `data` (a number, nested lists, a NumPy
    array or a tensor). Python floats become the default dtype (float32),
    ints int64 and bools bool, as in torch."""
    if isinstance(data, Tensor):
        t = data.detach().clone()
    else:
        array = np.asarray(data)
        if array.dtype == np.float64 and not isinstance(data, np.ndarray):
            array = array.astype(np.float32 if _C.get_default_dtype() == _C.dtype.float32 else np.float64)
        if array.dtype == object:
            raise TypeError(f"ember.tensor: can't build a tensor from {type(data).__name__} "
                            "holding values of mixed or unsupported types")
        t = _C.from_numpy(array).clone()
    if dtype is not None or device is not None:
        t = t._to(device, dtype, False)
    if requires_grad:
        t.requires_grad_(True)
    return t


def as_tensor(data, dtype=None, device=None):
    """Like tensor(), but shares memory with a tensor or NumPy array when no
    conversion is needed."""
    if isinstance(data, Tensor):
        return data._to(device, dtype, False)
    if isinstance(data, np.ndarray):
        return from_numpy(data)._to(device, dtype, False)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(array):
    """A tensor sharing `array`'s memory (zero-copy, writes visible both ways)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"ember.from_numpy expects a numpy.ndarray, got {type(array).__name__}")
    return _C.from_numpy(array)


def _to(self, *args, **kwargs):
    """to(dtype), to(device), to(device, dtype), to(other), with copy=."""
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    if kwargs:
        raise TypeError(f"to() got unexpected keyword arguments {sorted(kwargs)}")
    for a in args:
        if isinstance(a, Tensor):
            device, dtype = a.device, a.dtype
        elif isinstance(a, _C.dtype):
            dtype = a
        elif isinstance(a, (str, _C.device)):
            device = a
        else:
            raise TypeError(f"to() received an invalid argument of type {type(a).__name__}")
    return self._to(device, dtype, copy)


def _tolist(self):
    t = self.detach()
    if t.dtype == _C.dtype.bfloat16:
        t = t.float()
    return t.cpu().numpy().tolist()


def _iter(self):
    if self.dim() == 0:
        raise TypeError("iteration over a 0-d tensor")
    return iter(self.unbind(0))


def _len(self):
    if self.dim() == 0:
        raise TypeError("len() of a 0-d tensor")
    return self.size(0)


def _array(self, dtype=None):
    a = self.detach().cpu().numpy()
    return a if dtype is None else a.astype(dtype, copy=False)


def _cpu(self):
    return self._to("cpu", None, False)


def _cuda(self, device=None):
    return self._to("cuda" if device is None else (f"cuda:{device}" if isinstance(device, int) else device),
                    None, False)


def _type(self, dtype=None):
    if dtype is None:
        return "ember." + {"float32": "FloatTensor", "float64": "DoubleTensor", "int64": "LongTensor",
                           "int32": "IntTensor", "bool": "BoolTensor", "uint8": "ByteTensor",
                           "int8": "CharTensor", "float16": "HalfTensor",
                           "bfloat16": "BFloat16Tensor"}[self.dtype.name]
    return self._to(None, dtype, False)


Tensor.to = _to
Tensor.tolist = _tolist
Tensor.__iter__ = _iter
Tensor.__len__ = _len
Tensor.__array__ = _array
Tensor.__array_priority__ = 1000  # ndarray + tensor gives a tensor
Tensor.cpu = _cpu
Tensor.cuda = _cuda
Tensor.type = _type
