// dataloader.cpp — DataLoader's epochs: the jobs that build batches and the
// round-robin reader over the workers (worker_pool_internal.h).
#include "data/dataloader.h"

#include <algorithm>
#include <string>

#include "data/worker_info.h"
#include "data/worker_pool_internal.h"

namespace ember::data {

Sample pin_memory(Sample batch) { return batch; }

namespace detail {

namespace {

// Prefix for errors raised while building a batch: which worker (if any) and which sample.
std::string where(int64_t worker) {
  const WorkerInfo* info = get_worker_info();
  return info ? "worker " + std::to_string(worker) + " " : "";
}

[[noreturn]] void rethrow_with_context(const std::string& context) {
  try {
    throw;
  } catch (const std::exception& e) {
    EMBER_FAIL("DataLoader", context, ": ", e.what());
  } catch (...) {
    EMBER_FAIL("DataLoader", context, ": unknown exception");
  }
}

CollateFn collate_or_default(const CollateFn& fn) { return fn ? fn : CollateFn(default_collate); }

}  // namespace

// Map-style: batch k (a list of indices) is built by worker k mod n.
class MapJob : public Job {
 public:
  MapJob(std::shared_ptr<const Dataset> dataset, std::vector<std::vector<int64_t>> batches, CollateFn collate,
         int64_t num_workers)
      : dataset_(std::move(dataset)),
        batches_(std::move(batches)),
        collate_(collate_or_default(collate)),
        num_workers_(num_workers),
        cursor_(static_cast<size_t>(num_workers), 0) {
    int64_t position = 0;  // each sample's position in the epoch seeds its generator
    for (const auto& b : batches_) {
      first_position_.push_back(position);
      position += static_cast<int64_t>(b.size());
    }
  }

  std::optional<Sample> next(int64_t worker) override {
    size_t k = static_cast<size_t>(worker + num_workers_ * cursor_[static_cast<size_t>(worker)]++);
    if (k >= batches_.size()) return std::nullopt;
    std::vector<Sample> samples;
    samples.reserve(batches_[k].size());
    for (size_t j = 0; j < batches_[k].size(); ++j) {
      int64_t index = batches_[k][j];
      Generator gen(sample_seed(base_seed, static_cast<uint64_t>(first_position_[k]) + j));
      SampleGeneratorGuard guard(gen);
      try {
        samples.push_back(dataset_->get(index));
      } catch (...) {
        rethrow_with_context(where(worker) + "failed on sample index " + std::to_string(index) + " (batch " +
                             std::to_string(k) + ")");
      }
    }
    try {
      return collate_(std::move(samples));
    } catch (...) {
      rethrow_with_context(where(worker) + "failed to collate batch " + std::to_string(k));
    }
  }

 private:
  std::shared_ptr<const Dataset> dataset_;
  std::vector<std::vector<int64_t>> batches_;
  std::vector<int64_t> first_position_;
  CollateFn collate_;
  int64_t num_workers_;
  std::vector<int64_t> cursor_;  // batches taken by each worker
};

// Iterable: each worker streams its own share (the dataset splits by
// get_worker_info()) and cuts it into batches.
class StreamJob : public Job {
 public:
  StreamJob(std::shared_ptr<const IterableDataset> dataset, int64_t batch_size, bool drop_last, CollateFn collate,
            int64_t num_workers)
      : dataset_(std::move(dataset)),
        batch_size_(batch_size),
        drop_last_(drop_last),
        collate_(collate_or_default(collate)),
        streams_(static_cast<size_t>(num_workers)),
        position_(static_cast<size_t>(num_workers), 0) {}

