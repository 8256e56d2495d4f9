// formulas_conv_internal.h — recording the convolution primitives of
// nn/conv_internal.h (formulas in formulas_conv.cpp). Internal.
#pragma once

#include "core/tensor.h"
#include "nn/conv_internal.h"

namespace ember::autograd {

void record_conv(const Tensor& x, const Tensor& w, const Tensor& bias, const Tensor& out,
                 const nn::detail::ConvParams& p);
void record_conv_transpose(const Tensor& x, const Tensor& w, const Tensor& bias, const Tensor& out,
                           const nn::detail::ConvParams& p);
void record_conv_weight(const Tensor& x, const Tensor& gy, const Tensor& out, const nn::detail::ConvParams& p);

}  // namespace ember::autograd
