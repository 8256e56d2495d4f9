// Exercise 3 — a 5x5 random tensor: mean and standard deviation of each column.
//
// mean(0) and std(0) reduce over dim 0 (the rows), leaving one value per
// column. std is unbiased like torch's: sqrt(sum((x - mean)^2) / (n - 1)).
// The check recomputes both by hand, element by element.
#include <cmath>

#include "ember.h"
#include "exercise.h"

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(3);

  ember::Tensor x = ember::rand({5, 5});
  ember::Tensor mean = x.mean(0);
  ember::Tensor std = x.std(0);
  std::cout << "x =\n" << x << "\ncolumn means: " << mean << "\ncolumn stds:  " << std << "\n";

  bool means_ok = true, stds_ok = true;
  for (int j = 0; j < 5; ++j) {
    double s = 0, ss = 0;
    for (int i = 0; i < 5; ++i) s += x.index({i, j}).item<double>();
    double m = s / 5;
    for (int i = 0; i < 5; ++i) ss += std::pow(x.index({i, j}).item<double>() - m, 2);
    means_ok &= std::fabs(mean.index({j}).item<double>() - m) < 1e-6;
    stds_ok &= std::fabs(std.index({j}).item<double>() - std::sqrt(ss / 4)) < 1e-6;
  }
  checker.check(means_ok, "mean(0) matches the hand computation");
  checker.check(stds_ok, "std(0) matches sqrt(sum((x - mean)^2) / (n - 1))");
  checker.check(mean.sizes() == ember::IntArrayRef{5}, "one mean per column");
  return checker.exit_code();
}
