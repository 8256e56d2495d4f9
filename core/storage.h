// storage.h — StorageImpl: a refcounted block of memory on one device.
//
// Several tensors (views) can share one storage. The storage also carries the
// version counter that in-place ops bump, so autograd can tell that a tensor it
// saved for backward was modified afterwards.
//
// Memory either comes from an Allocator (and goes back to it), or is borrowed
// from the user (from_blob), in which case an optional deleter runs at the end.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "core/device.h"

namespace ember {

class Allocator;

class StorageImpl {
 public:
  /// Allocates nbytes from `allocator`.
  StorageImpl(size_t nbytes, Allocator* allocator);
  /// Wraps memory the caller owns; `deleter` (may be empty) runs on destruction.
  StorageImpl(void* data, size_t nbytes, Device device, std::function<void(void*)> deleter);
  ~StorageImpl();
  StorageImpl(const StorageImpl&) = delete;
  StorageImpl& operator=(const StorageImpl&) = delete;

  void* data() const { return data_; }
  size_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }

  uint64_t version() const { return version_.load(std::memory_order_relaxed); }
  void bump_version() { version_.fetch_add(1, std::memory_order_relaxed); }

 private:
  void* data_ = nullptr;
  size_t nbytes_ = 0;
  Device device_;
  Allocator* allocator_ = nullptr;  // null for borrowed memory
  std::function<void(void*)> deleter_;
  std::atomic<uint64_t> version_{0};
};

}  // namespace ember
