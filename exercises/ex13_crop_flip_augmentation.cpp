// Exercise 13 — data augmentation: random crop and horizontal flip.
//
// RandomCrop(32, padding 4) pads the image by 4 on each side and cuts a
// 32x32 window at a random place; RandomHorizontalFlip mirrors it with
// probability 0.5. The checks: the output shape, that a flip is an exact
// mirror, and that every crop is a window of the padded image.
#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace T = ember::data::transforms;

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(13);
  // a 32x32 RGB image with distinct pixels, standing for a CIFAR sample
  Tensor sample_image = arange(32 * 32 * 3).remainder(251).to(kUInt8).view({32, 32, 3});
  T::Compose data_transforms({T::RandomCrop({32}, {.padding = {4}}), T::RandomHorizontalFlip(0.5), T::ToTensor()});
  Tensor augmented_image = data_transforms(sample_image);
  std::cout << "Original Image Size: " << shape_str(sample_image.sizes()) << "\n";
  std::cout << "Transformed Image Shape: " << shape_str(augmented_image.sizes()) << "\n";
  checker.check(augmented_image.sizes() == IntArrayRef{3, 32, 32}, "output is (3, 32, 32) floats");

  Tensor mirrored = T::RandomHorizontalFlip(1.0)(sample_image);
  bool exact = true;
  for (int64_t x = 0; x < 32; ++x) exact &= mirrored.select(1, x).equal(sample_image.select(1, 31 - x));
  checker.check(exact, "a flip is an exact mirror: column x becomes column 31 - x");

  // every crop (flipped back when needed) is one of the 9 x 9 windows of the padded image
  Tensor padded = T::functional::pad(sample_image, {4});
  T::Compose crop_flip({T::RandomCrop({32}, {.padding = {4}}), T::RandomHorizontalFlip(0.5)});
  int inside = 0, flipped = 0;
  for (int k = 0; k < 40; ++k) {
    Tensor out = crop_flip(sample_image);
    bool found = false;
    for (int64_t top = 0; top <= 8 && !found; ++top)
      for (int64_t left = 0; left <= 8 && !found; ++left) {
        Tensor window = T::functional::crop(padded, top, left, 32, 32);
        if (out.equal(window)) found = true;
        else if (out.equal(T::functional::hflip(window))) found = true, ++flipped;
      }
    inside += found;
  }
  std::cout << inside << "/40 crops are windows of the padded image, " << flipped << " of them flipped\n";
  checker.check(inside == 40, "every crop stays inside the padded image");
  checker.check(flipped > 5 && flipped < 35, "about half are flipped");
  return checker.exit_code();
}
