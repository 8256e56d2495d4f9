"""torch's extra_repr for the built-in layers whose C++ description is
formatted differently (C++ prints floats with std::to_string and keeps
size arguments unexpanded); the others use C++'s, with true/false and
one-element tuples fixed up in module.py."""
from ... import _C


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
