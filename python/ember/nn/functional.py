"""ember.nn.functional (import as F): torch.nn.functional's names and keywords.

Most functions are C++ (ember._C.nn.functional, python/src/bind_functional.cpp)
and are re-exported as they are. This file adds the torch-shaped glue that is
plain Python: the `inplace=` flags (computed, then copied into the input),
softmax's implicit dim, max_pool's return_indices, interpolate's
scale_factor forms, and the activations that are Tensor methods."""
from .. import _C
from .._C.nn.functional import *  # noqa: F401,F403
from .._C.nn.functional import (_adaptive_max_pool1d, _adaptive_max_pool2d, _adaptive_max_pool3d, _interpolate,
                                _max_pool1d, _max_pool2d, _max_pool3d)
from .._C.nn.functional import (celu as _celu, elu as _elu, hardsigmoid as _hardsigmoid, hardswish as _hardswish,
                                hardtanh as _hardtanh, leaky_relu as _leaky_relu, mish as _mish, pad as _pad,
                                relu6 as _relu6, selu as _selu, silu as _silu, threshold as _threshold)


def _inplace(input, output, inplace):
    if not inplace:
        return output
    input.copy_(output)
    return input


# ---- activations ----

def _activation(fn):
    """torch's fn(input, inplace=False) over an out-of-place function."""
    def activation(input, inplace=False):
        return _inplace(input, fn(input), inplace)
    activation.__name__ = activation.__qualname__ = fn.__name__
    return activation


relu, relu6, selu, silu, mish, hardsigmoid, hardswish = map(
    _activation, (_C.Tensor.relu, _relu6, _selu, _silu, _mish, _hardsigmoid, _hardswish))


def elu(input, alpha=1.0, inplace=False):
    return _inplace(input, _elu(input, alpha), inplace)


def celu(input, alpha=1.0, inplace=False):
    return _inplace(input, _celu(input, alpha), inplace)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _inplace(input, _leaky_relu(input, negative_slope), inplace)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    return _inplace(input, _hardtanh(input, min_val, max_val), inplace)


def threshold(input, threshold, value, inplace=False):
    return _inplace(input, _threshold(input, threshold, value), inplace)


def relu_(input):
    return relu(input, inplace=True)


def elu_(input, alpha=1.0):
    return elu(input, alpha, inplace=True)


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, inplace=True)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, inplace=True)


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def tanhshrink(input):
    return input - input.tanh()


def _softmax_dim(input, dim):
    if dim is not None:
        return dim
    return 0 if input.dim() in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    return input.softmax(_softmax_dim(input, dim), dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    return input.log_softmax(_softmax_dim(input, dim), dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    if dtype is not None:
        input = input.to(dtype)
    return _C.nn.functional.softmin(input, _softmax_dim(input, dim))


# ---- dropout, padding, embedding ----

def dropout(input, p=0.5, training=True, inplace=False):
    return _inplace(input, _C.nn.functional.dropout(input, p, training), inplace)


def dropout2d(input, p=0.5, training=True, inplace=False):
    return _inplace(input, _C.nn.functional.dropout2d(input, p, training), inplace)


def pad(input, pad, mode="constant", value=None):
    return _pad(input, pad, mode, 0.0 if value is None else value)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
    if scale_grad_by_freq or sparse:
        raise NotImplementedError("ember: embedding's scale_grad_by_freq and sparse are not supported")
    return _C.nn.functional.embedding(input, weight, padding_idx, max_norm, norm_type)


# ---- pooling: return_indices and the *_with_indices forms ----

def _max_pool(cpp):
    def max_pool(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
        return cpp(input, kernel_size, stride if stride else None, padding, dilation, ceil_mode, return_indices)

    def with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=True):
        return cpp(input, kernel_size, stride if stride else None, padding, dilation, ceil_mode, True)
    return max_pool, with_indices


max_pool1d, max_pool1d_with_indices = _max_pool(_max_pool1d)
max_pool2d, max_pool2d_with_indices = _max_pool(_max_pool2d)
max_pool3d, max_pool3d_with_indices = _max_pool(_max_pool3d)


def _adaptive_max_pool(cpp):
    def adaptive_max_pool(input, output_size, return_indices=False):
        return cpp(input, output_size, return_indices)

    def with_indices(input, output_size, return_indices=True):
        return cpp(input, output_size, True)
    return adaptive_max_pool, with_indices


adaptive_max_pool1d, adaptive_max_pool1d_with_indices = _adaptive_max_pool(_adaptive_max_pool1d)
adaptive_max_pool2d, adaptive_max_pool2d_with_indices = _adaptive_max_pool(_adaptive_max_pool2d)
adaptive_max_pool3d, adaptive_max_pool3d_with_indices = _adaptive_max_pool(_adaptive_max_pool3d)


# ---- sampling ----

def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    if scale_factor is None:
        scales = []
    elif isinstance(scale_factor, (int, float)):
        scales = [float(scale_factor)] * (input.dim() - 2)
    else:
        scales = [float(s) for s in scale_factor]
    if isinstance(size, int):
        size = [size] * (input.dim() - 2)
    return _interpolate(input, size, scales, mode, align_corners, recompute_scale_factor, antialias)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
