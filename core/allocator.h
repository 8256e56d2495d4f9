// allocator.h — where tensor memory comes from.
//
// The CPU allocator hands out 64-byte-aligned blocks and caches freed ones by
// size class, so the temporaries of a training step reuse warm pages instead of
// paying a page fault per 4 KiB (2-3 us each on this machine). Size classes
// are 4 per power of two (x1, x1.25, x1.5, x1.75), so a block wastes < 25%.
// The cache holds at most `cache_limit` bytes; beyond that, frees go to the OS.
//
// Not here: the CUDA caching allocator (kernels/cuda/allocator.cpp), which
// implements the same interface.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/device.h"

namespace ember {

class Allocator {
 public:
  virtual ~Allocator() = default;
  /// Returns a block of at least nbytes (nbytes may be 0: a valid unique pointer).
  virtual void* allocate(size_t nbytes) = 0;
  /// Gives back a block from allocate(); nbytes is the size that was asked for.
  virtual void deallocate(void* ptr, size_t nbytes) = 0;
  virtual Device device() const = 0;
};

struct AllocatorStats {
  int64_t allocated_bytes = 0;       // in live blocks (rounded to size class)
  int64_t peak_allocated_bytes = 0;  // high-water mark of allocated_bytes
  int64_t cached_bytes = 0;          // free blocks kept for reuse
  int64_t num_allocs = 0;            // calls to allocate
  int64_t num_cache_hits = 0;        // allocate calls served from the cache
};

/// The process-wide CPU allocator.
Allocator* cpu_allocator();
/// The allocator for a device (throws for CUDA when CUDA is unavailable).
Allocator* allocator_for(Device d);

namespace cpu {
AllocatorStats allocator_stats();
void reset_peak_stats();
/// Returns every cached block to the OS.
void empty_cache();
/// Upper bound on cached bytes (default 2 GiB).
void set_cache_limit(int64_t bytes);
}  // namespace cpu

}  // namespace ember
