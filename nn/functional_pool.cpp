// functional_pool.cpp — pooling functions over (N, C, *spatial) inputs.
//
// The input is seen as N*C planes and handed to the recorded plane
// primitives (nn/pool_internal.h), whose kernels are in kernels/cpu/pool.cpp.
// Output size of a pooling window along one dim:
//   out = floor_or_ceil((in + 2 padding - dilation (kernel - 1) - 1) / stride) + 1
// and with ceil_mode the last window must start inside the input or its left
// padding, else it is dropped (PyTorch's rule).
#include "nn/functional_pool.h"

#include "autograd/formulas_internal.h"
#include "autograd/grad_mode.h"
#include "core/dispatch.h"
#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/conv_internal.h"
#include "nn/pool_internal.h"

namespace ember::nn {

namespace detail {

namespace {
Shape plane_shape(int64_t planes, const kernels::ConvGeometry& g, bool out) {
  const int64_t* s = out ? g.out : g.in;
  return {planes, s[0], s[1], s[2]};
}
}  // namespace

std::tuple<Tensor, Tensor> max_pool_planes(const Tensor& x, const kernels::ConvGeometry& g) {
  Shape shape = plane_shape(x.size(0), g, true);
  Tensor y = ember::detail::empty_tensor(shape, x.scalar_type(), x.device());
  Tensor idx = ember::detail::empty_tensor(shape, kInt64, x.device());
  dispatch::max_pool_forward(y, idx, x.contiguous(), g);
  autograd::record_max_pool("MaxPool2DWithIndicesBackward0", x, y, idx);
  return {y, idx};
}

Tensor avg_pool_planes(const Tensor& x, const kernels::ConvGeometry& g, bool count_include_pad,
                       int64_t divisor_override) {
  Tensor y = ember::detail::empty_tensor(plane_shape(x.size(0), g, true), x.scalar_type(), x.device());
  dispatch::avg_pool_forward(y, x.contiguous(), g, count_include_pad, divisor_override);
  autograd::record_avg_pool(x, y, g, count_include_pad, divisor_override, false);
  return y;
}

Tensor avg_pool_planes_backward(const Tensor& y_grad, const kernels::ConvGeometry& g, bool count_include_pad,
                                int64_t divisor_override) {
  Tensor gx = ember::detail::empty_tensor(plane_shape(y_grad.size(0), g, false), y_grad.scalar_type(),
                                          y_grad.device());
  dispatch::avg_pool_backward(gx, y_grad.contiguous(), g, count_include_pad, divisor_override);
  autograd::record_avg_pool(y_grad, gx, g, count_include_pad, divisor_override, true);
  return gx;
}

Tensor adaptive_avg_pool_planes(const Tensor& x, const kernels::ConvGeometry& g) {
  Tensor y = ember::detail::empty_tensor(plane_shape(x.size(0), g, true), x.scalar_type(), x.device());
  dispatch::adaptive_avg_pool_forward(y, x.contiguous(), g);
  autograd::record_adaptive_avg_pool(x, y, g, false);
  return y;
}

Tensor adaptive_avg_pool_planes_backward(const Tensor& y_grad, const kernels::ConvGeometry& g) {
  Tensor gx = ember::detail::empty_tensor(plane_shape(y_grad.size(0), g, false), y_grad.scalar_type(),
                                          y_grad.device());
  dispatch::adaptive_avg_pool_backward(gx, y_grad.contiguous(), g);
  autograd::record_adaptive_avg_pool(y_grad, gx, g, true);
  return gx;
}

std::tuple<Tensor, Tensor> adaptive_max_pool_planes(const Tensor& x, const kernels::ConvGeometry& g) {
  Shape shape = plane_shape(x.size(0), g, true);
  Tensor y = ember::detail::empty_tensor(shape, x.scalar_type(), x.device());
  Tensor idx = ember::detail::empty_tensor(shape, kInt64, x.device());
  dispatch::adaptive_max_pool_forward(y, idx, x.contiguous(), g);
  autograd::record_max_pool("AdaptiveMaxPool2DBackward0", x, y, idx);
  return {y, idx};
}

}  // namespace detail

namespace functional {

using detail::expand_arg;

namespace {

// A pooling call, resolved: the input as planes, the geometry, and how to
// shape the result back.
struct Pooling {
  Tensor planes;  // (N*C, D, H, W) with leading 1s for fewer spatial dims
  kernels::ConvGeometry g;
  Shape lead;     // the (N, C) or (C) dims in front of the spatial ones
  int64_t spatial;

