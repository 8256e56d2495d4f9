// transforms.h — the vision transforms of torchvision.transforms, as
// callables Tensor -> Tensor that Compose chains:
//
//   using namespace ember::data::transforms;
//   TransformFn augment = Compose({RandomCrop({32}, {.padding = {4}}), RandomHorizontalFlip(), ToTensor(),
//                                  Normalize({0.5, 0.5, 0.5}, {0.5, 0.5, 0.5})});
//
// Images are uint8 (H, W, C) or floating (..., C, H, W) (see functional.h,
// which does the pixel work). Random transforms draw from
// data::sample_generator(): inside a DataLoader, each sample's own seeded
// generator; elsewhere ember's default generator, so ember::manual_seed
// repeats a run.
//
// Left out: RandomApply/RandomChoice/RandomOrder, RandomPerspective,
// AutoAugment and friends, FiveCrop/TenCrop, PIL-only transforms.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "data/transforms/functional.h"

namespace ember::data::transforms {

using TransformFn = std::function<Tensor(const Tensor&)>;

/// Applies the transforms in order.
class Compose {
 public:
  explicit Compose(std::vector<TransformFn> transforms);
  Tensor operator()(const Tensor& img) const;

 private:
  std::vector<TransformFn> transforms_;
};

/// (H, W, C) uint8 -> (C, H, W) float32 in [0, 1].
class ToTensor {
 public:
  Tensor operator()(const Tensor& img) const { return functional::to_tensor(img); }
};

/// (x - mean[c]) / std[c] per channel.
class Normalize {
 public:
  Normalize(std::vector<double> mean, std::vector<double> std) : mean_(std::move(mean)), std_(std::move(std)) {}
  Tensor operator()(const Tensor& img) const { return functional::normalize(img, mean_, std_); }

 private:
  std::vector<double> mean_, std_;
};

/// To {h, w}, or the shorter edge to {s}.
class Resize {
 public:
  explicit Resize(std::vector<int64_t> size, InterpolationMode interpolation = InterpolationMode::BILINEAR)
      : size_(std::move(size)), interpolation_(interpolation) {}
  Tensor operator()(const Tensor& img) const { return functional::resize(img, size_, interpolation_); }

 private:
  std::vector<int64_t> size_;
  InterpolationMode interpolation_;
};

class CenterCrop {
 public:
  explicit CenterCrop(std::vector<int64_t> size) : size_(std::move(size)) {}
  Tensor operator()(const Tensor& img) const { return functional::center_crop(img, size_); }

 private:
  std::vector<int64_t> size_;
};

/// 1 or 3 channels of ITU-R 601-2 luma.
class Grayscale {
 public:
  explicit Grayscale(int64_t num_output_channels = 1) : num_output_channels_(num_output_channels) {}
  Tensor operator()(const Tensor& img) const { return functional::rgb_to_grayscale(img, num_output_channels_); }

 private:
  int64_t num_output_channels_;
};

struct RandomCropOptions {
  std::vector<int64_t> padding = {};  // 1, 2 or 4 values, as functional::pad
  bool pad_if_needed = false;         // pad an image smaller than the crop
  double fill = 0.0;
  std::string padding_mode = "constant";  // constant, edge, reflect, symmetric
};

/// Pads (optionally), then cuts a window of `size` at a uniformly random position.
class RandomCrop {
 public:
  explicit RandomCrop(std::vector<int64_t> size, RandomCropOptions options = {});
  Tensor operator()(const Tensor& img) const;

