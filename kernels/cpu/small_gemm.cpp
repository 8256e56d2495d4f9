// small_gemm.cpp — float32 GEMM for small products, C = alpha·A·B + beta·C,
// computed from A and B where they lie: no packed copies, one thread.
//
// Two forms, by layout:
//
// "axpy", when B's rows are contiguous (bcs == 1): row i of C is a sum of
// rows of B scaled by row i of A,
//   C[i, j..j+L) = Σ_k A[i][k] · B[k, j..j+L)       (one broadcast, one FMA)
// for vectors of L lanes. A block of R rows x NV vectors of C stays in
// registers while k runs: per k, NV loads of B's row k, R broadcasts of
// A[i][k] and R·NV FMAs (AVX-512: R x NV = 6 x 4, 8 x 3, 12 x 2 or 24 x 1 of
// 32 registers). C is done in panels of up to 4 vectors (64 columns), each
// panel top to bottom; A is read one element at a time, so its strides do not
// matter. Where N is not a whole number of vectors, the last vector of a row
// of B is partial: it is loaded whole (the extra lanes, never stored, lie in
// B's next rows) except in the rows near B's end, which read it masked; C's
// partial vectors are stored masked.
//
// "dot", when A's rows and B's columns are contiguous along k (acs == 1,
// brs == 1: x @ W^T, the forward product of a Linear layer):
//   C[i][j] = Σ_k A[i][k] · B[k][j]
// kLanes accumulators, one per (row, column) of a 4-row block of C, each
// summing L products at a time; their lanes are added at the end. It pays
// for a narrow C (fewer than L columns, where the axpy form would waste
// most lanes), and only with enough k per sum to cover the final additions.
//
// A block with fewer rows (or dot columns) left than it holds repeats the
// last one and stores only the valid ones; the bottom rows of an axpy panel
// use the smallest R / 2^n block that covers them.
//
// small_sgemm_suits() says which products these forms take: those where they
// beat Eigen (packed, one thread), measured against it on random shapes
// under 4M multiply-adds (see there). Compiled for SSE only, none.
//
// Leaves out: cache blocking (K x 64 panels of B are streamed once per
// block of rows, fine while they fit in L2), packing, threads (sgemm.cpp
// does all three and is faster from a few million multiply-adds on;
// matmul.cpp picks), and K == 0 (the caller's). Relies on -ffp-contract=fast
// (CMakeLists.txt) to turn `acc += a * b` into FMA instructions.
#include "kernels/cpu/small_gemm.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "kernels/cpu/float_vec.h"

namespace ember::kernels::cpu {

namespace {

using simd::kLanes, simd::Vec, simd::load, simd::store;

// kAxpyMinRows, kAxpyMinDepth: the axpy form's least M and K (see small_sgemm_suits).
#if defined(__AVX512F__)
constexpr int kAccumulators = 24;  // of 32 registers; the rest hold B's row and the broadcast
constexpr int kPanelVectors = 4;
constexpr int64_t kAxpyMinRows = 2, kAxpyMinDepth = 1;
#else
constexpr int kAccumulators = 12;  // of 16 registers (AVX or SSE)
constexpr int kPanelVectors = 2;
constexpr int64_t kAxpyMinRows = 10, kAxpyMinDepth = 8;
#endif
constexpr int64_t kPanel = kPanelVectors * kLanes;  // columns of C per pass over A

// The first n lanes of a vector, 1 <= n <= kLanes: loads that read only
// p[0..n) (zeros in the other lanes) and stores that write only p[0..n), for
// the last, partial vector of a row of B or C, which may end the allocation.
// Masked loads and stores where the ISA has them, at the cost of plain ones.
class PartialVector {
 public:
  explicit PartialVector(int64_t n) {
#if defined(__AVX512F__)
    mask_ = static_cast<__mmask16>((1u << n) - 1);
#elif defined(__AVX__)
    for (int l = 0; l < kLanes; ++l) mask_[l] = l < n ? -1 : 0;
#else
    bytes_ = static_cast<size_t>(n) * sizeof(float);
#endif
  }
  Vec load(const float* p) const {
#if defined(__AVX512F__)
    return _mm512_maskz_loadu_ps(mask_, p);
#elif defined(__AVX__)
    return _mm256_maskload_ps(p, reinterpret_cast<__m256i>(mask_));
#else
    Vec v{};
    std::memcpy(&v, p, bytes_);
    return v;
#endif
  }
  void store(float* p, Vec v) const {
#if defined(__AVX512F__)
    _mm512_mask_storeu_ps(p, mask_, v);
#elif defined(__AVX__)
    _mm256_maskstore_ps(p, reinterpret_cast<__m256i>(mask_), v);
#else
    std::memcpy(p, &v, bytes_);
#endif
  }

