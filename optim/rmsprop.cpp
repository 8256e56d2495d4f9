// rmsprop.cpp — RMSprop's update (equations in rmsprop.h).
#include "optim/rmsprop.h"

namespace ember::optim {

RMSprop::RMSprop(TensorList params, RMSpropOptions options)
    : RMSprop(std::vector<ParamGroup>{{std::move(params)}}, options) {}

RMSprop::RMSprop(std::vector<ParamGroup> groups, RMSpropOptions o)
    : Optimizer("RMSprop", {{"lr", o.lr},
                            {"alpha", o.alpha},
                            {"eps", o.eps},
                            {"weight_decay", o.weight_decay},
                            {"momentum", o.momentum},
                            {"centered", o.centered},
                            {"maximize", o.maximize}}) {
  add_param_groups(std::move(groups));
}

void RMSprop::check_options(const GroupOptions& o) const {
  Optimizer::check_options(o);
  check_range(o, "alpha", 0);
}

void RMSprop::update(ParamGroup& group) {
  const GroupOptions& o = group.options;
  double lr = o.at("lr"), alpha = o.at("alpha"), eps = o.at("eps"), momentum = o.at("momentum");
  for (Tensor& p : group.params) {
    if (!p.grad().defined()) continue;
    auto& s = state(p);
    increment_step(s);
    Tensor g = regularized_grad(p, o);
    Tensor& v = buffer(s, "square_avg", p);
    v.mul_(alpha).addcmul_(g, g, 1 - alpha);
    Tensor d;
    if (o.at("centered") != 0) {
      Tensor& a = buffer(s, "grad_avg", p);
      a.mul_(alpha).add_(g, 1 - alpha);
      d = v.addcmul(a, a, -1).sqrt_();
    } else {
      d = v.sqrt();
    }
    d.add_(eps);
    if (momentum > 0) {
      Tensor& b = buffer(s, "momentum_buffer", p);
      b.mul_(momentum).addcdiv_(g, d);
      p.add_(b, -lr);
    } else {
      p.addcdiv_(g, d, -lr);
    }
  }
}

}  // namespace ember::optim
