// transforms.cpp — the random parameter draws of the transforms in
// transforms.h; the pixel work is in functional_*.cpp.
#include "data/transforms/transforms.h"

#include <algorithm>
#include <cmath>

#include "core/ops_creation.h"
#include "core/ops_random.h"
#include "data/transforms/image_internal.h"
#include "data/worker_info.h"

namespace ember::data::transforms {

using detail::coin;
using detail::randint;
using detail::uniform;

namespace {
std::vector<double> symmetric_range(const std::vector<double>& v, const char* op, const char* what) {
  EMBER_CHECK(v.size() == 1 || v.size() == 2, op, what, " must have 1 or 2 values, got ", v.size());
  if (v.size() == 2) {
    EMBER_CHECK(v[0] <= v[1], op, what, " range must be {min, max}, got {", v[0], ", ", v[1], "}");
    return v;
  }
  EMBER_CHECK(v[0] >= 0, op, "a single ", what, " value must be non-negative, got ", v[0]);
  return {-v[0], v[0]};
}

void check_probability(double p, const char* op) {
  EMBER_CHECK(p >= 0 && p <= 1, op, "p must be a probability in [0, 1], got ", p);
}
}  // namespace

Compose::Compose(std::vector<TransformFn> transforms) : transforms_(std::move(transforms)) {
  for (size_t i = 0; i < transforms_.size(); ++i) EMBER_CHECK(static_cast<bool>(transforms_[i]), "Compose", "transform ", i, " is empty");
}

Tensor Compose::operator()(const Tensor& img) const {
  Tensor out = img;
  for (const TransformFn& t : transforms_) out = t(out);
  return out;
}

RandomCrop::RandomCrop(std::vector<int64_t> size, RandomCropOptions options)
    : size_(std::move(size)), options_(std::move(options)) {
  EMBER_CHECK(size_.size() == 1 || size_.size() == 2, "RandomCrop", "size must have 1 or 2 values, got ", size_.size());
  if (size_.size() == 1) size_ = {size_[0], size_[0]};
}

Tensor RandomCrop::operator()(const Tensor& img) const {
  Tensor out = img;
  if (!options_.padding.empty()) out = functional::pad(out, options_.padding, options_.fill, options_.padding_mode);
  int64_t th = size_[0], tw = size_[1];
  if (options_.pad_if_needed && functional::image_width(out) < tw)
    out = functional::pad(out, {tw - functional::image_width(out), 0}, options_.fill, options_.padding_mode);
  if (options_.pad_if_needed && functional::image_height(out) < th)
    out = functional::pad(out, {0, th - functional::image_height(out)}, options_.fill, options_.padding_mode);
  int64_t h = functional::image_height(out), w = functional::image_width(out);
  EMBER_CHECK(h >= th && w >= tw, "RandomCrop", "required crop size (", th, ", ", tw,
              ") is larger than input image size (", h, ", ", w, ")");
  int64_t top = h == th ? 0 : randint(0, h - th + 1);
  int64_t left = w == tw ? 0 : randint(0, w - tw + 1);
  return functional::crop(out, top, left, th, tw);
}

RandomResizedCrop::RandomResizedCrop(std::vector<int64_t> size, RandomResizedCropOptions options)
    : size_(std::move(size)), options_(std::move(options)) {
  EMBER_CHECK(size_.size() == 1 || size_.size() == 2, "RandomResizedCrop", "size must have 1 or 2 values");
  if (size_.size() == 1) size_ = {size_[0], size_[0]};
  EMBER_CHECK(options_.scale.size() == 2 && options_.ratio.size() == 2, "RandomResizedCrop",
              "scale and ratio need {min, max}");
  EMBER_CHECK(options_.scale[0] <= options_.scale[1] && options_.ratio[0] <= options_.ratio[1], "RandomResizedCrop",
              "scale and ratio should be of kind (min, max)");
}

std::vector<int64_t> RandomResizedCrop::get_params(int64_t h, int64_t w, const std::vector<double>& scale,
                                                   const std::vector<double>& ratio) {
  double area = static_cast<double>(h * w);
  double log_lo = std::log(ratio[0]), log_hi = std::log(ratio[1]);
  for (int attempt = 0; attempt < 10; ++attempt) {
    double target_area = area * uniform(scale[0], scale[1]);
    double aspect = std::exp(uniform(log_lo, log_hi));  // width / height
    auto cw = static_cast<int64_t>(std::nearbyint(std::sqrt(target_area * aspect)));
    auto ch = static_cast<int64_t>(std::nearbyint(std::sqrt(target_area / aspect)));
    if (cw > 0 && cw <= w && ch > 0 && ch <= h) return {randint(0, h - ch + 1), randint(0, w - cw + 1), ch, cw};
  }
  // fallback: the central crop with the ratio clamped into range
  double in_ratio = static_cast<double>(w) / static_cast<double>(h);
  int64_t cw = w, ch = h;
  if (in_ratio < ratio[0]) ch = static_cast<int64_t>(std::nearbyint(w / ratio[0]));
  else if (in_ratio > ratio[1]) cw = static_cast<int64_t>(std::nearbyint(h * ratio[1]));
  return {(h - ch) / 2, (w - cw) / 2, ch, cw};
}

Tensor RandomResizedCrop::operator()(const Tensor& img) const {
  std::vector<int64_t> p = get_params(functional::image_height(img), functional::image_width(img), options_.scale,
                                      options_.ratio);
  return functional::resized_crop(img, p[0], p[1], p[2], p[3], size_, options_.interpolation);
}

Tensor RandomHorizontalFlip::operator()(const Tensor& img) const {
  check_probability(p_, "RandomHorizontalFlip");
  return coin(p_) ? functional::hflip(img) : img;
}

Tensor RandomVerticalFlip::operator()(const Tensor& img) const {
  check_probability(p_, "RandomVerticalFlip");
  return coin(p_) ? functional::vflip(img) : img;
}

RandomRotation::RandomRotation(std::vector<double> degrees, RandomRotationOptions options)
    : degrees_(symmetric_range(degrees, "RandomRotation", "degrees")), options_(std::move(options)) {}

Tensor RandomRotation::operator()(const Tensor& img) const {
  double angle = uniform(degrees_[0], degrees_[1]);
  return functional::rotate(img, angle, options_.interpolation, options_.expand, options_.center, options_.fill);
}

RandomAffine::RandomAffine(std::vector<double> degrees, RandomAffineOptions options)
    : degrees_(symmetric_range(degrees, "RandomAffine", "degrees")), options_(std::move(options)) {
  if (options_.translate) {
    EMBER_CHECK(options_.translate->size() == 2, "RandomAffine", "translate should be a list of 2 values");
    for (double t : *options_.translate)
      EMBER_CHECK(t >= 0 && t <= 1, "RandomAffine", "translation values should be between 0 and 1, got ", t);
  }
  if (options_.scale)
    EMBER_CHECK(options_.scale->size() == 2 && (*options_.scale)[0] > 0 && (*options_.scale)[0] <= (*options_.scale)[1],
                "RandomAffine", "scale should be {min, max} with 0 < min <= max");
  if (options_.shear) {
    size_t n = options_.shear->size();
    EMBER_CHECK(n == 1 || n == 2 || n == 4, "RandomAffine", "shear should have 1, 2 or 4 values, got ", n);
    if (n == 1) options_.shear = symmetric_range(*options_.shear, "RandomAffine", "shear");
  }
}

Tensor RandomAffine::operator()(const Tensor& img) const {
  double angle = uniform(degrees_[0], degrees_[1]);
  std::vector<double> translate{0.0, 0.0};
  if (options_.translate) {  // whole pixels: round(uniform(-a W, a W))
    double max_dx = (*options_.translate)[0] * static_cast<double>(functional::image_width(img));
    double max_dy = (*options_.translate)[1] * static_cast<double>(functional::image_height(img));
    translate = {std::nearbyint(uniform(-max_dx, max_dx)), std::nearbyint(uniform(-max_dy, max_dy))};
  }
  double scale = options_.scale ? uniform((*options_.scale)[0], (*options_.scale)[1]) : 1.0;
  std::vector<double> shear{0.0, 0.0};
  if (options_.shear) {
    const std::vector<double>& s = *options_.shear;
    shear[0] = uniform(s[0], s[1]);
    if (s.size() == 4) shear[1] = uniform(s[2], s[3]);
  }
  return functional::affine(img, angle, translate, scale, shear, options_.interpolation, options_.fill);
}

ColorJitter::ColorJitter(ColorJitterOptions options) : options_(options) {
  EMBER_CHECK(options.brightness >= 0 && options.contrast >= 0 && options.saturation >= 0, "ColorJitter",
              "brightness, contrast and saturation must be non-negative");
  EMBER_CHECK(options.hue >= 0 && options.hue <= 0.5, "ColorJitter", "hue must be in [0, 0.5], got ", options.hue);
}

Tensor ColorJitter::operator()(const Tensor& img) const {
  // the factors first, then the order (torchvision draws them in one get_params)
  auto factor = [](double v) { return v > 0 ? uniform(std::max(0.0, 1.0 - v), 1.0 + v) : 1.0; };
  Tensor order = randperm(4, {}, &sample_generator());
  double b = factor(options_.brightness), c = factor(options_.contrast), s = factor(options_.saturation);
  double h = options_.hue > 0 ? uniform(-options_.hue, options_.hue) : 0.0;
  Tensor out = img;
  for (int64_t k = 0; k < 4; ++k) {
    switch (order[k].item<int64_t>()) {
      case 0: if (options_.brightness > 0) out = functional::adjust_brightness(out, b); break;
      case 1: if (options_.contrast > 0) out = functional::adjust_contrast(out, c); break;
      case 2: if (options_.saturation > 0) out = functional::adjust_saturation(out, s); break;
      default: if (options_.hue > 0) out = functional::adjust_hue(out, h); break;
    }
  }
  return out;
}

GaussianBlur::GaussianBlur(std::vector<int64_t> kernel_size, std::vector<double> sigma)
    : kernel_size_(std::move(kernel_size)), sigma_(std::move(sigma)) {
  EMBER_CHECK(kernel_size_.size() == 1 || kernel_size_.size() == 2, "GaussianBlur", "kernel_size needs 1 or 2 values");
  if (kernel_size_.size() == 1) kernel_size_ = {kernel_size_[0], kernel_size_[0]};
  EMBER_CHECK(sigma_.size() == 1 || sigma_.size() == 2, "GaussianBlur", "sigma needs 1 or 2 values");
  if (sigma_.size() == 1) sigma_ = {sigma_[0], sigma_[0]};
  EMBER_CHECK(sigma_[0] > 0 && sigma_[0] <= sigma_[1], "GaussianBlur", "sigma values should be positive and of the form (min, max)");
}

Tensor GaussianBlur::operator()(const Tensor& img) const {
  double sigma = uniform(sigma_[0], sigma_[1]);
  return functional::gaussian_blur(img, kernel_size_, {sigma, sigma});
}

RandomErasing::RandomErasing(RandomErasingOptions options) : options_(std::move(options)) {
  check_probability(options_.p, "RandomErasing");
  EMBER_CHECK(options_.scale.size() == 2 && options_.ratio.size() == 2, "RandomErasing", "scale and ratio need {min, max}");
  EMBER_CHECK(options_.scale[0] >= 0 && options_.scale[0] <= options_.scale[1] && options_.scale[1] <= 1,
              "RandomErasing", "scale should be between 0 and 1, of the form (min, max)");
}

Tensor RandomErasing::operator()(const Tensor& img) const {
  if (!coin(options_.p)) return img;
  int64_t h = functional::image_height(img), w = functional::image_width(img), c = functional::image_channels(img);
  double area = static_cast<double>(h * w);
  double log_lo = std::log(options_.ratio[0]), log_hi = std::log(options_.ratio[1]);
  for (int attempt = 0; attempt < 10; ++attempt) {
    double erase_area = area * uniform(options_.scale[0], options_.scale[1]);
    double aspect = std::exp(uniform(log_lo, log_hi));  // height / width
    auto eh = static_cast<int64_t>(std::nearbyint(std::sqrt(erase_area * aspect)));
    auto ew = static_cast<int64_t>(std::nearbyint(std::sqrt(erase_area / aspect)));
    if (!(eh < h && ew < w)) continue;
    bool hwc = img.scalar_type() == kUInt8;
    Shape region = hwc ? Shape{eh, ew, img.dim() == 3 ? c : 1} : Shape{c, eh, ew};
    if (hwc && img.dim() == 2) region.pop_back();
    if (!hwc && img.dim() == 2) region.erase(region.begin());
    Tensor v = options_.random_value ? randn(region, {}, &sample_generator()).to(img.scalar_type())
                                     : full(region, options_.value, img.scalar_type());
    return functional::erase(img, randint(0, h - eh + 1), randint(0, w - ew + 1), eh, ew, v);
  }
  return img;
}

}  // namespace ember::data::transforms