 private:
#if defined(__AVX512F__)
  __mmask16 mask_;
#elif defined(__AVX__)
  int32_t __attribute__((vector_size(32))) mask_;
#else
  size_t bytes_;
#endif
};

// C[0..rows, 0..cols) = alpha · A[0..rows, :] · B_panel + beta · C for
// rows <= R and cols <= NV·kLanes, B_panel's row k being NV whole vectors at
// bp + k·ldb.
template <int R, int NV>
void block(int64_t K, float alpha, const float* a, int64_t ars, int64_t acs, int64_t rows, const float* bp,
           int64_t ldb, float beta, float* c, int64_t crs, int64_t cols) {
  const float* arow[R];
  for (int r = 0; r < R; ++r) arow[r] = a + std::min<int64_t>(r, rows - 1) * ars;
  Vec acc[R][NV] = {};
  auto add_row = [&](int64_t k, const Vec (&bk)[NV]) {  // acc[r][v] += A[r][k] · B[k, v·kLanes ..)
#pragma GCC unroll 24
    for (int r = 0; r < R; ++r) {
      const float s = arow[r][k * acs];
      for (int v = 0; v < NV; ++v) acc[r][v] += s * bk[v];
    }
  };
  // Rows of B are read as whole vectors even where cols ends inside the last
  // one (the panel is then B's last): the extra lanes, never stored, lie at
  // most `over` floats past the row's end, inside B while a later row starts
  // within that reach. The last ceil(over / ldb) rows, where B may end the
  // allocation, read their last vector masked.
  const PartialVector last(cols - (NV - 1) * kLanes);  // C's last vector, and B's near its end
  const int64_t over = NV * kLanes - cols;
  const int64_t whole_rows = std::max<int64_t>(0, K - (over + ldb - 1) / ldb);
  Vec bk[NV];
  int64_t k = 0;
  for (; k < whole_rows; ++k, bp += ldb) {
    for (int v = 0; v < NV; ++v) bk[v] = load(bp + v * kLanes);
    add_row(k, bk);
  }
  for (; k < K; ++k, bp += ldb) {
    for (int v = 0; v < NV - 1; ++v) bk[v] = load(bp + v * kLanes);
    bk[NV - 1] = last.load(bp + (NV - 1) * kLanes);
    add_row(k, bk);
  }
#pragma GCC unroll 24
  for (int r = 0; r < R; ++r) {  // unrolled, so that acc is indexed by constants and stays in registers
    if (r == rows) break;
    float* crow = c + r * crs;
    for (int v = 0; v < NV - 1; ++v) {
      Vec y = alpha * acc[r][v];
      if (beta != 0.0f) y += beta * load(crow + v * kLanes);
      store(crow + v * kLanes, y);
    }
    float* clast = crow + (NV - 1) * kLanes;
    Vec y = alpha * acc[r][NV - 1];
    if (beta != 0.0f) y += beta * last.load(clast);
    last.store(clast, y);
  }
}

// Rows [0, rows) of C for one panel: R rows at a time, and the last
// rows with the smallest R / 2^n that covers them (so a short C, one row for
// a matrix-vector product, does not compute R rows).
template <int R, int NV>
void panel_rows(int64_t rows, int64_t K, float alpha, const float* a, int64_t ars, int64_t acs, const float* bp,
                int64_t ldb, float beta, float* c, int64_t crs, int64_t cols) {
  int64_t i = 0;
  for (; i + R <= rows; i += R) block<R, NV>(K, alpha, a + i * ars, ars, acs, R, bp, ldb, beta, c + i * crs, crs, cols);
  if (i == rows) return;
  if constexpr (R > 1) {
    if (rows - i <= R / 2)
      return panel_rows<R / 2, NV>(rows - i, K, alpha, a + i * ars, ars, acs, bp, ldb, beta, c + i * crs, crs, cols);
  }
  block<R, NV>(K, alpha, a + i * ars, ars, acs, rows - i, bp, ldb, beta, c + i * crs, crs, cols);
}

// The dot form: a kDotRows x kDotCols block of C is kLanes sums.
constexpr int kDotRows = 4, kDotCols = kLanes / kDotRows;

// The kLanes sums of lanes, sum[n] = Σ_l acc[n][l]. Each step folds pairs
// (acc[p], acc[p + h]) into one vector: where bit h of lane l is clear it
// holds acc[p][l] + acc[p][l + h], where set acc[p + h][l - h] + acc[p + h][l];
// after the steps for h = kLanes/2, ..., 1 lane l holds all of acc[l].
// kLanes - 1 folds of 2 shuffles and an add, instead of log2(kLanes) shuffles
// and adds for each of the kLanes sums.
using Index = int32_t __attribute__((vector_size(kLanes * sizeof(int32_t))));
template <int h, int... l>
constexpr Index fold_low(std::integer_sequence<int, l...>) {
  return Index{(l & h ? kLanes + l - h : l)...};
}
template <int h, int... l>
constexpr Index fold_high(std::integer_sequence<int, l...>) {
  return Index{(l & h ? kLanes + l : l + h)...};
}

template <int h>
[[gnu::always_inline]] inline void fold(Vec (&acc)[kLanes]) {
  constexpr Index low = fold_low<h>(std::make_integer_sequence<int, kLanes>());
  constexpr Index high = fold_high<h>(std::make_integer_sequence<int, kLanes>());
#pragma GCC unroll 16
  for (int p = 0; p < h; ++p)
    acc[p] = __builtin_shuffle(acc[p], acc[p + h], low) + __builtin_shuffle(acc[p], acc[p + h], high);
  if constexpr (h > 1) fold<h / 2>(acc);
}

inline Vec sum_lanes(Vec (&acc)[kLanes]) {
  fold<kLanes / 2>(acc);
  return acc[0];
}

// C[0..rows, 0..cols) for rows <= kDotRows, cols <= kDotCols; missing rows
// and columns repeat the last one and are not stored.
void dot_block(int64_t K, float alpha, const float* a, int64_t ars, int64_t rows, const float* b, int64_t bcs,
               int64_t cols, float beta, float* c, int64_t crs) {
  const float* arow[kDotRows];
  const float* bcol[kDotCols];
  for (int r = 0; r < kDotRows; ++r) arow[r] = a + std::min<int64_t>(r, rows - 1) * ars;
  for (int q = 0; q < kDotCols; ++q) bcol[q] = b + std::min<int64_t>(q, cols - 1) * bcs;
  Vec acc[kLanes] = {};  // acc[r·kDotCols + q] sums A[r][k] · B[k][q] over k in lanes k mod kLanes
  for (int64_t k = 0; k < K; k += kLanes) {
    Vec av[kDotRows], bv[kDotCols];
    for (int r = 0; r < kDotRows; ++r) av[r] = load(arow[r] + k);
    for (int q = 0; q < kDotCols; ++q) bv[q] = load(bcol[q] + k);
#pragma GCC unroll 4
    for (int r = 0; r < kDotRows; ++r)
#pragma GCC unroll 4
      for (int q = 0; q < kDotCols; ++q) acc[r * kDotCols + q] += av[r] * bv[q];
  }
  const Vec y = alpha * sum_lanes(acc);  // y[r·kDotCols + q] is C[r][q]
  // Unrolled with constant bounds: a loop over the valid part alone became
  // a memcpy call per row.
#pragma GCC unroll 4
  for (int r = 0; r < kDotRows; ++r) {
    if (r == rows) break;
    float* crow = c + r * crs;
    if (cols == kDotCols && beta == 0.0f) {  // the row's kDotCols lanes in one store
      std::memcpy(crow, reinterpret_cast<const float*>(&y) + r * kDotCols, kDotCols * sizeof(float));
      continue;
    }
#pragma GCC unroll 4
    for (int q = 0; q < kDotCols; ++q) {
      if (q == cols) break;
      const float s = y[r * kDotCols + q];
      crow[q] = beta != 0.0f ? s + beta * crow[q] : s;
    }
  }
}

void dot_form(int64_t M, int64_t N, int64_t K, float alpha, const float* a, int64_t ars, const float* b, int64_t bcs,
              float beta, float* c, int64_t crs) {
  for (int64_t i = 0; i < M; i += kDotRows)
    for (int64_t j = 0; j < N; j += kDotCols)
      dot_block(K, alpha, a + i * ars, ars, std::min<int64_t>(kDotRows, M - i), b + j * bcs, bcs,
                std::min<int64_t>(kDotCols, N - j), beta, c + i * crs + j, crs);
}

}  // namespace

// The limits, measured at one thread against Eigen compiled for the same ISA
// (ratios are time / Eigen's time; random shapes under 4M multiply-adds,
// operands 64-byte aligned, each layout):
// - AVX-512: axpy needs B's rows not to overlap (brs >= N, see block()),
//   M >= 2 (a matrix-vector product is Eigen's GEMV: 1 x 300 x 300 took
//   1.08x, 1 x 1000 x 1000 1.03x) and N >= 4: with N = 1..3 nearly all lanes
//   are wasted and 59 of 300 shapes lost, up to 5.5x (16 x 3 x 300: 1.6x);
//   from N = 4 on, 2,800 shapes: none slower, 0.31-0.48x in geometric mean,
//   the worst 0.95x.
// - AVX-512: dot needs N < kLanes (N = 16..19 lost 2-11% at K = 64..112),
//   K >= 64 (K = 32..48 lost up to 1.4x: too few steps to pay for the
//   additions) and whole, aligned vectors along k (K, ars and bcs multiples
//   of kLanes: rows that start mid cache line made every load a split load,
//   1.2-2.5x). Within those, 700 shapes: none slower, 0.34x in geometric mean.
// - AVX2 (the same code on 8 lanes, 16 registers; measured on this AVX-512
//   machine compiled with -march=haswell): dot 200 shapes, none slower,
//   0.31x; axpy lost at K < 8 (up to 1.6x at K = 1..6) and at M = 2..9 (12
//   of 1,650 shapes by 1-8%), so it needs K >= 8 and M >= 10 there; then
//   1,650 shapes: 3 slower by 0-3% and one by 20% (111 x 61 x 381, taken
//   while a build ran on the other core), 0.61x in geometric mean.
// - SSE only (4 lanes): axpy lost on 237 of 500 shapes (up to 3.4x), so
//   nothing is taken; the code still compiles for it.
bool small_sgemm_suits(int64_t M, int64_t N, int64_t K, int64_t ars, int64_t acs, int64_t brs, int64_t bcs) {
#if defined(__AVX__)
  if (bcs == 1) return M >= kAxpyMinRows && N >= 4 && brs >= N && K >= kAxpyMinDepth;
  return acs == 1 && brs == 1 && M >= kDotRows && N >= kDotCols && N < kLanes && K >= 64 && K % kLanes == 0 &&
         ars % kLanes == 0 && bcs % kLanes == 0;
#else
  return false;
#endif
}

void small_sgemm(int64_t M, int64_t N, int64_t K, float alpha, const float* a, int64_t ars, int64_t acs,
                 const float* b, int64_t brs, int64_t bcs, float beta, float* c, int64_t crs) {
  if (bcs != 1) return dot_form(M, N, K, alpha, a, ars, b, bcs, beta, c, crs);
  for (int64_t j = 0; j < N; j += kPanel) {
    const int64_t cols = std::min(kPanel, N - j);
    switch ((cols + kLanes - 1) / kLanes) {
      case 1: panel_rows<kAccumulators, 1>(M, K, alpha, a, ars, acs, b + j, brs, beta, c + j, crs, cols); break;
      case 2: panel_rows<kAccumulators / 2, 2>(M, K, alpha, a, ars, acs, b + j, brs, beta, c + j, crs, cols); break;
#if defined(__AVX512F__)
      case 3: panel_rows<kAccumulators / 3, 3>(M, K, alpha, a, ars, acs, b + j, brs, beta, c + j, crs, cols); break;
      case 4: panel_rows<kAccumulators / 4, 4>(M, K, alpha, a, ars, acs, b + j, brs, beta, c + j, crs, cols); break;
#endif
    }
  }
}

}  // namespace ember::kernels::cpu
