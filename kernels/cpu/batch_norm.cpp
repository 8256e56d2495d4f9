// batch_norm.cpp — the fused CPU kernels of batch normalization.
//
// x is viewed as (N, C, S): N samples, C channels, S spatial positions,
// contiguous; every per-channel vector has C entries of x's dtype. A channel
// c is N rows of S contiguous values, so each kernel splits the work over
// channels and walks rows with a vectorized inner loop; sums are taken per
// row in the compute type and added up in double. Four passes replace the
// dozen elementwise passes of the composite formula:
//
//   stats:           mean_c = Σ x / M,  var_c = Σ (x - mean_c)² / M    (M = N·S)
//   apply:           y = x · scale_c + shift_c
//   backward_reduce: Σ dy,  Σ dy · (x - mean_c)
//   backward_apply:  dx = dy · a_c + x · b_c + k_c
//
// (the caller turns weight, bias and the statistics into scale/shift and
// a/b/k; see nn/functional_norm.cpp). Leaves out: the float16/bfloat16
// dtypes (the front-end uses the composite formula for them).
#include <algorithm>

#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"
#include "kernels/kernels.h"

namespace ember::kernels::cpu {

namespace {

struct Layout {
  int64_t n, c, s;
};

Layout layout_of(const TensorRef& x) {
  int64_t n = x.sizes[0], c = x.sizes[1];
  return {n, c, c == 0 || n == 0 ? 0 : x.numel() / (n * c)};
}

// Runs body(c) for every channel, in parallel when there is enough work.
template <class Body>
void for_each_channel(const Layout& L, const Body& body) {
  const int64_t per_channel = std::max<int64_t>(1, L.n * L.s);
  parallel_for(L.c, std::max<int64_t>(1, kParallelGrain / per_channel), [&](int64_t b, int64_t e) {
    for (int64_t c = b; c < e; ++c) body(c);
  });
}

template <class T>
const T* row(const TensorRef& t, const Layout& L, int64_t n, int64_t c) {
  return static_cast<const T*>(t.data) + (n * L.c + c) * L.s;
}
template <class T>
T* mutable_row(const TensorRef& t, const Layout& L, int64_t n, int64_t c) {
  return static_cast<T*>(t.data) + (n * L.c + c) * L.s;
}

}  // namespace

void batch_norm_stats(const TensorRef& mean, const TensorRef& var, const TensorRef& x) {
  dispatch_float32_64(x.dtype, "batch_norm", [&]<class T>() {
    const Layout L = layout_of(x);
    const double M = static_cast<double>(L.n * L.s);
    for_each_channel(L, [&](int64_t c) {
      double sum = 0;
      for (int64_t n = 0; n < L.n; ++n) {
        const T* p = row<T>(x, L, n, c);
        T s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t i = 0; i < L.s; ++i) s += p[i];
        sum += static_cast<double>(s);
      }
      const double m = sum / M;
      // second pass over the deviations: no cancellation, unlike Σx² - M·m²
      double squares = 0;
      for (int64_t n = 0; n < L.n; ++n) {
        const T* p = row<T>(x, L, n, c);
        const T mt = static_cast<T>(m);
        T s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t i = 0; i < L.s; ++i) s += (p[i] - mt) * (p[i] - mt);
        squares += static_cast<double>(s);
      }
      static_cast<T*>(mean.data)[c] = static_cast<T>(m);
      static_cast<T*>(var.data)[c] = static_cast<T>(squares / M);
    });
  });
}

void batch_norm_apply(const TensorRef& y, const TensorRef& x, const TensorRef& scale, const TensorRef& shift) {
  dispatch_float32_64(x.dtype, "batch_norm", [&]<class T>() {
    const Layout L = layout_of(x);
    for_each_channel(L, [&](int64_t c) {
      const T a = static_cast<const T*>(scale.data)[c], b = static_cast<const T*>(shift.data)[c];
      for (int64_t n = 0; n < L.n; ++n) {
        const T* p = row<T>(x, L, n, c);
        T* q = mutable_row<T>(y, L, n, c);
#pragma omp simd
        for (int64_t i = 0; i < L.s; ++i) q[i] = p[i] * a + b;
      }
    });
  });
}

void batch_norm_backward_reduce(const TensorRef& sum_dy, const TensorRef& sum_dy_xmu, const TensorRef& dy,
                                const TensorRef& x, const TensorRef& mean) {
  dispatch_float32_64(x.dtype, "batch_norm_backward", [&]<class T>() {
    const Layout L = layout_of(x);
    for_each_channel(L, [&](int64_t c) {
      const T m = static_cast<const T*>(mean.data)[c];
      double total = 0, total_xmu = 0;
      for (int64_t n = 0; n < L.n; ++n) {
        const T* g = row<T>(dy, L, n, c);
        const T* p = row<T>(x, L, n, c);
        T s = 0, s_xmu = 0;
#pragma omp simd reduction(+ : s, s_xmu)
        for (int64_t i = 0; i < L.s; ++i) {
          s += g[i];
          s_xmu += g[i] * (p[i] - m);
        }
        total += static_cast<double>(s);
        total_xmu += static_cast<double>(s_xmu);
      }
      static_cast<T*>(sum_dy.data)[c] = static_cast<T>(total);
      static_cast<T*>(sum_dy_xmu.data)[c] = static_cast<T>(total_xmu);
    });
  });
}

void batch_norm_backward_apply(const TensorRef& dx, const TensorRef& dy, const TensorRef& x, const TensorRef& a,
                               const TensorRef& b, const TensorRef& k) {
  dispatch_float32_64(x.dtype, "batch_norm_backward", [&]<class T>() {
    const Layout L = layout_of(x);
    for_each_channel(L, [&](int64_t c) {
      const T ac = static_cast<const T*>(a.data)[c], bc = static_cast<const T*>(b.data)[c],
              kc = static_cast<const T*>(k.data)[c];
      for (int64_t n = 0; n < L.n; ++n) {
        const T* g = row<T>(dy, L, n, c);
        const T* p = row<T>(x, L, n, c);
        T* q = mutable_row<T>(dx, L, n, c);
#pragma omp simd
        for (int64_t i = 0; i < L.s; ++i) q[i] = g[i] * ac + p[i] * bc + kc;
      }
    });
  });
}

}  // namespace ember::kernels::cpu
