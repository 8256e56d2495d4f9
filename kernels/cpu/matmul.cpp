// matmul.cpp — batched GEMM on the CPU: float32 products of the shapes and
// layouts it is faster at through ember's unpacked small kernel
// (small_gemm.cpp) below kSmallGemmWork multiply-adds, or below
// kOneThreadSmallGemmWork on one thread; other float32 products from
// kSmallGemmWork on through ember's own packed kernel (sgemm.cpp);
// everything else through Eigen.
//
// out[b] = alpha * a[b] @ b[b] + beta * out[b] for (B, M, K) @ (B, K, N), or
// one product of 2-D operands.
// Each matrix is used in place with its strides (sgemm packs operands
// whatever their layout; Eigen maps them as row-major or column-major,
// whichever their unit stride says), so transposed operands cost nothing; a
// batch stride of 0 broadcasts one matrix over the batch. float16/bfloat16
// go through float copies; integers use Eigen's generic product.
//
// Size split, measured at one thread: sgemm reaches 140-190 GFLOP/s from
// 256^3 up where Eigen reaches 120-145, but below ~4M multiply-adds its
// packing costs more than Eigen's (64^3: 5.7 vs 4.2 us; 64x10x128: 4.0 vs
// 2.8 us). There small_gemm.cpp, which packs nothing, takes the products
// small_sgemm_suits() accepts (64^3: 2.4 vs 3.9 us; 64x10x128: 1.9 vs 2.9 us;
// 128^3: 19 vs 29 us; 2,600 random shapes under 4M: 0.32-0.39x Eigen's time
// in geometric mean, none slower) and Eigen the rest. On one thread it also
// beats sgemm up to 16M (kOneThreadSmallGemmWork).
//
// Threads: many small matrices run one per thread; a few large ones run one
// after another, each split across threads by the GEMM itself. Eigen would
// split anything over 50k multiply-adds, at a loss (64^3 took 4.9 us on one
// thread and 11.3 on two), so Eigen's products run on one thread.
#include <Eigen/Core>
#include <omp.h>

#include <type_traits>
#include <vector>

#include "core/error.h"
#include "kernels/convert.h"
#include "kernels/cpu/gemm.h"
#include "kernels/cpu/loops.h"
#include "kernels/cpu/sgemm.h"
#include "kernels/cpu/small_gemm.h"
#include "kernels/dtype_dispatch.h"

