// adadelta.cpp — Adadelta's update (equations in adadelta.h).
#include "optim/adadelta.h"

namespace ember::optim {

Adadelta::Adadelta(TensorList params, AdadeltaOptions options)
    : Adadelta(std::vector<ParamGroup>{{std::move(params)}}, options) {}

Adadelta::Adadelta(std::vector<ParamGroup> groups, AdadeltaOptions o)
    : Optimizer("Adadelta", {{"lr", o.lr},
                             {"rho", o.rho},
                             {"eps", o.eps},
                             {"weight_decay", o.weight_decay},
                             {"maximize", o.maximize}}) {
  add_param_groups(std::move(groups));
}

void Adadelta::check_options(const GroupOptions& o) const {
  Optimizer::check_options(o);
  check_range(o, "rho", 0, 1);
}

void Adadelta::update(ParamGroup& group) {
  const GroupOptions& o = group.options;
  double rho = o.at("rho"), eps = o.at("eps");
  for (Tensor& p : group.params) {
    if (!p.grad().defined()) continue;
    auto& s = state(p);
    increment_step(s);
    Tensor g = regularized_grad(p, o);
    Tensor& v = buffer(s, "square_avg", p);
    Tensor& u = buffer(s, "acc_delta", p);
    v.mul_(rho).addcmul_(g, g, 1 - rho);
    Tensor std = v.add(eps).sqrt_();
    Tensor delta = u.add(eps).sqrt_().div_(std).mul_(g);
    u.mul_(rho).addcmul_(delta, delta, 1 - rho);
    p.add_(delta, -o.at("lr"));
  }
}

}  // namespace ember::optim
