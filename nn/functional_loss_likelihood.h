// functional_loss_likelihood.h — negative log-likelihood losses of
// distributions over real targets (torch.nn.functional): Poisson and
// Gaussian. `reduction` is "mean" (default), "sum" or "none".
#pragma once

#include <string_view>

#include "core/tensor.h"

namespace ember::nn::functional {

/// Poisson NLL of target given rate lambda (constant log(t!) dropped unless full):
///   log_input: exp(x) - t x        (x = log lambda)
///   otherwise: x - t log(x + eps)  (x = lambda)
/// full adds Stirling's t log t - t + log(2 pi t) / 2 where t > 1.
Tensor poisson_nll_loss(const Tensor& input, const Tensor& target, bool log_input = true, bool full = false,
                        double eps = 1e-8, std::string_view reduction = "mean");
/// Gaussian NLL of target with mean input and variance var:
///   (log(max(var, eps)) + (x - t)^2 / max(var, eps)) / 2   (+ log(2 pi) / 2 with full)
/// var has input's shape, or lacks (or has size 1 in) the last dim. The clamp
/// at eps is not differentiated, as in torch.
Tensor gaussian_nll_loss(const Tensor& input, const Tensor& target, const Tensor& var, bool full = false,
                         double eps = 1e-6, std::string_view reduction = "mean");

}  // namespace ember::nn::functional
