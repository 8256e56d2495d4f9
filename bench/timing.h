// timing.h — how the benchmark programs time a step: a warm-up (caches, the
// caching allocator), then 5 timed blocks of steps/5 calls each; the result is
// the median block's milliseconds per call, which shrugs off the ±10-30%
// drift of these shared cores better than a mean.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace bench {

template <class Step>
double median_ms_per_step(const Step& step, int64_t steps, int warmup = 5) {
  for (int i = 0; i < warmup; ++i) step();
  std::vector<double> block_ms;
  const int64_t per_block = std::max<int64_t>(1, steps / 5);
  for (int b = 0; b < 5; ++b) {
    auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < per_block; ++i) step();
    block_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
                       static_cast<double>(per_block));
  }
  std::sort(block_ms.begin(), block_ms.end());
  return block_ms[2];
}

}  // namespace bench
