// cases_overhead.cpp — the fixed cost of one call, where the arithmetic is
// nothing (reported as microseconds per call):
//
//   overhead/add          a + b on 4-element tensors, no autograd
//   overhead/add_grad     the same with a.requires_grad: the add is recorded
//                         (a graph node is made; no backward)
//   overhead/linear_relu  relu(Linear(8, 8)(x)).sum().backward() on x (4, 8)
//
// The ember-Python and torch Python peers time the same calls from Python.
#include "cases.h"
#include "ember.h"

namespace bench {

std::vector<Case> overhead_cases() {
  auto add = [](bool grad) {
    ember::Tensor a = ember::randn({4}).requires_grad_(grad), b = ember::randn({4});
    return std::function<void()>([a, b] { ember::Tensor c = a + b; });
  };
  return {
      {"overhead/add", 0, "", [=] { return add(false); }},
      {"overhead/add_grad", 0, "", [=] { return add(true); }},
      {"overhead/linear_relu", 0, "",
       [] {
         auto linear = std::make_shared<ember::nn::Linear>(8, 8);
         ember::Tensor x = ember::randn({4, 8});
         return std::function<void()>([linear, x] { ember::relu(linear->forward(x)).sum().backward(); });
       }},
  };
}

}  // namespace bench
