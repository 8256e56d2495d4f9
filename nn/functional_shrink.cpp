// functional_shrink.cpp — hardshrink and softshrink as compositions of
// tensor ops (their gradient is 1 outside [-lambd, lambd] and 0 inside).
#include "nn/functional_shrink.h"

#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember::nn::functional {

Tensor hardshrink(const Tensor& input, double lambd) {
  ember::detail::check_defined("hardshrink", input);
  return where(input.abs().gt(lambd), input, Scalar(0.0));
}

Tensor softshrink(const Tensor& input, double lambd) {
  ember::detail::check_defined("softshrink", input);
  EMBER_CHECK(lambd >= 0, "softshrink", "lambd must be non-negative, got ", lambd);
  return where(input.gt(lambd), input - lambd, where(input.lt(-lambd), input + lambd, Scalar(0.0)));
}

}  // namespace ember::nn::functional
