// adagrad.cpp — Adagrad's update (equations in adagrad.h).
#include "optim/adagrad.h"

namespace ember::optim {

Adagrad::Adagrad(TensorList params, AdagradOptions options)
    : Adagrad(std::vector<ParamGroup>{{std::move(params)}}, options) {}

Adagrad::Adagrad(std::vector<ParamGroup> groups, AdagradOptions o)
    : Optimizer("Adagrad", {{"lr", o.lr},
                            {"lr_decay", o.lr_decay},
                            {"weight_decay", o.weight_decay},
                            {"initial_accumulator_value", o.initial_accumulator_value},
                            {"eps", o.eps},
                            {"maximize", o.maximize}}) {
  add_param_groups(std::move(groups));
}

void Adagrad::check_options(const GroupOptions& o) const {
  Optimizer::check_options(o);
  check_range(o, "lr_decay", 0);
  check_range(o, "initial_accumulator_value", 0);
}

void Adagrad::update(ParamGroup& group) {
  const GroupOptions& o = group.options;
  double eps = o.at("eps");
  for (Tensor& p : group.params) {
    if (!p.grad().defined()) continue;
    auto& s = state(p);
    Tensor& sum = buffer(s, "sum", p, o.at("initial_accumulator_value"));
    double t = increment_step(s);
    Tensor g = regularized_grad(p, o);
    double clr = o.at("lr") / (1 + (t - 1) * o.at("lr_decay"));
    sum.addcmul_(g, g, 1);
    p.addcdiv_(g, sum.sqrt().add_(eps), -clr);
  }
}

}  // namespace ember::optim
