// sgd.h — stochastic gradient descent with momentum (torch.optim.SGD).
//
//   g = grad + weight_decay * p            (negated first when maximize)
//   b = g                                   on the first step
//   b = momentum * b + (1 - dampening) * g  afterwards
//   d = g + momentum * b  (nesterov)   or   d = b   (momentum > 0)   or   d = g
//   p = p - lr * d
#pragma once

#include "optim/optimizer.h"

namespace ember::optim {

struct SGDOptions {
  double lr = 0.01;  // PyTorch makes lr a required argument; ember defaults it
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;
  bool maximize = false;
};

class SGD : public Optimizer {
 public:
  SGD(TensorList params, SGDOptions options = {});
  SGD(std::vector<ParamGroup> groups, SGDOptions options = {});

 protected:
  void check_options(const GroupOptions& options) const override;
  void update(ParamGroup& group) override;
};

}  // namespace ember::optim
