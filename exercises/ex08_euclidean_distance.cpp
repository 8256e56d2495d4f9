// Exercise 8 — the Euclidean distance between two tensors.
//
// d(a, b) = sqrt(sum_i (a_i - b_i)^2), written with tensor ops, and again as
// the 2-norm of the difference. For many points at once, cdist gives every
// pairwise distance between the rows of two matrices.
#include <cmath>

#include "ember.h"
#include "exercise.h"

ember::Tensor euclidean_distance(const ember::Tensor& a, const ember::Tensor& b) {
  return (a - b).pow(2).sum().sqrt();
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;

  ember::Tensor a = ember::tensor({1.0, 2.0, 3.0});
  ember::Tensor b = ember::tensor({4.0, 6.0, 8.0});
  ember::Tensor d = euclidean_distance(a, b);
  std::cout << "a = " << a << "\nb = " << b << "\ndistance = " << d << "\n";
  // closed form: sqrt(3^2 + 4^2 + 5^2) = sqrt(50)
  checker.check(std::fabs(d.item<double>() - std::sqrt(50.0)) < 1e-6, "distance equals sqrt(50)");
  checker.check(std::fabs((a - b).norm().item<double>() - std::sqrt(50.0)) < 1e-6, "(a - b).norm() agrees");

  // batched: every row of x against every row of y
  ember::manual_seed(8);
  int64_t n = quick ? 5 : 50;
  ember::Tensor x = ember::randn({n, 3}), y = ember::randn({n + 2, 3});
  ember::Tensor all = ember::cdist(x, y);
  bool pairs_ok = true;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n + 2; ++j)
      pairs_ok &= std::fabs(all.index({i, j}).item<double>() -
                            euclidean_distance(x.select(0, i), y.select(0, j)).item<double>()) < 1e-5;
  std::cout << "cdist of " << n << " x " << n + 2 << " points, first row: " << all.select(0, 0) << "\n";
  checker.check(all.sizes() == ember::IntArrayRef{n, n + 2}, "cdist has one distance per pair");
  checker.check(pairs_ok, "cdist matches the pairwise formula");
  return checker.exit_code();
}
