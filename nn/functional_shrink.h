// functional_shrink.h — the shrinkage activations (torch.nn.functional):
// hardshrink and softshrink zero the inputs within lambd of 0.
#pragma once

#include "core/tensor.h"

namespace ember::nn::functional {

/// x where |x| > lambd, else 0
Tensor hardshrink(const Tensor& input, double lambd = 0.5);
/// x - lambd where x > lambd, x + lambd where x < -lambd, else 0
Tensor softshrink(const Tensor& input, double lambd = 0.5);

}  // namespace ember::nn::functional
