// Exercise 28 — custom activation functions (Swish and GELU) with their own
// backward passes.
//
// Each is an ember::autograd::Function: forward computes the activation
// without recording a graph, backward returns the derivative written by hand.
//   swish(x) = x * sigmoid(beta x)
//   swish'(x) = s + beta x s (1 - s),             s = sigmoid(beta x)
//   gelu(x)  = x * Phi(x)                          (Phi: the normal CDF)
//   gelu'(x) = Phi(x) + x * phi(x),                phi(x) = exp(-x^2/2) / sqrt(2 pi)
// gradcheck compares the hand-written backward with finite differences, and
// the forward is compared with ember's built-in gelu/silu.
#include <cmath>

#include "ember.h"
#include "exercise.h"

using ember::Tensor;
using ember::TensorList;
using ember::autograd::AutogradContext;

struct Swish : ember::autograd::Function<Swish> {
  static Tensor forward(AutogradContext* ctx, const Tensor& x, double beta) {
    ctx->save_for_backward({x});
    ctx->saved_data["beta"] = beta;
    return x * (x * beta).sigmoid();
  }
  static TensorList backward(AutogradContext* ctx, TensorList grad_outputs) {
    Tensor x = ctx->get_saved_variables()[0];
    double beta = std::any_cast<double>(ctx->saved_data["beta"]);
    Tensor s = (x * beta).sigmoid();
    return {grad_outputs[0] * (s + x * beta * s * (1 - s)), Tensor()};  // no gradient for beta
  }
};

struct Gelu : ember::autograd::Function<Gelu> {
  static Tensor forward(AutogradContext* ctx, const Tensor& x) {
    ctx->save_for_backward({x});
    return x * 0.5 * (1 + (x / std::sqrt(2.0)).erf());
  }
  static TensorList backward(AutogradContext* ctx, TensorList grad_outputs) {
    Tensor x = ctx->get_saved_variables()[0];
    Tensor cdf = 0.5 * (1 + (x / std::sqrt(2.0)).erf());
    Tensor pdf = (x * x * -0.5).exp() / std::sqrt(2 * 3.14159265358979323846);
    return {grad_outputs[0] * (cdf + x * pdf)};
  }
};

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;

  Tensor input = ember::tensor({-1.0, 0.0, 1.0, 2.0});
  std::cout << "input:        " << input << "\n"
            << "swish(input): " << Swish::apply(input, 1.0) << "\n"
            << "gelu(input):  " << Gelu::apply(input) << "\n";
  checker.check(Swish::apply(input, 1.0).allclose(ember::silu(input)), "swish with beta 1 equals silu");
  checker.check(Gelu::apply(input).allclose(ember::gelu(input)), "gelu equals the built-in gelu");

  ember::manual_seed(28);
  Tensor x = ember::randn({quick ? 6 : 64}, ember::kFloat64).requires_grad_();
  Tensor y = Swish::apply(x, 1.7);
  std::cout << "grad_fn of swish: " << y.grad_fn()->name() << "\n";
  checker.check(ember::autograd::gradcheck([](const TensorList& in) { return TensorList{Swish::apply(in[0], 1.7)}; },
                                           {x}),
                "Swish's backward passes gradcheck");
  checker.check(ember::autograd::gradcheck([](const TensorList& in) { return TensorList{Gelu::apply(in[0])}; }, {x}),
                "GELU's backward passes gradcheck");

  // trained end to end: the gradient flows through the custom op
  Tensor w = ember::tensor({0.5}, ember::kFloat64).requires_grad_();
  Tensor loss = Gelu::apply(x * w).pow(2).mean();
  loss.backward();
  checker.check(w.grad().defined() && std::isfinite(w.grad().item<double>()), "gradients flow through to w");
  return checker.exit_code();
}