  std::optional<Sample> next(int64_t worker) override {
    auto& stream = streams_[static_cast<size_t>(worker)];
    uint64_t& position = position_[static_cast<size_t>(worker)];
    if (!stream) stream = dataset_->stream();  // on the worker's own thread, as torch does
    std::vector<Sample> samples;
    while (static_cast<int64_t>(samples.size()) < batch_size_) {
      Generator gen(sample_seed(sample_seed(base_seed, static_cast<uint64_t>(worker)), position));
      SampleGeneratorGuard guard(gen);
      std::optional<Sample> s;
      try {
        s = stream();
      } catch (...) {
        rethrow_with_context(where(worker) + "failed on sample " + std::to_string(position) + " of its stream");
      }
      if (!s) break;
      samples.push_back(std::move(*s));
      ++position;
    }
    if (samples.empty() || (drop_last_ && static_cast<int64_t>(samples.size()) < batch_size_)) return std::nullopt;
    try {
      return collate_(std::move(samples));
    } catch (...) {
      rethrow_with_context(where(worker) + "failed to collate the batch ending at stream sample " +
                           std::to_string(position - 1));
    }
  }

 private:
  std::shared_ptr<const IterableDataset> dataset_;
  int64_t batch_size_;
  bool drop_last_;
  CollateFn collate_;
  std::vector<IterableDataset::Stream> streams_;
  std::vector<uint64_t> position_;
};

// One pass over the loader: reads the workers round-robin (or builds
// batches itself with no workers) and releases the workers when it ends.
class Epoch {
 public:
  Epoch(std::shared_ptr<Job> job, std::shared_ptr<WorkerPool> pool, bool persistent, bool pin)
      : job_(std::move(job)), pool_(std::move(pool)), persistent_(persistent), pin_(pin) {
    if (pool_) {
      for (int64_t w = 0; w < pool_->num_workers(); ++w) active_.push_back(w);
      pool_->start(job_);
    }
  }
  ~Epoch() { release(); }
  Epoch(const Epoch&) = delete;
  Epoch& operator=(const Epoch&) = delete;

  void advance() {
    EMBER_CHECK(!invalidated_, "DataLoader", "this iterator belongs to an earlier epoch; a later begin() ended it");
    current_.reset();
    if (!pool_) {
      current_ = job_->next(0);
    } else {
      while (!active_.empty()) {
        if (turn_ >= active_.size()) turn_ = 0;
        Item item = pool_->pop(active_[turn_]);
        if (item.error) {
          release();
          std::rethrow_exception(item.error);
        }
        if (item.end) {  // this worker is done: the next one moves into its turn
          active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(turn_));
          continue;
        }
        current_ = std::move(item.batch);
        ++turn_;
        break;
      }
    }
    if (!current_) release();
    else if (pin_) current_ = pin_memory(std::move(*current_));
  }

  bool done() const { return !current_.has_value(); }
  const Sample& current() const {
    EMBER_CHECK(current_.has_value(), "DataLoader", "dereferenced an iterator at the end of the epoch");
    return *current_;
  }
  void invalidate() {
    invalidated_ = true;
    current_.reset();
    release();
  }

 private:
  // Ends this epoch's use of the workers: parked for the next epoch when
  // persistent, otherwise stopped and joined (the pool's last owner is us).
  void release() {
    if (!pool_) return;
    if (persistent_) pool_->cancel();
    pool_.reset();
    active_.clear();
  }

  std::shared_ptr<Job> job_;
  std::shared_ptr<WorkerPool> pool_;
  bool persistent_, pin_;
  bool invalidated_ = false;
  std::vector<int64_t> active_;
  size_t turn_ = 0;
  std::optional<Sample> current_;
};

}  // namespace detail

const Sample& DataLoader::Iterator::operator*() const {
  EMBER_CHECK(epoch_ != nullptr, "DataLoader", "dereferenced an empty iterator");
  return epoch_->current();
}

DataLoader::Iterator& DataLoader::Iterator::operator++() {
  EMBER_CHECK(epoch_ != nullptr, "DataLoader", "incremented an empty iterator");
  epoch_->advance();
  return *this;
}

bool DataLoader::Iterator::operator==(Sentinel) const { return !epoch_ || epoch_->done(); }

namespace {
uint64_t loader_seed(std::optional<uint64_t> seed) { return seed ? *seed : default_generator().next_uint64(); }

void check_common(const DataLoaderOptions& o) {
  EMBER_CHECK(o.batch_size > 0, "DataLoader", "batch_size should be a positive integer, got ", o.batch_size);
  EMBER_CHECK(o.num_workers >= 0, "DataLoader", "num_workers option should be non-negative, got ", o.num_workers);
  EMBER_CHECK(o.prefetch_factor > 0, "DataLoader", "prefetch_factor should be a positive integer, got ",
              o.prefetch_factor);
  EMBER_CHECK(!o.persistent_workers || o.num_workers > 0, "DataLoader",
              "persistent_workers option needs num_workers > 0");
}
}  // namespace

