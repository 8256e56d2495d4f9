// rmsprop.h — RMSprop (torch.optim.RMSprop).
//
// Divides the gradient by a running root mean square of recent gradients:
//   v = alpha v + (1 - alpha) g²
//   centered:  a = alpha a + (1 - alpha) g,   d = sqrt(v - a²) + eps
//   else:      d = sqrt(v) + eps
//   momentum > 0:  b = momentum b + g / d,   p = p - lr b
//   else:          p = p - lr g / d
#pragma once

#include "optim/optimizer.h"

namespace ember::optim {

struct RMSpropOptions {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum = 0;
  bool centered = false;
  bool maximize = false;
};

class RMSprop : public Optimizer {
 public:
  RMSprop(TensorList params, RMSpropOptions options = {});
  RMSprop(std::vector<ParamGroup> groups, RMSpropOptions options = {});

 protected:
  void check_options(const GroupOptions& options) const override;
  void update(ParamGroup& group) override;
};

}  // namespace ember::optim
