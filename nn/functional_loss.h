// functional_loss.h — loss functions (torch.nn.functional). `reduction` is
// "mean" (default), "sum" or "none" (per-element losses), as in PyTorch.
#pragma once

#include <string_view>

#include "core/tensor.h"

namespace ember::nn::functional {

Tensor mse_loss(const Tensor& input, const Tensor& target, std::string_view reduction = "mean");
Tensor l1_loss(const Tensor& input, const Tensor& target, std::string_view reduction = "mean");
/// 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, std::string_view reduction = "mean",
                      double beta = 1.0);
/// 0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta)
Tensor huber_loss(const Tensor& input, const Tensor& target, std::string_view reduction = "mean",
                  double delta = 1.0);
/// input: log-probabilities (N, C, d...) or (C); target: class indices (N, d...).
/// A class weight scales each sample's loss; "mean" divides by the summed
/// weights of the targets; targets equal to ignore_index count for nothing.
Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight = {}, int64_t ignore_index = -100,
                std::string_view reduction = "mean");
/// log_softmax over dim 1 then nll_loss; or, when target is floating point
/// with input's shape, class probabilities. label_smoothing mixes the
/// target with the uniform distribution.
Tensor cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight = {},
                     int64_t ignore_index = -100, std::string_view reduction = "mean", double label_smoothing = 0.0);
/// -(t log(x) + (1 - t) log(1 - x)), with the logs clamped at -100 like torch
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight = {},
                            std::string_view reduction = "mean");
/// binary cross entropy on logits, computed stably; pos_weight scales positives
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target, const Tensor& weight = {},
                                        const Tensor& pos_weight = {}, std::string_view reduction = "mean");
/// target * (log target - input); "batchmean" divides the sum by the batch size
Tensor kl_div(const Tensor& input, const Tensor& target, std::string_view reduction = "mean",
              bool log_target = false);

/// reduces per-element losses as `reduction` says
Tensor reduce_loss(const Tensor& loss, std::string_view reduction, const char* op);

}  // namespace ember::nn::functional