DataLoader::DataLoader(std::shared_ptr<const Dataset> dataset, DataLoaderOptions options)
    : options_(std::move(options)), dataset_(std::move(dataset)), gen_(loader_seed(options_.seed)) {
  EMBER_CHECK(dataset_ != nullptr, "DataLoader", "the dataset is null");
  check_common(options_);
  if (options_.batch_sampler) {
    EMBER_CHECK(options_.batch_size == 1 && !options_.shuffle && !options_.sampler && !options_.drop_last,
                "DataLoader", "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
    batch_sampler_ = options_.batch_sampler;
    return;
  }
  EMBER_CHECK(!(options_.sampler && options_.shuffle), "DataLoader", "sampler option is mutually exclusive with shuffle");
  std::shared_ptr<Sampler> sampler = options_.sampler;
  if (!sampler && options_.shuffle)
    sampler = std::make_shared<RandomSampler>(dataset_->size(), RandomSamplerOptions{.seed = gen_.next_uint64()});
  if (!sampler) sampler = std::make_shared<SequentialSampler>(dataset_->size());
  batch_sampler_ = std::make_shared<BatchSampler>(sampler, options_.batch_size, options_.drop_last);
}

DataLoader::DataLoader(std::shared_ptr<const IterableDataset> dataset, DataLoaderOptions options)
    : options_(std::move(options)), iterable_(std::move(dataset)), gen_(loader_seed(options_.seed)) {
  EMBER_CHECK(iterable_ != nullptr, "DataLoader", "the dataset is null");
  check_common(options_);
  EMBER_CHECK(!options_.shuffle, "DataLoader", "DataLoader with IterableDataset: expected unspecified shuffle option");
  EMBER_CHECK(!options_.sampler, "DataLoader", "DataLoader with IterableDataset: expected unspecified sampler option");
  EMBER_CHECK(!options_.batch_sampler, "DataLoader",
              "DataLoader with IterableDataset: expected unspecified batch_sampler option");
}

DataLoader::~DataLoader() = default;
DataLoader::DataLoader(DataLoader&&) noexcept = default;
DataLoader& DataLoader::operator=(DataLoader&&) noexcept = default;

int64_t DataLoader::size() const {
  EMBER_CHECK(batch_sampler_ != nullptr, "DataLoader", "a loader over an IterableDataset has no length");
  return batch_sampler_->size();
}

DataLoader::Iterator DataLoader::begin() {
  if (auto previous = current_.lock()) previous->invalidate();
  int64_t workers = options_.num_workers;
  std::shared_ptr<detail::Job> job;
  int64_t producers = std::max<int64_t>(workers, 1);
  if (dataset_) job = std::make_shared<detail::MapJob>(dataset_, batch_sampler_->batches(), options_.collate_fn, producers);
  else
    job = std::make_shared<detail::StreamJob>(iterable_, options_.batch_size, options_.drop_last, options_.collate_fn,
                                              producers);
  job->base_seed = gen_.next_uint64();

  std::shared_ptr<detail::WorkerPool> pool;
  if (workers > 0 && options_.persistent_workers) {
    if (!persistent_pool_)
      persistent_pool_ = std::make_shared<detail::WorkerPool>(workers, options_.prefetch_factor, options_.worker_init_fn,
                                                              job->base_seed);
    pool = persistent_pool_;
  } else if (workers > 0) {
    pool = std::make_shared<detail::WorkerPool>(workers, options_.prefetch_factor, options_.worker_init_fn, job->base_seed);
  }
  auto epoch = std::make_shared<detail::Epoch>(job, pool, options_.persistent_workers, options_.pin_memory);
  current_ = epoch;
  epoch->advance();
  return Iterator(epoch);
}

}  // namespace ember::data
