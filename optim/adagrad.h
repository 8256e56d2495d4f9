// adagrad.h — Adagrad (torch.optim.Adagrad).
//
// Scales each coordinate by the root of its summed squared gradients, so
// often-updated coordinates slow down:
//   lr_t = lr / (1 + (t - 1) lr_decay)
//   s = s + g²                       (s starts at initial_accumulator_value)
//   p = p - lr_t g / (sqrt(s) + eps)
#pragma once

#include "optim/optimizer.h"

namespace ember::optim {

struct AdagradOptions {
  double lr = 1e-2;
  double lr_decay = 0;
  double weight_decay = 0;
  double initial_accumulator_value = 0;
  double eps = 1e-10;
  bool maximize = false;
};

class Adagrad : public Optimizer {
 public:
  Adagrad(TensorList params, AdagradOptions options = {});
  Adagrad(std::vector<ParamGroup> groups, AdagradOptions options = {});

 protected:
  void check_options(const GroupOptions& options) const override;
  void update(ParamGroup& group) override;
};

}  // namespace ember::optim
