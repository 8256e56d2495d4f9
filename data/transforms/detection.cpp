// detection.cpp — boxes and masks that follow the image (detection.h).
#include "data/transforms/detection.h"

#include "core/ops_creation.h"
#include "core/ops_index.h"
#include "core/ops_shape.h"
#include "data/transforms/image_internal.h"

namespace ember::data::transforms::detection {

namespace {
void check_boxes(const Detection& d, const char* op) {
  EMBER_CHECK(d.boxes.defined() && d.boxes.dim() == 2 && d.boxes.size(1) == 4, op,
              "boxes must be (N, 4) xyxy, got ", d.boxes.defined() ? shape_str(d.boxes.sizes()) : "undefined");
  if (d.masks.defined())
    EMBER_CHECK(d.masks.dim() == 3 && d.masks.size(0) == d.boxes.size(0), op, "masks must be (N, H, W) for ",
                d.boxes.size(0), " boxes, got ", shape_str(d.masks.sizes()));
}

// Column k of the boxes, as float32.
Tensor col(const Tensor& boxes, int64_t k) { return boxes.to(kFloat32).select(1, k); }
}  // namespace

Compose::Compose(std::vector<DetectionTransformFn> transforms) : transforms_(std::move(transforms)) {}

Detection Compose::operator()(const Detection& d) const {
  Detection out = d;
  for (const auto& t : transforms_) out = t(out);
  return out;
}

Detection hflip(const Detection& d) {
  check_boxes(d, "detection::hflip");
  Detection out = d;
  double w = static_cast<double>(functional::image_width(d.image));
  out.image = functional::hflip(d.image);
  // x1' = W - x2, x2' = W - x1
  out.boxes = stack({col(d.boxes, 2).neg().add(w), col(d.boxes, 1), col(d.boxes, 0).neg().add(w), col(d.boxes, 3)}, 1);
  if (d.masks.defined()) out.masks = d.masks.flip({2});
  return out;
}

Detection vflip(const Detection& d) {
  check_boxes(d, "detection::vflip");
  Detection out = d;
  double h = static_cast<double>(functional::image_height(d.image));
  out.image = functional::vflip(d.image);
  // y1' = H - y2, y2' = H - y1
  out.boxes = stack({col(d.boxes, 0), col(d.boxes, 3).neg().add(h), col(d.boxes, 2), col(d.boxes, 1).neg().add(h)}, 1);
  if (d.masks.defined()) out.masks = d.masks.flip({1});
  return out;
}

Detection resize(const Detection& d, const std::vector<int64_t>& size, InterpolationMode interpolation) {
  check_boxes(d, "detection::resize");
  Detection out = d;
  double h = static_cast<double>(functional::image_height(d.image));
  double w = static_cast<double>(functional::image_width(d.image));
  out.image = functional::resize(d.image, size, interpolation);
  double sy = static_cast<double>(functional::image_height(out.image)) / h;
  double sx = static_cast<double>(functional::image_width(out.image)) / w;
  out.boxes = d.boxes.to(kFloat32).mul(tensor({static_cast<float>(sx), static_cast<float>(sy), static_cast<float>(sx),
                                               static_cast<float>(sy)}));
  int64_t oh = functional::image_height(out.image), ow = functional::image_width(out.image);
  if (d.masks.defined() && d.masks.size(0) == 0) out.masks = zeros({0, oh, ow}, d.masks.scalar_type());
  else if (d.masks.defined())  // the N masks as the channels of one (H, W, N) uint8 image
    out.masks = functional::resize(d.masks.permute({1, 2, 0}), {oh, ow}, InterpolationMode::NEAREST)
                    .reshape({oh, ow, -1})
                    .permute({2, 0, 1})
                    .contiguous();
  return out;
}

Detection crop(const Detection& d, int64_t top, int64_t left, int64_t height, int64_t width) {
  check_boxes(d, "detection::crop");
  Detection out = d;
  out.image = functional::crop(d.image, top, left, height, width);
  // shift into the window, clip to it, keep boxes with positive area
  Tensor b = d.boxes.to(kFloat32).sub(tensor({static_cast<float>(left), static_cast<float>(top),
                                              static_cast<float>(left), static_cast<float>(top)}));
  Tensor x1 = col(b, 0).clamp(0, width), y1 = col(b, 1).clamp(0, height);
  Tensor x2 = col(b, 2).clamp(0, width), y2 = col(b, 3).clamp(0, height);
  Tensor clipped = stack({x1, y1, x2, y2}, 1);
  Tensor keep = x2.gt(x1).logical_and(y2.gt(y1)).nonzero().squeeze(1);
  out.boxes = clipped.index_select(0, keep);
  if (d.labels.defined()) out.labels = d.labels.index_select(0, keep);
  if (d.masks.defined()) {
    Tensor m = d.masks.index_select(0, keep);
    out.masks = m.size(0) == 0 ? zeros({0, height, width}, m.scalar_type())
                               : functional::crop(m.permute({1, 2, 0}), top, left, height, width).permute({2, 0, 1}).contiguous();
  }
  return out;
}

Detection RandomHorizontalFlip::operator()(const Detection& d) const { return detail::coin(p_) ? hflip(d) : d; }
Detection RandomVerticalFlip::operator()(const Detection& d) const { return detail::coin(p_) ? vflip(d) : d; }
Detection Resize::operator()(const Detection& d) const { return resize(d, size_, interpolation_); }

RandomCrop::RandomCrop(std::vector<int64_t> size) : size_(std::move(size)) {
  EMBER_CHECK(size_.size() == 1 || size_.size() == 2, "detection::RandomCrop", "size must have 1 or 2 values");
  if (size_.size() == 1) size_ = {size_[0], size_[0]};
}

Detection RandomCrop::operator()(const Detection& d) const {
  int64_t h = functional::image_height(d.image), w = functional::image_width(d.image);
  EMBER_CHECK(h >= size_[0] && w >= size_[1], "detection::RandomCrop", "required crop size (", size_[0], ", ",
              size_[1], ") is larger than input image size (", h, ", ", w, ")");
  int64_t top = detail::randint(0, h - size_[0] + 1), left = detail::randint(0, w - size_[1] + 1);
  return crop(d, top, left, size_[0], size_[1]);
}

}  // namespace ember::data::transforms::detection
