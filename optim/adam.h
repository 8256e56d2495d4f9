// adam.h — Adam and AdamW (torch.optim.Adam, torch.optim.AdamW).
//
// Both keep running averages of the gradient and of its square, corrected
// for their zero start, and step by their ratio. At step t:
//   m = beta1 m + (1 - beta1) g           v = beta2 v + (1 - beta2) g²
//   v̂ = max(v̂, v) with amsgrad, else v̂ = v
//   p = p - lr / (1 - beta1^t) * m / (sqrt(v̂) / sqrt(1 - beta2^t) + eps)
// They differ in weight decay: Adam adds it to the gradient (L2,
// g = grad + wd p); AdamW decays the weights directly, p = p (1 - lr wd),
// before the step ("decoupled weight decay", Loshchilov & Hutter).
#pragma once

#include "optim/optimizer.h"

namespace ember::optim {

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;  // AdamW's default is 1e-2
  bool amsgrad = false;
  bool maximize = false;
};

class Adam : public Optimizer {
 public:
  Adam(TensorList params, AdamOptions options = {});
  Adam(std::vector<ParamGroup> groups, AdamOptions options = {});

 protected:
  Adam(std::string name, std::vector<ParamGroup> groups, AdamOptions options);
  void update(ParamGroup& group) override;
  virtual bool decoupled_weight_decay() const { return false; }
};

class AdamW : public Adam {
 public:
  /// Default options with AdamW's weight decay of 1e-2.
  static AdamOptions default_options() { return AdamOptions{.weight_decay = 1e-2}; }
  AdamW(TensorList params, AdamOptions options = default_options());
  AdamW(std::vector<ParamGroup> groups, AdamOptions options = default_options());

 protected:
  bool decoupled_weight_decay() const override { return true; }
};

}  // namespace ember::optim
