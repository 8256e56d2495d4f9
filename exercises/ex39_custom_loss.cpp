// Exercise 39 — a custom loss function used to train a model.
//
// The log-cosh loss L = mean(log(cosh(y - t))) behaves like MSE for small
// errors and like L1 for large ones. It is written with ember ops in a
// numerically safe form, log cosh(d) = |d| + log1p(exp(-2|d|)) - log 2, its
// gradient (tanh(d) / n) is checked with gradcheck, and a linear model
// trained with it recovers the line y = 3x - 1 despite outliers.
#include <cmath>

#include "ember.h"
#include "exercise.h"

using ember::Tensor;

Tensor log_cosh_loss(const Tensor& prediction, const Tensor& target) {
  Tensor d = (prediction - target).abs();
  return (d + (d * -2).exp().log1p() - std::log(2.0)).mean();
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(39);

  Tensor p = ember::randn({6}, ember::kFloat64).requires_grad_();
  Tensor t = ember::randn({6}, ember::kFloat64);
  checker.check(ember::autograd::gradcheck(
                    [&](const ember::TensorList& in) { return ember::TensorList{log_cosh_loss(in[0], t)}; }, {p}),
                "the custom loss passes gradcheck");
  double direct = (p - t).detach().cosh().log().mean().item<double>();
  checker.check(std::fabs(log_cosh_loss(p, t).item<double>() - direct) < 1e-12, "equals mean(log(cosh(d)))");

  // fit y = 3x - 1 with 10% gross outliers
  int64_t n = 200;
  Tensor x = ember::rand({n, 1}) * 4 - 2;
  Tensor y = 3 * x - 1 + ember::randn({n, 1}) * 0.05;
  Tensor outlier = ember::rand({n, 1}).lt(0.1);
  y = ember::where(outlier, y + 30.0, y);
  auto model = std::make_shared<ember::nn::Linear>(1, 1);
  int steps = quick ? 600 : 3000;
  for (int step = 0; step < steps; ++step) {
    model->zero_grad();
    Tensor loss = log_cosh_loss(model->forward(x), y);
    loss.backward();
    ember::NoGradGuard no_grad;
    for (Tensor& param : model->parameters()) param.sub_(param.grad() * 0.5);
    if (step % (steps / 5) == 0) std::cout << "step " << step << " loss " << loss.item<float>() << "\n";
  }
  double slope = model->weight.item<double>(), intercept = model->bias.item<double>();
  std::cout << "learned y = " << slope << " x + " << intercept << "\n";
  checker.check(std::fabs(slope - 3) < 0.2 && std::fabs(intercept + 1) < 0.3,
                "training with the custom loss recovers slope 3 and intercept -1 despite outliers");
  return checker.exit_code();
}
