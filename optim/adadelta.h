// adadelta.h — Adadelta (torch.optim.Adadelta).
//
// Steps by the ratio of two running RMS values — of past updates and of
// past gradients — so the step has the parameter's units (Zeiler, 2012):
//   v = rho v + (1 - rho) g²
//   d = sqrt(u + eps) / sqrt(v + eps) · g
//   u = rho u + (1 - rho) d²
//   p = p - lr d
#pragma once

#include "optim/optimizer.h"

namespace ember::optim {

struct AdadeltaOptions {
  double lr = 1.0;
  double rho = 0.9;
  double eps = 1e-6;
  double weight_decay = 0;
  bool maximize = false;
};

class Adadelta : public Optimizer {
 public:
  Adadelta(TensorList params, AdadeltaOptions options = {});
  Adadelta(std::vector<ParamGroup> groups, AdadeltaOptions options = {});

 protected:
  void check_options(const GroupOptions& options) const override;
  void update(ParamGroup& group) override;
};

}  // namespace ember::optim
