// Exercise 29 — a focal loss (Lin et al. 2017) written with ember ops.
//
//   FL(p_t) = -alpha (1 - p_t)^gamma log(p_t),  p_t = softmax(logits)[target]
// It down-weights easy examples (p_t near 1). With gamma = 0 and alpha = 1 it
// is exactly the cross-entropy, which is checked, as are the formula on
// hand-computed values and the gradient (gradcheck).
#include <cmath>

#include "ember.h"
#include "exercise.h"

using ember::Tensor;
namespace F = ember::nn::functional;

Tensor focal_loss(const Tensor& logits, const Tensor& target, double gamma = 2.0, double alpha = 1.0) {
  Tensor log_p = logits.log_softmax(1).gather(1, target.unsqueeze(1)).squeeze(1);  // log p_t
  Tensor p = log_p.exp();
  return (-alpha * (1 - p).pow(gamma) * log_p).mean();
}

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(29);

  Tensor logits = ember::randn({8, 5}, ember::kFloat64);
  Tensor target = ember::randint(0, 5, {8});
  Tensor fl = focal_loss(logits, target, 2.0, 0.25);
  std::cout << "focal loss (gamma 2, alpha 0.25): " << fl.item<double>() << "\n";

  // the formula by hand for the first sample
  Tensor probs = logits.softmax(1);
  double p0 = probs.index({0, target.index({0}).item<int64_t>()}).item<double>();
  double by_hand = -0.25 * std::pow(1 - p0, 2) * std::log(p0);
  double first = focal_loss(logits.narrow(0, 0, 1), target.narrow(0, 0, 1), 2.0, 0.25).item<double>();
  checker.check(std::fabs(first - by_hand) < 1e-12, "matches -alpha (1 - p_t)^gamma log p_t");

  double ce = F::cross_entropy(logits, target).item<double>();
  double fl0 = focal_loss(logits, target, 0.0, 1.0).item<double>();
  std::cout << "gamma = 0: " << fl0 << ", cross entropy: " << ce << "\n";
  checker.check(std::fabs(fl0 - ce) < 1e-12, "reduces to cross-entropy at gamma = 0");
  checker.check(fl.item<double>() < F::cross_entropy(logits, target).item<double>(), "easy examples are down-weighted");

  Tensor x = logits.clone().requires_grad_();
  bool ok = ember::autograd::gradcheck(
      [&](const ember::TensorList& in) { return ember::TensorList{focal_loss(in[0], target, 2.0, 0.25)}; }, {x});
  checker.check(ok, "its gradient passes gradcheck");
  return checker.exit_code();
}
