// allocator.cpp — the caching CPU allocator (see allocator.h).
#include "core/allocator.h"

#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "kernels/kernels.h"

namespace ember {

namespace {

constexpr size_t kAlignment = 64;

// Rounds n up to its size class: 64-byte multiples below 256 bytes, then four
// classes per power of two: 2^k * {1, 1.25, 1.5, 1.75}.
size_t size_class(size_t n) {
  if (n <= 256) return n == 0 ? kAlignment : (n + kAlignment - 1) / kAlignment * kAlignment;
  size_t pow2 = size_t{1} << (63 - __builtin_clzll(n - 1));  // largest power of two < n
  size_t quarter = pow2 / 4;
  return (n + quarter - 1) / quarter * quarter;
}

class CachingCpuAllocator final : public Allocator {
 public:
  void* allocate(size_t nbytes) override {
    size_t size = size_class(nbytes);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++stats_.num_allocs;
      stats_.allocated_bytes += static_cast<int64_t>(size);
      if (stats_.allocated_bytes > stats_.peak_allocated_bytes) stats_.peak_allocated_bytes = stats_.allocated_bytes;
      auto it = free_.find(size);
      if (it != free_.end() && !it->second.empty()) {
        void* p = it->second.back();
        it->second.pop_back();
        stats_.cached_bytes -= static_cast<int64_t>(size);
        ++stats_.num_cache_hits;
        return p;
      }
    }
    void* p = std::aligned_alloc(kAlignment, size);
    if (p == nullptr) {
      empty_cache();  // give the OS back what we hold and try once more
      p = std::aligned_alloc(kAlignment, size);
    }
    if (p == nullptr) {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.allocated_bytes -= static_cast<int64_t>(size);
      EMBER_FAIL("allocate", "out of memory: could not allocate ", nbytes, " bytes on the CPU");
    }
    return p;
  }

  void deallocate(void* ptr, size_t nbytes) override {
    size_t size = size_class(nbytes);
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.allocated_bytes -= static_cast<int64_t>(size);
    if (stats_.cached_bytes + static_cast<int64_t>(size) > limit_) {
      std::free(ptr);
      return;
    }
    free_[size].push_back(ptr);
    stats_.cached_bytes += static_cast<int64_t>(size);
  }

  Device device() const override { return Device::cpu(); }

  void empty_cache() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [size, blocks] : free_)
      for (void* p : blocks) std::free(p);
    free_.clear();
    stats_.cached_bytes = 0;
  }

  AllocatorStats stats() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }
  void reset_peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.peak_allocated_bytes = stats_.allocated_bytes;
  }
  void set_limit(int64_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      limit_ = bytes;
    }
    if (stats().cached_bytes > bytes) empty_cache();
  }

 private:
  std::mutex mutex_;
  std::unordered_map<size_t, std::vector<void*>> free_;
  AllocatorStats stats_;
  int64_t limit_ = int64_t{2} << 30;
};

// Never destroyed: tensors in static storage may outlive any other static.
CachingCpuAllocator& the_cpu_allocator() {
  static auto* a = new CachingCpuAllocator();
  return *a;
}

}  // namespace

Allocator* cpu_allocator() { return &the_cpu_allocator(); }

Allocator* allocator_for(Device d) {
  if (d.is_cpu()) return cpu_allocator();
  return kernels::cuda::allocator(d.index);
}

namespace cpu {
AllocatorStats allocator_stats() { return the_cpu_allocator().stats(); }
void reset_peak_stats() { the_cpu_allocator().reset_peak(); }
void empty_cache() { the_cpu_allocator().empty_cache(); }
void set_cache_limit(int64_t bytes) { the_cpu_allocator().set_limit(bytes); }
}  // namespace cpu

}  // namespace ember
