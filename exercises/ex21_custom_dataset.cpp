// Exercise 21 — a user-defined Dataset with a DataLoader.
//
// A Dataset subclass says how many samples there are (size) and returns
// one (get); the DataLoader batches and shuffles them.
#include <algorithm>

#include "ember.h"
#include "exercise.h"

using namespace ember;

class CustomDataset : public data::Dataset {
 public:
  CustomDataset(Tensor data, Tensor labels) : data_(std::move(data)), labels_(std::move(labels)) {}
  int64_t size() const override { return data_.size(0); }
  data::Sample get(int64_t index) const override { return data::Sample::list({data_[index], labels_[index]}); }

 private:
  Tensor data_, labels_;
};

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  Tensor data = arange(10).view({-1, 1}).to(kFloat32);  // 10 samples, one feature each
  Tensor labels = arange(10).remainder(2);               // binary labels
  auto dataset = std::make_shared<CustomDataset>(data, labels);
  data::DataLoader dataloader(dataset, {.batch_size = 3, .shuffle = true, .seed = 21});

  std::vector<int64_t> seen;
  bool paired = true;
  for (const data::Sample& batch : dataloader) {
    Tensor batch_data = batch[0].tensor(), batch_labels = batch[1].tensor();
    std::cout << "Batch Data:\n" << batch_data << "\nBatch Labels:\n" << batch_labels << "\n";
    for (int64_t i = 0; i < batch_labels.size(0); ++i) {
      auto x = batch_data.index({i, 0}).item<int64_t>();
      seen.push_back(x);
      paired &= batch_labels[i].item<int64_t>() == x % 2;
    }
  }
  std::sort(seen.begin(), seen.end());
  checker.check(seen == std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "each sample appears once");
  checker.check(paired, "every label stays with its data");
  checker.check(dataloader.size() == 4, "batches of 3, 3, 3 and 1");
  return checker.exit_code();
}
