// test_conv_winograd.cpp — the Winograd F(2x2, 3x3) path of the CPU
// convolution (kernels/cpu/winograd.cpp, taken by float32 3x3 stride-1
// convs with >= 16 input channels and >= 2 outputs) against the same
// convolution in float64, which runs through im2col. Forward with bias,
// input, weight and bias gradients, and conv_transpose2d (the
// input-gradient pass run as a layer). Shapes cover channel counts that are
// not multiples of the vector width, odd output sizes (the last tile
// overhangs), padding 0, 1 and 2, a 1x1 image, and chunks of tile rows that
// split images or an image (at 1 and 2 threads: 21 images of 5 tile rows
// are cut at 78 or 53 rows).
#include "support/test_utils.h"

using namespace ember;
namespace F = ember::nn::functional;

namespace {

struct WinogradCase {
  const char* name;
  int64_t N, C, O, H, W, padding;
};

// float32 results against float64 ones: the error of a float32 sum of
// C·9 products, scaled by the largest reference value
void require_float32_close(const Tensor& actual, const Tensor& expected) {
  REQUIRE(actual.scalar_type() == kFloat32);
  const double scale = expected.abs().max().item<double>();
  REQUIRE_CLOSE(actual.to(kFloat64), expected, 1e-5, 1e-5 * scale);
}

// Backpropagates one upstream gradient through the float64 result y and
// its float32 twin y32, then compares each (float32, float64) pair of leaves' gradients.
void require_gradients_close(const Tensor& y, const Tensor& y32, std::initializer_list<std::pair<Tensor, Tensor>> leaves,
                             Generator& gen) {
  Tensor g = testing::uniform_leaf(y.sizes(), gen).detach();
  y.backward(g);
  y32.backward(g.to(kFloat32));
  for (const auto& [leaf32, leaf] : leaves) require_float32_close(leaf32.grad(), leaf.grad());
}

}  // namespace

TEST_CASE("Winograd float32 convolutions equal float64 im2col ones", "[nn][conv]") {
  const WinogradCase cases[] = {
      {"32->64 on 14x14, vector lanes only", 3, 32, 64, 14, 14, 1},
      {"17->19 on 5x6, channel tails, padding 0", 2, 17, 19, 5, 6, 0},
      {"16->20 on 6x5, padding 2, odd output width", 2, 16, 20, 6, 5, 2},
      {"24->16 on 7x9, odd output sizes", 3, 24, 16, 7, 9, 1},
      {"16->16 on a 1x1 image", 2, 16, 16, 1, 1, 1},
      {"16->2 on 6x6, few outputs", 3, 16, 2, 6, 6, 1},
      {"16->24 on 9x9, chunks of tile rows that split images", 21, 16, 24, 9, 9, 1},
      {"16->16 on 40x40, one image in several chunks", 1, 16, 16, 40, 40, 1},
  };
  Generator gen(7);
  for (const WinogradCase& c : cases) {
    INFO(c.name);
    Tensor x = testing::uniform_leaf({c.N, c.C, c.H, c.W}, gen), w = testing::uniform_leaf({c.O, c.C, 3, 3}, gen);
    Tensor b = testing::uniform_leaf({c.O}, gen);
    Tensor x32 = x.detach().to(kFloat32).requires_grad_(true), w32 = w.detach().to(kFloat32).requires_grad_(true);
    Tensor b32 = b.detach().to(kFloat32).requires_grad_(true);
    Tensor y = F::conv2d(x, w, b, 1, c.padding), y32 = F::conv2d(x32, w32, b32, 1, c.padding);
    require_float32_close(y32, y);
    require_gradients_close(y, y32, {{x32, x}, {w32, w}, {b32, b}}, gen);
  }
}

TEST_CASE("Winograd float32 transposed convolutions equal float64 ones", "[nn][conv]") {
  // conv_transpose2d with stride 1 is the input-gradient pass of a conv; its
  // own gradients are a conv forward (input) and a weight gradient
  Generator gen(8);
  for (int64_t padding : {0, 1, 2}) {
    INFO("padding " << padding);
    Tensor x = testing::uniform_leaf({3, 20, 6, 7}, gen), w = testing::uniform_leaf({20, 17, 3, 3}, gen);
    Tensor x32 = x.detach().to(kFloat32).requires_grad_(true), w32 = w.detach().to(kFloat32).requires_grad_(true);
    Tensor y = F::conv_transpose2d(x, w, {}, 1, padding), y32 = F::conv_transpose2d(x32, w32, {}, 1, padding);
    REQUIRE(y.size(2) == 6 + 2 - 2 * padding);
    require_float32_close(y32, y);
    require_gradients_close(y, y32, {{x32, x}, {w32, w}}, gen);
  }
}
