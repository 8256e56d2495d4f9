// conv_internal.h — the three convolution primitives every conv layer and
// its gradients are built from, so that gradients of any order exist:
//   conv_forward:          y = conv(x, w) + b
//   conv_transpose_forward: the adjoint of conv in x (ConvTranspose layers,
//                          and the input gradient of conv)
//   conv_weight:           the adjoint of conv in w (the weight gradient)
// Each is recorded on the tape with a backward made of the other two
// (autograd/formulas_conv.cpp).
//
// Internal to ember (nn/ and autograd/).
#pragma once

#include <array>

#include "core/tensor.h"
#include "kernels/kernels.h"

namespace ember::nn::detail {

struct ConvParams {
  int64_t spatial = 2;  // 1, 2 or 3 spatial dims
  std::array<int64_t, 3> stride{1, 1, 1}, padding{0, 0, 0}, dilation{1, 1, 1};
  int64_t groups = 1;

  /// The kernel geometry for input sizes `in` and kernel sizes `kernel`
  /// (both spatial only), with the output size computed from them.
  kernels::ConvGeometry geometry(IntArrayRef in, IntArrayRef kernel) const;
  /// The same with a given output size (transposed convolutions).
  kernels::ConvGeometry geometry(IntArrayRef in, IntArrayRef kernel, IntArrayRef out) const;
};

/// A per-dim argument of `op` (stride, padding, kernel_size, ...) given as one
/// number for every spatial dim or one per dim, as 3 values (checked).
std::array<int64_t, 3> expand_arg(const char* op, const char* what, IntArrayRef v, int64_t spatial);

/// x (N, C, *in), w (O, C/groups, *k), bias (O) or undefined.
Tensor conv_forward(const Tensor& x, const Tensor& w, const Tensor& bias, const ConvParams& p);
/// x (N, Cin, *in), w (Cin, Cout/groups, *k): y (N, Cout, *out_size).
Tensor conv_transpose_forward(const Tensor& x, const Tensor& w, const Tensor& bias, const ConvParams& p,
                              IntArrayRef out_size);
/// The weight gradient: x (N, C, *in), gy (N, O, *out) -> (O, C/groups, *kernel_size).
Tensor conv_weight(const Tensor& x, const Tensor& gy, IntArrayRef kernel_size, const ConvParams& p);

}  // namespace ember::nn::detail
