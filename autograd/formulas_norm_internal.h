// formulas_norm_internal.h — recording the fused batch normalization of
// nn/functional_norm.cpp (formula in formulas_norm.cpp). Internal.
#pragma once

#include "core/tensor.h"

namespace ember::autograd {

/// out = batch_norm(input) with per-channel `mean` and `invstd` =
/// 1/sqrt(var + eps) (the batch's when training, the running ones in eval);
/// weight and bias may be undefined.
void record_batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, const Tensor& out,
                       const Tensor& mean, const Tensor& invstd, bool training, double eps);

}  // namespace ember::autograd
