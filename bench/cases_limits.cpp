// cases_limits.cpp — the machine's own limits, the yardsticks of every other
// case (no torch peer):
//
//   limits/fma_peak      peak fp32 FLOP/s: the threads share 2^17 rounds of
//                        16 independent chains of vector FMAs
//                        (acc = acc * m + a), enough chains to hide the FMA
//                        latency on both FMA pipes
//   limits/stream_triad  memory bandwidth: STREAM's a[i] = b[i] + s * c[i] over
//                        three 128 MiB arrays, far larger than any L3; counts
//                        3 x 4 bytes per element as STREAM does
#include <omp.h>

#include <memory>

#include "cases.h"

namespace bench {
namespace {

// The widest vector the build targets; with -ffp-contract=fast (CMakeLists)
// acc * m + a compiles to one FMA instruction.
#if defined(__AVX512F__)
constexpr int kLanes = 16;
#else
constexpr int kLanes = 8;
#endif
using Vec = float __attribute__((vector_size(4 * kLanes)));

constexpr int kChains = 16;
constexpr int64_t kRounds = 1 << 17;
volatile float sink;

void fma_loop() {
#pragma omp parallel
  {
    Vec acc[kChains];
    for (int k = 0; k < kChains; ++k) acc[k] = Vec{} + static_cast<float>(k);
    const Vec m = Vec{} + 0.999999f, a = Vec{} + 1e-6f;
    const int64_t rounds = kRounds / omp_get_num_threads();
    for (int64_t i = 0; i < rounds; ++i)
      for (int k = 0; k < kChains; ++k) acc[k] = acc[k] * m + a;
    float total = 0;
    for (int k = 0; k < kChains; ++k) total += acc[k][0];
    sink = total;
  }
}

constexpr int64_t kStreamFloats = int64_t{1} << 25;  // 128 MiB per array

}  // namespace

std::vector<Case> limits_cases() {
  return {
      {"limits/fma_peak", 2.0 * kLanes * kChains * kRounds, "flop", [] { return std::function<void()>(fma_loop); }},
      {"limits/stream_triad", 3.0 * 4 * kStreamFloats, "byte",
       [] {
         std::shared_ptr<float[]> a(new float[kStreamFloats]), b(new float[kStreamFloats]), c(new float[kStreamFloats]);
#pragma omp parallel for schedule(static)  // first touch by the thread that will use each page
         for (int64_t i = 0; i < kStreamFloats; ++i) a[i] = 0, b[i] = 1, c[i] = 2;
         return std::function<void()>([a, b, c] {
           const float s = 3;
#pragma omp parallel for schedule(static)
           for (int64_t i = 0; i < kStreamFloats; ++i) a[i] = b[i] + s * c[i];
         });
       }},
  };
}

}  // namespace bench
