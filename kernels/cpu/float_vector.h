// float_vector.h — the widest float vector of the CPU the code is compiled
// for, as a GCC vector type, for the hand-blocked float32 GEMMs (sgemm.cpp,
// small_gemm.cpp): kLanes floats, 16 with AVX-512 (zmm), 8 with AVX (ymm),
// 4 otherwise (SSE xmm), and unaligned loads and stores of it. Arithmetic is
// the vector extension's own (v * w, v + s); leaves out everything else.
#pragma once

#include <cstring>

namespace ember::kernels::cpu::simd {

#if defined(__AVX512F__)
constexpr int kLanes = 16;
#elif defined(__AVX__)
constexpr int kLanes = 8;
#else
constexpr int kLanes = 4;
#endif

using Vec = float __attribute__((vector_size(kLanes * sizeof(float))));

inline Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

}  // namespace ember::kernels::cpu::simd
