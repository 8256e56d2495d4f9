// loops.h — the CPU loop engine: walks N operands that share sizes (output
// first), in parallel when there is enough work.
//
// Before looping, dims of size 1 are dropped and neighbouring dims are merged
// when every operand is laid out contiguously across them ("coalescing"), so a
// contiguous tensor of any rank becomes a single flat loop and a transposed
// one becomes two. The iteration space is then cut into equal flat ranges,
// one per thread; each range is walked as runs along the innermost dim, and
// the caller's `inner(ptrs, strides, n)` processes one run of n elements
// (strides in bytes, one per operand). Inner loops test for unit strides and
// take a contiguous path the compiler vectorizes.
//
// Internal to kernels/cpu.
#pragma once

#include <omp.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/error.h"
#include "kernels/kernels.h"

namespace ember::kernels::cpu {

/// Below this many elements an op runs on one thread: starting an OpenMP team
/// costs a few microseconds, more than a small op itself.
inline constexpr int64_t kParallelGrain = 32768;
inline constexpr int kMaxDims = 32;

/// Runs body(begin, end) over [0, n), split across threads when n / grain > 1.
template <class Body>
void parallel_for(int64_t n, int64_t grain, const Body& body) {
  if (n <= 0) return;
  int max_threads = omp_in_parallel() ? 1 : omp_get_max_threads();
  int64_t nthreads = std::min<int64_t>(max_threads, std::max<int64_t>(1, n / std::max<int64_t>(grain, 1)));
  if (nthreads <= 1) {
    body(int64_t{0}, n);
    return;
  }
  int64_t chunk = (n + nthreads - 1) / nthreads;
#pragma omp parallel num_threads(static_cast<int>(nthreads))
  {
    int64_t begin = omp_get_thread_num() * chunk;
    int64_t end = std::min(n, begin + chunk);
    if (begin < end) body(begin, end);
  }
}

/// The coalesced loop nest of N operands: sizes and byte strides, innermost last.
template <size_t N>
struct LoopNest {
  int ndim = 0;
  int64_t numel = 1;
  int64_t sizes[kMaxDims];
  int64_t strides[N][kMaxDims];  // bytes

  LoopNest(IntArrayRef shape, const std::array<const TensorRef*, N>& ops) {
    EMBER_CHECK(shape.size() <= static_cast<size_t>(kMaxDims), "loops", "tensors with more than ", kMaxDims,
                " dims are not supported (got ", shape.size(), ")");
    for (size_t d = 0; d < shape.size(); ++d) {
      numel *= shape[d];
      if (shape[d] == 1) continue;
      sizes[ndim] = shape[d];
      for (size_t k = 0; k < N; ++k)
        strides[k][ndim] = ops[k]->strides[d] * static_cast<int64_t>(element_size(ops[k]->dtype));
      ++ndim;
    }
    coalesce();
  }

  // Merge dim d-1 into dim d when, for every operand, stepping once along d-1
  // is the same as stepping sizes[d] times along d.
  void coalesce() {
    if (ndim <= 1) return;
    int out = ndim - 1;  // the dim currently being grown, written from the back
    for (int d = ndim - 2; d >= 0; --d) {
      bool mergeable = true;
      for (size_t k = 0; k < N; ++k) mergeable &= strides[k][d] == strides[k][out] * sizes[out];
      if (mergeable) {
        sizes[out] *= sizes[d];
      } else {
        --out;
        sizes[out] = sizes[d];
        for (size_t k = 0; k < N; ++k) strides[k][out] = strides[k][d];
      }
    }
    int shift = out;
    ndim -= shift;
    for (int d = 0; d < ndim; ++d) {
      sizes[d] = sizes[d + shift];
      for (size_t k = 0; k < N; ++k) strides[k][d] = strides[k][d + shift];
    }
  }
};

/// Calls inner(ptrs, inner_strides, n) for every run of the flat range
/// [begin, end) of the nest.
template <size_t N, class Inner>
void walk_range(const LoopNest<N>& L, const std::array<char*, N>& base, int64_t begin, int64_t end,
                const Inner& inner) {
  if (L.ndim == 0) {  // a single element
    std::array<char*, N> p = base;
    int64_t zero[N] = {};
    inner(p.data(), zero, 1);
    return;
  }
  int last = L.ndim - 1;
  int64_t inner_strides[N];
  for (size_t k = 0; k < N; ++k) inner_strides[k] = L.strides[k][last];

  int64_t idx[kMaxDims];
  int64_t rest = begin;
  for (int d = last; d >= 0; --d) {
    idx[d] = rest % L.sizes[d];
    rest /= L.sizes[d];
  }
  while (begin < end) {
    std::array<char*, N> p;
    for (size_t k = 0; k < N; ++k) {
      int64_t off = 0;
      for (int d = 0; d < L.ndim; ++d) off += idx[d] * L.strides[k][d];
      p[k] = base[k] + off;
    }
    int64_t n = std::min(L.sizes[last] - idx[last], end - begin);
    inner(p.data(), inner_strides, n);
    begin += n;
    idx[last] += n;
    for (int d = last; d > 0 && idx[d] == L.sizes[d]; --d) {  // carry
      idx[d] = 0;
      ++idx[d - 1];
    }
  }
}

/// Runs `inner` over all elements of the N operands (sizes of ops[0]).
template <size_t N, class Inner>
void for_each_run(const std::array<const TensorRef*, N>& ops, const Inner& inner,
                  int64_t grain = kParallelGrain) {
  LoopNest<N> L(ops[0]->sizes, ops);
  if (L.numel == 0) return;
  std::array<char*, N> base;
  for (size_t k = 0; k < N; ++k) base[k] = static_cast<char*>(ops[k]->data);
  parallel_for(L.numel, grain, [&](int64_t b, int64_t e) { walk_range(L, base, b, e, inner); });
}

/// Loads a T and converts it to the compute type; stores the other way.
template <class T, class C>
inline C load_as(const char* p) {
  return static_cast<C>(*reinterpret_cast<const T*>(p));
}

}  // namespace ember::kernels::cpu
