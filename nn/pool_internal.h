// pool_internal.h — the recorded pooling primitives over (planes, *spatial)
// tensors (planes = batch * channels), used by the pooling functions and by
// their backward formulas (autograd/formulas_pool.cpp). Internal.
#pragma once

#include "core/tensor.h"
#include "kernels/kernels.h"

namespace ember::nn::detail {

/// (max values, argmax indices) of every window
std::tuple<Tensor, Tensor> max_pool_planes(const Tensor& x, const kernels::ConvGeometry& g);
Tensor avg_pool_planes(const Tensor& x, const kernels::ConvGeometry& g, bool count_include_pad,
                       int64_t divisor_override);
/// the adjoint of avg_pool_planes: y_grad (planes, *out) -> (planes, *in)
Tensor avg_pool_planes_backward(const Tensor& y_grad, const kernels::ConvGeometry& g, bool count_include_pad,
                                int64_t divisor_override);
Tensor adaptive_avg_pool_planes(const Tensor& x, const kernels::ConvGeometry& g);
Tensor adaptive_avg_pool_planes_backward(const Tensor& y_grad, const kernels::ConvGeometry& g);
std::tuple<Tensor, Tensor> adaptive_max_pool_planes(const Tensor& x, const kernels::ConvGeometry& g);

}  // namespace ember::nn::detail
