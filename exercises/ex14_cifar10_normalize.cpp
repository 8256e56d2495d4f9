// Exercise 14 — CIFAR-10 through transforms with normalization.
//
// The real CIFAR-10 is not on this machine, so the exercise writes a small
// dataset in CIFAR-10's exact binary format (records of a label byte and
// the R, G, B planes) and reads it back with data::CIFAR10. Normalize with
// mean = std = 0.5 maps ToTensor's [0, 1] onto [-1, 1]: (x - 0.5) / 0.5.
#include <filesystem>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace T = ember::data::transforms;

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  auto root = std::filesystem::temp_directory_path() / "ember_ex14";
  std::filesystem::create_directories(root);
  int64_t per_batch = quick ? 20 : 1000;
  manual_seed(14);
  for (int b = 1; b <= 5; ++b)
    data::save_cifar10_batch((root / ("data_batch_" + std::to_string(b) + ".bin")).string(),
                             randint(0, 256, {per_batch, 32, 32, 3}, kUInt8), randint(0, 10, {per_batch}));

  auto transform = T::Compose({T::ToTensor(), T::Normalize({0.5, 0.5, 0.5}, {0.5, 0.5, 0.5})});
  auto cifar10_dataset = std::make_shared<data::CIFAR10>(root.string(), data::CIFAROptions{.train = true, .transform = transform});
  data::DataLoader cifar10_loader(cifar10_dataset, {.batch_size = 8, .shuffle = true, .seed = 0});
  data::Sample batch = *cifar10_loader.begin();
  Tensor images = batch[0].tensor(), labels = batch[1].tensor();
  std::cout << "Batch of images shape: " << shape_str(images.sizes()) << "\nBatch of labels: " << labels << "\n";

  checker.check(cifar10_dataset->size() == 5 * per_batch, "five training batches read");
  checker.check(images.sizes() == IntArrayRef{8, 3, 32, 32}, "images batch to (8, 3, 32, 32)");
  Tensor raw = cifar10_dataset->data()[0].permute({2, 0, 1}).to(kFloat32).div(255);
  checker.check(cifar10_dataset->get(0)[0].tensor().allclose(raw.sub(0.5).div(0.5), 1e-6, 1e-6),
                "each channel is (x / 255 - 0.5) / 0.5");
  Tensor all = cifar10_dataset->data().to(kFloat32).div(255).sub(0.5).div(0.5);
  Tensor channel_mean = all.mean({0, 1, 2});
  std::cout << "per-channel mean after normalization: " << channel_mean << "\n";
  checker.check(images.min().item<double>() >= -1 && images.max().item<double>() <= 1, "values lie in [-1, 1]");
  checker.check(channel_mean.abs().max().item<double>() < 0.05, "uniform pixels centre near 0 in every channel");
  return checker.exit_code();
}
