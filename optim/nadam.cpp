// nadam.cpp — NAdam's update (equations in nadam.h).
#include "optim/nadam.h"

#include <cmath>

#include "core/ops.h"

namespace ember::optim {

NAdam::NAdam(TensorList params, NAdamOptions options) : NAdam(std::vector<ParamGroup>{{std::move(params)}}, options) {}

NAdam::NAdam(std::vector<ParamGroup> groups, NAdamOptions o)
    : Optimizer("NAdam", {{"lr", o.lr},
                          {"beta1", o.beta1},
                          {"beta2", o.beta2},
                          {"eps", o.eps},
                          {"weight_decay", o.weight_decay},
                          {"momentum_decay", o.momentum_decay}}) {
  add_param_groups(std::move(groups));
}

void NAdam::check_options(const GroupOptions& o) const {
  Optimizer::check_options(o);
  check_range(o, "momentum_decay", 0);
}

void NAdam::update(ParamGroup& group) {
  const GroupOptions& o = group.options;
  double lr = o.at("lr"), beta1 = o.at("beta1"), beta2 = o.at("beta2"), eps = o.at("eps");
  double momentum_decay = o.at("momentum_decay");
  for (Tensor& p : group.params) {
    if (!p.grad().defined()) continue;
    auto& s = state(p);
    double t = increment_step(s);
    Tensor g = regularized_grad(p, o);
    double mu = beta1 * (1 - 0.5 * std::pow(0.96, t * momentum_decay));
    double mu_next = beta1 * (1 - 0.5 * std::pow(0.96, (t + 1) * momentum_decay));
    Tensor& mu_product = s["mu_product"];
    if (!mu_product.defined()) mu_product = scalar_tensor(1.0, kFloat64);
    mu_product.mul_(mu);
    double product = mu_product.item<double>();
    Tensor& m = buffer(s, "exp_avg", p);
    Tensor& v = buffer(s, "exp_avg_sq", p);
    m.mul_(beta1).add_(g, 1 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1 - beta2);
    Tensor denom = v.div(1 - std::pow(beta2, t)).sqrt_().add_(eps);
    p.addcdiv_(g, denom, -lr * (1 - mu) / (1 - product));
    p.addcdiv_(m, denom, -lr * mu_next / (1 - product * mu_next));
  }
}

}  // namespace ember::optim
