// clip_grad.cpp — see clip_grad.h.
#include "nn/utils/clip_grad.h"

#include <cmath>

#include "autograd/grad_mode.h"
#include "core/ops.h"

namespace ember::nn::utils {

Tensor clip_grad_norm_(const TensorList& parameters, double max_norm, double norm_type, bool error_if_nonfinite) {
  NoGradGuard no_grad;
  TensorList grads;
  for (const Tensor& p : parameters)
    if (p.grad().defined()) grads.push_back(p.grad());
  if (grads.empty()) return scalar_tensor(0.0);
  TensorList norms;
  for (const Tensor& g : grads) norms.push_back(g.norm(norm_type));
  // The norm of the per-tensor norms is the norm of all elements together
  // (for p = inf the max of the maxima).
  Tensor total = stack(norms, 0).norm(norm_type);
  double value = total.item<double>();
  EMBER_CHECK(!error_if_nonfinite || std::isfinite(value), "clip_grad_norm_", "the total norm of order ", norm_type,
              " of the gradients is ", value, ", so they cannot be clipped");
  double clip_coef = max_norm / (value + 1e-6);
  if (clip_coef < 1)
    for (const Tensor& g : grads) Tensor(g).mul_(clip_coef);
  return total;
}

void clip_grad_value_(const TensorList& parameters, double clip_value) {
  NoGradGuard no_grad;
  for (const Tensor& p : parameters)
    if (p.grad().defined()) Tensor(p.grad()).clamp_(-clip_value, clip_value);
}

Tensor parameters_to_vector(const TensorList& parameters) {
  TensorList flat;
  for (const Tensor& p : parameters) flat.push_back(p.reshape({-1}));
  return cat(flat, 0);
}

void vector_to_parameters(const Tensor& vec, const TensorList& parameters) {
  EMBER_CHECK(vec.dim() == 1, "vector_to_parameters", "expected a 1-d vector, got shape ", shape_str(vec.sizes()));
  int64_t total = 0;
  for (const Tensor& p : parameters) total += p.numel();
  EMBER_CHECK(vec.numel() == total, "vector_to_parameters", "the vector has ", vec.numel(),
              " elements but the parameters have ", total);
  NoGradGuard no_grad;
  int64_t offset = 0;
  for (const Tensor& p : parameters) {
    Tensor(p).copy_(vec.narrow(0, offset, p.numel()).reshape(p.sizes()));
    offset += p.numel();
  }
}

}  // namespace ember::nn::utils
