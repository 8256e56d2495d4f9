// test_conv_paths.cpp — two fast paths of the CPU convolution against the
// plain one. First the "same"-padding path
// (kernels/cpu/conv.cpp: stride 1 and output rows as long as input rows, so
// im2col/col2im move whole shifted planes) against the general path on the
// same numbers: conv(x, padding p) must equal conv(pad(x, p), padding 0),
// whose output rows are shorter than its input rows. Values and both input
// gradients, in float64, over 1-, 2- and 3-d convs, dilations, asymmetric
// kernels and groups. Then several images per GEMM against one image at a
// time.
#include "support/test_utils.h"

using namespace ember;
namespace F = ember::nn::functional;

namespace {

struct SameCase {
  const char* name;
  Shape x, w;
  Shape padding, dilation;
  int64_t groups;
};

Tensor conv_nd(const Tensor& x, const Tensor& w, IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  switch (x.dim()) {
    case 3: return F::conv1d(x, w, {}, 1, padding, dilation, groups);
    case 4: return F::conv2d(x, w, {}, 1, padding, dilation, groups);
    default: return F::conv3d(x, w, {}, 1, padding, dilation, groups);
  }
}

}  // namespace

TEST_CASE("same-padded convolutions (shifted planes) equal convolutions of the explicitly padded input",
          "[nn][conv]") {
  const SameCase cases[] = {
      {"conv1d k3", {2, 3, 9}, {4, 3, 3}, {1}, {1}, 1},
      {"conv2d k3", {2, 3, 7, 7}, {5, 3, 3, 3}, {1, 1}, {1, 1}, 1},
      {"conv2d k5 dilation 2", {1, 2, 9, 8}, {3, 2, 5, 5}, {4, 4}, {2, 2}, 1},
      {"conv2d 3x1 kernel, rows only", {2, 4, 6, 5}, {4, 2, 3, 1}, {1, 0}, {1, 1}, 2},
      {"conv2d wider than the image", {1, 1, 3, 2}, {2, 1, 5, 5}, {2, 2}, {1, 1}, 1},
      {"conv2d k3 on a 1x1 image", {2, 3, 1, 1}, {4, 3, 3, 3}, {1, 1}, {1, 1}, 1},
      {"conv2d k5 on a 2x1 image", {1, 2, 2, 1}, {3, 2, 5, 5}, {2, 2}, {1, 1}, 1},
      {"conv3d k3", {1, 2, 4, 5, 6}, {3, 2, 3, 3, 3}, {1, 1, 1}, {1, 1, 1}, 1},
  };
  Generator gen(5);
  for (const SameCase& c : cases) {
    INFO(c.name);
    Tensor x = testing::uniform_leaf(c.x, gen), w = testing::uniform_leaf(c.w, gen);
    Tensor same = conv_nd(x, w, c.padding, c.dilation, c.groups);
    Shape pads;  // pad() takes (last dim's begin, end, then the one before, ...)
    for (size_t d = c.padding.size(); d-- > 0;) pads.insert(pads.end(), {c.padding[d], c.padding[d]});
    Tensor x2 = x.detach().requires_grad_(true), w2 = w.detach().requires_grad_(true);
    Tensor general = conv_nd(pad(x2, pads), w2, Shape(c.padding.size(), 0), c.dilation, c.groups);
    for (size_t d = 2; d < c.x.size(); ++d) REQUIRE(same.size(static_cast<int64_t>(d)) == c.x[d]);  // "same"
    REQUIRE_CLOSE(same, general, 1e-12, 1e-12);
    Tensor g = testing::uniform_leaf(same.sizes(), gen).detach();
    same.backward(g);
    general.backward(g);
    REQUIRE_CLOSE(x.grad(), x2.grad(), 1e-12, 1e-12);
    REQUIRE_CLOSE(w.grad(), w2.grad(), 1e-12, 1e-12);
  }
}

TEST_CASE("a batch convolved several images per GEMM equals each image convolved alone", "[nn][conv]") {
  // 7 images of 6x5 outputs: the CPU kernel multiplies several images' columns at once (and a ragged
  // last chunk); one image at a time cannot be chunked. Values, bias and all three gradients.
  Generator gen(6);
  for (int64_t groups : {1, 2}) {
    INFO("groups " << groups);
    Tensor x = testing::uniform_leaf({7, 4, 6, 5}, gen), w = testing::uniform_leaf({6, 4 / groups, 3, 3}, gen);
    Tensor b = testing::uniform_leaf({6}, gen);
    Tensor y = F::conv2d(x, w, b, 1, 1, 1, groups);
    Tensor g = testing::uniform_leaf(y.sizes(), gen).detach();
    y.backward(g);
    Tensor w_grad = zeros_like(w), b_grad = zeros_like(b);
    for (int64_t n = 0; n < 7; ++n) {
      Tensor xn = x.detach().slice(0, n, n + 1).requires_grad_(true);
      Tensor wn = w.detach().requires_grad_(true), bn = b.detach().requires_grad_(true);
      Tensor yn = F::conv2d(xn, wn, bn, 1, 1, 1, groups);
      REQUIRE_CLOSE(y.detach().slice(0, n, n + 1), yn, 1e-12, 1e-12);
      yn.backward(g.slice(0, n, n + 1));
      REQUIRE_CLOSE(x.grad().slice(0, n, n + 1), xn.grad(), 1e-12, 1e-12);
      w_grad = w_grad + wn.grad();
      b_grad = b_grad + bn.grad();
    }
    REQUIRE_CLOSE(w.grad(), w_grad, 1e-12, 1e-12);
    REQUIRE_CLOSE(b.grad(), b_grad, 1e-12, 1e-12);
  }
}
