// sort.cpp — CPU kernels for ordering: sort, topk, searchsorted, bincount and
// histc.
//
// Ordering treats NaN as larger than every number (PyTorch and NumPy agree),
// so NaNs come last ascending and first descending. Sorting is always stable:
// equal values keep their input order, which makes indices deterministic.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/error.h"
#include "kernels/convert.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"

namespace ember::kernels::cpu {

namespace {

// a < b with NaN as the largest value
template <class C>
bool less_nan_last(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (b != b) return a == a;
    if (a != a) return false;
  }
  return a < b;
}

// Visits every line along `dim`: f(line_offsets...) gets the element offset of
// the line's first element in each of the given tensors (which share sizes).
template <class F>
void for_each_line(IntArrayRef sizes, int64_t dim, std::initializer_list<IntArrayRef> strides, F&& f) {
  int64_t n = sizes[dim];
  int64_t total = 1;
  for (int64_t s : sizes) total *= s;
  int64_t lines = n == 0 ? 0 : total / n;
  std::vector<IntArrayRef> st(strides);
  int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1) / 8);
  parallel_for(lines, grain, [&](int64_t b, int64_t e) {
    std::vector<int64_t> offs(st.size());
    for (int64_t line = b; line < e; ++line) {
      std::fill(offs.begin(), offs.end(), 0);
      int64_t rest = line;
      for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
        if (d == dim) continue;
        int64_t k = rest % sizes[d];
        rest /= sizes[d];
        for (size_t t = 0; t < st.size(); ++t) offs[t] += k * st[t][d];
      }
      f(offs.data());
    }
  });
}

}  // namespace

void sort(const TensorRef& values, const TensorRef& indices, const TensorRef& in, int64_t dim, bool descending,
          bool stable) {
  (void)stable;  // always stable (see the header comment)
  dispatch_all(in.dtype, "sort", [&]<class T>() {
    using C = compute_t<T>;
    int64_t n = in.sizes[dim];
    for_each_line(in.sizes, dim, {in.strides, values.strides, indices.strides}, [&](const int64_t* off) {
      const T* src = static_cast<const T*>(in.data) + off[0];
      std::vector<int64_t> order(n);
      std::iota(order.begin(), order.end(), 0);
      int64_t st = in.strides[dim];
      auto key = [&](int64_t i) { return convert<C>(src[i * st]); };
      if (descending) {
        std::stable_sort(order.begin(), order.end(),
                         [&](int64_t a, int64_t b) { return less_nan_last(key(b), key(a)); });
      } else {
        std::stable_sort(order.begin(), order.end(),
                         [&](int64_t a, int64_t b) { return less_nan_last(key(a), key(b)); });
      }
      T* v = static_cast<T*>(values.data) + off[1];
      int64_t* ix = static_cast<int64_t*>(indices.data) + off[2];
      for (int64_t i = 0; i < n; ++i) {
        v[i * values.strides[dim]] = src[order[i] * st];
        ix[i * indices.strides[dim]] = order[i];
      }
    });
  });
}

void topk(const TensorRef& values, const TensorRef& indices, const TensorRef& in, int64_t k, int64_t dim,
          bool largest, bool sorted) {
  (void)sorted;  // results always come sorted, which is a valid "unsorted" order too
  dispatch_all(in.dtype, "topk", [&]<class T>() {
    using C = compute_t<T>;
    int64_t n = in.sizes[dim];
    for_each_line(in.sizes, dim, {in.strides, values.strides, indices.strides}, [&](const int64_t* off) {
      const T* src = static_cast<const T*>(in.data) + off[0];
      int64_t st = in.strides[dim];
      auto key = [&](int64_t i) { return convert<C>(src[i * st]); };
      std::vector<int64_t> order(n);
      std::iota(order.begin(), order.end(), 0);
      auto before = [&](int64_t a, int64_t b) {
        C x = key(a), y = key(b);
        if (largest ? less_nan_last(y, x) : less_nan_last(x, y)) return true;
        if (largest ? less_nan_last(x, y) : less_nan_last(y, x)) return false;
        return a < b;  // ties: lower index first
      };
      std::partial_sort(order.begin(), order.begin() + k, order.end(), before);
      T* v = static_cast<T*>(values.data) + off[1];
      int64_t* ix = static_cast<int64_t*>(indices.data) + off[2];
      for (int64_t i = 0; i < k; ++i) {
        v[i * values.strides[dim]] = src[order[i] * st];
        ix[i * indices.strides[dim]] = order[i];
      }
    });
  });
}

// sorted: (B, M) or (1, M); values and out: (B, K); all contiguous.
void searchsorted(const TensorRef& out, const TensorRef& sorted, const TensorRef& values, bool right) {
  dispatch_all(values.dtype, "searchsorted", [&]<class T>() {
    using C = compute_t<T>;
    int64_t B = values.sizes[0], K = values.sizes[1], M = sorted.sizes[1];
    const T* s = static_cast<const T*>(sorted.data);
    const T* v = static_cast<const T*>(values.data);
    int64_t* o = static_cast<int64_t*>(out.data);
    parallel_for(B * K, kParallelGrain / 16, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        const T* row = s + (sorted.sizes[0] == 1 ? 0 : (i / K) * M);
        C x = convert<C>(v[i]);
        int64_t lo = 0, hi = M;  // first position whose element is > x (right) or >= x (left)
        while (lo < hi) {
          int64_t mid = lo + (hi - lo) / 2;
          C y = convert<C>(row[mid]);
          bool go_right = right ? !less_nan_last(x, y) : less_nan_last(y, x);
          if (go_right) lo = mid + 1; else hi = mid;
        }
        o[i] = lo;
      }
    });
  });
}

// in: 1-D int64 contiguous of non-negative values < out.numel(); weights: 1-D contiguous, out's dtype.
void bincount(const TensorRef& out, const TensorRef& in, const TensorRef* weights) {
  const int64_t* x = static_cast<const int64_t*>(in.data);
  int64_t n = in.numel();
  dispatch_numeric(out.dtype, "bincount", [&]<class T>() {
    using C = compute_t<T>;
    T* o = static_cast<T*>(out.data);
    std::vector<C> acc(out.numel(), C(0));
    const T* w = weights ? static_cast<const T*>(weights->data) : nullptr;
    for (int64_t i = 0; i < n; ++i) acc[x[i]] += w ? convert<C>(w[i]) : C(1);
    for (int64_t i = 0; i < out.numel(); ++i) o[i] = convert<T>(acc[i]);
  });
}

// in: contiguous floating; out: contiguous (bins), same dtype.
void histc(const TensorRef& out, const TensorRef& in, double min, double max) {
  dispatch_floating(in.dtype, "histc", [&]<class T>() {
    int64_t bins = out.numel();
    std::vector<double> counts(bins, 0.0);
    const T* x = static_cast<const T*>(in.data);
    for (int64_t i = 0; i < in.numel(); ++i) {
      double v = convert<double>(x[i]);
      if (!(v >= min && v <= max)) continue;  // outside the range, or NaN
      int64_t b = static_cast<int64_t>((v - min) * static_cast<double>(bins) / (max - min));
      if (b == bins) b = bins - 1;  // the right edge belongs to the last bin
      counts[b] += 1.0;
    }
    T* o = static_cast<T*>(out.data);
    for (int64_t b = 0; b < bins; ++b) o[b] = convert<T>(counts[b]);
  });
}

}  // namespace ember::kernels::cpu
