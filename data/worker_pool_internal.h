// worker_pool_internal.h — the DataLoader's worker threads (not installed).
//
// num_workers threads each produce their own sequence of batches for the
// current Job into their own bounded queue (at most prefetch_factor ready
// batches; a worker with a full queue waits). The loader reads the queues
// round-robin, worker 0, 1, ..., n-1, 0, ..., which is how torch orders
// batches: with batch k given to worker k mod n, batches arrive in order.
//
// A worker catches everything its job throws and queues it as the batch,
// so the error reaches the reader and nothing blocks. cancel() drops the
// job (an early break): queued batches are freed, a batch being built is
// thrown away when done, and the threads wait for the next job (persistent
// workers). The destructor stops and joins every thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "data/sample.h"

namespace ember::data::detail {

/// One epoch's work: next(w) returns worker w's next batch or nothing at its
/// end. Only worker w's thread calls next(w).
class Job {
 public:
  virtual ~Job() = default;
  virtual std::optional<Sample> next(int64_t worker) = 0;
  uint64_t base_seed = 0;
};

/// What a worker hands back: a batch, an error, or the end of its sequence.
struct Item {
  Sample batch;
  std::exception_ptr error;
  bool end = false;
};

class WorkerPool {
 public:
  /// base_seed: the first epoch's, so worker_init_fn already sees its worker's seed.
  WorkerPool(int64_t num_workers, int64_t prefetch_factor, std::function<void(int64_t)> worker_init_fn,
             uint64_t base_seed);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Hands every worker the new job (the previous one must be finished or cancelled).
  void start(std::shared_ptr<Job> job);
  /// The next item of worker w (blocks until there is one).
  Item pop(int64_t worker);
  /// Drops the current job and everything queued for it.
  void cancel();
  int64_t num_workers() const { return static_cast<int64_t>(queues_.size()); }

 private:
  void run(int64_t worker);

  std::mutex mutex_;
  std::condition_variable changed_;  // any queue, job or stop change; few threads, so notify_all
  std::vector<std::deque<Item>> queues_;
  std::shared_ptr<Job> job_;
  uint64_t job_id_ = 0;
  bool stop_ = false;
  size_t prefetch_factor_;
  std::function<void(int64_t)> worker_init_fn_;
  uint64_t first_seed_;
  std::vector<std::thread> threads_;
};

}  // namespace ember::data::detail
