// row_norm.cpp — softmax and layer norm over the last dim of a contiguous
// input, fused: each row is read from memory once and written once, and the
// passes over a row in between (max, sums) hit the cache. The op front-ends
// take this path when no gradient is recorded; with autograd they compose
// the same math from primitive ops, which records the backward for free.
//
//   softmax:    y_i = e^(x_i - m) / Σ_j e^(x_j - m),  m = max_j x_j
//   layer_norm: y_i = (x_i - μ) · (σ² + eps)^-½ · w_i + b_i,
//               μ = mean_j x_j,  σ² = mean_j (x_j - μ)²  (two passes)
//
// Row sums accumulate in double, as the reductions do; the arithmetic order
// per element follows the composed ops, so both paths agree to float
// rounding. NaN or inf in a row gives the same NaNs as the composed ops.
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
      for (int64_t r = b; r < e; ++r) {
        const T* x = xp + r * n;
        T* y = yp + r * n;
        T m = x[0];
#pragma omp simd reduction(max : m)
        for (int64_t i = 1; i < n; ++i) m = x[i] > m ? x[i] : m;
        double s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t i = 0; i < n; ++i) {
          y[i] = ops::exp_of(x[i] - m);
          s += static_cast<double>(y[i]);
        }
        const T total = static_cast<T>(s);
        for (int64_t i = 0; i < n; ++i) y[i] = y[i] / total;
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
    parallel_for(rows, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1)), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const T* x = xp + r * n;
        T* y = yp + r * n;
        double sum = 0;
#pragma omp simd reduction(+ : sum)
        for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(x[i]);
        const double mean_d = sum / static_cast<double>(n);
        double sq = 0;
#pragma omp simd reduction(+ : sq)
        for (int64_t i = 0; i < n; ++i) {
          const double d = static_cast<double>(x[i]) - mean_d;
          sq += d * d;
        }
        const T mean = static_cast<T>(mean_d);
        const T rstd = T(1) / std::sqrt(static_cast<T>(sq / static_cast<double>(n)) + static_cast<T>(eps));
        for (int64_t i = 0; i < n; ++i) {
          T v = (x[i] - mean) * rstd;
          if (w) v = v * w[i];
          if (bi) v = v + bi[i];
          y[i] = v;
        }
      }
    });
  });
}

}  // namespace ember::kernels::cpu
