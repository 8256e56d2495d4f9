"""torch's extra_repr for the built-in layers whose C++ description is
formatted differently (C++ prints floats with std::to_string and keeps
size arguments unexpanded); the others use C++'s, with true/false and
one-element tuples fixed up in module.py."""
import re

from ... import _C
from .module import Module


def _conv(self):
    n = len(self.kernel_size)
    s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
    if self.padding != (0,) * n:
        s += f", padding={self.padding}"
    if self.dilation != (1,) * n:
        s += f", dilation={self.dilation}"
    if getattr(self, "output_padding", (0,) * n) != (0,) * n:
        s += f", output_padding={self.output_padding}"
    if self.groups != 1:
        s += f", groups={self.groups}"
    if self.bias is None:
        s += ", bias=False"
    if getattr(self, "padding_mode", "zeros") != "zeros":
        s += f", padding_mode={self.padding_mode}"
    return s


_C.nn._ConvNd.extra_repr = _conv
_C.nn._ConvTransposeNd.extra_repr = _conv
_C.nn.Dropout.extra_repr = _C.nn.Dropout2d.extra_repr = lambda self: f"p={self.p}, inplace=False"
_C.nn.LeakyReLU.extra_repr = lambda self: f"negative_slope={self.negative_slope}"


def _as_given(self):
    # sizes print as given: MaxPool2d(2) shows kernel_size=2, MaxPool2d((2, 2)) shows (2, 2)
    return re.sub(r"\((-?\d+),\)", r"\1", Module.extra_repr(self))


def _whole(x):
    """A setting torch keeps as the int it was given (Softplus(beta=2))."""
    return int(x) if float(x).is_integer() else x


def _embedding_bag(self):
    s = f"{self.num_embeddings}, {self.embedding_dim}"
    if self.max_norm is not None:
        s += f", max_norm={self.max_norm}"
    return s + f", mode={self.mode}" + ("" if self.padding_idx is None else f", padding_idx={self.padding_idx}")


def _upsample(self):
    info = f"scale_factor={self.scale_factor!r}" if self.scale_factor is not None else f"size={self.size!r}"
    return info + f", mode={self.mode}"


def _lp_pool(self):
    kernel = self.kernel_size if isinstance(self.kernel_size, int) or len(self.kernel_size) > 1 else self.kernel_size[0]
    return f"norm_type={_whole(self.norm_type)}, kernel_size={kernel}, stride={self.stride}, ceil_mode={self.ceil_mode}"


_EXTRA_REPRS = {
    "ELU": lambda self: f"alpha={self.alpha}",
    "CELU": lambda self: f"alpha={self.alpha}",
    "Softplus": lambda self: f"beta={_whole(self.beta)}, threshold={_whole(self.threshold)}",
    "Hardtanh": lambda self: f"min_val={self.min_val}, max_val={self.max_val}",
    "Threshold": lambda self: f"threshold={_whole(self.threshold)}, value={_whole(self.value)}",
    "PReLU": lambda self: f"num_parameters={self.weight.numel()}",
    "GLU": lambda self: f"dim={self.dim}",
    "Softmin": lambda self: f"dim={self.dim}",
    "Hardshrink": lambda self: f"{self.lambd}",
    "Softshrink": lambda self: f"{self.lambd}",
    "LocalResponseNorm": lambda self: f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}",
    "EmbeddingBag": _embedding_bag,
    "Upsample": _upsample,
    "LPPool1d": _lp_pool,
    "LPPool2d": _lp_pool,
    "Fold": _as_given,
    "Unfold": _as_given,
    # torch's attention and transformer layers describe themselves by their children only
    "MultiheadAttention": lambda self: "",
    "TransformerEncoderLayer": lambda self: "",
    "TransformerDecoderLayer": lambda self: "",
}
for _n in (1, 2, 3):
    _EXTRA_REPRS[f"InstanceNorm{_n}d"] = lambda self: (
        f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
        f"track_running_stats={self.track_running_stats}")
    _EXTRA_REPRS[f"ConstantPad{_n}d"] = lambda self: f"padding={self.padding}, value={self.value}"
    _EXTRA_REPRS[f"MaxPool{_n}d"] = _as_given
    _EXTRA_REPRS[f"AdaptiveAvgPool{_n}d"] = _as_given
    _EXTRA_REPRS[f"AdaptiveMaxPool{_n}d"] = _as_given
    if _n > 1:  # torch's AvgPool1d keeps its sizes as 1-tuples
        _EXTRA_REPRS[f"AvgPool{_n}d"] = _as_given
for _name, _fn in _EXTRA_REPRS.items():
    getattr(_C.nn, _name).extra_repr = _fn
del _n, _name, _fn
