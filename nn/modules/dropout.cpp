// dropout.cpp — Dropout layers (see dropout.h).
#include "nn/modules/dropout.h"

#include "nn/functional_misc.h"

namespace ember::nn {

Dropout::Dropout(double p_) : Module("Dropout"), p(p_) {
  EMBER_CHECK(p >= 0 && p <= 1, "Dropout", "probability must be in [0, 1], got ", p);
}
Tensor Dropout::forward(const Tensor& input) { return functional::dropout(input, p, is_training()); }

Dropout2d::Dropout2d(double p_) : Module("Dropout2d"), p(p_) {
  EMBER_CHECK(p >= 0 && p <= 1, "Dropout2d", "probability must be in [0, 1], got ", p);
}
Tensor Dropout2d::forward(const Tensor& input) { return functional::dropout2d(input, p, is_training()); }

}  // namespace ember::nn
