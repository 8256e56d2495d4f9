// Exercise 19 — save MNIST as one tensor file and load it back.
//
// The real Fashion-MNIST IDX files (gzip'd, Debian's dataset-fashion-mnist)
// are read, saved as one .npz archive (NumPy's format: images and labels
// stacked) and loaded back bit-exact.
#include <chrono>
#include <filesystem>

#include "ember.h"
#include "exercise.h"

using namespace ember;

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  const std::string root = "/usr/share/datasets/fashion-mnist";
  auto dir = std::filesystem::temp_directory_path() / "ember_ex19";
  std::filesystem::create_directories(dir);
  for (bool train : {false, true}) {
    if (train && quick) continue;  // --quick: the 10000 test images only
    auto start = std::chrono::steady_clock::now();
    data::FashionMNIST mnist(root, {.train = train});
    double read = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string path = (dir / (train ? "mnist_train.npz" : "mnist_test.npz")).string();
    data::save_dataset(mnist, path);
    auto loaded = data::load_dataset(path);
    std::cout << (train ? "Number of training samples: " : "Number of test samples: ") << loaded->size() << "  (IDX read in "
              << read << " s, file " << std::filesystem::file_size(path) / 1000000.0 << " MB)\n";
    checker.check(loaded->size() == (train ? 60000 : 10000), train ? "60000 training samples" : "10000 test samples");
    checker.check(loaded->tensors()[0].equal(mnist.data()) && loaded->tensors()[1].equal(mnist.targets()),
                  "images and labels reload bit-exact");
  }
  return checker.exit_code();
}
