// Exercise 9 — concatenate two tensors column-wise with cat.
//
// cat({a, b}, 1) joins along dim 1 (columns): the rows must agree, the column
// counts add up, and each input lands in its own block of the result.
#include "ember.h"
#include "exercise.h"

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;

  ember::Tensor a = ember::tensor({{1, 2}, {3, 4}});
  ember::Tensor b = ember::tensor({{5, 6, 7}, {8, 9, 10}});
  ember::Tensor c = ember::cat({a, b}, 1);
  std::cout << "a =\n" << a << "\nb =\n" << b << "\ncat({a, b}, 1) =\n" << c << "\n";

  checker.check(c.sizes() == ember::IntArrayRef{2, 5}, "shape (2, 2 + 3)");
  checker.check(c.narrow(1, 0, 2).equal(a), "the first two columns are a");
  checker.check(c.narrow(1, 2, 3).equal(b), "the last three columns are b");
  bool refused = false;
  try {
    (void)ember::cat({a, ember::zeros({3, 1}, ember::kInt32)}, 1);
  } catch (const ember::Error& e) {
    refused = true;
    std::cout << "mismatched rows: " << e.what() << "\n";
  }
  checker.check(refused, "cat refuses tensors whose rows differ");
  return checker.exit_code();
}
