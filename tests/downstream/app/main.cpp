// A user program: includes ember, computes, checks the answer.
#ifdef EMBER_INSTALLED
#include <ember/ember.h>  // the installed layout
#else
#include "ember.h"
#endif

#include <iostream>

int main() {
  ember::Tensor a = ember::arange(6, ember::kFloat32).view({2, 3});
  ember::Tensor g = a.matmul(a.t());  // [[5, 14], [14, 50]]
  std::cout << g << "\n";
  bool ok = g.equal(ember::tensor({{5.0, 14.0}, {14.0, 50.0}}));
  std::cout << (ok ? "downstream OK" : "downstream WRONG") << "\n";
  return ok ? 0 : 1;
}
