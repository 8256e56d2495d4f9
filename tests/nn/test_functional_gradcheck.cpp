// test_functional_gradcheck.cpp — every nn functional op passes gradcheck in
// float64 (and the convolutions gradgradcheck: their backward is made of
// convolutions too).
#include "support/test_utils.h"

using namespace ember;
namespace F = ember::nn::functional;
using autograd::gradcheck;
using autograd::gradgradcheck;

namespace {
Generator& gen() {
  static Generator g(77);
  return g;
}
Tensor leaf(IntArrayRef shape, double lo = -1, double hi = 1) { return testing::uniform_leaf(shape, gen(), lo, hi); }
void check(const std::string& name, const autograd::GradcheckFn& fn, const TensorList& inputs, bool gg = false) {
  INFO(name);
  REQUIRE(gradcheck(fn, inputs));
  if (gg) REQUIRE(gradgradcheck(fn, inputs));
}
}  // namespace

TEST_CASE("gradcheck: convolutions", "[nn][gradcheck]") {
  check("conv2d stride, padding, bias", [](const TensorList& t) { return TensorList{F::conv2d(t[0], t[1], t[2], 2, 1)}; },
        {leaf({2, 3, 5, 6}), leaf({4, 3, 3, 3}), leaf({4})}, true);
  check("conv2d dilation, groups", [](const TensorList& t) {
    return TensorList{F::conv2d(t[0], t[1], {}, 1, {1, 2}, {2, 1}, 2)};
  }, {leaf({1, 4, 6, 5}), leaf({6, 2, 2, 3})}, true);
  check("conv2d 1x1", [](const TensorList& t) { return TensorList{F::conv2d(t[0], t[1], t[2])}; },
        {leaf({2, 3, 4, 4}), leaf({5, 3, 1, 1}), leaf({5})});
  check("conv2d same", [](const TensorList& t) { return TensorList{F::conv2d(t[0], t[1], {}, 1, "same")}; },
        {leaf({1, 2, 5, 5}), leaf({3, 2, 4, 3})});
  check("conv1d unbatched", [](const TensorList& t) { return TensorList{F::conv1d(t[0], t[1], t[2], 2, 1)}; },
        {leaf({3, 9}), leaf({2, 3, 3}), leaf({2})}, true);
  check("conv3d", [](const TensorList& t) { return TensorList{F::conv3d(t[0], t[1], t[2], 1, 1)}; },
        {leaf({1, 2, 3, 4, 3}), leaf({2, 2, 2, 3, 2}), leaf({2})});
  check("conv_transpose2d", [](const TensorList& t) {
    return TensorList{F::conv_transpose2d(t[0], t[1], t[2], 2, 1, 1)};
  }, {leaf({2, 3, 3, 4}), leaf({3, 2, 3, 3}), leaf({2})}, true);
  check("conv_transpose1d groups dilation", [](const TensorList& t) {
    return TensorList{F::conv_transpose1d(t[0], t[1], {}, 1, 0, 0, 2, 2)};
  }, {leaf({1, 4, 5}), leaf({4, 3, 2})});
}

TEST_CASE("gradcheck: pooling", "[nn][gradcheck]") {
  Tensor x = leaf({2, 3, 6, 7});
  check("max_pool2d", [](const TensorList& t) { return TensorList{F::max_pool2d(t[0], 3, 2, 1)}; }, {x}, true);
  check("max_pool2d ceil, dilation", [](const TensorList& t) {
    return TensorList{F::max_pool2d(t[0], {2, 3}, {2, 2}, 0, {1, 2}, true)};
  }, {x});
  check("max_pool1d", [](const TensorList& t) { return TensorList{F::max_pool1d(t[0], 2)}; }, {leaf({2, 7})});
  check("avg_pool2d", [](const TensorList& t) {
    return TensorList{F::avg_pool2d(t[0], 3, 2, 1), F::avg_pool2d(t[0], 2, 1, 1, true, false)};
  }, {x}, true);
  check("avg_pool2d divisor_override", [](const TensorList& t) {
    return TensorList{F::avg_pool2d(t[0], 2, {}, 0, false, true, 3)};
  }, {x});
  check("adaptive_avg_pool2d", [](const TensorList& t) { return TensorList{F::adaptive_avg_pool2d(t[0], {4, 3})}; },
        {x}, true);
  check("adaptive_max_pool2d", [](const TensorList& t) { return TensorList{F::adaptive_max_pool2d(t[0], {4, 3})}; },
        {x});
  check("avg_pool3d, adaptive_avg_pool1d", [](const TensorList& t) {
    return TensorList{F::avg_pool3d(t[0], 2), F::adaptive_avg_pool1d(t[0].flatten(2), 5)};
  }, {leaf({1, 2, 4, 4, 4})});
  Tensor indices = std::get<1>(F::max_pool2d_with_indices(x.detach(), 2));
  check("max_unpool2d", [&](const TensorList& t) {
    return TensorList{F::max_unpool2d(t[0], indices, 2, {}, 0, {6, 7})};
  }, {leaf({2, 3, 3, 3})});
}
