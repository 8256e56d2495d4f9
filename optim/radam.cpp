// radam.cpp — RAdam's update (equations in radam.h).
#include "optim/radam.h"

#include <cmath>

namespace ember::optim {

RAdam::RAdam(TensorList params, RAdamOptions options) : RAdam(std::vector<ParamGroup>{{std::move(params)}}, options) {}

RAdam::RAdam(std::vector<ParamGroup> groups, RAdamOptions o)
    : Optimizer("RAdam", {{"lr", o.lr},
                          {"beta1", o.beta1},
                          {"beta2", o.beta2},
                          {"eps", o.eps},
                          {"weight_decay", o.weight_decay}}) {
  add_param_groups(std::move(groups));
}

void RAdam::update(ParamGroup& group) {
  const GroupOptions& o = group.options;
  double lr = o.at("lr"), beta1 = o.at("beta1"), beta2 = o.at("beta2"), eps = o.at("eps");
  for (Tensor& p : group.params) {
    if (!p.grad().defined()) continue;
    auto& s = state(p);
    double t = increment_step(s);
    Tensor g = regularized_grad(p, o);
    Tensor& m = buffer(s, "exp_avg", p);
    Tensor& v = buffer(s, "exp_avg_sq", p);
    m.mul_(beta1).add_(g, 1 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1 - beta2);
    double bias_correction1 = 1 - std::pow(beta1, t), bias_correction2 = 1 - std::pow(beta2, t);
    Tensor m_hat = m.div(bias_correction1);
    double rho_inf = 2 / (1 - beta2) - 1;
    double rho_t = rho_inf - 2 * t * std::pow(beta2, t) / bias_correction2;
    if (rho_t > 5) {
      double rect = std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
      Tensor adaptive_lr = v.sqrt().add_(eps).reciprocal_().mul_(std::sqrt(bias_correction2));
      p.sub_(m_hat.mul_(lr).mul_(adaptive_lr).mul_(rect));
    } else {
      p.sub_(m_hat.mul_(lr));
    }
  }
}

}  // namespace ember::optim
