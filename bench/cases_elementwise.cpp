// cases_elementwise.cpp — memory-bound ops on 16M contiguous floats (as a
// 4096 x 4096 matrix where a dim matters), measured as GB/s against the
// STREAM triad of cases_limits.cpp:
//
//   elementwise/add, mul                 2 inputs, 1 output: 3 x 64 MiB moved
//   elementwise/relu, exp, sigmoid, gelu 1 input, 1 output:  2 x 64 MiB
//   elementwise/sum_lastdim              x.sum(-1): 64 MiB read
//   elementwise/softmax, layer_norm      over the last dim (layer_norm with
//                                        weight and bias): 2 x 64 MiB
//
// The work counted is the least traffic each op needs (each input read and
// each output written once), so GB/s here is comparable with STREAM's.
#include "cases.h"
#include "ember.h"

namespace bench {
namespace {

constexpr int64_t kSide = 4096;  // 16M floats
constexpr double kBytes = 4.0 * kSide * kSide;

using Unary = ember::Tensor (*)(const ember::Tensor&);

Case unary(const std::string& name, Unary f) {
  return {"elementwise/" + name, 2 * kBytes, "byte", [f] {
            ember::Tensor x = ember::randn({kSide, kSide});
            return std::function<void()>([x, f] { f(x); });
          }};
}

}  // namespace

std::vector<Case> elementwise_cases() {
  auto matrix = [] { return ember::randn({kSide, kSide}); };
  return {
      {"elementwise/add", 3 * kBytes, "byte",
       [=] { return std::function<void()>([a = matrix(), b = matrix()] { a + b; }); }},
      {"elementwise/mul", 3 * kBytes, "byte",
       [=] { return std::function<void()>([a = matrix(), b = matrix()] { a * b; }); }},
      unary("relu", [](const ember::Tensor& x) { return ember::relu(x); }),
      unary("exp", [](const ember::Tensor& x) { return ember::exp(x); }),
      unary("sigmoid", [](const ember::Tensor& x) { return ember::sigmoid(x); }),
      unary("gelu", [](const ember::Tensor& x) { return ember::gelu(x); }),
      {"elementwise/sum_lastdim", kBytes, "byte",
       [=] { return std::function<void()>([x = matrix()] { ember::sum(x, {-1}); }); }},
      {"elementwise/softmax", 2 * kBytes, "byte",
       [=] { return std::function<void()>([x = matrix()] { ember::softmax(x, -1); }); }},
      {"elementwise/layer_norm", 2 * kBytes, "byte",
       [=] {
         return std::function<void()>([x = matrix(), w = ember::ones({kSide}), b = ember::zeros({kSide})] {
           ember::nn::functional::layer_norm(x, {kSide}, w, b);
         });
       }},
  };
}

}  // namespace bench
