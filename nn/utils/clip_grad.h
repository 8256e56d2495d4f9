// clip_grad.h — gradient clipping and flat parameter vectors
// (torch.nn.utils.clip_grad_norm_, clip_grad_value_, parameters_to_vector,
// vector_to_parameters).
//
// clip_grad_norm_ rescales all gradients together so that their joint norm
// is at most max_norm:
//   total = || (||g_1||_p, ..., ||g_n||_p) ||_p          (max |g| for p = inf)
//   g_i  *= min(1, max_norm / (total + 1e-6))
// clip_grad_value_ clamps every gradient element to [-clip_value, clip_value].
// Parameters without a gradient are skipped. Left out: foreach kernels.
#pragma once

#include "core/tensor.h"

namespace ember::nn::utils {

/// Returns the total norm of the gradients before clipping (a 0-d tensor).
/// With error_if_nonfinite, a NaN or infinite norm throws instead of
/// spreading NaN into every gradient.
Tensor clip_grad_norm_(const TensorList& parameters, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);
void clip_grad_value_(const TensorList& parameters, double clip_value);

/// All parameters flattened and concatenated into one 1-d tensor.
Tensor parameters_to_vector(const TensorList& parameters);
/// Copies consecutive slices of `vec` into the parameters (in place).
void vector_to_parameters(const Tensor& vec, const TensorList& parameters);

}  // namespace ember::nn::utils
