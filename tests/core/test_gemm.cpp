// test_gemm.cpp — float32 products against the same products in float64
// (Eigen): ember's packed GEMM (kernels/cpu/sgemm.cpp, products of 4M
// multiply-adds and more), the unpacked small kernel below that and at one
// thread up to 16M (kernels/cpu/small_gemm.cpp: its axpy and dot forms,
// ragged rows, partial last vectors, padded rows) and Eigen's float path
// for the rest, behind
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

TEST_CASE("float32 mm through the small kernel matches float64: both forms, ragged rows and columns, padded rows",
          "[linalg][gemm]") {
  manual_seed(15);
  // axpy form (B's rows contiguous, A in either layout): C narrower than a vector (4, 5, 12: B's rows are read
  // past their end, masked near B's end), whole vectors (16, 64, 128) or a partial last one (18, 40, 47, 100,
  // 200); M below one row block, ragged (2, 3, 5, 7, 9, 13, 37) or whole; K from 1 up
  const Case axpy[] = {{3, 4, 1},    {9, 5, 40},    {30, 12, 7},   {2, 16, 8},    {3, 18, 10},  {7, 40, 12},
                       {13, 100, 33}, {37, 64, 20}, {64, 128, 10}, {10, 128, 64}, {64, 200, 50}, {5, 47, 300}};
  for (const Case& c : axpy) {
    for (int layout = 0; layout < 3; ++layout) {  // 0: plain, 1: a stored transposed, 2: b's rows padded
      INFO("axpy M=" << c.M << " N=" << c.N << " K=" << c.K << " layout=" << layout);
      Tensor a = layout == 1 ? randn({c.K, c.M}).t() : randn({c.M, c.K});
      Tensor b = layout == 2 ? randn({c.K, c.N + 5}).narrow(1, 0, c.N) : randn({c.K, c.N});
      require_product_close(mm(a, b), mm(a.to(kFloat64), b.to(kFloat64)), c.K);
    }
  }
  // dot form (x @ W^T, W stored (N, K), K a multiple of 16): N from 4 to 15 (ragged 4-column blocks), M ragged
  // (5, 6, 7, 33, 65) or whole, W's rows padded or not
  const Case dot[] = {{4, 4, 64}, {5, 5, 64}, {6, 10, 128}, {7, 15, 256}, {64, 10, 128}, {65, 7, 192}, {33, 12, 64}};
  for (const Case& c : dot) {
    for (bool padded : {false, true}) {
      INFO("dot M=" << c.M << " N=" << c.N << " K=" << c.K << " padded=" << padded);
      Tensor x = randn({c.M, c.K});
      Tensor w = padded ? randn({c.N, c.K + 16}).narrow(1, 0, c.K) : randn({c.N, c.K});
      require_product_close(mm(x, w.t()), mm(x.to(kFloat64), w.t().to(kFloat64)), c.K);
    }
  }
  // alpha and beta, and beta 0 with NaN in the output, for both forms and partial vectors
  for (auto [c, dot_form] : {std::pair{Case{37, 40, 30}, false}, std::pair{Case{13, 18, 64}, false},
                             std::pair{Case{64, 10, 128}, true}, std::pair{Case{7, 13, 64}, true}}) {
    INFO("alpha/beta M=" << c.M << " N=" << c.N << " K=" << c.K << " dot=" << dot_form);
    Tensor a = randn({c.M, c.K}), b = dot_form ? randn({c.N, c.K}).t() : randn({c.K, c.N}), input = randn({c.M, c.N});
    Tensor a64 = a.to(kFloat64), b64 = b.to(kFloat64);
    require_product_close(addmm(input, a, b, 0.25, -1.5), addmm(input.to(kFloat64), a64, b64, 0.25, -1.5), c.K);
    // beta 0 must not read C. The caching allocator gives a new tensor the block last freed in its size class,
    // so after a NaN tensor of C's size is freed, the product's output starts out full of NaN (checked first).
    Tensor expected = mm(a64, b64) * 2.0;
    { Tensor nan = full({c.M, c.N}, std::nan("")); }
    REQUIRE(std::isnan(empty({c.M, c.N}).data_ptr<float>()[c.M * c.N - 1]));
    require_product_close(addmm(input, a, b, 0.0, 2.0), expected, c.K);
  }
}

TEST_CASE("float32 mm at one thread takes the small kernel up to 16M multiply-adds and matches float64",
          "[linalg][gemm]") {
  struct ThreadCountGuard {  // restores the thread count
    int saved = get_num_threads();
    ~ThreadCountGuard() { set_num_threads(saved); }
  } guard;
  set_num_threads(1);
  manual_seed(16);
  // 6M, 12.8M (the MLP's 784 -> 256 input gradient, K deep) and 15M with A stored transposed and ragged edges
  for (const Case& c : {Case{300, 200, 100}, Case{64, 784, 256}, Case{199, 301, 250}}) {
    INFO("M=" << c.M << " N=" << c.N << " K=" << c.K);
    Tensor a = randn({c.K, c.M}).t(), b = randn({c.K, c.N});
    require_product_close(mm(a, b), mm(a.to(kFloat64), b.to(kFloat64)), c.K);
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