namespace ember::kernels::cpu {

namespace {

template <class T>
using RowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using ColMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using Stride = Eigen::OuterStride<>;

// Eigen sizes its GEMM blocks from the cache sizes it detects. With a 48 KiB
// L1 (Zen 4/5, recent Intel) its heuristic collapses for sizes near 256: one
// thread multiplied 256 x 256 matrices at 30 GFLOP/s on this machine against
// 140 at 224 and 272 (n = 240..257 all slow). Blocking for a 64 KiB L1
// removes the cliff (256: 1.05 -> 0.23 ms) and leaves 64..1024 unchanged.
const bool eigen_blocking_set = [] {
  std::ptrdiff_t l1, l2, l3;
  Eigen::internal::manage_caching_sizes(Eigen::GetAction, &l1, &l2, &l3);
  if (l1 < 65536) Eigen::setCpuCacheSizes(65536, l2, l3);
  return true;
}();

// Below this many multiply-adds a product runs through Eigen on one thread;
// from it on, float32 goes to sgemm (which splits it across threads itself)
// and the other dtypes to Eigen's threaded GEMM.
constexpr int64_t kSmallGemmWork = 4 << 20;

// Up to this many multiply-adds small_gemm.cpp's unpacked kernel beats sgemm
// on one thread (a one-thread run, or a product inside a parallel loop such
// as conv's over images): from 4M to 16M it took 0.66x of sgemm's time in
// geometric mean over 150 random shapes, none slower, and 16M-64M was still
// 0.78x but at parity for some; above 64M it lost (up to 1.5x with K ~1800).
// With more threads sgemm splits a product from 1M multiply-adds on (about
// 1.9x faster on two cores), so there it takes over at kSmallGemmWork.
constexpr int64_t kOneThreadSmallGemmWork = 16 << 20;

int64_t small_gemm_limit() {
  return omp_in_parallel() || omp_get_max_threads() == 1 ? kOneThreadSmallGemmWork : kSmallGemmWork;
}

// Whether a float32 product goes to small_gemm.cpp's kernel: a layout it
// takes, under the size where sgemm wins.
bool small_sgemm_takes(int64_t M, int64_t N, int64_t K, int64_t ars, int64_t acs, int64_t brs, int64_t bcs) {
  return K > 0 && M * N * K < small_gemm_limit() && small_sgemm_suits(M, N, K, ars, acs, brs, bcs);
}

// Runs f with this thread's OpenMP team size set to 1 (Eigen asks
// omp_get_max_threads(), a per-thread setting, how far it may split).
template <class F>
void on_one_thread(F&& f) {
  struct Restore {
    int saved = omp_get_max_threads();
    ~Restore() { omp_set_num_threads(saved); }
  } restore;
  omp_set_num_threads(1);
  f();
}

// Calls f with an Eigen::Map of the (rows x cols) matrix at p whose strides are
// (rs, cs): row-major when cs == 1, column-major when rs == 1.
template <class T, class F>
void with_map(const T* p, int64_t rows, int64_t cols, int64_t rs, int64_t cs, F&& f) {
  if (cs == 1 || cols == 1) {
    Eigen::Map<const RowMajor<T>, 0, Stride> m(p, rows, cols, Stride(std::max<int64_t>(rs, cols)));
    f(m);
  } else {
    Eigen::Map<const ColMajor<T>, 0, Stride> m(p, rows, cols, Stride(std::max<int64_t>(cs, rows)));
    f(m);
  }
}

}  // namespace

template <class T>
void gemm_strided(int64_t M, int64_t N, int64_t K, T alpha, const T* a, int64_t ars, int64_t acs, const T* b,
                  int64_t brs, int64_t bcs, T beta, T* c, int64_t crs) {
  if constexpr (std::is_same_v<T, float>) {
    if (small_sgemm_takes(M, N, K, ars, acs, brs, bcs))
      return small_sgemm(M, N, K, alpha, a, ars, acs, b, brs, bcs, beta, c, crs);
    if (M * N * K >= kSmallGemmWork) return sgemm(M, N, K, alpha, {a, ars, acs}, {b, brs, bcs}, beta, c, crs, 1);
  }
  Eigen::Map<RowMajor<T>, 0, Stride> C(c, M, N, Stride(crs));
  if (K == 0) {  // empty inner dim: the product is zero
    if (beta == T(0)) C.setZero(); else C *= beta;
    return;
  }
  with_map(a, M, K, ars, acs, [&](const auto& A) {
    with_map(b, K, N, brs, bcs, [&](const auto& B) {
      if (beta == T(0)) {
        C.noalias() = alpha * (A * B);
      } else {
        C *= beta;
        C.noalias() += alpha * (A * B);
      }
    });
  });
}
void sgemm_or_small(int64_t M, int64_t N, int64_t K, float alpha, const float* a, int64_t ars, int64_t acs,
                    const float* b, int64_t brs, int64_t bcs, float beta, float* c, int64_t crs) {
  if (small_sgemm_takes(M, N, K, ars, acs, brs, bcs))
    return small_sgemm(M, N, K, alpha, a, ars, acs, b, brs, bcs, beta, c, crs);
  sgemm(M, N, K, alpha, {a, ars, acs}, {b, brs, bcs}, beta, c, crs, 1);
}

template void gemm_strided<float>(int64_t, int64_t, int64_t, float, const float*, int64_t, int64_t, const float*,
                                  int64_t, int64_t, float, float*, int64_t);
template void gemm_strided<double>(int64_t, int64_t, int64_t, double, const double*, int64_t, int64_t,
                                   const double*, int64_t, int64_t, double, double*, int64_t);

namespace {

// A 3-D operand as (batch, rows, cols) with its strides; a 2-D one is a batch of one.
struct Batch {
  int64_t size, stride, rows, cols, rs, cs;
};
Batch as_batch(const TensorRef& t) {
  const size_t d = t.ndim() - 2;
  return {d == 1 ? t.sizes[0] : 1, d == 1 ? t.strides[0] : 0, t.sizes[d], t.sizes[d + 1], t.strides[d], t.strides[d + 1]};
}

template <class T>
void gemm_typed(const TensorRef& out, const TensorRef& a, const TensorRef& b, double alpha, double beta) {
  const Batch o = as_batch(out), l = as_batch(a), r = as_batch(b);
  const int64_t batch = o.size, M = o.rows, N = o.cols, K = l.cols;
  T* c = static_cast<T*>(out.data);
  const T* ap = static_cast<const T*>(a.data);
  const T* bp = static_cast<const T*>(b.data);
  auto one = [&](int64_t i) {
    gemm_strided<T>(M, N, K, static_cast<T>(alpha), ap + i * l.stride, l.rs, l.cs, bp + i * r.stride, r.rs, r.cs,
                    static_cast<T>(beta), c + i * o.stride, o.rs);
  };
  int64_t flops_per = std::max<int64_t>(1, M * N * K);
  bool batch_parallel = batch > 1 && flops_per < 64 * 64 * 64;
  if (batch_parallel) {
    parallel_for(batch, std::max<int64_t>(1, kParallelGrain * 8 / flops_per), [&](int64_t s, int64_t e) {
      for (int64_t i = s; i < e; ++i) one(i);
    });
  } else if (flops_per < kSmallGemmWork) {
    on_one_thread([&] {
      for (int64_t i = 0; i < batch; ++i) one(i);
    });
  } else {
    for (int64_t i = 0; i < batch; ++i) one(i);
  }
}

// float16/bfloat16: convert operands to contiguous float, multiply, convert back
template <class T>
void gemm_reduced(const TensorRef& out, const TensorRef& a, const TensorRef& b, double alpha, double beta) {
  auto to_float = [](const TensorRef& t, std::vector<float>& buf, Shape& sizes, Shape& strides) {
    sizes = t.sizes.vec();
    strides = contiguous_strides(sizes);
    buf.resize(t.numel());
    TensorRef dst{buf.data(), kFloat32, sizes, strides};
    copy(dst, t);
    return dst;
  };
  std::vector<float> fa, fb, fc;
  Shape sa, ta, sb, tb, sc, tc;
  TensorRef ra = to_float(a, fa, sa, ta), rb = to_float(b, fb, sb, tb), rc = to_float(out, fc, sc, tc);
  gemm_typed<float>(rc, ra, rb, alpha, beta);
  copy(out, rc);
}

}  // namespace

void gemm(const TensorRef& out, const TensorRef& a, const TensorRef& b, double alpha, double beta) {
  switch (out.dtype) {
    case kFloat32: return gemm_typed<float>(out, a, b, alpha, beta);
    case kFloat64: return gemm_typed<double>(out, a, b, alpha, beta);
    case kFloat16: return gemm_reduced<Half>(out, a, b, alpha, beta);
    case kBFloat16: return gemm_reduced<BFloat16>(out, a, b, alpha, beta);
    case kInt64: return gemm_typed<int64_t>(out, a, b, alpha, beta);
    case kInt32: return gemm_typed<int32_t>(out, a, b, alpha, beta);
    case kInt8: return gemm_typed<int8_t>(out, a, b, alpha, beta);
    case kUInt8: return gemm_typed<uint8_t>(out, a, b, alpha, beta);
    case kBool: break;
  }
  EMBER_FAIL("matmul", "does not support ", out.dtype);
}

}  // namespace ember::kernels::cpu
