// adamax.h — Adamax, Adam with an infinity norm (torch.optim.Adamax).
//
//   m = beta1 m + (1 - beta1) g
//   u = max(beta2 u, |g| + eps)
//   p = p - lr / (1 - beta1^t) * m / u
#pragma once

#include "optim/optimizer.h"

namespace ember::optim {

struct AdamaxOptions {
  double lr = 2e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
  bool maximize = false;
};

class Adamax : public Optimizer {
 public:
  Adamax(TensorList params, AdamaxOptions options = {});
  Adamax(std::vector<ParamGroup> groups, AdamaxOptions options = {});

 protected:
  void update(ParamGroup& group) override;
};

}  // namespace ember::optim