 private:
  std::vector<int64_t> size_;
  RandomCropOptions options_;
};

struct RandomResizedCropOptions {
  std::vector<double> scale = {0.08, 1.0};              // of the image area
  std::vector<double> ratio = {3.0 / 4.0, 4.0 / 3.0};  // width / height, drawn log-uniformly
  InterpolationMode interpolation = InterpolationMode::BILINEAR;
};

/// A random window (area and aspect ratio from the ranges; 10 tries, then
/// the central crop) resized to `size`.
class RandomResizedCrop {
 public:
  explicit RandomResizedCrop(std::vector<int64_t> size, RandomResizedCropOptions options = {});
  Tensor operator()(const Tensor& img) const;
  /// (top, left, height, width) of a window for an h x w image (torchvision's get_params).
  static std::vector<int64_t> get_params(int64_t h, int64_t w, const std::vector<double>& scale,
                                         const std::vector<double>& ratio);

 private:
  std::vector<int64_t> size_;
  RandomResizedCropOptions options_;
};

class RandomHorizontalFlip {
 public:
  explicit RandomHorizontalFlip(double p = 0.5) : p_(p) {}
  Tensor operator()(const Tensor& img) const;

 private:
  double p_;
};

class RandomVerticalFlip {
 public:
  explicit RandomVerticalFlip(double p = 0.5) : p_(p) {}
  Tensor operator()(const Tensor& img) const;

 private:
  double p_;
};

struct RandomRotationOptions {
  InterpolationMode interpolation = InterpolationMode::NEAREST;
  bool expand = false;
  std::optional<std::vector<double>> center = std::nullopt;
  std::vector<double> fill = {0.0};
};

/// Rotates by an angle uniform in degrees {-d, d} (one value) or {min, max}.
class RandomRotation {
 public:
  explicit RandomRotation(std::vector<double> degrees, RandomRotationOptions options = {});
  Tensor operator()(const Tensor& img) const;

 private:
  std::vector<double> degrees_;
  RandomRotationOptions options_;
};

struct RandomAffineOptions {
  std::optional<std::vector<double>> translate = std::nullopt;  // {a, b}: |dx| <= a W, |dy| <= b H
  std::optional<std::vector<double>> scale = std::nullopt;      // {min, max}
  std::optional<std::vector<double>> shear = std::nullopt;      // {s}, {min, max} (x) or {xmin, xmax, ymin, ymax}
  InterpolationMode interpolation = InterpolationMode::NEAREST;
  std::vector<double> fill = {0.0};
};

class RandomAffine {
 public:
  explicit RandomAffine(std::vector<double> degrees, RandomAffineOptions options = {});
  Tensor operator()(const Tensor& img) const;

 private:
  std::vector<double> degrees_;
  RandomAffineOptions options_;
};

struct ColorJitterOptions {
  double brightness = 0.0;  // factor uniform in [max(0, 1 - b), 1 + b]
  double contrast = 0.0;    // same form
  double saturation = 0.0;  // same form
  double hue = 0.0;         // shift uniform in [-h, h], h <= 0.5
};

/// The four adjustments in a random order, each with a random factor.
class ColorJitter {
 public:
  explicit ColorJitter(ColorJitterOptions options);
  Tensor operator()(const Tensor& img) const;

 private:
  ColorJitterOptions options_;
};

/// Gaussian blur with sigma uniform in {min, max} (or fixed: one value).
class GaussianBlur {
 public:
  explicit GaussianBlur(std::vector<int64_t> kernel_size, std::vector<double> sigma = {0.1, 2.0});
  Tensor operator()(const Tensor& img) const;

 private:
  std::vector<int64_t> kernel_size_;
  std::vector<double> sigma_;
};

struct RandomErasingOptions {
  double p = 0.5;
  std::vector<double> scale = {0.02, 0.33};  // of the image area
  std::vector<double> ratio = {0.3, 3.3};    // height / width, drawn log-uniformly
  double value = 0.0;
  bool random_value = false;  // erase with standard normal noise instead of value
};

/// With probability p, sets a random rectangle to value (torchvision's
/// RandomErasing, Zhong et al. 2017); 10 tries, else the image unchanged.
class RandomErasing {
 public:
  explicit RandomErasing(RandomErasingOptions options = {});
  Tensor operator()(const Tensor& img) const;

 private:
  RandomErasingOptions options_;
};

}  // namespace ember::data::transforms
