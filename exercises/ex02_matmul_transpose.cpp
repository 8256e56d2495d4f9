// Exercise 2 — multiply a 3x3 tensor by its transpose.
//
// a.matmul(a.t()) is A A^T; t() is a view (no copy), and the GEMM kernel reads
// the transposed operand in place. The check: it equals a naive triple loop,
// and the result is symmetric, as A A^T always is.
#include "ember.h"
#include "exercise.h"

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(2);

  ember::Tensor a = ember::randn({3, 3});
  ember::Tensor product = a.matmul(a.t());
  std::cout << "a =\n" << a << "\na @ a.T =\n" << product << "\n";

  // the naive triple loop: p[i][j] = sum_k a[i][k] * a[j][k]
  ember::Tensor naive = ember::zeros({3, 3});
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      double s = 0;
      for (int k = 0; k < 3; ++k) s += a.index({i, k}).item<double>() * a.index({j, k}).item<double>();
      naive.index_put_({i, j}, s);
    }
  checker.check(product.allclose(naive, 1e-5, 1e-6), "matmul(a, a.t()) equals the triple loop");
  checker.check(product.allclose(product.t()), "a @ a.T is symmetric");
  return checker.exit_code();
}
