// functional_loss_likelihood.cpp — Poisson and Gaussian NLL losses as
// compositions of tensor ops, following torch 1.13's definitions.
#include "nn/functional_loss_likelihood.h"

#include <cmath>
#include <numbers>

#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/functional_loss.h"

namespace ember::nn::functional {

Tensor poisson_nll_loss(const Tensor& input, const Tensor& target, bool log_input, bool full, double eps,
                        std::string_view reduction) {
  ember::detail::check_same_device("poisson_nll_loss", input, target);
  broadcast_shapes(input.sizes(), target.sizes(), "poisson_nll_loss");
  Tensor loss = log_input ? input.exp() - target * input : input - target * (input + eps).log();
  if (full) {
    // Stirling's approximation of log(t!); torch adds it only where t > 1
    Tensor t = where(target.gt(1), target, Scalar(1.0));  // keeps log finite where it is masked out
    Tensor stirling = t * t.log() - t + 0.5 * (2 * std::numbers::pi * t).log();
    loss = loss + where(target.gt(1), stirling, Scalar(0.0));
  }
  return reduce_loss(loss, reduction, "poisson_nll_loss");
}

Tensor gaussian_nll_loss(const Tensor& input, const Tensor& target, const Tensor& var, bool full, double eps,
                         std::string_view reduction) {
  const char* op = "gaussian_nll_loss";
  ember::detail::check_same_device(op, input, target);
  ember::detail::check_same_device(op, input, var);
  broadcast_shapes(input.sizes(), target.sizes(), op);
  Tensor v = var;
  if (var.sizes() != input.sizes()) {
    // homoscedastic over the last dim: var lacks it, or has size 1 there
    IntArrayRef in = input.sizes();
    bool lacks_last =
        input.dim() >= 1 && var.dim() == input.dim() - 1 && std::equal(in.begin(), in.end() - 1, var.sizes().begin());
    bool one_last = var.dim() == input.dim() && input.dim() >= 1 && var.size(-1) == 1 &&
                    std::equal(in.begin(), in.end() - 1, var.sizes().begin());
    EMBER_CHECK(lacks_last || one_last, op, "var ", shape_str(var.sizes()), " must have input's shape ", shape_str(in),
                ", or that shape without (or with size 1 in) the last dim");
    if (lacks_last) v = var.unsqueeze(-1);
  }
  EMBER_CHECK(var.numel() == 0 || var.amin().item<double>() >= 0, op, "var has negative entries");
  // torch clamps a clone under no_grad: the value is clamped, the gradient passes as if it were not
  Tensor clamped = v + (v.detach().clamp_min(eps) - v.detach());
  Tensor loss = 0.5 * (clamped.log() + (input - target).square() / clamped);
  if (full) loss = loss + 0.5 * std::log(2 * std::numbers::pi);
  return reduce_loss(loss, reduction, op);
}

}  // namespace ember::nn::functional
