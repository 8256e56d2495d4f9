// generator.h — Generator: the seeded source of ember's random numbers.
//
// A Generator is a Philox4x32-10 stream (kernels/philox.h) identified by a
// 64-bit seed and a counter (offset). A random op reserves a block of counter
// values and computes every element from (seed, counter) alone, so results do
// not depend on the number of threads or the device. `manual_seed(s)` resets
// the default generator; get_state/set_state save and restore a stream
// exactly (checkpoints use them).
//
// For algorithms that consume random numbers one at a time (randperm,
// multinomial), next_uint64/next_double draw sequentially from the same stream.
#pragma once

#include <cstdint>
#include <mutex>

namespace ember {

class Generator {
 public:
  struct State {
    uint64_t seed = 0;
    uint64_t offset = 0;
  };

  explicit Generator(uint64_t seed = kDefaultSeed) : seed_(seed) {}
  Generator(const Generator& other);
  Generator& operator=(const Generator& other);

  /// Restarts the stream from `seed`.
  void manual_seed(uint64_t seed);
  uint64_t initial_seed() const;
  /// Reserves `blocks` counter values; returns the first.
  uint64_t reserve(uint64_t blocks);
  /// 64 random bits from the next counter value.
  uint64_t next_uint64();
  /// Uniform on [0, 1) with 53 random bits.
  double next_double();

  State get_state() const;
  void set_state(State state);

  static constexpr uint64_t kDefaultSeed = 67280421310721ull;  // PyTorch's default seed

 private:
  mutable std::mutex mutex_;
  uint64_t seed_;
  uint64_t offset_ = 0;
};

/// The process-wide generator used when an op is not given one.
Generator& default_generator();
/// Seeds the default generator (torch.manual_seed).
void manual_seed(uint64_t seed);

}  // namespace ember
