// test_conv_depthwise.cpp — depthwise convolutions (groups equal to the
// input channels: the forward pass runs kernels/cpu/depthwise.cpp, the
// gradients grouped im2col) against the same convolution composed of one
// single-channel conv per output channel (groups 1, im2col), concatenated:
// the output, and the input, weight and bias gradients through autograd, in
// float64 and in float32. Cases cover stride 2 (and 3 against a size that
// leaves columns over), padding beyond the kernel's reach, dilation, a
// non-square kernel, odd and even tap counts, rows longer than a vector
// (the stride-1 float path sums 16 outputs at a time), channel multipliers
// 2 and 3, conv1d, and conv_transpose2d with groups (its forward pass is
// the input gradient).
#include "support/test_utils.h"

using namespace ember;
namespace F = ember::nn::functional;
using Catch::Matchers::Contains;

namespace {

struct DepthwiseCase {
  const char* name;
  int64_t N, C, M, H, W, kh, kw, stride, padding, dilation;
};

// The reference: output channel o = c·M + m is conv2d(x[:, c], w[o]) + b[o], groups 1.
Tensor per_channel_conv(const Tensor& x, const Tensor& w, const Tensor& b, const DepthwiseCase& c) {
  std::vector<Tensor> outputs;
  for (int64_t o = 0; o < c.C * c.M; ++o) {
    const int64_t ch = o / c.M;
    outputs.push_back(F::conv2d(x.slice(1, ch, ch + 1), w.slice(0, o, o + 1), b.slice(0, o, o + 1), c.stride,
                                c.padding, c.dilation));
  }
  return cat(outputs, 1);
}

// Runs the depthwise conv in dtype and the reference in float64 on the same
// values, backpropagates one upstream gradient through both, and compares
// outputs and gradients.
void require_matches_reference(const DepthwiseCase& c, ScalarType dtype, Generator& gen) {
  Tensor x = testing::uniform_leaf({c.N, c.C, c.H, c.W}, gen), w = testing::uniform_leaf({c.C * c.M, 1, c.kh, c.kw}, gen);
  Tensor b = testing::uniform_leaf({c.C * c.M}, gen);
  Tensor xd = x.detach().to(dtype).requires_grad_(true), wd = w.detach().to(dtype).requires_grad_(true);
  Tensor bd = b.detach().to(dtype).requires_grad_(true);
  Tensor expected = per_channel_conv(x, w, b, c);
  Tensor actual = F::conv2d(xd, wd, bd, c.stride, c.padding, c.dilation, c.C);
  REQUIRE(actual.sizes() == expected.sizes());
  const double tol = dtype == kFloat32 ? 1e-5 : 1e-12;
  REQUIRE_CLOSE(actual.to(kFloat64), expected, tol, tol);
  Tensor g = testing::uniform_leaf(expected.sizes(), gen).detach();
  expected.backward(g);
  actual.backward(g.to(dtype));
  // the weight gradient sums N·Ho·Wo products: scale the tolerance by the largest
  const double wscale = w.grad().abs().max().item<double>();
  REQUIRE_CLOSE(xd.grad().to(kFloat64), x.grad(), tol, tol);
  REQUIRE_CLOSE(wd.grad().to(kFloat64), w.grad(), tol, tol * wscale);
  REQUIRE_CLOSE(bd.grad().to(kFloat64), b.grad(), tol, tol * wscale);
}

}  // namespace

