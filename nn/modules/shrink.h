// shrink.h — Hardshrink and Softshrink layers over nn/functional_shrink.h.
#pragma once

#include "nn/module.h"

namespace ember::nn {

class Hardshrink : public Module {
 public:
  explicit Hardshrink(double lambd = 0.5) : Module("Hardshrink"), lambd(lambd) {}
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return std::to_string(lambd); }
  double lambd;
};

class Softshrink : public Module {
 public:
  explicit Softshrink(double lambd = 0.5) : Module("Softshrink"), lambd(lambd) {}
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return std::to_string(lambd); }
  double lambd;
};

}  // namespace ember::nn
