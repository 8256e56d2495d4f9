// adamax.cpp — Adamax's update (equations in adamax.h).
#include "optim/adamax.h"

#include <cmath>

namespace ember::optim {

Adamax::Adamax(TensorList params, AdamaxOptions options)
    : Adamax(std::vector<ParamGroup>{{std::move(params)}}, options) {}

Adamax::Adamax(std::vector<ParamGroup> groups, AdamaxOptions o)
    : Optimizer("Adamax", {{"lr", o.lr},
                           {"beta1", o.beta1},
                           {"beta2", o.beta2},
                           {"eps", o.eps},
                           {"weight_decay", o.weight_decay},
                           {"maximize", o.maximize}}) {
  add_param_groups(std::move(groups));
}

void Adamax::update(ParamGroup& group) {
  const GroupOptions& o = group.options;
  double lr = o.at("lr"), beta1 = o.at("beta1"), beta2 = o.at("beta2"), eps = o.at("eps");
  for (Tensor& p : group.params) {
    if (!p.grad().defined()) continue;
    auto& s = state(p);
    double t = increment_step(s);
    Tensor g = regularized_grad(p, o);
    Tensor& m = buffer(s, "exp_avg", p);
    Tensor& u = buffer(s, "exp_inf", p);
    m.mul_(beta1).add_(g, 1 - beta1);
    u.copy_(u.mul_(beta2).maximum(g.abs().add_(eps)));
    p.addcdiv_(m, u, -lr / (1 - std::pow(beta1, t)));
  }
}

}  // namespace ember::optim
