// worker_pool.cpp — see worker_pool_internal.h.
#include "data/worker_pool_internal.h"

#include "core/parallel.h"
#include "data/worker_info.h"

namespace ember::data::detail {

WorkerPool::WorkerPool(int64_t num_workers, int64_t prefetch_factor, std::function<void(int64_t)> worker_init_fn,
                       uint64_t base_seed)
    : queues_(static_cast<size_t>(num_workers)),
      prefetch_factor_(static_cast<size_t>(prefetch_factor)),
      worker_init_fn_(std::move(worker_init_fn)),
      first_seed_(base_seed) {
  threads_.reserve(static_cast<size_t>(num_workers));
  for (int64_t w = 0; w < num_workers; ++w) threads_.emplace_back([this, w] { run(w); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::start(std::shared_ptr<Job> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = std::move(job);
    ++job_id_;
    for (auto& q : queues_) q.clear();
  }
  changed_.notify_all();
}

Item WorkerPool::pop(int64_t worker) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto& queue = queues_[static_cast<size_t>(worker)];
  changed_.wait(lock, [&] { return !queue.empty(); });
  Item item = std::move(queue.front());
  queue.pop_front();
  lock.unlock();
  changed_.notify_all();  // the worker may be waiting for room
  return item;
}

void WorkerPool::cancel() {
  std::deque<Item> dropped;  // freed outside the lock
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_.reset();
    ++job_id_;
    for (auto& q : queues_) {
      for (Item& item : q) dropped.push_back(std::move(item));
      q.clear();
    }
  }
  changed_.notify_all();
}

void WorkerPool::run(int64_t worker) {
  set_num_threads(1);  // this thread's kernels stay on it: the workers are the parallelism
  WorkerInfo info{worker, num_workers(), first_seed_ + static_cast<uint64_t>(worker)};
  WorkerInfoGuard info_guard(info);
  std::exception_ptr init_error;
  if (worker_init_fn_) {
    try {
      worker_init_fn_(worker);
    } catch (...) {
      init_error = std::current_exception();
    }
  }
  auto& queue = queues_[static_cast<size_t>(worker)];
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stop_ || (job_ && job_id_ != seen); });
    if (stop_) return;
    seen = job_id_;
    std::shared_ptr<Job> job = job_;
    info.seed = job->base_seed + static_cast<uint64_t>(worker);
    while (true) {
      changed_.wait(lock, [&] { return stop_ || job_id_ != seen || queue.size() < prefetch_factor_; });
      if (stop_) return;
      if (job_id_ != seen) break;  // cancelled, or replaced by the next epoch's job
      lock.unlock();
      Item item;
      if (init_error) {
        item.error = init_error;
      } else {
        try {
          std::optional<Sample> batch = job->next(worker);
          if (batch) item.batch = std::move(*batch);
          else item.end = true;
        } catch (...) {
          item.error = std::current_exception();
        }
      }
      lock.lock();
      if (job_id_ != seen) break;  // cancelled while building: drop it
      bool last = item.end || item.error;
      queue.push_back(std::move(item));
      changed_.notify_all();
      if (last) break;
    }
  }
}

}  // namespace ember::data::detail
