// Exercise 5 — the gradient of y = x^3 + 2x^2 - 5x + 1.
//
// Autograd records each op on x (pow, mul, add, ...) and backward() walks the
// record in reverse. The derivative is dy/dx = 3x^2 + 4x - 5, which at x = 2
// is 3*4 + 4*2 - 5 = 15. (The seed's explanation says 23, an arithmetic
// slip: 12 + 8 - 5 is 15.)
#include <cmath>

#include "ember.h"
#include "exercise.h"

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;

  ember::Tensor x = ember::tensor({2.0}, ember::kFloat64).view({}).requires_grad_();
  ember::Tensor y = x.pow(3) + 2 * x.pow(2) - 5 * x + 1;
  y.backward();
  double closed_form = 3 * 4.0 + 4 * 2.0 - 5;
  std::cout << "y(2) = " << y.item<double>() << "\n"
            << "dy/dx at x = 2 by autograd: " << x.grad().item<double>() << "\n"
            << "closed form 3x^2 + 4x - 5 at x = 2: " << closed_form << "\n"
            << "y's grad_fn: " << y.grad_fn()->name() << "\n";
  checker.check(y.item<double>() == 8.0 + 8.0 - 10.0 + 1.0, "y(2) = 7");
  checker.check(std::fabs(x.grad().item<double>() - 15.0) < 1e-12, "dy/dx = 15 (not the seed's 23)");
  return checker.exit_code();
}
