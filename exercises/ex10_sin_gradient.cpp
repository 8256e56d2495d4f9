// Exercise 10 — autograd of y = sin(x) at x = pi/4.
//
// d/dx sin(x) = cos(x), so the gradient at pi/4 is cos(pi/4) = sqrt(2)/2.
// SinBackward0 multiplies the incoming gradient (1 for a scalar output) by
// cos(x), which it computes from the saved input.
#include <cmath>

#include "ember.h"
#include "exercise.h"

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;

  const double pi = 3.14159265358979323846;
  ember::Tensor x = ember::full({}, pi / 4, ember::kFloat64).requires_grad_();
  ember::Tensor y = x.sin();
  y.backward();
  std::cout << "x = pi/4 = " << x.item<double>() << "\n"
            << "sin(x) = " << y.item<double>() << "\n"
            << "dy/dx by autograd = " << x.grad().item<double>() << "\n"
            << "cos(pi/4) = " << std::cos(pi / 4) << "\n";
  checker.check(std::fabs(x.grad().item<double>() - std::cos(pi / 4)) < 1e-15, "gradient equals cos(pi/4)");
  checker.check(y.grad_fn()->name() == "SinBackward0", "the graph recorded SinBackward0");
  return checker.exit_code();
}
