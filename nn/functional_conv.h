// functional_conv.h — convolutions as functions (torch.nn.functional.conv*):
// conv1d/2d/3d (stride, padding incl. "same"/"valid", dilation, groups,
// bias) and conv_transpose1d/2d/3d (output_padding). A single number for
// stride/padding/dilation applies to every spatial dim. Inputs may omit the
// batch dim. CPU kernels: im2col + GEMM (kernels/cpu/conv.cpp).
#pragma once

#include <string_view>

#include "core/tensor.h"

namespace ember::nn::functional {

#define EMBER_DECLARE_CONV(n)                                                                                  \
  Tensor conv##n##d(const Tensor& input, const Tensor& weight, const Tensor& bias = {}, IntArrayRef stride = 1, \
                    IntArrayRef padding = 0, IntArrayRef dilation = 1, int64_t groups = 1);                    \
  /** padding "same" (output size = input size, stride 1) or "valid" (no padding) */                           \
  Tensor conv##n##d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,          \
                    std::string_view padding, IntArrayRef dilation = 1, int64_t groups = 1);                   \
  Tensor conv_transpose##n##d(const Tensor& input, const Tensor& weight, const Tensor& bias = {},               \
                              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef output_padding = 0, \
                              int64_t groups = 1, IntArrayRef dilation = 1);
EMBER_DECLARE_CONV(1)
EMBER_DECLARE_CONV(2)
EMBER_DECLARE_CONV(3)
#undef EMBER_DECLARE_CONV

}  // namespace ember::nn::functional
