// Exercise 24 — large-scale batched processing with bounded memory.
//
// An IterableDataset generates its samples as they are asked for, so the
// data set can be far larger than memory: the loader holds only a few
// batches at a time (prefetch_factor per worker). Each of the 4 workers
// streams its own share (get_worker_info says which). The check: every
// sample arrives once, and the peak memory stays a small fraction of
// what the whole data set would take.
#include "ember.h"
#include "exercise.h"

using namespace ember;

// Sample i is (i, i % 2) as floats and a label; nothing is stored.
class LargeDataset : public data::IterableDataset {
 public:
  explicit LargeDataset(int64_t size) : size_(size) {}
  Stream stream() const override {
    const data::WorkerInfo* worker = data::get_worker_info();
    int64_t step = worker ? worker->num_workers : 1;
    auto next = std::make_shared<int64_t>(worker ? worker->id : 0);
    int64_t size = size_;
    return [=]() -> std::optional<data::Sample> {
      if (*next >= size) return std::nullopt;
      int64_t i = *next;
      *next += step;
      return data::Sample::list({full({64}, static_cast<double>(i)), i % 2});
    };
  }

 private:
  int64_t size_;
};

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  int64_t n = quick ? 20000 : 1000000;
  auto dataset = std::make_shared<LargeDataset>(n);
  data::DataLoader dataloader(dataset, {.batch_size = 256, .num_workers = 4});
  cpu::reset_peak_stats();
  int64_t before = cpu::allocator_stats().allocated_bytes;
  int64_t count = 0, batches = 0;
  double sum = 0;
  for (const data::Sample& batch : dataloader) {
    Tensor batch_data = batch[0].tensor(), batch_labels = batch[1].tensor();
    if (batches++ == 0)
      std::cout << "Batch Data Shape: " << shape_str(batch_data.sizes()) << "\nBatch Labels Shape: "
                << shape_str(batch_labels.sizes()) << "\n";
    count += batch_data.size(0);
    sum += batch_data.select(1, 0).sum().item<double>();
  }
  double whole = static_cast<double>(n) * 64 * 4;  // bytes the data set would take in memory
  double peak = static_cast<double>(cpu::allocator_stats().peak_allocated_bytes - before);
  std::cout << count << " samples in " << batches << " batches; peak memory " << peak / 1e6 << " MB for a "
            << whole / 1e6 << " MB data set\n";
  checker.check(count == n, "every sample arrived");
  checker.check(sum == static_cast<double>(n) * static_cast<double>(n - 1) / 2, "each exactly once (their sum is n(n-1)/2)");
  checker.check(peak < 0.25 * whole, "memory stays bounded: a few batches, not the data set");
  return checker.exit_code();
}
