// Exercise 91 — gradient checking.
//
// A linear model y = x W^T + b with a mean squared error loss. The seed's
// recipe first: perturb each input element by +-eps and compare the central
// difference (L(x + eps) - L(x - eps)) / 2 eps with autograd's gradient.
// Then the same check for every parameter with ember's public
// autograd::gradcheck (float64, random cotangent, worst element reported),
// and proof that the check catches a wrong backward.
#include <cmath>

#include "ember.h"
#include "exercise.h"

using ember::Tensor;
using ember::TensorList;

Tensor mse_loss(const Tensor& prediction, const Tensor& target) { return (prediction - target).pow(2).mean(); }

Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b) { return x.matmul(w.t()) + b; }

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(91);

  Tensor w = ember::randn({1, 2}, ember::kFloat64).requires_grad_();
  Tensor b = ember::randn({1}, ember::kFloat64).requires_grad_();
  Tensor x = ember::tensor({{1.0, 2.0}}, ember::kFloat64).requires_grad_();
  Tensor target = ember::tensor({{3.0}}, ember::kFloat64);

  mse_loss(linear(x, w, b), target).backward();
  Tensor automatic = x.grad().clone();
  Tensor numerical = ember::zeros_like(x);
  const double eps = 1e-6;
  {
    ember::NoGradGuard no_grad;  // perturbing a leaf in place is fine outside grad mode
    for (int64_t i = 0; i < x.numel(); ++i) {
      double original = x.index({0, i}).item<double>();
      x.index_put_({0, i}, original + eps);
      double plus = mse_loss(linear(x, w, b), target).item<double>();
      x.index_put_({0, i}, original - eps);
      double minus = mse_loss(linear(x, w, b), target).item<double>();
      x.index_put_({0, i}, original);
      numerical.index_put_({0, i}, (plus - minus) / (2 * eps));
    }
  }
  std::cout << "automatic gradient: " << automatic << "\nnumerical gradient: " << numerical << "\n";
  checker.check(automatic.allclose(numerical, 1e-6, 1e-8), "autograd matches central differences");

  int64_t n = quick ? 4 : 32;
  Tensor batch = ember::randn({n, 2}, ember::kFloat64).requires_grad_();
  Tensor targets = ember::randn({n, 1}, ember::kFloat64);
  auto loss_fn = [&](const TensorList& in) { return TensorList{mse_loss(linear(in[0], in[1], in[2]), targets)}; };
  checker.check(ember::autograd::gradcheck(loss_fn, {batch, w, b}), "gradcheck: input, weight and bias");
  checker.check(ember::autograd::gradgradcheck(loss_fn, {batch, w, b}), "gradgradcheck: second derivatives");

  // a deliberately wrong backward must be caught, with the worst element named
  struct WrongSquare : ember::autograd::Function<WrongSquare> {
    static Tensor forward(ember::autograd::AutogradContext* ctx, const Tensor& t) {
      ctx->save_for_backward({t});
      return t * t;
    }
    static TensorList backward(ember::autograd::AutogradContext* ctx, TensorList g) {
      return {g[0] * ctx->get_saved_variables()[0]};  // should be 2t
    }
  };
  bool caught = false;
  try {
    ember::autograd::gradcheck([](const TensorList& in) { return TensorList{WrongSquare::apply(in[0])}; },
                               {ember::randn({3}, ember::kFloat64).requires_grad_()});
  } catch (const ember::Error& e) {
    caught = true;
    std::cout << "wrong backward detected: " << e.what() << "\n";
  }
  checker.check(caught, "gradcheck rejects a wrong derivative");
  return checker.exit_code();
}
