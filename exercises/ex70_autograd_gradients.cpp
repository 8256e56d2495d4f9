// Exercise 70 — computing gradients with autograd.
//
// The seed's y = x0^2 + x1^3 first, then what torch.autograd offers beyond
// backward(): the gradient of a non-scalar output given a gradient for it
// (a vector-Jacobian product), autograd::grad without touching .grad(),
// retain_graph for a second backward, and a second derivative with
// create_graph.
#include <cmath>

#include "ember.h"
#include "exercise.h"

using ember::Tensor;

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;

  // y = x0^2 + x1^3: dy/dx = (2 x0, 3 x1^2) = (4, 27) at (2, 3)
  Tensor x = ember::tensor({2.0, 3.0}, ember::kFloat64).requires_grad_();
  Tensor y = x.index({0}).pow(2) + x.index({1}).pow(3);
  y.backward();
  std::cout << "gradients: " << x.grad() << "\n";
  checker.check(x.grad().allclose(ember::tensor({4.0, 27.0}, ember::kFloat64)), "dy/dx = (4, 27)");

  // a non-scalar output needs the gradient of something w.r.t. it: v^T J
  Tensor a = ember::tensor({1.0, 2.0, 3.0}, ember::kFloat64).requires_grad_();
  Tensor z = a * a;  // J = diag(2a)
  Tensor v = ember::tensor({1.0, 0.1, 0.01}, ember::kFloat64);
  z.backward(v, /*retain_graph=*/true);
  std::cout << "v^T J for z = a^2: " << a.grad() << "\n";
  checker.check(a.grad().allclose(ember::tensor({2.0, 0.4, 0.06}, ember::kFloat64)), "vector-Jacobian product");

  // retain_graph kept the graph: a second backward accumulates
  z.backward(v);
  checker.check(a.grad().allclose(ember::tensor({4.0, 0.8, 0.12}, ember::kFloat64)),
                "second backward through the retained graph accumulates");
  bool refused = false;
  try {
    z.backward(v);
  } catch (const ember::Error& e) {
    refused = true;
    std::cout << "third backward: " << e.what() << "\n";
  }
  checker.check(refused, "without retain_graph the graph is freed and a third backward is refused");

  // autograd::grad and higher order: f = sin(t) t, f' = cos(t) t + sin(t), f'' = 2 cos(t) - t sin(t)
  Tensor t = ember::full({}, 0.8, ember::kFloat64).requires_grad_();
  Tensor f = t.sin() * t;
  Tensor df = ember::autograd::grad({f}, {t}, {}, std::nullopt, /*create_graph=*/true)[0];
  Tensor d2f = ember::autograd::grad({df}, {t})[0];
  double tv = 0.8;
  std::cout << "f'(0.8) = " << df.item<double>() << ", f''(0.8) = " << d2f.item<double>() << "\n";
  checker.check(std::fabs(df.item<double>() - (std::cos(tv) * tv + std::sin(tv))) < 1e-12, "first derivative");
  checker.check(std::fabs(d2f.item<double>() - (2 * std::cos(tv) - tv * std::sin(tv))) < 1e-12,
                "second derivative through create_graph");
  checker.check(!t.grad().defined(), "autograd::grad leaves .grad() untouched");
  return checker.exit_code();
}
