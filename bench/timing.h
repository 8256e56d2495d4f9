// timing.h — how the benchmark programs time a call: warm-up calls (caches,
// the caching allocator) until about a block's worth of time has passed, an
// estimate of one call's cost from them, then 5 timed blocks of as many calls
// as fill `block_ms`; the result is the median block's milliseconds per
// call, which shrugs off the ±10-30% drift of these shared cores better
// than a mean. bench/timing.py is the same protocol for the Python peers.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace bench {

template <class Step>
double median_ms_per_call(const Step& step, double block_ms) {
  using clock = std::chrono::steady_clock;
  auto ms_since = [](clock::time_point t) { return std::chrono::duration<double, std::milli>(clock::now() - t).count(); };
  int64_t warm = 0;
  const auto warm_start = clock::now();
  do {
    step();
    ++warm;
  } while (warm < 2 || ms_since(warm_start) < block_ms);
  const double estimate = ms_since(warm_start) / static_cast<double>(warm);
  const int64_t per_block = std::max<int64_t>(1, static_cast<int64_t>(block_ms / estimate));
  std::vector<double> block;
  for (int b = 0; b < 5; ++b) {
    const auto start = clock::now();
    for (int64_t i = 0; i < per_block; ++i) step();
    block.push_back(ms_since(start) / static_cast<double>(per_block));
  }
  std::sort(block.begin(), block.end());
  return block[2];
}

}  // namespace bench
