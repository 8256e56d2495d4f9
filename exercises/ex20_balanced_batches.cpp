// Exercise 20 — label-balanced batches.
//
// The seed oversamples inside a collate_fn; ember does it in the sampler:
// ClassBalancedBatchSampler fills every batch with the classes in equal
// numbers (counts differ by at most one), cycling through the rare
// classes' samples, whatever the imbalance of the dataset.
#include <map>

#include "ember.h"
#include "exercise.h"

using namespace ember;

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  std::vector<int64_t> labels{0, 0, 1, 1, 1, 2, 2, 2, 2, 2};  // imbalanced, as the seed's
  int64_t copies = quick ? 1 : 100;
  std::vector<int64_t> all_labels;
  for (int64_t c = 0; c < copies; ++c) all_labels.insert(all_labels.end(), labels.begin(), labels.end());
  int64_t n = static_cast<int64_t>(all_labels.size());
  auto dataset = std::make_shared<data::TensorDataset>(std::vector<Tensor>{arange(n).view({n, 1}), tensor(all_labels)});
  auto sampler = std::make_shared<data::ClassBalancedBatchSampler>(all_labels, 6, data::ClassBalancedBatchSamplerOptions{.seed = 20});
  data::DataLoader dataloader(dataset, {.batch_sampler = sampler});

  bool balanced = true;
  int shown = 0;
  for (const data::Sample& batch : dataloader) {
    Tensor batch_labels = batch[1].tensor();
    if (shown++ < 3) std::cout << "Batch Data: " << batch[0].tensor().flatten() << "\nBatch Labels: " << batch_labels << "\n";
    Tensor counts = bincount(batch_labels, {}, 3);
    balanced &= counts.max().item<int64_t>() - counts.min().item<int64_t>() <= 1;
  }
  checker.check(balanced, "every batch holds each class 2 times (6 = 3 classes x 2)");
  checker.check(dataloader.size() == (n + 5) / 6, "as many batches as an epoch of the dataset");
  return checker.exit_code();
}
