// Exercise 22 — an augmentation pipeline with Compose.
//
// RandomResizedCrop(224), RandomHorizontalFlip and ColorJitter(brightness
// 0.5, contrast 0.5) on a real photo (a PASCAL VOC JPEG from Debian's
// labelme-examples). Every random choice comes from a seeded generator, so
// a seed reproduces the augmented image exactly.
#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace T = ember::data::transforms;

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  Tensor sample_image = data::load_image(
      "/usr/share/doc/labelme-examples/examples/instance_segmentation/data_dataset_coco/JPEGImages/2011_000003.jpg",
      data::ImageReadMode::RGB);
  T::Compose data_augmentations({T::RandomResizedCrop({224}), T::RandomHorizontalFlip(),
                                 T::ColorJitter({.brightness = 0.5, .contrast = 0.5}), T::ToTensor()});
  manual_seed(22);
  Tensor augmented_image = data_augmentations(sample_image);
  Tensor another = data_augmentations(sample_image);
  manual_seed(22);
  Tensor repeated = data_augmentations(sample_image);
  std::cout << "Original Image Size: " << shape_str(sample_image.sizes()) << "\n";
  std::cout << "Transformed Image Shape: " << shape_str(augmented_image.sizes()) << "\n";
  std::cout << "mean per channel: " << augmented_image.mean({1, 2}) << "\n";

  checker.check(augmented_image.sizes() == IntArrayRef{3, 224, 224}, "the output is (3, 224, 224)");
  checker.check(augmented_image.min().item<double>() >= 0 && augmented_image.max().item<double>() <= 1,
                "values stay in [0, 1]");
  checker.check(repeated.equal(augmented_image), "the same seed gives the same augmentation");
  checker.check(!another.equal(augmented_image), "the next draw differs");
  return checker.exit_code();
}