  Tensor unplane(const Tensor& t) const {
    Shape shape = lead;
    for (int64_t d = 3 - spatial; d < 3; ++d) shape.push_back(t.size(1 + d));
    return t.reshape(shape);
  }
};

Pooling prepare(const char* op, const Tensor& input, int64_t spatial) {
  ember::detail::check_defined(op, input);
  EMBER_CHECK(input.dim() == spatial + 1 || input.dim() == spatial + 2, op, "expected a ", spatial + 1, "-D or ",
              spatial + 2, "-D input, got shape ", shape_str(input.sizes()));
  EMBER_CHECK(input.is_floating_point(), op, "expected a floating point input, got ", input.scalar_type());
  Pooling p;
  p.spatial = spatial;
  int64_t lead_dims = input.dim() - spatial;
  p.lead = Shape(input.sizes().begin(), input.sizes().begin() + lead_dims);
  int64_t planes = shape_numel(p.lead);
  for (int d = 0; d < 3; ++d) p.g.in[d] = d < 3 - spatial ? 1 : input.size(lead_dims + d - (3 - spatial));
  for (int64_t d = 0; d < spatial; ++d)
    EMBER_CHECK(input.size(lead_dims + d) > 0, op, "input ", shape_str(input.sizes()), " has an empty spatial dim");
  p.planes = input.reshape({planes, p.g.in[0], p.g.in[1], p.g.in[2]});
  return p;
}

// fills kernel/stride/padding/dilation and the output size of a windowed pooling
void set_windows(const char* op, Pooling& p, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,
                 IntArrayRef dilation, bool ceil_mode) {
  auto k = expand_arg(op, "kernel_size", kernel_size, p.spatial);
  auto s = stride.empty() ? k : expand_arg(op, "stride", stride, p.spatial);
  auto pd = expand_arg(op, "padding", padding, p.spatial);
  auto dl = expand_arg(op, "dilation", dilation, p.spatial);
  for (int64_t d = 0; d < p.spatial; ++d) {
    int o = static_cast<int>(3 - p.spatial + d);
    EMBER_CHECK(k[d] > 0 && s[d] > 0 && dl[d] > 0, op, "kernel_size, stride and dilation must be positive");
    EMBER_CHECK(pd[d] >= 0 && pd[d] <= k[d] / 2, op, "padding (", pd[d], ") must be at most half of the kernel size (",
                k[d], ")");
    p.g.kernel[o] = k[d];
    p.g.stride[o] = s[d];
    p.g.padding[o] = pd[d];
    p.g.dilation[o] = dl[d];
    int64_t span = p.g.in[o] + 2 * pd[d] - dl[d] * (k[d] - 1) - 1;
    EMBER_CHECK(span >= 0, op, "the window (kernel ", k[d], ", dilation ", dl[d], ") is larger than the padded input");
    int64_t out = (ceil_mode ? (span + s[d] - 1) / s[d] : span / s[d]) + 1;
    if (ceil_mode && (out - 1) * s[d] >= p.g.in[o] + pd[d]) --out;  // the last window must start inside
    p.g.out[o] = out;
  }
}

void set_adaptive(const char* op, Pooling& p, IntArrayRef output_size) {
  auto o = expand_arg(op, "output_size", output_size, p.spatial);
  for (int64_t d = 0; d < p.spatial; ++d) {
    EMBER_CHECK(o[d] > 0, op, "output_size must be positive, got ", shape_str(output_size));
    p.g.out[3 - p.spatial + d] = o[d];
  }
}

std::tuple<Tensor, Tensor> max_pool_nd(const char* op, int64_t spatial, const Tensor& input, IntArrayRef kernel,
                                       IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation, bool ceil) {
  Pooling p = prepare(op, input, spatial);
  set_windows(op, p, kernel, stride, padding, dilation, ceil);
  auto [y, idx] = detail::max_pool_planes(p.planes, p.g);
  return {p.unplane(y), p.unplane(idx)};
}

Tensor avg_pool_nd(const char* op, int64_t spatial, const Tensor& input, IntArrayRef kernel, IntArrayRef stride,
                   IntArrayRef padding, bool ceil, bool count_include_pad, std::optional<int64_t> divisor) {
  EMBER_CHECK(!divisor || *divisor != 0, op, "divisor_override must not be 0");
  Pooling p = prepare(op, input, spatial);
  set_windows(op, p, kernel, stride, padding, 1, ceil);
  return p.unplane(detail::avg_pool_planes(p.planes, p.g, count_include_pad, divisor.value_or(0)));
}

Tensor adaptive_avg_pool_nd(const char* op, int64_t spatial, const Tensor& input, IntArrayRef output_size) {
  Pooling p = prepare(op, input, spatial);
  set_adaptive(op, p, output_size);
  return p.unplane(detail::adaptive_avg_pool_planes(p.planes, p.g));
}

std::tuple<Tensor, Tensor> adaptive_max_pool_nd(const char* op, int64_t spatial, const Tensor& input,
                                                IntArrayRef output_size) {
  Pooling p = prepare(op, input, spatial);
  set_adaptive(op, p, output_size);
  auto [y, idx] = detail::adaptive_max_pool_planes(p.planes, p.g);
  return {p.unplane(y), p.unplane(idx)};
}

Tensor max_unpool_nd(const char* op, int64_t spatial, const Tensor& input, const Tensor& indices,
                     IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding, IntArrayRef output_size) {
  ember::detail::check_same_device(op, input, indices);
  EMBER_CHECK(indices.sizes() == input.sizes() && indices.scalar_type() == kInt64, op,
              "indices must be int64 with the input's shape ", shape_str(input.sizes()));
  EMBER_CHECK(input.dim() == spatial + 1 || input.dim() == spatial + 2, op, "expected a ", spatial + 1, "-D or ",
              spatial + 2, "-D input, got shape ", shape_str(input.sizes()));
  auto k = expand_arg(op, "kernel_size", kernel_size, spatial);
  auto s = stride.empty() ? k : expand_arg(op, "stride", stride, spatial);
  auto pd = expand_arg(op, "padding", padding, spatial);
  int64_t lead = input.dim() - spatial;
  Shape out_spatial;
  if (!output_size.empty()) {
    EMBER_CHECK(static_cast<int64_t>(output_size.size()) >= spatial, op, "output_size needs ", spatial, " values");
    out_spatial = Shape(output_size.end() - spatial, output_size.end());
  } else {
    for (int64_t d = 0; d < spatial; ++d) out_spatial.push_back((input.size(lead + d) - 1) * s[d] - 2 * pd[d] + k[d]);
  }
  int64_t plane = shape_numel(out_spatial);
  Shape lead_shape(input.sizes().begin(), input.sizes().begin() + lead);
  int64_t planes = shape_numel(lead_shape);
  Tensor flat_idx = indices.reshape({planes, -1});
  EMBER_CHECK(flat_idx.numel() == 0 || (flat_idx.amin().item<int64_t>() >= 0 && flat_idx.amax().item<int64_t>() < plane),
              op, "indices point outside the output of size ", shape_str(out_spatial));
  Tensor out = zeros({planes, plane}, TensorOptions(input.scalar_type()).device(input.device()))
                   .scatter(1, flat_idx, input.reshape({planes, -1}));
  Shape shape = lead_shape;
  shape.insert(shape.end(), out_spatial.begin(), out_spatial.end());
  return out.view(shape);
}

}  // namespace

#define EMBER_DEFINE_POOL(n)                                                                                      \
  Tensor max_pool##n##d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,    \
                        IntArrayRef dilation, bool ceil_mode) {                                                   \
    return std::get<0>(                                                                                           \
        max_pool_nd("max_pool" #n "d", n, input, kernel_size, stride, padding, dilation, ceil_mode));             \
  }                                                                                                               \
  std::tuple<Tensor, Tensor> max_pool##n##d_with_indices(const Tensor& input, IntArrayRef kernel_size,            \
                                                         IntArrayRef stride, IntArrayRef padding,                 \
                                                         IntArrayRef dilation, bool ceil_mode) {                  \
    return max_pool_nd("max_pool" #n "d", n, input, kernel_size, stride, padding, dilation, ceil_mode);           \
  }                                                                                                               \
  Tensor avg_pool##n##d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride, IntArrayRef padding,    \
                        bool ceil_mode, bool count_include_pad, std::optional<int64_t> divisor_override) {        \
    return avg_pool_nd("avg_pool" #n "d", n, input, kernel_size, stride, padding, ceil_mode, count_include_pad,   \
                       divisor_override);                                                                         \
  }                                                                                                               \
  Tensor adaptive_avg_pool##n##d(const Tensor& input, IntArrayRef output_size) {                                  \
    return adaptive_avg_pool_nd("adaptive_avg_pool" #n "d", n, input, output_size);                               \
  }                                                                                                               \
  Tensor adaptive_max_pool##n##d(const Tensor& input, IntArrayRef output_size) {                                  \
    return std::get<0>(adaptive_max_pool_nd("adaptive_max_pool" #n "d", n, input, output_size));                  \
  }                                                                                                               \
  std::tuple<Tensor, Tensor> adaptive_max_pool##n##d_with_indices(const Tensor& input, IntArrayRef output_size) { \
    return adaptive_max_pool_nd("adaptive_max_pool" #n "d", n, input, output_size);                               \
  }                                                                                                               \
  Tensor max_unpool##n##d(const Tensor& input, const Tensor& indices, IntArrayRef kernel_size, IntArrayRef stride, \
                          IntArrayRef padding, IntArrayRef output_size) {                                         \
    return max_unpool_nd("max_unpool" #n "d", n, input, indices, kernel_size, stride, padding, output_size);      \
  }
EMBER_DEFINE_POOL(1)
EMBER_DEFINE_POOL(2)
EMBER_DEFINE_POOL(3)
#undef EMBER_DEFINE_POOL

}  // namespace functional
}  // namespace ember::nn
