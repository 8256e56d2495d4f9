// test_gemm.cpp — float32 products against the same products in float64
// (Eigen): ember's packed GEMM (kernels/cpu/sgemm.cpp, products of 4M
// multiply-adds and more) and Eigen's float path below that, behind
// mm/addmm/bmm and conv2d: shapes that leave ragged edge tiles, K over one
// packed slice (256), sizes that split across threads, outputs larger than
// one packed block, narrow outputs (computed transposed), every transpose of
// the operands, alpha and beta, a batch of small products run one per
// thread, and GEMMs called from inside conv's parallel loop over images.
//
// Tolerance: a K-term float32 dot product of N(0, 1) entries is within about
// K · 6e-8 · Σ|a_ik b_kj| ≈ K · 6e-8 · K of exact; atol = 1e-6 · K is that
// bound at K ~ 16 and well above the error that grows like sqrt(K) in practice,
// while a wrong tile, row or slice gives errors of order 1.
#include "support/test_utils.h"

using namespace ember;

namespace {

struct Case {
  int64_t M, N, K;
};
const Case kShapes[] = {
    // Eigen (under 4M multiply-adds)
    {1, 1, 1}, {5, 7, 3}, {13, 33, 17}, {64, 10, 128}, {100, 3, 700},
    // sgemm: ragged tiles and three k slices, two slices, narrow (computed transposed), wide, M = 64, M = 2,
    // more rows than one packed block (3072), more columns than one packed block (4096)
    {257, 129, 513}, {300, 200, 100}, {4096, 10, 128}, {10, 4096, 128}, {64, 196, 400}, {2, 8000, 300},
    {5000, 40, 30}, {30, 5000, 40},
};

void require_product_close(const Tensor& actual32, const Tensor& expected64, int64_t K) {
  REQUIRE_CLOSE(actual32.to(kFloat64), expected64, 1e-5, 1e-6 * static_cast<double>(std::max<int64_t>(K, 16)));
}

}  // namespace

TEST_CASE("float32 mm matches float64 for ragged, deep, wide and narrow shapes and every transpose", "[linalg][gemm]") {
  manual_seed(11);
  for (const Case& c : kShapes) {
    for (int layout = 0; layout < 4; ++layout) {  // bit 0: a stored transposed, bit 1: b stored transposed
      INFO("M=" << c.M << " N=" << c.N << " K=" << c.K << " layout=" << layout);
      Tensor a = layout & 1 ? randn({c.K, c.M}).t() : randn({c.M, c.K});
      Tensor b = layout & 2 ? randn({c.N, c.K}).t() : randn({c.K, c.N});
      require_product_close(mm(a, b), mm(a.to(kFloat64), b.to(kFloat64)), c.K);
    }
  }
}

TEST_CASE("float32 addmm applies alpha and beta, and beta 0 ignores NaN in the input", "[linalg][gemm]") {
  manual_seed(12);
  for (const Case& c : {Case{37, 45, 300}, Case{200, 300, 100}, Case{64, 10, 128}, Case{4096, 10, 128}}) {
    INFO("M=" << c.M << " N=" << c.N << " K=" << c.K);
    Tensor a = randn({c.M, c.K}), b = randn({c.K, c.N}), input = randn({c.M, c.N});
    Tensor expected = addmm(input.to(kFloat64), a.to(kFloat64), b.to(kFloat64), 0.25, -1.5);
    require_product_close(addmm(input, a, b, 0.25, -1.5), expected, c.K);
    Tensor nan_input = full({c.M, c.N}, std::nan(""));
    require_product_close(addmm(nan_input, a, b, 0.0, 2.0), mm(a.to(kFloat64), b.to(kFloat64)) * 2.0, c.K);
  }
}

TEST_CASE("float32 bmm of many small products (one per thread) matches float64", "[linalg][gemm]") {
  manual_seed(13);
  Tensor a = randn({37, 9, 14}), b = randn({37, 14, 11});
  require_product_close(bmm(a, b), bmm(a.to(kFloat64), b.to(kFloat64)), 14);
}

TEST_CASE("conv2d's GEMMs inside its parallel loop over images match float64", "[linalg][gemm][conv]") {
  manual_seed(14);
  // per image 70 x 1600 x 150 (Eigen) and 70 x 1600 x 1000 (sgemm); a 5x5 kernel, so that
  // im2col runs them (3x3 convs of this many channels take the Winograd path)
  for (int64_t channels : {6, 40}) {
    Tensor x = randn({5, channels, 40, 40}), w = randn({70, channels, 5, 5}), bias = randn({70});
    Tensor y = nn::functional::conv2d(x, w, bias, 1, 2);
    Tensor expected = nn::functional::conv2d(x.to(kFloat64), w.to(kFloat64), bias.to(kFloat64), 1, 2);
    require_product_close(y, expected, channels * 25);
  }
}
