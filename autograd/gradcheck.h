// gradcheck.h — numerical checks of analytical gradients.
//
// gradcheck compares the gradient autograd computes with central differences
//   df/dx_j ~ (f(x + eps e_j) - f(x - eps e_j)) / (2 eps)
// projected on a random cotangent v (so every output element is tested, not
// just their sum): it checks v^T J column by column. gradgradcheck does the
// same for the gradient itself, i.e. second derivatives through
// create_graph. Inputs that require grad must be float64: in float32 the
// finite differences are too coarse to mean anything.
#pragma once

#include <cstdint>
#include <functional>

#include "core/tensor.h"

namespace ember::autograd {

struct GradcheckOptions {
  double eps = 1e-6;
  double atol = 1e-5;
  double rtol = 1e-3;
  /// Throw an ember::Error describing the worst mismatch (else return false).
  bool raise_exception = true;
  /// Seed of the random cotangent.
  uint64_t seed = 0;
};

using GradcheckFn = std::function<TensorList(const TensorList&)>;

/// True when the gradients of fn(inputs) w.r.t. every input that requires
/// grad match finite differences.
bool gradcheck(const GradcheckFn& fn, const TensorList& inputs, const GradcheckOptions& options = {});
/// The same check applied to the first derivatives (needs create_graph
/// support in every op fn uses).
bool gradgradcheck(const GradcheckFn& fn, const TensorList& inputs, const GradcheckOptions& options = {});

}  // namespace ember::autograd
