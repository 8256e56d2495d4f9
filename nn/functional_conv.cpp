// functional_conv.cpp — the convolution primitives (nn/conv_internal.h) and
// the conv*/conv_transpose* functions built on them.
//
// Output size of a convolution along one dim:
//   out = floor((in + 2 padding - dilation (kernel - 1) - 1) / stride) + 1
// and of a transposed one:
//   out = (in - 1) stride - 2 padding + dilation (kernel - 1) + output_padding + 1
#include "nn/functional_conv.h"

#include "autograd/formulas_conv_internal.h"
#include "autograd/grad_mode.h"
#include "core/dispatch.h"
#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/conv_internal.h"

namespace ember::nn {

namespace detail {

namespace {
// places the last `spatial` sizes of a shape into a 3-slot array padded with leading 1s
void fill3(int64_t (&dst)[3], IntArrayRef src, int64_t spatial, int64_t fill) {
  for (int d = 0; d < 3; ++d) dst[d] = fill;
  for (int64_t d = 0; d < spatial; ++d) dst[3 - spatial + d] = src[d];
}
}  // namespace

kernels::ConvGeometry ConvParams::geometry(IntArrayRef in, IntArrayRef kernel) const {
  Shape out(static_cast<size_t>(spatial));
  for (int64_t d = 0; d < spatial; ++d)
    out[d] = (in[d] + 2 * padding[d] - dilation[d] * (kernel[d] - 1) - 1) / stride[d] + 1;
  return geometry(in, kernel, out);
}

kernels::ConvGeometry ConvParams::geometry(IntArrayRef in, IntArrayRef kernel, IntArrayRef out) const {
  kernels::ConvGeometry g;
  fill3(g.in, in, spatial, 1);
  fill3(g.kernel, kernel, spatial, 1);
  fill3(g.out, out, spatial, 1);
  Shape s(stride.begin(), stride.begin() + spatial), p(padding.begin(), padding.begin() + spatial),
      dl(dilation.begin(), dilation.begin() + spatial);
  fill3(g.stride, s, spatial, 1);
  fill3(g.padding, p, spatial, 0);
  fill3(g.dilation, dl, spatial, 1);
  return g;
}

namespace {
Shape spatial_of(const Tensor& t) { return Shape(t.sizes().begin() + 2, t.sizes().end()); }

void check_float(const char* op, const Tensor& x, const Tensor& w) {
  ember::detail::check_same_device(op, x, w);
  EMBER_CHECK(x.scalar_type() == w.scalar_type(), op, "input (", x.scalar_type(), ") and weight (",
              w.scalar_type(), ") must have the same dtype");
  EMBER_CHECK(x.scalar_type() == kFloat32 || x.scalar_type() == kFloat64, op,
              "supports float32 and float64 on the CPU, got ", x.scalar_type());
}
}  // namespace

Tensor conv_forward(const Tensor& x, const Tensor& w, const Tensor& bias, const ConvParams& p) {
  Shape in = spatial_of(x), kernel = spatial_of(w);
  kernels::ConvGeometry g = p.geometry(in, kernel);
  Shape out_shape{x.size(0), w.size(0)};
  for (int64_t d = 0; d < p.spatial; ++d) out_shape.push_back(g.out[3 - p.spatial + d]);
  Tensor y = ember::detail::empty_tensor(out_shape, x.scalar_type(), x.device());
  {
    NoGradGuard no_grad;
    dispatch::conv_forward(y, x.contiguous(), w.contiguous(), bias.defined() ? bias.contiguous() : Tensor(), g,
                           p.groups);
  }
  autograd::record_conv(x, w, bias, y, p);
  return y;
}

Tensor conv_transpose_forward(const Tensor& x, const Tensor& w, const Tensor& bias, const ConvParams& p,
                              IntArrayRef out_size) {
  // the transposed convolution is conv's adjoint: its output plays conv's input
  Shape kernel = spatial_of(w), in = spatial_of(x);
  kernels::ConvGeometry g = p.geometry(out_size, kernel, in);
  Shape out_shape{x.size(0), w.size(1) * p.groups};
  out_shape.insert(out_shape.end(), out_size.begin(), out_size.end());
  Tensor y = ember::detail::empty_tensor(out_shape, x.scalar_type(), x.device());
  {
    NoGradGuard no_grad;
    dispatch::conv_input_backward(y, x.contiguous(), w.contiguous(), g, p.groups);
    if (bias.defined()) {
      Shape b_shape(static_cast<size_t>(y.dim()), 1);
      b_shape[1] = bias.numel();
      y.add_(bias.view(b_shape));
    }
  }
  autograd::record_conv_transpose(x, w, bias, y, p);
  return y;
}

Tensor conv_weight(const Tensor& x, const Tensor& gy, IntArrayRef kernel_size, const ConvParams& p) {
  Shape in = spatial_of(x), out = spatial_of(gy);
  kernels::ConvGeometry g = p.geometry(in, kernel_size, out);
  Shape w_shape{gy.size(1), x.size(1) / p.groups};
  w_shape.insert(w_shape.end(), kernel_size.begin(), kernel_size.end());
  Tensor dw = ember::detail::empty_tensor(w_shape, x.scalar_type(), x.device());
  {
    NoGradGuard no_grad;
    dispatch::conv_weight_backward(dw, x.contiguous(), gy.contiguous(), g, p.groups);
  }
  autograd::record_conv_weight(x, gy, dw, p);
  return dw;
}

std::array<int64_t, 3> expand_arg(const char* op, const char* what, IntArrayRef v, int64_t spatial) {
  EMBER_CHECK(v.size() == 1 || static_cast<int64_t>(v.size()) == spatial, op, what, " must have 1 or ", spatial,
              " values, got ", shape_str(v));
  std::array<int64_t, 3> out{};
  for (int64_t d = 0; d < spatial; ++d) out[d] = v.size() == 1 ? v[0] : v[d];
  return out;
}

}  // namespace detail

namespace functional {

using detail::expand_arg;

namespace {

// adds a batch dim to unbatched input; returns whether it did
bool batchify(const char* op, Tensor& x, int64_t spatial) {
  EMBER_CHECK(x.dim() == spatial + 1 || x.dim() == spatial + 2, op, "expected a ", spatial + 1, "-D (unbatched) or ",
              spatial + 2, "-D (batched) input, got shape ", shape_str(x.sizes()));
  if (x.dim() == spatial + 1) {
    x = x.unsqueeze(0);
    return true;
  }
  return false;
}

Tensor conv_nd(const char* op, int64_t spatial, const Tensor& input, const Tensor& weight, const Tensor& bias,
               std::array<int64_t, 3> stride, std::array<int64_t, 3> padding, std::array<int64_t, 3> dilation,
               int64_t groups) {
  ember::detail::check_defined(op, input);
  ember::detail::check_defined(op, weight);
  detail::check_float(op, input, weight);
  Tensor x = input;
  bool unbatched = batchify(op, x, spatial);
  EMBER_CHECK(weight.dim() == spatial + 2, op, "weight must be ", spatial + 2, "-D (out, in/groups, kernel...), got ",
              shape_str(weight.sizes()));
  EMBER_CHECK(groups > 0 && x.size(1) % groups == 0 && weight.size(0) % groups == 0, op, "groups=", groups,
              " must divide the input channels (", x.size(1), ") and the output channels (", weight.size(0), ")");
  EMBER_CHECK(weight.size(1) * groups == x.size(1), op, "expected input with ", weight.size(1) * groups,
              " channels (weight ", shape_str(weight.sizes()), ", groups ", groups, "), got input ",
              shape_str(input.sizes()));
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == weight.size(0)), op, "bias must have shape (",
              weight.size(0), "), got ", bias.defined() ? shape_str(bias.sizes()) : std::string());
  detail::ConvParams p;
  p.spatial = spatial;
  p.stride = stride;
  p.padding = padding;
  p.dilation = dilation;
  p.groups = groups;
  for (int64_t d = 0; d < spatial; ++d) {
    EMBER_CHECK(stride[d] > 0 && dilation[d] > 0 && padding[d] >= 0, op,
                "stride and dilation must be positive and padding non-negative");
    int64_t effective = x.size(2 + d) + 2 * padding[d] - dilation[d] * (weight.size(2 + d) - 1);
    EMBER_CHECK(effective > 0, op, "the kernel (", shape_str(weight.sizes()), ", dilation ", dilation[d],
                ") is larger than the padded input (", shape_str(input.sizes()), ", padding ", padding[d], ")");
  }
  Tensor y = detail::conv_forward(x, weight, bias, p);
  return unbatched ? y.squeeze(0) : y;
}

Tensor conv_nd_string(const char* op, int64_t spatial, const Tensor& input, const Tensor& weight,
                      const Tensor& bias, IntArrayRef stride, std::string_view padding, IntArrayRef dilation,
                      int64_t groups) {
  EMBER_CHECK(padding == "same" || padding == "valid", op, "padding must be 'same', 'valid' or numbers, got '",
              padding, "'");
  std::array<int64_t, 3> s = expand_arg(op, "stride", stride, spatial), dl = expand_arg(op, "dilation", dilation, spatial);
  std::array<int64_t, 3> pad{0, 0, 0};
  if (padding == "valid") return conv_nd(op, spatial, input, weight, bias, s, pad, dl, groups);
  for (int64_t d = 0; d < spatial; ++d)
    EMBER_CHECK(s[d] == 1, op, "padding='same' is not supported for strided convolutions");
  // 'same': total padding dilation (k - 1); an odd total puts the extra on the right
  Tensor x = input;
  Shape extra;
  bool asymmetric = false;
  for (int64_t d = spatial - 1; d >= 0; --d) {
    int64_t total = dl[d] * (weight.size(2 + d) - 1);
    pad[d] = total / 2;
    extra.push_back(0);
    extra.push_back(total % 2);
    asymmetric |= total % 2 != 0;
  }
  if (asymmetric) x = ember::pad(x, extra);
  return conv_nd(op, spatial, x, weight, bias, s, pad, dl, groups);
}

Tensor conv_transpose_nd(const char* op, int64_t spatial, const Tensor& input, const Tensor& weight,
                         const Tensor& bias, IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding,
                         int64_t groups, IntArrayRef dilation) {
  ember::detail::check_defined(op, input);
  ember::detail::check_defined(op, weight);
  detail::check_float(op, input, weight);
  Tensor x = input;
  bool unbatched = batchify(op, x, spatial);
  EMBER_CHECK(weight.dim() == spatial + 2, op, "weight must be ", spatial + 2,
              "-D (in, out/groups, kernel...), got ", shape_str(weight.sizes()));
  EMBER_CHECK(groups > 0 && weight.size(0) == x.size(1) && x.size(1) % groups == 0, op, "expected input with ",
              weight.size(0), " channels divisible by groups=", groups, ", got input ", shape_str(input.sizes()));
  int64_t out_channels = weight.size(1) * groups;
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == out_channels), op, "bias must have shape (",
              out_channels, ")");
  detail::ConvParams p;
  p.spatial = spatial;
  p.stride = expand_arg(op, "stride", stride, spatial);
  p.padding = expand_arg(op, "padding", padding, spatial);
  p.dilation = expand_arg(op, "dilation", dilation, spatial);
  p.groups = groups;
  std::array<int64_t, 3> op_pad = expand_arg(op, "output_padding", output_padding, spatial);
  Shape out_size;
  for (int64_t d = 0; d < spatial; ++d) {
    EMBER_CHECK(op_pad[d] >= 0 && (op_pad[d] < p.stride[d] || op_pad[d] < p.dilation[d]), op,
                "output_padding must be smaller than stride or dilation, got ", op_pad[d]);
    int64_t o = (x.size(2 + d) - 1) * p.stride[d] - 2 * p.padding[d] + p.dilation[d] * (weight.size(2 + d) - 1) +
                op_pad[d] + 1;
    EMBER_CHECK(o > 0, op, "the output size would be ", o, " for input ", shape_str(input.sizes()));
    out_size.push_back(o);
  }
  Tensor y = detail::conv_transpose_forward(x, weight, bias, p, out_size);
  return unbatched ? y.squeeze(0) : y;
}

}  // namespace

