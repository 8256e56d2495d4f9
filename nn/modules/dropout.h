// dropout.h — Dropout and Dropout2d: active in train(), the identity in eval().
#pragma once

#include "nn/module.h"

namespace ember::nn {

class Dropout : public Module {
 public:
  explicit Dropout(double p = 0.5);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return "p=" + std::to_string(p); }
  double p;
};

/// Zeroes whole channels (feature maps) at once.
class Dropout2d : public Module {
 public:
  explicit Dropout2d(double p = 0.5);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return "p=" + std::to_string(p); }
  double p;
};

}  // namespace ember::nn
