// detection.h — transforms for detection and instance segmentation, which
// move the boxes and masks with the image (torchvision's detection
// reference transforms; transforms.v2 semantics for boxes).
//
// Boxes are (N, 4) float32 (x1, y1, x2, y2) in pixels, masks (N, H, W)
// uint8; a crop clips boxes to the window and drops those left empty
// (with their labels and masks).
//
// Left out: rotation and affine of boxes, RandomIoUCrop, RandomZoomOut,
// keypoints.
#pragma once

#include <functional>
#include <vector>

#include "data/transforms/functional.h"

namespace ember::data::transforms {

struct Detection {
  Tensor image;   // uint8 (H, W, C) or floating (C, H, W)
  Tensor boxes;   // (N, 4) float32 xyxy
  Tensor labels;  // (N) int64, or undefined
  Tensor masks;   // (N, H, W) uint8, or undefined
};

using DetectionTransformFn = std::function<Detection(const Detection&)>;

namespace detection {

class Compose {
 public:
  explicit Compose(std::vector<DetectionTransformFn> transforms);
  Detection operator()(const Detection& d) const;

 private:
  std::vector<DetectionTransformFn> transforms_;
};

/// Mirrors left-right: x1' = W - x2, x2' = W - x1.
class RandomHorizontalFlip {
 public:
  explicit RandomHorizontalFlip(double p = 0.5) : p_(p) {}
  Detection operator()(const Detection& d) const;

 private:
  double p_;
};

/// Mirrors top-bottom: y1' = H - y2, y2' = H - y1.
class RandomVerticalFlip {
 public:
  explicit RandomVerticalFlip(double p = 0.5) : p_(p) {}
  Detection operator()(const Detection& d) const;

 private:
  double p_;
};

/// Resizes the image (and masks, nearest) to {h, w} or the shorter edge to
/// {s}; boxes scale by (w' / w, h' / h).
class Resize {
 public:
  explicit Resize(std::vector<int64_t> size, InterpolationMode interpolation = InterpolationMode::BILINEAR)
      : size_(std::move(size)), interpolation_(interpolation) {}
  Detection operator()(const Detection& d) const;

 private:
  std::vector<int64_t> size_;
  InterpolationMode interpolation_;
};

/// Cuts a window of `size` at a random position inside the image.
class RandomCrop {
 public:
  explicit RandomCrop(std::vector<int64_t> size);
  Detection operator()(const Detection& d) const;

 private:
  std::vector<int64_t> size_;
};

/// The window rows [top, top + height), cols [left, left + width) of the
/// image, masks and boxes.
Detection crop(const Detection& d, int64_t top, int64_t left, int64_t height, int64_t width);
Detection hflip(const Detection& d);
Detection vflip(const Detection& d);
Detection resize(const Detection& d, const std::vector<int64_t>& size,
                 InterpolationMode interpolation = InterpolationMode::BILINEAR);

}  // namespace detection
}  // namespace ember::data::transforms
