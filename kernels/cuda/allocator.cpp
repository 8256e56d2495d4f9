// allocator.cpp — the caching CUDA allocator: cudaMalloc is slow and
// synchronizes the device, so freed blocks are kept per (device, size class)
// and handed out again. Same size classes as the CPU allocator.
#include <cuda_runtime.h>

#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/allocator.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/kernels.h"

namespace ember::kernels::cuda {

namespace {

size_t size_class(size_t n) {
  if (n <= 512) return 512;
  size_t pow2 = size_t{1} << (63 - __builtin_clzll(n - 1));
  size_t quarter = pow2 / 4;
  return (n + quarter - 1) / quarter * quarter;
}

class CachingCudaAllocator final : public Allocator {
 public:
  explicit CachingCudaAllocator(int device) : device_(device) {}

  void* allocate(size_t nbytes) override {
    size_t size = size_class(nbytes);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = free_.find(size);
      if (it != free_.end() && !it->second.empty()) {
        void* p = it->second.back();
        it->second.pop_back();
        return p;
      }
    }
    int previous = 0;
    EMBER_CUDA_CHECK("allocate", cudaGetDevice(&previous));
    EMBER_CUDA_CHECK("allocate", cudaSetDevice(device_));
    void* p = nullptr;
    cudaError_t err = cudaMalloc(&p, size);
    if (err != cudaSuccess) {  // release the cache and retry once
      cudaGetLastError();
      release_cache();
      err = cudaMalloc(&p, size);
    }
    cudaSetDevice(previous);
    EMBER_CHECK(err == cudaSuccess, "allocate", "CUDA out of memory: could not allocate ", nbytes, " bytes on cuda:",
                device_, " (", cudaGetErrorString(err), ")");
    return p;
  }

  void deallocate(void* ptr, size_t nbytes) override {
    std::lock_guard<std::mutex> lock(mutex_);
    free_[size_class(nbytes)].push_back(ptr);
  }

  Device device() const override { return Device::cuda(device_); }

 private:
  void release_cache() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [size, blocks] : free_)
      for (void* p : blocks) cudaFree(p);
    free_.clear();
  }

  int device_;
  std::mutex mutex_;
  std::unordered_map<size_t, std::vector<void*>> free_;
};

}  // namespace

Allocator* allocator(int device) {
  EMBER_CHECK(ember::cuda::is_available(), "cuda", ember::cuda::unavailable_reason());
  EMBER_CHECK(device >= 0 && device < ember::cuda::device_count(), "cuda", "device ", device, " does not exist");
  static std::mutex mutex;
  static std::vector<CachingCudaAllocator*> allocators;  // never freed: outlives every tensor
  std::lock_guard<std::mutex> lock(mutex);
  if (allocators.empty())
    for (int d = 0; d < ember::cuda::device_count(); ++d) allocators.push_back(new CachingCudaAllocator(d));
  return allocators[device];
}

}  // namespace ember::kernels::cuda
