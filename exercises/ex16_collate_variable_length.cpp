// Exercise 16 — collate_fn for variable-length sequences.
//
// default_collate cannot stack sequences of different lengths; pad_collate
// sorts them longest first, pads with zeros to the longest in the batch,
// and returns the lengths too (what pack_padded_sequence needs).
#include "ember.h"
#include "exercise.h"

using namespace ember;

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  std::vector<std::vector<float>> data{{1, 2, 3}, {4, 5}, {6, 7, 8, 9}};
  auto dataset = std::make_shared<data::LambdaDataset>(3, [&](int64_t i) { return data::Sample(tensor(data[static_cast<size_t>(i)])); });
  data::DataLoader dataloader(dataset, {.batch_size = 2, .collate_fn = data::pad_collate({.sort_descending = true})});

  std::vector<Tensor> batches, lengths;
  for (const data::Sample& batch : dataloader) {
    std::cout << "Padded Batch:\n" << batch[0].tensor() << "\nLengths: " << batch[1].tensor() << "\n";
    batches.push_back(batch[0].tensor());
    lengths.push_back(batch[1].tensor());
  }
  checker.check(batches.size() == 2, "3 sequences in batches of 2: 2 batches");
  checker.check(batches[0].equal(tensor<float>({1, 2, 3, 4, 5, 0}, {2, 3})), "the first batch is padded with zeros to length 3");
  checker.check(lengths[0].equal(tensor<int64_t>({3, 2})), "lengths 3 and 2, longest first");
  checker.check(batches[1].equal(tensor<float>({6, 7, 8, 9}, {1, 4})) && lengths[1].equal(tensor<int64_t>({4})),
                "the last batch holds the one sequence of length 4");
  bool threw = false;
  try {
    data::DataLoader plain(dataset, {.batch_size = 2});
    for ([[maybe_unused]] const data::Sample& b : plain) {}
  } catch (const Error& e) {
    threw = true;
    std::cout << "without pad_collate: " << e.what() << "\n";
  }
  checker.check(threw, "default_collate refuses sequences of different lengths, and says why");
  return checker.exit_code();
}
