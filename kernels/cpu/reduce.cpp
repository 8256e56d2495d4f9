// reduce.cpp — CPU reductions (sum, prod, max, min, all, any) over any set of
// dims, and arg-reductions (max/min with indices) along one dim.
//
// The output has the input's rank with size 1 in each reduced dim. The dims
// split into a "kept" nest (one iteration per output element) and a "reduced"
// nest (the elements folded into one output). Three strategies:
//   - inner:  the reduced elements of one output are contiguous (sum over the
//             last dim): a vectorized fold per output, outputs in parallel;
//   - column: the kept dim is the contiguous one (sum over dim 0 of a
//             row-major matrix): add whole input rows into a row of
//             accumulators, so every load is still contiguous;
//   - split:  few outputs but many elements each (a full sum): each thread
//             folds a slice of the reduced range, then the partials combine.
// Float sums accumulate in float over blocks of 4096 elements (vectorized)
// and add the blocks in double, which keeps the error of a 16M-element sum
// near float's own rounding.
#include <cmath>
#include <memory>

#include "core/error.h"
#include "kernels/convert.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"

namespace ember::kernels::cpu {

namespace {

// ---- reducers: identity, folding one element, combining two partials ----
// A is the accumulator type, C the compute type of the input.

template <class T>
struct SumR {
  using C = compute_t<T>;
  using A = std::conditional_t<std::is_floating_point_v<C>, double, int64_t>;
  static A identity() { return A(0); }
  static A step(A acc, C x) { return acc + static_cast<A>(x); }
  static A combine(A a, A b) { return a + b; }
  // contiguous run: float blocks vectorized, blocks summed in double
  static A run(const T* p, int64_t n) {
    if constexpr (std::is_floating_point_v<C>) {
      double total = 0.0;
      for (int64_t b = 0; b < n; b += 4096) {
        int64_t e = std::min(n, b + 4096);
        C s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t i = b; i < e; ++i) s += convert<C>(p[i]);
        total += static_cast<double>(s);
      }
      return total;
    } else {
      A s = 0;
#pragma omp simd reduction(+ : s)
      for (int64_t i = 0; i < n; ++i) s += static_cast<A>(p[i]);
      return s;
    }
  }
};

template <class T>
struct ProdR {
  using C = compute_t<T>;
  using A = std::conditional_t<std::is_floating_point_v<C>, C, int64_t>;
  static A identity() { return A(1); }
  static A step(A acc, C x) { return acc * static_cast<A>(x); }
  static A combine(A a, A b) { return a * b; }
  static A run(const T* p, int64_t n) {
    A s = 1;
    for (int64_t i = 0; i < n; ++i) s *= static_cast<A>(convert<C>(p[i]));
    return s;
  }
};

// max/min propagate NaN: once the accumulator is NaN it stays NaN
template <class T, bool IsMax>
struct ExtremumR {
  using C = compute_t<T>;
  using A = C;
  static A identity() {
    if constexpr (std::is_floating_point_v<C>) return IsMax ? -INFINITY : INFINITY;
    else return IsMax ? std::numeric_limits<C>::lowest() : std::numeric_limits<C>::max();
  }
  static A step(A acc, C x) {
    if constexpr (std::is_floating_point_v<C>) {
      if (x != x || acc != acc) return x != x ? x : acc;
    }
    return IsMax ? (x > acc ? x : acc) : (x < acc ? x : acc);
  }
  static A combine(A a, A b) { return step(a, b); }
  static A run(const T* p, int64_t n) {
    A acc = identity();
    for (int64_t i = 0; i < n; ++i) acc = step(acc, convert<C>(p[i]));
    return acc;
  }
};

template <class T, bool IsAll>
struct LogicalR {
  using C = compute_t<T>;
  using A = bool;
  static A identity() { return IsAll; }
  static A step(A acc, C x) { return IsAll ? (acc && x != C(0)) : (acc || x != C(0)); }
  static A combine(A a, A b) { return IsAll ? (a && b) : (a || b); }
  static A run(const T* p, int64_t n) {
    A acc = identity();
    for (int64_t i = 0; i < n; ++i) acc = step(acc, convert<C>(p[i]));
    return acc;
  }
};

// ---- the kept / reduced split ----

struct Nest {
  int ndim = 0;
  int64_t sizes[kMaxDims];
  int64_t in_strides[kMaxDims];   // elements
  int64_t out_strides[kMaxDims];  // elements (kept nest only)
  int64_t numel() const {
    int64_t n = 1;
    for (int d = 0; d < ndim; ++d) n *= sizes[d];
    return n;
  }
  // merges neighbours that are contiguous with each other in both in and out
  void coalesce() {
    if (ndim <= 1) return;
    int out = 0;
    for (int d = 1; d < ndim; ++d) {
      if (in_strides[out] == in_strides[d] * sizes[d] && out_strides[out] == out_strides[d] * sizes[d]) {
        sizes[out] *= sizes[d];
        in_strides[out] = in_strides[d];
        out_strides[out] = out_strides[d];
      } else {
        ++out;
        sizes[out] = sizes[d];
        in_strides[out] = in_strides[d];
        out_strides[out] = out_strides[d];
      }
    }
    ndim = out + 1;
  }
  // offset (in elements) of flat position i, for in and out
  void offsets(int64_t i, int64_t& in_off, int64_t& out_off) const {
    in_off = 0;
    out_off = 0;
    for (int d = ndim - 1; d >= 0; --d) {
      int64_t k = i % sizes[d];
      i /= sizes[d];
      in_off += k * in_strides[d];
      out_off += k * out_strides[d];
    }
  }
};

// Folds the reduced nest starting at `p` (flat positions [begin, end)) into acc.
template <class T, class R>
typename R::A fold(const T* p, const Nest& red, int64_t begin, int64_t end) {
  using A = typename R::A;
  using C = typename R::C;
  A acc = R::identity();
  if (red.ndim == 0) return R::step(acc, convert<C>(*p));
  int last = red.ndim - 1;
  int64_t inner = red.sizes[last];
  int64_t stride = red.in_strides[last];
  int64_t pos = begin;
  while (pos < end) {
    int64_t off, unused;
    red.offsets(pos, off, unused);
    int64_t k = pos % inner;
    int64_t n = std::min(inner - k, end - pos);
    const T* q = p + off;
    if (stride == 1) {
      acc = R::combine(acc, R::run(q, n));
    } else {
      for (int64_t i = 0; i < n; ++i) acc = R::step(acc, convert<C>(q[i * stride]));
    }
    pos += n;
  }
  return acc;
}

template <class T, class Out, class R>
void reduce_impl(const TensorRef& out, const TensorRef& in) {
  using A = typename R::A;
  using C = typename R::C;
  Nest kept, red;
  for (int64_t d = 0; d < in.ndim(); ++d) {
    if (in.sizes[d] == 1) continue;
    Nest& n = out.sizes[d] == 1 ? red : kept;
    n.sizes[n.ndim] = in.sizes[d];
    n.in_strides[n.ndim] = in.strides[d];
    n.out_strides[n.ndim] = &n == &red ? 0 : out.strides[d];
    ++n.ndim;
  }
  kept.coalesce();
  red.coalesce();
  const T* src = static_cast<const T*>(in.data);
  Out* dst = static_cast<Out*>(out.data);
  int64_t n_out = kept.numel();
  int64_t n_red = red.numel();
  if (n_out == 0) return;
  if (n_red == 0) {  // reducing an empty range: the identity (sum of nothing is 0)
    parallel_for(n_out, kParallelGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        int64_t in_off, out_off;
        kept.offsets(i, in_off, out_off);
        dst[out_off] = convert<Out>(R::identity());
      }
    });
    return;
  }

  int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
  bool column = kept.ndim > 0 && kept.in_strides[kept.ndim - 1] == 1 && kept.out_strides[kept.ndim - 1] == 1 &&
                red.ndim > 0 && red.in_strides[red.ndim - 1] != 1;

  if (n_out < threads && n_red >= 2 * kParallelGrain) {
    // split: threads fold slices of the reduced range of each output
    for (int64_t i = 0; i < n_out; ++i) {
      int64_t in_off, out_off;
      kept.offsets(i, in_off, out_off);
      std::unique_ptr<A[]> partial(new A[threads]);  // not vector<bool>: threads write concurrently
      std::fill(partial.get(), partial.get() + threads, R::identity());
      int64_t chunk = (n_red + threads - 1) / threads;
#pragma omp parallel num_threads(threads)
      {
        int t = omp_get_thread_num();
        int64_t b = t * chunk, e = std::min(n_red, b + chunk);
        if (b < e) partial[t] = fold<T, R>(src + in_off, red, b, e);
      }
      A acc = R::identity();
      for (int t = 0; t < threads; ++t) acc = R::combine(acc, partial[t]);
      dst[out_off] = convert<Out>(acc);
    }
  } else if (column) {
    // column: accumulate input rows into a row of `width` accumulators
    int64_t width = kept.sizes[kept.ndim - 1];
    int64_t outer = n_out / width;
    Nest outer_nest = kept;
    outer_nest.ndim -= 1;
    int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n_red, 1));
    parallel_for(width, grain, [&](int64_t jb, int64_t je) {
      std::unique_ptr<A[]> acc(new A[je - jb]);
      for (int64_t o = 0; o < outer; ++o) {
        int64_t in_off, out_off;
        outer_nest.offsets(o, in_off, out_off);
        std::fill(acc.get(), acc.get() + (je - jb), R::identity());
        for (int64_t r = 0; r < n_red; ++r) {
          int64_t r_off, unused;
          red.offsets(r, r_off, unused);
          const T* row = src + in_off + r_off + jb;
          for (int64_t j = 0; j < je - jb; ++j) acc[j] = R::step(acc[j], convert<C>(row[j]));
        }
        for (int64_t j = 0; j < je - jb; ++j) dst[out_off + jb + j] = convert<Out>(acc[j]);
      }
    });
  } else {
    // inner: one fold per output, outputs spread over threads
    int64_t grain = std::max<int64_t>(1, kParallelGrain / n_red);
    parallel_for(n_out, grain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        int64_t in_off, out_off;
        kept.offsets(i, in_off, out_off);
        dst[out_off] = convert<Out>(fold<T, R>(src + in_off, red, 0, n_red));
      }
    });
  }
}

}  // namespace

