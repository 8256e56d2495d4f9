"""ember — a from-scratch tensor and autograd engine, shaped like torch.

    import ember as torch
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (x ** 2).sum().backward()
    x.grad                      # tensor([2., 4.])

The computing core is C++ (ember._C); this package adds the torch-shaped
Python surface: dtype names, functions that mirror Tensor methods, grad
modes, and the nn / optim / utils.data / vision subpackages."""
import math as _math

from . import _C
from ._C import Error, Tensor, device, dtype
from ._C import (arange, bernoulli, bincount, broadcast_tensors, cat, cdist, concat, einsum, empty,
                 empty_like, empty_strided, eye, from_dlpack, full, full_like, get_default_dtype,
                 get_num_threads, histc, hstack, linspace, logspace, manual_seed, meshgrid, multinomial,
                 normal, ones, ones_like, rand, rand_like, randint, randint_like, randn, randn_like,
                 randperm, scalar_tensor, searchsorted, set_default_dtype, set_num_threads, stack,
                 std_mean, unique, var_mean, vstack, where, zeros, zeros_like)
from ._C import is_grad_enabled
from ._size import Size
from ._tensor import as_tensor, from_numpy, tensor
from .autograd.grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled

# ---- dtypes, with torch's aliases ----
bool = dtype.bool
uint8 = dtype.uint8
int8 = dtype.int8
int32 = int = dtype.int32
int64 = long = dtype.int64
float16 = half = dtype.float16
bfloat16 = dtype.bfloat16
float32 = float = dtype.float32
float64 = double = dtype.float64

pi = _math.pi
e = _math.e
inf = _math.inf
nan = _math.nan

# ---- Tensor methods that torch also offers as functions: ember.exp(x) ----
_METHOD_FUNCTIONS = """
neg abs sign exp exp2 log log2 log10 log1p expm1 sqrt rsqrt reciprocal square sin cos tan asin acos
atan sinh cosh tanh sigmoid relu erf floor ceil trunc frac logical_not bitwise_not round isnan isinf
isfinite nan_to_num clamp clamp_min clamp_max add sub mul div floor_divide pow fmod remainder atan2
bitwise_and bitwise_or bitwise_xor logical_and logical_or logical_xor eq ne lt le gt ge maximum
minimum masked_fill lerp addcmul addcdiv allclose isclose equal sum mean prod var std max min amax
amin argmax argmin all any norm logsumexp cumsum cumprod count_nonzero softmax log_softmax reshape
flatten unflatten squeeze unsqueeze permute movedim transpose swapaxes t narrow select diagonal
as_strided split chunk unbind flip roll tile repeat_interleave index_select gather scatter
scatter_add scatter_reduce index_add index_put masked_select masked_scatter nonzero take topk sort
argsort matmul mm bmm mv dot outer tril triu trace addmm baddbmm clone numel
""".split()
for _name in _METHOD_FUNCTIONS:
    if _name != "pow":
        globals()[_name] = getattr(Tensor, _name)
del _name
clip = clamp
absolute = abs
negative = neg
multiply = mul
subtract = sub
divide = div
true_divide = div
greater = gt
less = lt
concatenate = cat


def pow(input, exponent):
    """input ** exponent, where either may be a number."""
    if isinstance(input, Tensor):
        return input.pow(exponent)
    return _C.pow(input, exponent)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(t):
    return t.is_floating_point()


from . import cuda  # noqa: E402  (after the names above, which submodules use)
from . import autograd, optim, utils, vision  # noqa: E402
from . import nn  # noqa: E402
from .serialization import load, save  # noqa: E402
