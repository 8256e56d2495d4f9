// Exercise 11 — a Dataset that loads images and labels from local files.
//
// The images are written here as real PNG and JPEG files (stb_image_write)
// next to a label file of "<file name> <label>" lines, then read back
// through data::ImageLabelDataset, which decodes each image with stb_image
// when a sample is asked for (the seed's CustomImageDataset).
#include <filesystem>
#include <fstream>

#include "ember.h"
#include "exercise.h"

using namespace ember;

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  auto dir = std::filesystem::temp_directory_path() / "ember_ex11";
  std::filesystem::create_directories(dir / "images");

  // three 24x32 RGB images: horizontal, vertical and diagonal gradients
  std::vector<Tensor> originals;
  std::ofstream labels(dir / "labels.txt");
  for (int64_t k = 0; k < 3; ++k) {
    Tensor y = arange(24, kFloat32).view({24, 1, 1}).expand({24, 32, 3});
    Tensor x = arange(32, kFloat32).view({1, 32, 1}).expand({24, 32, 3});
    Tensor img = (k == 0 ? x.mul(8) : k == 1 ? y.mul(10) : x.add(y).mul(4)).clamp(0, 255).to(kUInt8);
    std::string name = "img" + std::to_string(k) + (k == 2 ? ".jpg" : ".png");
    data::save_image(img, (dir / "images" / name).string());
    labels << name << " " << k * 10 << "\n";
    originals.push_back(img);
  }
  labels.close();

  data::ImageLabelDataset dataset((dir / "images").string(), (dir / "labels.txt").string());
  std::cout << "Dataset length: " << dataset.size() << "\n";
  data::Sample sample = dataset.get(0);
  std::cout << "Sample image and label: " << sample << "\n";

  checker.check(dataset.size() == 3, "three samples, one per label-file line");
  checker.check(sample[0].tensor().sizes() == IntArrayRef{24, 32, 3}, "images decode to (H, W, C) uint8");
  checker.check(dataset.get(1)[1].to_int() == 10 && dataset.get(2)[1].to_int() == 20, "labels come from the file");
  checker.check(dataset.get(1)[0].tensor().equal(originals[1]), "a PNG reads back exactly");
  double jpeg_error = dataset.get(2)[0].tensor().to(kFloat32).sub(originals[2].to(kFloat32)).abs().mean().item<double>();
  std::cout << "JPEG mean absolute error: " << jpeg_error << "\n";
  checker.check(jpeg_error < 4.0, "a JPEG reads back close (lossy)");
  return checker.exit_code();
}
