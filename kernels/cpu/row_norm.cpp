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
// Layer norm shifts each row by its first element s, so that the one-pass
// variance does not cancel when the mean is large against σ (as
// mean x² - μ² would); d and its sums are in double.
//
// The per-element arithmetic follows the composed ops, so both paths agree
// to rounding: softmax multiplies by 1 / Σ instead of dividing (one more
// rounding) and sums in the vector lanes of the input type (each lane adds
// n/16 terms). NaN or inf in a row gives the same NaNs as the composed ops.
#include <algorithm>
#include <cmath>

#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"
#include "kernels/elementwise_ops.h"

namespace ember::kernels::cpu {

void softmax_lastdim(const TensorRef& out, const TensorRef& in) {
  dispatch_float32_64(in.dtype, "softmax", [&]<class T>() {
    const int64_t n = in.sizes[in.ndim() - 1], rows = n == 0 ? 0 : in.numel() / n;
    const T* xp = static_cast<const T*>(in.data);
    T* yp = static_cast<T*>(out.data);
    parallel_for(rows, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1)), [&](int64_t b, int64_t e) {
      const T* first = xp + b * n;
      T m = first[0];
#pragma omp simd reduction(max : m)
      for (int64_t i = 1; i < n; ++i) m = first[i] > m ? first[i] : m;
      for (int64_t r = b; r < e; ++r) {
        const T* x = xp + r * n;
        const T* next = r + 1 < e ? x + n : x;  // the last row just repeats its own max
        T* y = yp + r * n;
        T s = 0, next_m = next[0];
#pragma omp simd reduction(+ : s) reduction(max : next_m)
        for (int64_t i = 0; i < n; ++i) {
          y[i] = ops::exp_of(x[i] - m);
          s += y[i];
          next_m = next[i] > next_m ? next[i] : next_m;
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
          double next_sum = 0, next_sq = 0;
#pragma omp simd reduction(+ : next_sum, next_sq)
          for (int64_t i = 0; i < n; ++i) {
            T v = (x[i] - mean) * rstd;
            if constexpr (kWeight) v = v * wl[i];
            if constexpr (kBias) v = v + bl[i];
            y[i] = v;
            const double d = static_cast<double>(next[i]) - next_shift;
            next_sum += d;
            next_sq += d * d;
          }
          sums = {next_shift, next_sum, next_sq};
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