#define EMBER_DEFINE_CONV(n)                                                                                      \
  Tensor conv##n##d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,            \
                    IntArrayRef padding, IntArrayRef dilation, int64_t groups) {                                  \
    const char* op = "conv" #n "d";                                                                               \
    return conv_nd(op, n, input, weight, bias, expand_arg(op, "stride", stride, n),                               \
                   expand_arg(op, "padding", padding, n), expand_arg(op, "dilation", dilation, n), groups);       \
  }                                                                                                               \
  Tensor conv##n##d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,            \
                    std::string_view padding, IntArrayRef dilation, int64_t groups) {                             \
    return conv_nd_string("conv" #n "d", n, input, weight, bias, stride, padding, dilation, groups);              \
  }                                                                                                               \
  Tensor conv_transpose##n##d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,  \
                              IntArrayRef padding, IntArrayRef output_padding, int64_t groups,                    \
                              IntArrayRef dilation) {                                                             \
    return conv_transpose_nd("conv_transpose" #n "d", n, input, weight, bias, stride, padding, output_padding,    \
                             groups, dilation);                                                                   \
  }
EMBER_DEFINE_CONV(1)
EMBER_DEFINE_CONV(2)
EMBER_DEFINE_CONV(3)
#undef EMBER_DEFINE_CONV

}  // namespace functional
}  // namespace ember::nn
