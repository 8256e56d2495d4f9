// Exercise 15 — convert every image of a dataset to grayscale.
//
// Grayscale uses the ITU-R 601-2 luma weights L = 0.299 R + 0.587 G +
// 0.114 B (PIL's convert("L") rounding on uint8 images). Checked on known
// colours, then applied to a whole dataset through its transform.
#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace T = ember::data::transforms;

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  // red, green, blue, white, yellow as a 1x5 image
  Tensor colours = tensor<uint8_t>({255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 255, 0}, {1, 5, 3});
  Tensor gray = T::Grayscale(1)(colours).flatten();
  std::cout << "red, green, blue, white, yellow -> " << gray << "\n";
  checker.check(gray.equal(tensor<uint8_t>({76, 150, 29, 255, 226})), "known colours give 0.299, 0.587, 0.114 weights");

  int64_t n = quick ? 50 : 2000;
  manual_seed(15);
  Tensor images = randint(0, 256, {n, 32, 32, 3}, kUInt8);
  auto gray_transform = T::Compose({T::Grayscale(1), T::ToTensor()});
  auto dataset = std::make_shared<data::LambdaDataset>(n, [&](int64_t i) { return data::Sample(gray_transform(images[i])); });
  std::vector<Tensor> gray_images;
  for (int64_t i = 0; i < dataset->size(); ++i) gray_images.push_back(dataset->get(i).tensor());
  std::cout << "First grayscale image shape: " << shape_str(gray_images[0].sizes()) << "\n";
  checker.check(gray_images[0].sizes() == IntArrayRef{1, 32, 32}, "one channel per image");
  // float check: the luma of the colour image, within one 8-bit step
  Tensor rgb = images[n - 1].permute({2, 0, 1}).to(kFloat32);
  Tensor luma = rgb[0].mul(0.299).add(rgb[1].mul(0.587)).add(rgb[2].mul(0.114)).div(255);
  checker.check(gray_images.back()[0].sub(luma).abs().max().item<double>() <= 1.0 / 255, "every pixel is the 601-2 luma");
  return checker.exit_code();
}
