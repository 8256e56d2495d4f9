// adam.cpp — Adam's and AdamW's update (equations in adam.h).
#include "optim/adam.h"

#include <cmath>

namespace ember::optim {

Adam::Adam(TensorList params, AdamOptions options) : Adam(std::vector<ParamGroup>{{std::move(params)}}, options) {}

Adam::Adam(std::vector<ParamGroup> groups, AdamOptions options) : Adam("Adam", std::move(groups), options) {}

Adam::Adam(std::string name, std::vector<ParamGroup> groups, AdamOptions o)
    : Optimizer(std::move(name), {{"lr", o.lr},
                                  {"beta1", o.beta1},
                                  {"beta2", o.beta2},
                                  {"eps", o.eps},
                                  {"weight_decay", o.weight_decay},
                                  {"amsgrad", o.amsgrad},
                                  {"maximize", o.maximize}}) {
  add_param_groups(std::move(groups));
}

AdamW::AdamW(TensorList params, AdamOptions options)
    : AdamW(std::vector<ParamGroup>{{std::move(params)}}, options) {}

AdamW::AdamW(std::vector<ParamGroup> groups, AdamOptions options) : Adam("AdamW", std::move(groups), options) {}

void Adam::update(ParamGroup& group) {
  const GroupOptions& o = group.options;
  double lr = o.at("lr"), beta1 = o.at("beta1"), beta2 = o.at("beta2"), eps = o.at("eps");
  double weight_decay = o.at("weight_decay");
  for (Tensor& p : group.params) {
    if (!p.grad().defined()) continue;
    auto& s = state(p);
    double t = increment_step(s);
    Tensor g;
    if (decoupled_weight_decay()) {
      g = o.at("maximize") != 0 ? p.grad().neg() : p.grad();
      p.mul_(1 - lr * weight_decay);
    } else {
      g = regularized_grad(p, o);
    }
    Tensor& m = buffer(s, "exp_avg", p);
    Tensor& v = buffer(s, "exp_avg_sq", p);
    m.mul_(beta1).add_(g, 1 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1 - beta2);
    double step_size = lr / (1 - std::pow(beta1, t));
    double bias_correction2_sqrt = std::sqrt(1 - std::pow(beta2, t));
    Tensor v_hat = v;
    if (o.at("amsgrad") != 0) {
      Tensor& v_max = buffer(s, "max_exp_avg_sq", p);
      v_max.copy_(v_max.maximum(v));
      v_hat = v_max;
    }
    Tensor denom = v_hat.sqrt().div_(bias_correction2_sqrt).add_(eps);
    p.addcdiv_(m, denom, -step_size);
  }
}

}  // namespace ember::optim
