// sgd.cpp — SGD's update (equations in sgd.h).
#include "optim/sgd.h"

namespace ember::optim {

SGD::SGD(TensorList params, SGDOptions options) : SGD(std::vector<ParamGroup>{{std::move(params)}}, options) {}

SGD::SGD(std::vector<ParamGroup> groups, SGDOptions o)
    : Optimizer("SGD", {{"lr", o.lr},
                        {"momentum", o.momentum},
                        {"dampening", o.dampening},
                        {"weight_decay", o.weight_decay},
                        {"nesterov", o.nesterov},
                        {"maximize", o.maximize}}) {
  add_param_groups(std::move(groups));
}

void SGD::check_options(const GroupOptions& o) const {
  Optimizer::check_options(o);
  EMBER_CHECK(o.at("nesterov") == 0 || (o.at("momentum") > 0 && o.at("dampening") == 0), name(),
              "Nesterov momentum requires a momentum and zero dampening");
}

void SGD::update(ParamGroup& group) {
  const GroupOptions& o = group.options;
  double momentum = o.at("momentum");
  for (Tensor& p : group.params) {
    if (!p.grad().defined()) continue;
    Tensor d = regularized_grad(p, o);
    if (momentum != 0) {
      Tensor& buf = state(p)["momentum_buffer"];
      if (!buf.defined()) {
        buf = d.clone();
      } else {
        buf.mul_(momentum).add_(d, 1 - o.at("dampening"));
      }
      d = o.at("nesterov") != 0 ? d.add(buf, momentum) : buf;
    }
    p.add_(d, -o.at("lr"));
  }
}

}  // namespace ember::optim