void reduce(ReduceOp op, const TensorRef& out, const TensorRef& in) {
  switch (op) {
    case ReduceOp::Sum:
      return dispatch_all(in.dtype, "sum", [&]<class T>() {
        dispatch_all(out.dtype, "sum", [&]<class Out>() { reduce_impl<T, Out, SumR<T>>(out, in); });
      });
    case ReduceOp::Prod:
      return dispatch_all(in.dtype, "prod", [&]<class T>() {
        dispatch_all(out.dtype, "prod", [&]<class Out>() { reduce_impl<T, Out, ProdR<T>>(out, in); });
      });
    case ReduceOp::Max:
      return dispatch_all(in.dtype, "amax", [&]<class T>() { reduce_impl<T, T, ExtremumR<T, true>>(out, in); });
    case ReduceOp::Min:
      return dispatch_all(in.dtype, "amin", [&]<class T>() { reduce_impl<T, T, ExtremumR<T, false>>(out, in); });
    case ReduceOp::All:
      return dispatch_all(in.dtype, "all", [&]<class T>() { reduce_impl<T, bool, LogicalR<T, true>>(out, in); });
    case ReduceOp::Any:
      return dispatch_all(in.dtype, "any", [&]<class T>() { reduce_impl<T, bool, LogicalR<T, false>>(out, in); });
  }
}

