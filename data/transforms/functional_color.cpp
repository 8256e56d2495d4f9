// functional_color.cpp — what pixels become: normalize, grayscale,
// brightness / contrast / saturation / hue, Gaussian blur (functional.h).
#include <algorithm>
#include <cmath>

#include "core/ops_creation.h"
#include "core/ops_shape.h"
#include "data/transforms/functional.h"
#include "data/transforms/image_internal.h"

namespace ember::data::transforms::functional {

using detail::from_planes;
using detail::Planes;
using detail::to_planes;

Tensor normalize(const Tensor& tensor, const std::vector<double>& mean, const std::vector<double>& std) {
  EMBER_CHECK(tensor.defined() && tensor.is_floating_point() && tensor.dim() >= 3, "normalize",
              "expected a floating (..., C, H, W) tensor (use ToTensor first), got ", shape_str(tensor.sizes()));
  int64_t c = tensor.size(-3);
  EMBER_CHECK(static_cast<int64_t>(mean.size()) == c && static_cast<int64_t>(std.size()) == c, "normalize", "the image has ",
              c, " channels but mean has ", mean.size(), " and std ", std.size(), " values");
  for (double s : std) EMBER_CHECK(s != 0, "normalize", "std evaluated to zero, leading to division by zero");
  Tensor m = ember::tensor(mean).to(tensor.scalar_type()).view({c, 1, 1});
  Tensor s = ember::tensor(std).to(tensor.scalar_type()).view({c, 1, 1});
  return tensor.sub(m).div(s);
}

namespace {

// Luma of planes (3 per image) into one plane per image:
// L = 0.2989 R + 0.587 G + 0.114 B (float), or PIL's
// (19595 R + 38470 G + 7471 B + 2^15) >> 16 on 8-bit values.
Tensor luma(const Planes& p) {
  int64_t images = p.data.size(0) / 3, h = p.data.size(1), w = p.data.size(2), n = h * w;
  Tensor out = empty({images, h, w}, kFloat32);
  const float* src = p.data.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  for (int64_t k = 0; k < images; ++k) {
    const float *r = src + 3 * k * n, *g = r + n, *b = g + n;
    for (int64_t i = 0; i < n; ++i) {
      if (p.hwc) {
        auto v = [](float x) { return static_cast<uint32_t>(x); };
        dst[k * n + i] = static_cast<float>((19595u * v(r[i]) + 38470u * v(g[i]) + 7471u * v(b[i]) + 0x8000u) >> 16);
      } else {
        dst[k * n + i] = 0.2989f * r[i] + 0.587f * g[i] + 0.114f * b[i];
      }
    }
  }
  return out;
}

// The brightest value: 1 for floating tensors, 255 for uint8 images.
float bound_of(const Planes& p) { return p.hwc ? 255.f : 1.f; }

// clamp(ratio * img + (1 - ratio) * other, 0, bound), `other` one plane per image (or a scalar)
Tensor blend(const Planes& p, const Tensor& other_per_image, float ratio) {
  int64_t planes = p.data.size(0), n = p.data.size(1) * p.data.size(2);
  Tensor out = empty(p.data.sizes(), kFloat32);
  const float* src = p.data.data_ptr<float>();
  const float* oth = other_per_image.data_ptr<float>();
  int64_t other_n = other_per_image.numel() / (planes / p.channels);  // n (a plane) or 1 (a mean)
  float* dst = out.data_ptr<float>();
  float bound = bound_of(p);
  for (int64_t c = 0; c < planes; ++c) {
    const float* o = oth + (c / p.channels) * other_n;
    for (int64_t i = 0; i < n; ++i)
      dst[c * n + i] = std::clamp(ratio * src[c * n + i] + (1.f - ratio) * o[other_n == 1 ? 0 : i], 0.f, bound);
  }
  return out;
}

}  // namespace

Tensor rgb_to_grayscale(const Tensor& img, int64_t num_output_channels) {
  EMBER_CHECK(num_output_channels == 1 || num_output_channels == 3, "rgb_to_grayscale",
              "num_output_channels should be either 1 or 3, got ", num_output_channels);
  Planes p = to_planes(img, "rgb_to_grayscale");
  detail::check_channels(p, 3, "rgb_to_grayscale");
  Tensor l = luma(p);  // (images, H, W)
  if (num_output_channels == 3) l = l.unsqueeze(1).expand({l.size(0), 3, l.size(1), l.size(2)}).reshape({-1, l.size(1), l.size(2)});
  Planes gray = p;
  gray.channels = num_output_channels;
  if (!gray.lead.empty()) gray.lead.back() = num_output_channels;
  return from_planes(l.contiguous(), gray);
}

Tensor adjust_brightness(const Tensor& img, double factor) {
  EMBER_CHECK(factor >= 0, "adjust_brightness", "brightness_factor must be non-negative, got ", factor);
  Planes p = to_planes(img, "adjust_brightness");
  return from_planes(blend(p, zeros({p.data.size(0) / p.channels}, kFloat32), static_cast<float>(factor)), p);
}

Tensor adjust_contrast(const Tensor& img, double factor) {
  EMBER_CHECK(factor >= 0, "adjust_contrast", "contrast_factor must be non-negative, got ", factor);
  Planes p = to_planes(img, "adjust_contrast");
  int64_t images = p.data.size(0) / p.channels;
  // the mean of the grayscale image (of all channels when not RGB)
  Tensor source = p.channels == 3 ? luma(p) : p.data;
  Tensor mean = source.reshape({images, -1}).mean({1}).contiguous();
  return from_planes(blend(p, mean, static_cast<float>(factor)), p);
}

Tensor adjust_saturation(const Tensor& img, double factor) {
  EMBER_CHECK(factor >= 0, "adjust_saturation", "saturation_factor must be non-negative, got ", factor);
  Planes p = to_planes(img, "adjust_saturation");
  if (p.channels == 1) return img;  // gray has no saturation (as torchvision)
  detail::check_channels(p, 3, "adjust_saturation");
  return from_planes(blend(p, luma(p), static_cast<float>(factor)), p);
}

Tensor adjust_hue(const Tensor& img, double hue_factor) {
  EMBER_CHECK(hue_factor >= -0.5 && hue_factor <= 0.5, "adjust_hue", "hue_factor must be in [-0.5, 0.5], got ",
              hue_factor);
  Planes p = to_planes(img, "adjust_hue");
  if (p.channels == 1) return img;
  detail::check_channels(p, 3, "adjust_hue");
  int64_t images = p.data.size(0) / 3, n = p.data.size(1) * p.data.size(2);
  Tensor out = empty(p.data.sizes(), kFloat32);
  const float* src = p.data.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  float scale = bound_of(p);
  for (int64_t k = 0; k < images; ++k)
    for (int64_t i = 0; i < n; ++i) {
      const float* px = src + 3 * k * n + i;
      float r = px[0] / scale, g = px[n] / scale, b = px[2 * n] / scale;
      // RGB -> HSV (torchvision's _rgb2hsv): v = max, s = (max - min) / max,
      // h from which channel is the max, in turns
      float maxc = std::max({r, g, b}), minc = std::min({r, g, b}), cr = maxc - minc;
      bool eq = maxc == minc;
      float s = cr / (eq ? 1.f : maxc), div = eq ? 1.f : cr;
      float rc = (maxc - r) / div, gc = (maxc - g) / div, bc = (maxc - b) / div;
      float h = maxc == r ? bc - gc : maxc == g ? 2.f + rc - bc : 4.f + gc - rc;
      h = std::fmod(h / 6.f + 1.f, 1.f);
      h = std::fmod(h + static_cast<float>(hue_factor) + 1.f, 1.f);  // the shift, kept in [0, 1)
      // HSV -> RGB (_hsv2rgb): sector i = floor(6h), position f within it
      float v = maxc, h6 = h * 6.f, fi = std::floor(h6), f = h6 - fi;
      int sector = static_cast<int>(fi) % 6;
      float pp = std::clamp(v * (1.f - s), 0.f, 1.f), q = std::clamp(v * (1.f - s * f), 0.f, 1.f);
      float t = std::clamp(v * (1.f - s * (1.f - f)), 0.f, 1.f);
      const float rs[6] = {v, q, pp, pp, t, v}, gs[6] = {t, v, v, q, pp, pp}, bs[6] = {pp, pp, t, v, v, q};
      float* o = dst + 3 * k * n + i;
      o[0] = rs[sector] * scale;
      o[n] = gs[sector] * scale;
      o[2 * n] = bs[sector] * scale;
    }
  return from_planes(out, p);
}

Tensor gaussian_blur(const Tensor& img, const std::vector<int64_t>& kernel_size, const std::vector<double>& sigma) {
  EMBER_CHECK(kernel_size.size() == 2 && sigma.size() == 2, "gaussian_blur", "kernel_size and sigma need 2 values each");
  for (int64_t k : kernel_size)
    EMBER_CHECK(k > 0 && k % 2 == 1, "gaussian_blur", "kernel size should be an odd and positive number, got ", k);
  for (double s : sigma) EMBER_CHECK(s > 0, "gaussian_blur", "sigma should have positive values, got ", s);
  // kernel1d[i] = exp(-x_i^2 / (2 sigma^2)) / sum, x_i = i - (k - 1) / 2
  auto kernel = [](int64_t k, double s) {
    std::vector<float> out(static_cast<size_t>(k));
    float sum = 0;
    for (int64_t i = 0; i < k; ++i) {
      float x = static_cast<float>(i) - static_cast<float>(k - 1) * 0.5f;
      out[static_cast<size_t>(i)] = std::exp(-0.5f * (x / static_cast<float>(s)) * (x / static_cast<float>(s)));
      sum += out[static_cast<size_t>(i)];
    }
    for (float& v : out) v /= sum;
    return out;
  };
  std::vector<float> kx = kernel(kernel_size[0], sigma[0]), ky = kernel(kernel_size[1], sigma[1]);
  int64_t rx = kernel_size[0] / 2, ry = kernel_size[1] / 2;
  Planes p = to_planes(img, "gaussian_blur");
  // reflect padding, as torchvision, then the separable 2-D convolution
  Tensor padded = functional::pad(p.data, {rx, ry, rx, ry}, 0.0, "reflect").contiguous();
  int64_t planes = p.data.size(0), h = p.data.size(1), w = p.data.size(2), pw = w + 2 * rx;
  Tensor rows = empty({planes, h + 2 * ry, w}, kFloat32), out = empty({planes, h, w}, kFloat32);
  const float* src = padded.data_ptr<float>();
  float* mid = rows.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  for (int64_t c = 0; c < planes; ++c) {
    for (int64_t y = 0; y < h + 2 * ry; ++y)
      for (int64_t x = 0; x < w; ++x) {
        float acc = 0;
        for (int64_t t = 0; t < kernel_size[0]; ++t) acc += kx[static_cast<size_t>(t)] * src[(c * (h + 2 * ry) + y) * pw + x + t];
        mid[(c * (h + 2 * ry) + y) * w + x] = acc;
      }
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x) {
        float acc = 0;
        for (int64_t t = 0; t < kernel_size[1]; ++t) acc += ky[static_cast<size_t>(t)] * mid[(c * (h + 2 * ry) + y + t) * w + x];
        dst[(c * h + y) * w + x] = acc;
      }
  }
  return from_planes(out, p);
}

}  // namespace ember::data::transforms::functional
