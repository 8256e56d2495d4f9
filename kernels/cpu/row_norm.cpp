// row_norm.cpp — softmax and layer norm over the last dim of a contiguous
// input, fused: each row is read from memory once and written once, and the
// passes over a row in between hit the cache. The op front-ends take this
// path when no gradient is recorded; with autograd they compose the same
// math from primitive ops, which records the backward for free.
//
//   softmax:    y_i = e^(x_i - m) · (Σ_j e^(x_j - m))^-1,  m = max_j x_j
//   layer_norm: y_i = (x_i - μ) · (σ² + eps)^-½ · w_i + b_i,  in one pass over x:
//               μ = s + mean_j d_j,  σ² = mean_j d_j² - (μ - s)²,  d_j = x_j - s
//
// The pass that reads a row from memory (softmax's max, layer norm's sums)
// runs inside the previous row's loop (the exponentials, the normalized
// output), so that row's arithmetic and writes overlap these reads instead
// of alternating with them (a thread's first row takes its pass alone).
// That loop walks a row one cache line at a time and prefetches the line
// kAheadBytes beyond the one it reads from memory: with the arithmetic in
// between, the hardware prefetcher alone left the core waiting on memory
// (4096 x 4096 floats on one thread: softmax 5.5-5.8 -> 4.3-4.5 ms, layer
// norm 5.6-5.9 -> 5.0-5.5 ms; a copy of them takes 3.9). Each sum and max
// keeps one partial per lane of a line (lane k takes elements k, k + line,
// ...), added up at the row's end; a line's loop then has no reduction to
// finish, which kept these partials in registers (a reduction per line, or
// a loop of variable length, cost 1.2-2.6x in cache).
// Layer norm shifts each row by its first element s, so that the one-pass
// variance does not cancel when the mean is large against σ (as
// mean x² - μ² would); d and its sums are in double.
//
// The per-element arithmetic follows the composed ops, so both paths agree
// to rounding: softmax multiplies by 1 / Σ instead of dividing (one more
// rounding) and sums in the lanes of a cache line (each lane adds n/16
// terms in float, n/8 in double). NaN or inf in a row gives the same NaNs
// as the composed ops.
#include <algorithm>
#include <cmath>

#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"
#include "kernels/elementwise_ops.h"

namespace ember::kernels::cpu {
namespace {

constexpr int64_t kAheadBytes = 16384;

/// Calls step(i, k) for each element i of a row of n, k = i mod kLine its
/// lane, a cache line at a time; before each line, prefetches the line
/// kAheadBytes beyond that line of `reading` (if before `limit`).
template <int64_t kLine, class T, class Step>
[[gnu::always_inline]] inline void for_each_line(int64_t n, const T* reading, const T* limit, const Step& step) {
  constexpr int64_t kAhead = kAheadBytes / sizeof(T);
  int64_t i = 0;
  for (; i + kLine <= n; i += kLine) {
    if (reading + i + kAhead < limit) __builtin_prefetch(reading + i + kAhead);
#pragma omp simd
    for (int64_t k = 0; k < kLine; ++k) step(i + k, k);
  }
  for (int64_t k = 0; i + k < n; ++k) step(i + k, k);
}

}  // namespace

void softmax_lastdim(const TensorRef& out, const TensorRef& in) {
  dispatch_float32_64(in.dtype, "softmax", [&]<class T>() {
    constexpr int64_t kLine = 64 / sizeof(T);
    const int64_t n = in.sizes[in.ndim() - 1], rows = n == 0 ? 0 : in.numel() / n;
    const T* xp = static_cast<const T*>(in.data);
    T* yp = static_cast<T*>(out.data);
    parallel_for(rows, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1)), [&](int64_t b, int64_t e) {
      const T* first = xp + b * n;
      const T* const limit = xp + e * n;
      T m = first[0];
#pragma omp simd reduction(max : m)
      for (int64_t i = 1; i < n; ++i) m = first[i] > m ? first[i] : m;
      for (int64_t r = b; r < e; ++r) {
        const T* x = xp + r * n;
        const T* next = r + 1 < e ? x + n : x;  // the last row just repeats its own max
        T* y = yp + r * n;
        T sums[kLine] = {}, maxes[kLine];
        std::fill_n(maxes, kLine, next[0]);
        auto step = [&](int64_t i, int64_t k) {  // element i, in lane k
          y[i] = ops::exp_of(x[i] - m);
          sums[k] += y[i];
          maxes[k] = next[i] > maxes[k] ? next[i] : maxes[k];
        };
        for_each_line<kLine>(n, next, limit, step);
        T s = 0, next_m = maxes[0];
        for (int64_t k = 0; k < kLine; ++k) {
          s += sums[k];
          next_m = maxes[k] > next_m ? maxes[k] : next_m;
        }
        const T inv_s = T(1) / s;
        for (int64_t i = 0; i < n; ++i) y[i] = y[i] * inv_s;
        m = next_m;
      }
    });
  });
}