void arg_reduce(bool is_max, const TensorRef& values, const TensorRef& indices, const TensorRef& in, int64_t dim) {
  dispatch_all(in.dtype, is_max ? "max" : "min", [&]<class T>() {
    using C = compute_t<T>;
    Nest kept;
    for (int64_t d = 0; d < in.ndim(); ++d) {
      if (d == dim || in.sizes[d] == 1) continue;
      kept.sizes[kept.ndim] = in.sizes[d];
      kept.in_strides[kept.ndim] = in.strides[d];
      kept.out_strides[kept.ndim] = 0;  // values/indices offsets computed separately below
      ++kept.ndim;
    }
    // values and indices share a layout with each other but not with in, so
    // walk the kept dims by multi-index against all three stride sets
    int64_t n = in.sizes[dim];
    int64_t stride = in.strides[dim];
    int64_t n_out = kept.numel();
    const T* src = static_cast<const T*>(in.data);
    T* vals = static_cast<T*>(values.data);
    int64_t* idxs = static_cast<int64_t*>(indices.data);
    int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(n, 1));
    parallel_for(n_out, grain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        int64_t rest = i, in_off = 0, v_off = 0, x_off = 0;
        for (int64_t d = in.ndim() - 1; d >= 0; --d) {
          if (d == dim || in.sizes[d] == 1) continue;
          int64_t k = rest % in.sizes[d];
          rest /= in.sizes[d];
          in_off += k * in.strides[d];
          v_off += k * values.strides[d];
          x_off += k * indices.strides[d];
        }
        C best = convert<C>(src[in_off]);
        int64_t best_i = 0;
        for (int64_t j = 1; j < n; ++j) {
          if constexpr (std::is_floating_point_v<C>) {
            if (best != best) break;  // NaN found: it wins
          }
          C x = convert<C>(src[in_off + j * stride]);
          bool better = is_max ? x > best : x < best;
          if constexpr (std::is_floating_point_v<C>) better = better || x != x;
          if (better) {
            best = x;
            best_i = j;
          }
        }
        vals[v_off] = convert<T>(best);
        idxs[x_off] = best_i;
      }
    });
  });
}

}  // namespace ember::kernels::cpu
