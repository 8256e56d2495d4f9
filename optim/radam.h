// radam.h — RAdam, Adam with a rectified warm-up (torch.optim.RAdam).
//
// Early on the second moment rests on few samples, so its variance is
// large; RAdam steps like momentum SGD until the estimate is trustworthy
// (Liu et al., 2019):
//   m = beta1 m + (1 - beta1) g           v = beta2 v + (1 - beta2) g²
//   rho_inf = 2 / (1 - beta2) - 1,   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
//   m̂ = m / (1 - beta1^t)
//   rho_t > 5:  r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
//               p = p - lr m̂ r sqrt(1 - beta2^t) / (sqrt(v) + eps)
//   otherwise:  p = p - lr m̂
#pragma once

#include "optim/optimizer.h"

namespace ember::optim {

struct RAdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
};

class RAdam : public Optimizer {
 public:
  RAdam(TensorList params, RAdamOptions options = {});
  RAdam(std::vector<ParamGroup> groups, RAdamOptions options = {});

 protected:
  void update(ParamGroup& group) override;
};

}  // namespace ember::optim
