// index.cpp — CPU kernels that move values by index: gather, scatter (with
// reductions), index_put by flat positions, and nonzero.
//
// gather and scatter pair each element of `index` with an element of the big
// tensor by swapping one coordinate: gather reads in[.., index[p], ..] into
// out[p]; scatter writes src[p] into self[.., index[p], ..]. Both are written
// with the loop engine by viewing the big tensor with index's sizes and stride
// 0 along `dim`, then stepping index[p] * stride(dim) from there.
// Indices are already bounds-checked by the front-ends (core/ops_index.cpp).
#include <cstring>

#include "core/error.h"
#include "kernels/convert.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"

namespace ember::kernels::cpu {

namespace {

// `t` seen with `sizes`, and stride 0 along dim (the index supplies that coordinate).
struct Restrided {
  Shape strides;
  TensorRef ref;
  Restrided(const TensorRef& t, IntArrayRef sizes, int64_t dim) : strides(t.strides.vec()) {
    strides[dim] = 0;
    ref = TensorRef{t.data, t.dtype, sizes, strides};
  }
};

template <class T>
T combine(ScatterReduce r, T old, T v) {
  using C = compute_t<T>;
  C a = convert<C>(old), b = convert<C>(v);
  switch (r) {
    case ScatterReduce::Assign: return v;
    case ScatterReduce::Sum: return convert<T>(static_cast<C>(a + b));
    case ScatterReduce::Prod: return convert<T>(static_cast<C>(a * b));
    case ScatterReduce::Amax: return convert<T>(a != a || a > b ? a : b);
    case ScatterReduce::Amin: return convert<T>(a != a || a < b ? a : b);
  }
  return v;
}

}  // namespace

void gather(const TensorRef& out, const TensorRef& in, int64_t dim, const TensorRef& index) {
  Restrided src(in, index.sizes, dim);
  int64_t step = in.strides[dim] * static_cast<int64_t>(element_size(in.dtype));
  dispatch_all(in.dtype, "gather", [&]<class T>() {
    for_each_run<3>({&out, &index, &src.ref}, [step](char** p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        int64_t k = *reinterpret_cast<const int64_t*>(p[1] + i * s[1]);
        *reinterpret_cast<T*>(p[0] + i * s[0]) = *reinterpret_cast<const T*>(p[2] + i * s[2] + k * step);
      }
    });
  });
}

void scatter(ScatterReduce reduce, const TensorRef& self, int64_t dim, const TensorRef& index,
             const TensorRef& src) {
  Restrided dst(self, index.sizes, dim);
  int64_t step = self.strides[dim] * static_cast<int64_t>(element_size(self.dtype));
  dispatch_all(self.dtype, "scatter", [&]<class T>() {
    // Serial: two index entries may name the same destination, and the
    // result of a reduction must not depend on thread timing.
    for_each_run<3>(
        {&dst.ref, &index, &src},
        [step, reduce](char** p, const int64_t* s, int64_t n) {
          for (int64_t i = 0; i < n; ++i) {
            int64_t k = *reinterpret_cast<const int64_t*>(p[1] + i * s[1]);
            T* target = reinterpret_cast<T*>(p[0] + i * s[0] + k * step);
            *target = combine(reduce, *target, *reinterpret_cast<const T*>(p[2] + i * s[2]));
          }
        },
        /*grain=*/INT64_MAX);
  });
}

void index_put(const TensorRef& self, const TensorRef& positions, const TensorRef& values, bool accumulate) {
  const int64_t* pos = static_cast<const int64_t*>(positions.data);
  int64_t n = positions.numel();
  int64_t ndim = self.ndim();
  auto offset_of = [&](int64_t flat) {
    int64_t off = 0;
    for (int64_t d = ndim - 1; d >= 0; --d) {
      off += (flat % self.sizes[d]) * self.strides[d];
      flat /= self.sizes[d];
    }
    return off;
  };
  dispatch_all(self.dtype, "index_put_", [&]<class T>() {
    T* dst = static_cast<T*>(self.data);
    const T* v = static_cast<const T*>(values.data);
    int64_t vstride = values.strides.empty() ? 0 : values.strides[0];
    if (accumulate) {  // serial: duplicate positions must all be added
      for (int64_t i = 0; i < n; ++i) {
        T& d = dst[offset_of(pos[i])];
        d = combine(ScatterReduce::Sum, d, v[i * vstride]);
      }
    } else {
      parallel_for(n, kParallelGrain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) dst[offset_of(pos[i])] = v[i * vstride];
      });
    }
  });
}

int64_t count_nonzero(const TensorRef& in) {
  int64_t count = 0;
  dispatch_all(in.dtype, "nonzero", [&]<class T>() {
    using C = compute_t<T>;
    for_each_run<1>(
        {&in},
        [&count](char** p, const int64_t* s, int64_t n) {
          for (int64_t i = 0; i < n; ++i) count += convert<C>(*reinterpret_cast<const T*>(p[0] + i * s[0])) != C(0);
        },
        INT64_MAX);
  });
  return count;
}

void nonzero(const TensorRef& out, const TensorRef& in) {
  int64_t ndim = in.ndim();
  int64_t* dst = static_cast<int64_t*>(out.data);
  int64_t total = in.numel();
  dispatch_all(in.dtype, "nonzero", [&]<class T>() {
    using C = compute_t<T>;
    const T* src = static_cast<const T*>(in.data);
    Shape idx(ndim, 0);
    int64_t row = 0;
    for (int64_t flat = 0; flat < total; ++flat) {
      int64_t off = 0;
      for (int64_t d = 0; d < ndim; ++d) off += idx[d] * in.strides[d];
      if (convert<C>(src[off]) != C(0)) {
        for (int64_t d = 0; d < ndim; ++d) dst[row * ndim + d] = idx[d];
        ++row;
      }
      for (int64_t d = ndim - 1; d >= 0; --d) {  // row-major increment
        if (++idx[d] < in.sizes[d]) break;
        idx[d] = 0;
      }
    }
  });
}

}  // namespace ember::kernels::cpu
