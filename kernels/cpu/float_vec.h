// float_vec.h — the CPU's widest float vector as a GCC vector extension
// type, for kernels that vectorize by hand (sgemm.cpp, small_gemm.cpp,
// winograd.cpp): arithmetic on Vec compiles to one instruction per
// operation on all lanes. Also a kLanes x kLanes transpose in registers,
// for layout changes.
// Which width is chosen at compile time from the target (-march=native):
// AVX-512 16 lanes, AVX 8, otherwise SSE's 4.
#pragma once

#include <cstring>

namespace ember::kernels::cpu::simd {

#if defined(__AVX512F__)
inline constexpr int kLanes = 16;  // floats per zmm register
#elif defined(__AVX__)
inline constexpr int kLanes = 8;  // floats per ymm register
#else
inline constexpr int kLanes = 4;  // floats per xmm register (SSE)
#endif

using Vec = float __attribute__((vector_size(kLanes * sizeof(float))));

/// Reads a V (Vec, or a plain float) from p, which need not be aligned.
template <class V = Vec>
inline V load(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
/// Writes v (a Vec or a float) to p, which need not be aligned.
template <class V>
inline void store(float* p, V v) {
  std::memcpy(p, &v, sizeof v);
}

using Mask = int32_t __attribute__((vector_size(kLanes * sizeof(int32_t))));

// The shuffle masks of transpose(): for each stage h = kLanes/2, ..., 1 the
// pair (new row i, new row i + h) taken from (row i, row i + h), where
// indices below kLanes pick from the first row and the others from the second.
struct TransposeMasks {
  Mask low[8], high[8];  // by stage, h = kLanes >> (stage + 1)
  TransposeMasks() {
    for (int stage = 0, h = kLanes / 2; h >= 1; ++stage, h /= 2)
      for (int c = 0; c < kLanes; ++c) {
        low[stage][c] = c & h ? kLanes + c - h : c;
        high[stage][c] = c & h ? kLanes + c : c + h;
      }
  }
};

inline const TransposeMasks kTransposeMasks;

// Transposes the kLanes x kLanes block v (row r is v[r]) in registers. Each
// stage swaps the off-diagonal h x h blocks of every 2h x 2h block,
//   for i with bit h clear:  v[i][c]     <- c & h ? v[i + h][c - h] : v[i][c]
//                            v[i + h][c] <- c & h ? v[i + h][c]     : v[i][c + h]
// which transposes the 2x2 block matrix; the next stage does the same inside
// each block, down to single elements. Fully unrolled, so h is a constant.
[[gnu::always_inline]] inline void transpose(Vec (&v)[kLanes]) {
#pragma GCC unroll 8
  for (int stage = 0, h = kLanes / 2; h >= 1; ++stage, h /= 2)
#pragma GCC unroll 16
    for (int i = 0; i < kLanes; ++i)
      if (!(i & h)) {
        const Vec a = v[i], b = v[i + h];
        v[i] = __builtin_shuffle(a, b, kTransposeMasks.low[stage]);
        v[i + h] = __builtin_shuffle(a, b, kTransposeMasks.high[stage]);
      }
}

}  // namespace ember::kernels::cpu::simd