void layer_norm_lastdim(const TensorRef& out, const TensorRef& in, const TensorRef* weight, const TensorRef* bias,
                        double eps) {
  dispatch_float32_64(in.dtype, "layer_norm", [&]<class T>() {
    constexpr int64_t kLine = 64 / sizeof(T);
    const int64_t n = in.sizes[in.ndim() - 1], rows = n == 0 ? 0 : in.numel() / n;
    const T* xp = static_cast<const T*>(in.data);
    T* yp = static_cast<T*>(out.data);
    const T* w = weight ? static_cast<const T*>(weight->data) : nullptr;
    const T* bi = bias ? static_cast<const T*>(bias->data) : nullptr;
    // Σ (x - s) and Σ (x - s)², s = x[0], of one row
    struct Sums {
      double shift, sum = 0, sq = 0;
    };
    auto sums_of = [n](const T* x) {
      Sums t{static_cast<double>(x[0])};
      double sum = 0, sq = 0;
#pragma omp simd reduction(+ : sum, sq)
      for (int64_t i = 0; i < n; ++i) {
        const double d = static_cast<double>(x[i]) - t.shift;
        sum += d;
        sq += d * d;
      }
      t.sum = sum;
      t.sq = sq;
      return t;
    };
    // one kernel per combination of weight and bias, so the loop has no branches
    auto normalize = [&]<bool kWeight, bool kBias>() {
      parallel_for(rows, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1)), [&](int64_t b, int64_t e) {
        const T* const wl = w;  // locals, so the vector loop does not reload them per element
        const T* const bl = bi;
        const T* const limit = xp + e * n;
        Sums sums = sums_of(xp + b * n);
        for (int64_t r = b; r < e; ++r) {
          const T* x = xp + r * n;
          const T* next = r + 1 < e ? x + n : x;  // the last row just sums itself again
          T* y = yp + r * n;
          const double mean_shifted = sums.sum / static_cast<double>(n);
          const double var = std::max(sums.sq / static_cast<double>(n) - mean_shifted * mean_shifted, 0.0);
          const T mean = static_cast<T>(sums.shift + mean_shifted);
          const T rstd = T(1) / std::sqrt(static_cast<T>(var) + static_cast<T>(eps));
          const double next_shift = static_cast<double>(next[0]);
          double next_sums[kLine] = {}, next_sqs[kLine] = {};
          auto step = [&](int64_t i, int64_t k) {  // element i, in lane k
            T v = (x[i] - mean) * rstd;
            if constexpr (kWeight) v = v * wl[i];
            if constexpr (kBias) v = v + bl[i];
            y[i] = v;
            const double d = static_cast<double>(next[i]) - next_shift;
            next_sums[k] += d;
            next_sqs[k] += d * d;
          };
          for_each_line<kLine>(n, next, limit, step);
          sums = {next_shift, 0, 0};
          for (int64_t k = 0; k < kLine; ++k) {
            sums.sum += next_sums[k];
            sums.sq += next_sqs[k];
          }
        }
      });
    };
    if (w && bi) normalize.template operator()<true, true>();
    else if (w) normalize.template operator()<true, false>();
    else if (bi) normalize.template operator()<false, true>();
    else normalize.template operator()<false, false>();
  });
}

}  // namespace ember::kernels::cpu
