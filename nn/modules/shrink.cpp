// shrink.cpp — Hardshrink and Softshrink (see shrink.h).
#include "nn/modules/shrink.h"

#include "nn/functional_shrink.h"

namespace ember::nn {

Tensor Hardshrink::forward(const Tensor& input) { return functional::hardshrink(input, lambd); }
Tensor Softshrink::forward(const Tensor& input) { return functional::softshrink(input, lambd); }

}  // namespace ember::nn
