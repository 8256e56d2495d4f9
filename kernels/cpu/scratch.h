// scratch.h — a per-thread float buffer for kernels' temporary copies
// (sgemm's packed panels, Winograd's transformed tiles) that only grows and
// is kept between calls. Kept because fresh memory is slow here: each new
// page faults on first touch, and a 3 MiB buffer allocated per call made a
// small 64->64 conv (8 x 8 images) 10x slower than with a reused one.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace ember::kernels::cpu {

/// A 64-byte-aligned float buffer that only grows; declare it thread_local.
class ScratchBuffer {
 public:
  /// At least n floats, uninitialized; earlier contents are lost when it grows.
  float* get(int64_t n) {
    if (n > size_) {
      const size_t bytes = (static_cast<size_t>(n) * sizeof(float) + 63) / 64 * 64;
      data_.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
      size_ = n;
    }
    return data_.get();
  }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> data_;
  int64_t size_ = 0;
};

}  // namespace ember::kernels::cpu
