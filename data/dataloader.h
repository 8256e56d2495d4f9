// dataloader.h — DataLoader: batches from a dataset, like torch.utils.data.DataLoader.
//
//   auto loader = data::DataLoader(dataset, {.batch_size = 64, .shuffle = true, .seed = 0, .num_workers = 4});
//   for (const data::Sample& batch : loader) { Tensor x = batch[0].tensor(), y = batch[1].tensor(); ... }
//
// Each loop over the loader is one epoch. With num_workers > 0, worker
// THREADS (not processes: a C++ dataset needs no pickling) build batches
// ahead, at most prefetch_factor per worker; batch k is built by worker
// k mod num_workers and batches arrive in order. An exception in a worker
// reaches the loop as an ember::Error naming the sample index; leaving the
// loop early (break, exception) stops and joins the workers before the loop
// statement ends, or parks them for the next epoch with persistent_workers.
//
// Randomness: the loader's seed (or, without one, a draw from ember's default
// generator when the loader is made) fixes the shuffle order of every epoch
// and each sample's generator for random transforms (worker_info.h), so the
// same seed gives the same batches for any num_workers.
//
// Left out: worker processes, timeout, the multiprocessing context, and real
// pinned memory (pin_memory is a hook that returns the batch unchanged until
// the CUDA backend has a pinned host allocator).
#pragma once

#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>

#include "data/collate.h"
#include "data/dataset.h"
#include "data/sampler.h"

namespace ember::data {

struct DataLoaderOptions {
  int64_t batch_size = 1;
  bool shuffle = false;    // a new random order every epoch
  bool drop_last = false;  // drop the last batch when it is smaller than batch_size
  std::optional<uint64_t> seed = std::nullopt;
  std::shared_ptr<Sampler> sampler = nullptr;                // instead of shuffle: any order of indices
  std::shared_ptr<BatchSamplerBase> batch_sampler = nullptr; // instead of batch_size/shuffle/sampler/drop_last
  CollateFn collate_fn = nullptr;                            // default_collate when empty
  int64_t num_workers = 0;                         // 0: batches are built on the calling thread
  int64_t prefetch_factor = 2;                     // ready batches per worker, at most
  bool persistent_workers = false;                 // keep the worker threads between epochs
  bool pin_memory = false;                         // pass batches through pin_memory()
  std::function<void(int64_t worker_id)> worker_init_fn = nullptr;  // runs first on each worker thread
};

/// The pin-memory hook: will copy the batch's tensors to page-locked host
/// memory once the CUDA backend has a pinned allocator; until then it
/// returns the batch unchanged.
Sample pin_memory(Sample batch);

namespace detail {
class Epoch;
class WorkerPool;
}  // namespace detail

class DataLoader {
 public:
  struct Sentinel {};
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Sample;
    using difference_type = std::ptrdiff_t;
    using pointer = const Sample*;
    using reference = const Sample&;

    Iterator() = default;
    const Sample& operator*() const;
    const Sample* operator->() const { return &**this; }
    Iterator& operator++();
    bool operator==(Sentinel) const;

   private:
    friend class DataLoader;
    explicit Iterator(std::shared_ptr<detail::Epoch> epoch) : epoch_(std::move(epoch)) {}
    std::shared_ptr<detail::Epoch> epoch_;
  };

  DataLoader(std::shared_ptr<const Dataset> dataset, DataLoaderOptions options = {});
  DataLoader(std::shared_ptr<const IterableDataset> dataset, DataLoaderOptions options = {});
  ~DataLoader();
  DataLoader(DataLoader&&) noexcept;
  DataLoader& operator=(DataLoader&&) noexcept;

  /// Starts an epoch (an earlier epoch's iterator is invalidated).
  Iterator begin();
  Sentinel end() const { return {}; }
  /// Batches per epoch (len(loader)); an IterableDataset has no length.
  int64_t size() const;
  /// Over an IterableDataset (no length, no sampler).
  bool is_iterable() const { return iterable_ != nullptr; }
  const DataLoaderOptions& options() const { return options_; }

 private:
  DataLoaderOptions options_;
  std::shared_ptr<const Dataset> dataset_;
  std::shared_ptr<const IterableDataset> iterable_;
  std::shared_ptr<BatchSamplerBase> batch_sampler_;
  Generator gen_;
  std::shared_ptr<detail::WorkerPool> persistent_pool_;
  std::weak_ptr<detail::Epoch> current_;
};

}  // namespace ember::data
