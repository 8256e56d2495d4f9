// cases_conv.cpp — float32 2-d convolutions at batch 64, 3x3 padding 1 unless
// named otherwise, no bias:
//
//   conv/<in>x<out>@<side>[/1x1|/depthwise]/fwd     y = conv2d(x, w)
//   conv/<in>x<out>@<side>[/1x1|/depthwise]/fwdbwd  y, then y.backward(g):
//                                                   grads of x and w
//
// Shapes: 1->32 on 28x28 and 32->64 on 14x14 (the demo CNN), 3->64 and 64->64
// on 32x32 (CIFAR-sized), a 1x1 64->64 and a depthwise 3x3 64-channel conv
// (groups = 64) on 32x32. Work is the forward's multiply-adds x 2; fwdbwd
// counts three times that (the two gradient products match the forward's).
#include "cases.h"
#include "ember.h"

namespace bench {
namespace {

struct Conv {
  std::string name;
  int64_t in, out, side, kernel, groups;
};

}  // namespace

std::vector<Case> conv_cases() {
  const int64_t batch = 64;
  const std::vector<Conv> convs = {
      {"1x32@28", 1, 32, 28, 3, 1},         {"32x64@14", 32, 64, 14, 3, 1}, {"3x64@32", 3, 64, 32, 3, 1},
      {"64x64@32", 64, 64, 32, 3, 1},       {"64x64@32/1x1", 64, 64, 32, 1, 1},
      {"64x64@32/depthwise", 64, 64, 32, 3, 64},
  };
  std::vector<Case> cases;
  for (const Conv& c : convs) {
    const double flops = 2.0 * batch * c.out * c.side * c.side * (c.in / c.groups) * c.kernel * c.kernel;
    auto make = [c, batch](bool backward) {
      ember::Tensor x = ember::randn({batch, c.in, c.side, c.side}).requires_grad_(backward);
      ember::Tensor w = ember::randn({c.out, c.in / c.groups, c.kernel, c.kernel}).requires_grad_(backward);
      ember::Tensor g = ember::randn({batch, c.out, c.side, c.side});
      const int64_t pad = c.kernel / 2;
      return std::function<void()>([=]() mutable {
        ember::Tensor y = ember::nn::functional::conv2d(x, w, {}, 1, pad, 1, c.groups);
        if (!backward) return;
        x.mutable_grad() = ember::Tensor();
        w.mutable_grad() = ember::Tensor();
        y.backward(g);
      });
    };
    cases.push_back({"conv/" + c.name + "/fwd", flops, "flop", [make] { return make(false); }});
    cases.push_back({"conv/" + c.name + "/fwdbwd", 3 * flops, "flop", [make] { return make(true); }});
  }
  return cases;
}

}  // namespace bench
