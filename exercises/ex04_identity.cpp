// Exercise 4 — a 4x4 tensor of zeros with ones on the diagonal.
//
// fill_diagonal_ writes through a strided view of the diagonal (stride
// rows + 1), in place. The check: the result equals ember::eye(4).
#include "ember.h"
#include "exercise.h"

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;

  ember::Tensor m = ember::zeros({4, 4});
  m.fill_diagonal_(1);
  std::cout << m << "\n";
  checker.check(m.equal(ember::eye(4)), "zeros + fill_diagonal_(1) equals eye(4)");
  checker.check(m.sum().item<float>() == 4.0f, "exactly four ones");
  return checker.exit_code();
}
