// functional_norm.h — normalization as functions: batch, layer, group,
// instance and local response normalization, and normalize (unit p-norm).
// Written with tensor ops (autograd gives their gradients of any order).
#pragma once

#include "core/tensor.h"

namespace ember::nn::functional {

/// y = (x - mean) / sqrt(var + eps) * weight + bias over every dim but 1 (channels).
/// training: batch statistics, and running_mean/var (if given) updated in place
/// with momentum (running_var from the unbiased batch variance); else the running stats.
Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const Tensor& weight = {}, const Tensor& bias = {}, bool training = false, double momentum = 0.1,
                  double eps = 1e-5);
/// Normalizes over the last len(normalized_shape) dims.
Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight = {},
                  const Tensor& bias = {}, double eps = 1e-5);
/// Normalizes each of num_groups channel groups of every sample.
Tensor group_norm(const Tensor& input, int64_t num_groups, const Tensor& weight = {}, const Tensor& bias = {},
                  double eps = 1e-5);
/// Normalizes each channel of every sample over its spatial dims.
Tensor instance_norm(const Tensor& input, const Tensor& running_mean = {}, const Tensor& running_var = {},
                     const Tensor& weight = {}, const Tensor& bias = {}, bool use_input_stats = true,
                     double momentum = 0.1, double eps = 1e-5);
/// x / (k + alpha/size * sum of x^2 over `size` neighbouring channels)^beta
Tensor local_response_norm(const Tensor& input, int64_t size, double alpha = 1e-4, double beta = 0.75,
                           double k = 1.0);
/// x / max(||x||_p along dim, eps)
Tensor normalize(const Tensor& input, double p = 2.0, int64_t dim = 1, double eps = 1e-12);

}  // namespace ember::nn::functional
