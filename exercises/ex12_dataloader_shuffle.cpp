// Exercise 12 — batches from a DataLoader with shuffling.
//
// shuffle draws a new permutation every epoch from the loader's seed: each
// epoch visits every sample once, epochs differ, and the same seed repeats
// the whole sequence of epochs.
#include <algorithm>

#include "ember.h"
#include "exercise.h"

using namespace ember;

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  auto dataset = std::make_shared<data::TensorDataset>(
      std::vector<Tensor>{arange(40, kFloat32).view({10, 4}), arange(10)});
  auto epoch_order = [](data::DataLoader& loader, bool print) {
    std::vector<int64_t> order;
    for (const data::Sample& batch : loader) {
      Tensor images = batch[0].tensor(), labels = batch[1].tensor();
      if (print) std::cout << "Batch of images: " << shape_str(images.sizes()) << "  labels: " << labels << "\n";
      for (int64_t i = 0; i < labels.numel(); ++i) order.push_back(labels[i].item<int64_t>());
    }
    return order;
  };

  data::DataLoader dataloader(dataset, {.batch_size = 4, .shuffle = true, .seed = 12});
  std::vector<int64_t> first = epoch_order(dataloader, true), second = epoch_order(dataloader, false);
  std::cout << "epoch 1 order: " << tensor(first) << "\nepoch 2 order: " << tensor(second) << "\n";

  std::vector<int64_t> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  checker.check(sorted == std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "every sample seen exactly once per epoch");
  checker.check(first != second, "the order differs across epochs");
  data::DataLoader again(dataset, {.batch_size = 4, .shuffle = true, .seed = 12});
  checker.check(epoch_order(again, false) == first, "the same seed reproduces the order");
  checker.check(dataloader.size() == 3, "10 samples in batches of 4: 3 batches, the last of 2");
  return checker.exit_code();
}
