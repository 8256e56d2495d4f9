// philox.h — the Philox4x32-10 counter-based random number generator
// (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011).
//
// philox(counter, key) scrambles a 128-bit counter with a 64-bit key in ten
// rounds and returns four 32-bit random words. Because the output depends only
// on (counter, key), element i of a random tensor can be computed on its own,
// by any thread, on any device, and always come out the same: that is what
// makes ember's random numbers identical across thread counts and between the
// CPU and CUDA.
#pragma once

#include <cstdint>

#include "core/half.h"

namespace ember::kernels {

struct Philox4 {
  uint32_t x[4];
};

EMBER_HD inline Philox4 philox(uint64_t counter, uint64_t key) {
  constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;  // round multipliers
  constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;  // key schedule (golden ratio, sqrt 3 - 1)
  uint32_t c0 = static_cast<uint32_t>(counter), c1 = static_cast<uint32_t>(counter >> 32), c2 = 0, c3 = 0;
  uint32_t k0 = static_cast<uint32_t>(key), k1 = static_cast<uint32_t>(key >> 32);
  for (int round = 0; round < 10; ++round) {
    uint64_t p0 = static_cast<uint64_t>(kM0) * c0;
    uint64_t p1 = static_cast<uint64_t>(kM1) * c2;
    uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
    uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 += kW0;
    k1 += kW1;
  }
  return Philox4{{c0, c1, c2, c3}};
}

/// A 32-bit word to a float uniform on [0, 1): the top 24 bits, exactly representable.
EMBER_HD inline float uniform_float(uint32_t r) { return static_cast<float>(r >> 8) * (1.0f / 16777216.0f); }
/// Two 32-bit words to a double uniform on [0, 1): 53 random bits.
EMBER_HD inline double uniform_double(uint32_t hi, uint32_t lo) {
  uint64_t bits = (static_cast<uint64_t>(hi) << 32 | lo) >> 11;
  return static_cast<double>(bits) * (1.0 / 9007199254740992.0);
}

}  // namespace ember::kernels