TEST_CASE("depthwise convolutions equal one single-channel conv per output", "[nn][conv]") {
  const DepthwiseCase cases[] = {
      {"3x3, padding 1, 64 channels (the benchmark's shape, smaller)", 2, 64, 1, 8, 8, 3, 3, 1, 1, 1},
      {"3x3 stride 2 on an odd image", 3, 5, 1, 9, 7, 3, 3, 2, 1, 1},
      {"5x5 stride 3, columns left over", 2, 4, 1, 11, 10, 5, 5, 3, 2, 1},
      {"3x3 dilation 2, padding 3 beyond the kernel's reach", 2, 3, 1, 6, 5, 3, 3, 1, 3, 2},
      {"1x3 kernel, multiplier 2, no padding", 2, 3, 2, 5, 8, 1, 3, 1, 0, 1},
      {"3x3, multiplier 3, stride 2", 2, 2, 3, 7, 7, 3, 3, 2, 1, 1},
      {"3x3 on a 1x1 image", 2, 4, 1, 1, 1, 3, 3, 1, 1, 1},
      {"3x3 on 9x37: rows of two full vectors and a tail", 2, 3, 1, 9, 37, 3, 3, 1, 1, 1},
      {"5x5 on 6x20: an odd tap count (25)", 2, 2, 1, 6, 20, 5, 5, 1, 2, 1},
      {"2x2 on 5x17: an even tap count, rows of exactly 16", 2, 2, 1, 5, 17, 2, 2, 1, 0, 1},
      {"kernel larger than the image, no padding reach", 1, 3, 1, 2, 2, 3, 3, 1, 0, 1},
  };
  Generator gen(11);
  for (const DepthwiseCase& c : cases) {
    if (c.H + 2 * c.padding < (c.kh - 1) * c.dilation + 1) {  // torch refuses an empty output too
      Tensor x = randn({c.N, c.C, c.H, c.W});
      REQUIRE_THROWS_WITH(F::conv2d(x, randn({c.C * c.M, 1, c.kh, c.kw}), {}, c.stride, c.padding, c.dilation, c.C),
                          Contains("[conv2d] the kernel") && Contains("is larger than the padded input"));
      continue;
    }
    for (ScalarType dtype : {kFloat64, kFloat32}) {
      INFO(c.name << " in " << dtype);
      require_matches_reference(c, dtype, gen);
    }
  }
}

TEST_CASE("depthwise conv1d and grouped conv_transpose2d match their compositions", "[nn][conv]") {
  Generator gen(12);
  // conv1d: the 2-D kernel with a height of 1
  Tensor x = testing::uniform_leaf({2, 4, 9}, gen), w = testing::uniform_leaf({8, 1, 3}, gen);
  REQUIRE_CLOSE(F::conv1d(x, w, {}, 2, 1, 1, 4),
                F::conv2d(x.unsqueeze(2), w.unsqueeze(2), {}, IntArrayRef{1, 2}, IntArrayRef{0, 1}, 1, 4).squeeze(2), 1e-12, 1e-12);
  std::vector<Tensor> parts;
  for (int64_t o = 0; o < 8; ++o)
    parts.push_back(F::conv1d(x.slice(1, o / 2, o / 2 + 1), w.slice(0, o, o + 1), {}, 2, 1));
  REQUIRE_CLOSE(F::conv1d(x, w, {}, 2, 1, 1, 4), cat(parts, 1), 1e-12, 1e-12);
  // conv_transpose2d with groups = output channels: each input channel
  // spreads into its own output channel
  Tensor xt = testing::uniform_leaf({2, 6, 4, 5}, gen), wt = testing::uniform_leaf({6, 1, 3, 3}, gen);
  Tensor yt = F::conv_transpose2d(xt, wt, {}, 2, 1, 1, 6);
  std::vector<Tensor> spread;
  for (int64_t c = 0; c < 6; ++c)
    spread.push_back(F::conv_transpose2d(xt.slice(1, c, c + 1), wt.slice(0, c, c + 1), {}, 2, 1, 1));
  REQUIRE_CLOSE(yt, cat(spread, 1), 1e-12, 1e-12);
  REQUIRE(autograd::gradcheck([](const TensorList& t) { return TensorList{F::conv_transpose2d(t[0], t[1], {}, 2, 1, 1, 3)}; },
                    {testing::uniform_leaf({1, 3, 3, 3}, gen), testing::uniform_leaf({3, 1, 3, 3}, gen)}));
  REQUIRE(autograd::gradcheck([](const TensorList& t) { return TensorList{F::conv2d(t[0], t[1], t[2], 2, 1, 2, 3)}; },
                    {testing::uniform_leaf({2, 3, 6, 5}, gen), testing::uniform_leaf({6, 1, 3, 3}, gen),
                     testing::uniform_leaf({6}, gen)}));
}
