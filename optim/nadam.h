// nadam.h — NAdam, Adam with Nesterov momentum (torch.optim.NAdam).
//
// The momentum coefficient warms up over the steps (Dozat, 2016):
//   mu_t = beta1 (1 - 0.5 · 0.96^(t · momentum_decay)),   P_t = mu_1 ··· mu_t
//   m = beta1 m + (1 - beta1) g          v = beta2 v + (1 - beta2) g²
//   d = sqrt(v / (1 - beta2^t)) + eps
//   p = p - lr (1 - mu_t) / (1 - P_t) · g / d - lr mu_{t+1} / (1 - P_t mu_{t+1}) · m / d
//
// PyTorch 1.13 multiplies mu_t into P_{t+1} twice (P_t · mu_t · mu_{t+1}); ember
// uses the paper's P_t · mu_{t+1}, as PyTorch 2 does after fixing it.
#pragma once

#include "optim/optimizer.h"

namespace ember::optim {

struct NAdamOptions {
  double lr = 2e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum_decay = 4e-3;
};

class NAdam : public Optimizer {
 public:
  NAdam(TensorList params, NAdamOptions options = {});
  NAdam(std::vector<ParamGroup> groups, NAdamOptions options = {});

 protected:
  void check_options(const GroupOptions& options) const override;
  void update(ParamGroup& group) override;
};

}  // namespace ember::optim
