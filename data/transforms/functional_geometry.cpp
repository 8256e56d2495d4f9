// functional_geometry.cpp — where pixels go: resize, crop, pad, flips,
// rotation and affine warps (functional.h), following torchvision's
// tensor code and PyTorch's interpolate / grid_sample kernels.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/ops_creation.h"
#include "core/ops_index.h"
#include "core/ops_shape.h"
#include "data/transforms/functional.h"
#include "data/transforms/image_internal.h"

namespace ember::data::transforms::functional {

using detail::from_planes;
using detail::Planes;
using detail::to_planes;

namespace {
// The dims of H and W: (H, W, C) for uint8, (..., H, W) for floating.
int64_t h_dim(const Tensor& img) { return img.scalar_type() == kUInt8 ? 0 : img.dim() - 2; }
int64_t w_dim(const Tensor& img) { return h_dim(img) + 1; }

void check_image(const Tensor& img, const char* op) {
  EMBER_CHECK(img.defined(), op, "the image is undefined");
  bool u8 = img.scalar_type() == kUInt8;
  EMBER_CHECK((u8 && (img.dim() == 2 || img.dim() == 3)) || (!u8 && img.is_floating_point() && img.dim() >= 2), op,
              "expected a (H, W, C) uint8 image or a (..., C, H, W) floating tensor, got ",
              dtype_name(img.scalar_type()), " ", shape_str(img.sizes()));
}

std::vector<int64_t> pair_of(const std::vector<int64_t>& size, const char* op) {
  EMBER_CHECK(size.size() == 1 || size.size() == 2, op, "size must have 1 or 2 values, got ", size.size());
  for (int64_t s : size) EMBER_CHECK(s > 0, op, "sizes must be positive, got ", s);
  return size.size() == 2 ? size : std::vector<int64_t>{size[0], size[0]};
}
}  // namespace

int64_t image_height(const Tensor& img) {
  check_image(img, "image_height");
  return img.size(h_dim(img));
}

int64_t image_width(const Tensor& img) {
  check_image(img, "image_width");
  return img.size(w_dim(img));
}

int64_t image_channels(const Tensor& img) {
  check_image(img, "image_channels");
  if (img.dim() == 2) return 1;
  return img.scalar_type() == kUInt8 ? img.size(2) : img.size(-3);
}

Tensor to_tensor(const Tensor& img) {
  check_image(img, "to_tensor");
  if (img.scalar_type() != kUInt8) return img;
  Tensor hwc = img.dim() == 2 ? img.unsqueeze(2) : img;
  return hwc.permute({2, 0, 1}).to(kFloat32).div(255.0).contiguous();
}

Tensor to_image(const Tensor& tensor) {
  EMBER_CHECK(tensor.defined() && tensor.is_floating_point() && (tensor.dim() == 3 || tensor.dim() == 2), "to_image",
              "expected a (C, H, W) or (H, W) floating tensor, got ", shape_str(tensor.sizes()));
  Tensor chw = tensor.dim() == 2 ? tensor.unsqueeze(0) : tensor;
  return chw.mul(255).clamp(0, 255).to(kUInt8).permute({1, 2, 0}).contiguous();
}

Tensor resize(const Tensor& img, const std::vector<int64_t>& size, InterpolationMode interpolation) {
  EMBER_CHECK(size.size() == 1 || size.size() == 2, "resize", "size must have 1 or 2 values, got ", size.size());
  Planes p = to_planes(img, "resize");
  int64_t in_h = p.data.size(1), in_w = p.data.size(2);
  int64_t oh, ow;
  if (size.size() == 2) {
    oh = size[0];
    ow = size[1];
  } else {  // the shorter edge becomes size[0]
    bool wide = in_w >= in_h;
    int64_t shorter = wide ? in_h : in_w, longer = wide ? in_w : in_h;
    int64_t new_long = static_cast<int64_t>(static_cast<double>(size[0]) * longer / shorter);
    oh = wide ? size[0] : new_long;
    ow = wide ? new_long : size[0];
  }
  EMBER_CHECK(oh > 0 && ow > 0, "resize", "output size must be positive, got (", oh, ", ", ow, ")");
  int64_t planes = p.data.size(0);
  Tensor out = empty({planes, oh, ow}, kFloat32);
  const float* src = p.data.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  // PyTorch's scale: in / out, in float
  float scale_h = static_cast<float>(in_h) / static_cast<float>(oh);
  float scale_w = static_cast<float>(in_w) / static_cast<float>(ow);
  if (interpolation == InterpolationMode::NEAREST) {
    // src = min(floor(dst * scale), in - 1)
    auto nearest = [](int64_t o, float scale, int64_t in) {
      return std::min(static_cast<int64_t>(std::floor(static_cast<float>(o) * scale)), in - 1);
    };
    for (int64_t c = 0; c < planes; ++c)
      for (int64_t y = 0; y < oh; ++y) {
        const float* row = src + (c * in_h + nearest(y, scale_h, in_h)) * in_w;
        for (int64_t x = 0; x < ow; ++x) dst[(c * oh + y) * ow + x] = row[nearest(x, scale_w, in_w)];
      }
    return from_planes(out, p);
  }
  // bilinear, align_corners = False: src = max(scale * (dst + 0.5) - 0.5, 0);
  // out = (1-ly)((1-lx) v00 + lx v01) + ly((1-lx) v10 + lx v11)
  struct Tap {
    int64_t i0, i1;
    float l0, l1;
  };
  auto taps = [](int64_t out_size, float scale, int64_t in) {
    std::vector<Tap> t(static_cast<size_t>(out_size));
    for (int64_t o = 0; o < out_size; ++o) {
      float s = std::max(scale * (static_cast<float>(o) + 0.5f) - 0.5f, 0.f);
      int64_t i0 = static_cast<int64_t>(s);
      int64_t i1 = i0 + (i0 < in - 1 ? 1 : 0);
      float l1 = s - static_cast<float>(i0);
      t[static_cast<size_t>(o)] = {i0, i1, 1.f - l1, l1};
    }
    return t;
  };
  std::vector<Tap> ty = taps(oh, scale_h, in_h), tx = taps(ow, scale_w, in_w);
  for (int64_t c = 0; c < planes; ++c)
    for (int64_t y = 0; y < oh; ++y) {
      const Tap& a = ty[static_cast<size_t>(y)];
      const float* r0 = src + (c * in_h + a.i0) * in_w;
      const float* r1 = src + (c * in_h + a.i1) * in_w;
      for (int64_t x = 0; x < ow; ++x) {
        const Tap& b = tx[static_cast<size_t>(x)];
        dst[(c * oh + y) * ow + x] = a.l0 * (b.l0 * r0[b.i0] + b.l1 * r0[b.i1]) + a.l1 * (b.l0 * r1[b.i0] + b.l1 * r1[b.i1]);
      }
    }
  return from_planes(out, p);
}

Tensor crop(const Tensor& img, int64_t top, int64_t left, int64_t height, int64_t width) {
  check_image(img, "crop");
  EMBER_CHECK(height > 0 && width > 0, "crop", "the window must be non-empty, got ", height, "x", width);
  int64_t hd = h_dim(img), wd = w_dim(img);
  int64_t h = img.size(hd), w = img.size(wd);
  if (top >= 0 && left >= 0 && top + height <= h && left + width <= w)
    return img.narrow(hd, top, height).narrow(wd, left, width).contiguous();
  // partly outside: zeros, with the overlap copied in
  Shape sizes = img.sizes().vec();
  sizes[static_cast<size_t>(hd)] = height;
  sizes[static_cast<size_t>(wd)] = width;
  Tensor out = zeros(sizes, img.scalar_type());
  int64_t y0 = std::max<int64_t>(top, 0), y1 = std::min(top + height, h);
  int64_t x0 = std::max<int64_t>(left, 0), x1 = std::min(left + width, w);
  if (y1 > y0 && x1 > x0)
    out.narrow(hd, y0 - top, y1 - y0).narrow(wd, x0 - left, x1 - x0).copy_(img.narrow(hd, y0, y1 - y0).narrow(wd, x0, x1 - x0));
  return out;
}

Tensor center_crop(const Tensor& img, const std::vector<int64_t>& size) {
  std::vector<int64_t> hw = pair_of(size, "center_crop");
  int64_t h = image_height(img), w = image_width(img);
  // top = round((H - h) / 2) (Python's round: half to even)
  int64_t top = static_cast<int64_t>(std::nearbyint((h - hw[0]) / 2.0));
  int64_t left = static_cast<int64_t>(std::nearbyint((w - hw[1]) / 2.0));
  if (hw[0] > h || hw[1] > w) {  // torchvision pads first, then crops the centre
    int64_t pl = hw[1] > w ? (hw[1] - w) / 2 : 0, pt = hw[0] > h ? (hw[0] - h) / 2 : 0;
    int64_t pr = hw[1] > w ? (hw[1] - w + 1) / 2 : 0, pb = hw[0] > h ? (hw[0] - h + 1) / 2 : 0;
    Tensor padded = functional::pad(img, {pl, pt, pr, pb});
    return center_crop(padded, hw);
  }
  return crop(img, top, left, hw[0], hw[1]);
}

Tensor resized_crop(const Tensor& img, int64_t top, int64_t left, int64_t height, int64_t width,
                    const std::vector<int64_t>& size, InterpolationMode interpolation) {
  return resize(crop(img, top, left, height, width), size, interpolation);
}

namespace {
// Source index of padded position i (may be outside [0, n)) for each padding mode.
int64_t source_index(int64_t i, int64_t n, const std::string& mode) {
  if (i >= 0 && i < n) return i;
  if (mode == "edge") return std::clamp<int64_t>(i, 0, n - 1);
  if (mode == "reflect") {  // period 2(n - 1): 0 1 2 3 2 1 0 1 ...
    if (n == 1) return 0;
    int64_t period = 2 * (n - 1), k = ((i % period) + period) % period;
    return k < n ? k : period - k;
  }
  // symmetric: period 2n: 0 1 2 2 1 0 0 1 ...
  int64_t period = 2 * n, k = ((i % period) + period) % period;
  return k < n ? k : period - 1 - k;
}

Tensor index_range(int64_t before, int64_t n, int64_t after, const std::string& mode) {
  std::vector<int64_t> idx;
  for (int64_t i = -before; i < n + after; ++i) idx.push_back(source_index(i, n, mode));
  return tensor(idx);
}
}  // namespace

Tensor pad(const Tensor& img, const std::vector<int64_t>& padding, double fill, const std::string& padding_mode) {
  check_image(img, "pad");
  std::vector<int64_t> ltrb;
  if (padding.size() == 1) ltrb = {padding[0], padding[0], padding[0], padding[0]};
  else if (padding.size() == 2) ltrb = {padding[0], padding[1], padding[0], padding[1]};
  else if (padding.size() == 4) ltrb = padding;
  EMBER_CHECK(ltrb.size() == 4, "pad", "padding must have 1, 2 or 4 values, got ", padding.size());
  for (int64_t v : ltrb) EMBER_CHECK(v >= 0, "pad", "padding must be non-negative, got ", v);
  EMBER_CHECK(padding_mode == "constant" || padding_mode == "edge" || padding_mode == "reflect" ||
                  padding_mode == "symmetric",
              "pad", "padding_mode must be constant, edge, reflect or symmetric, got '", padding_mode, "'");
  int64_t hd = h_dim(img), wd = w_dim(img);
  int64_t h = img.size(hd), w = img.size(wd);
  if (padding_mode == "constant") {
    Shape sizes = img.sizes().vec();
    sizes[static_cast<size_t>(hd)] += ltrb[1] + ltrb[3];
    sizes[static_cast<size_t>(wd)] += ltrb[0] + ltrb[2];
    Tensor out = full(sizes, fill, img.scalar_type());
    out.narrow(hd, ltrb[1], h).narrow(wd, ltrb[0], w).copy_(img);
    return out;
  }
  if (padding_mode == "reflect")
    EMBER_CHECK(ltrb[0] < w && ltrb[2] < w && ltrb[1] < h && ltrb[3] < h, "pad",
                "reflect padding must be smaller than the image (", h, "x", w, ")");
  return img.index_select(hd, index_range(ltrb[1], h, ltrb[3], padding_mode))
      .index_select(wd, index_range(ltrb[0], w, ltrb[2], padding_mode));
}

Tensor hflip(const Tensor& img) {
  check_image(img, "hflip");
  return img.flip({w_dim(img)});
}

Tensor vflip(const Tensor& img) {
  check_image(img, "vflip");
  return img.flip({h_dim(img)});
}

std::vector<double> inverse_affine_matrix(const std::vector<double>& center, double angle,
                                          const std::vector<double>& translate, double scale,
                                          const std::vector<double>& shear) {
  EMBER_CHECK(center.size() == 2 && translate.size() == 2 && shear.size() == 2, "inverse_affine_matrix",
              "center, translate and shear need 2 values each");
  EMBER_CHECK(scale > 0, "inverse_affine_matrix", "scale must be positive, got ", scale);
  const double deg = std::numbers::pi / 180.0;
  double rot = angle * deg, sx = shear[0] * deg, sy = shear[1] * deg;
  double cx = center[0], cy = center[1], tx = translate[0], ty = translate[1];
  // M = T C R S Sh C^-1 with RSS = [[a, b], [c, d]] (rotation, shear), det 1
  double a = std::cos(rot - sy) / std::cos(sy);
  double b = -std::cos(rot - sy) * std::tan(sx) / std::cos(sy) - std::sin(rot);
  double c = std::sin(rot - sy) / std::cos(sy);
  double d = -std::sin(rot - sy) * std::tan(sx) / std::cos(sy) + std::cos(rot);
  // M^-1 = C RSS^-1 C^-1 T^-1, with RSS^-1 = [[d, -b], [-c, a]] / scale
  std::vector<double> m{d / scale, -b / scale, 0.0, -c / scale, a / scale, 0.0};
  m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
  m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
  m[2] += cx;
  m[5] += cy;
  return m;
}

namespace {

// Warps planes with inverse matrix m (centre-relative pixel coordinates):
// output pixel (ox, oy) samples input (m0 xb + m1 yb + m2 + (w-1)/2, ...)
// where xb = ox - (ow-1)/2, yb = oy - (oh-1)/2: torchvision's affine grid
// and grid_sample with align_corners = False and zero padding. With a fill, a coverage mask is
// sampled too and uncovered parts are blended towards the fill.
Tensor warp(const Tensor& img, const std::vector<double>& m, InterpolationMode mode, int64_t ow, int64_t oh,
            const std::optional<std::vector<double>>& fill, const char* op) {
  Planes p = to_planes(img, op);
  int64_t planes = p.data.size(0), h = p.data.size(1), w = p.data.size(2);
  if (fill)
    EMBER_CHECK(fill->size() == 1 || static_cast<int64_t>(fill->size()) == p.channels, op, "fill must have 1 or ",
                p.channels, " values, got ", fill->size());
  Tensor out = empty({planes, oh, ow}, kFloat32);
  const float* src = p.data.data_ptr<float>();
  float* dst = out.data_ptr<float>();
  // In float32 and in torchvision's order (theta / (size / 2), then grid_sample's
  // unnormalize), so that nearest sampling rounds ties the same way.
  const float tw[6] = {static_cast<float>(m[0]) / (0.5f * w), static_cast<float>(m[1]) / (0.5f * w),
                       static_cast<float>(m[2]) / (0.5f * w), static_cast<float>(m[3]) / (0.5f * h),
                       static_cast<float>(m[4]) / (0.5f * h), static_cast<float>(m[5]) / (0.5f * h)};
  for (int64_t oy = 0; oy < oh; ++oy)
    for (int64_t ox = 0; ox < ow; ++ox) {
      float xb = -ow * 0.5f + 0.5f + static_cast<float>(ox), yb = -oh * 0.5f + 0.5f + static_cast<float>(oy);
      float gx = xb * tw[0] + yb * tw[1] + tw[2], gy = xb * tw[3] + yb * tw[4] + tw[5];
      double ix = ((gx + 1.f) * static_cast<float>(w) - 1.f) / 2.f;
      double iy = ((gy + 1.f) * static_cast<float>(h) - 1.f) / 2.f;
      // (input offsets, weights) of the taps that fall inside the image
      int64_t offsets[4];
      double weights[4];
      int taps = 0;
      double coverage = 0;
      auto tap = [&](int64_t x, int64_t y, double weight) {
        if (x < 0 || x >= w || y < 0 || y >= h) return;
        offsets[taps] = y * w + x;
        weights[taps++] = weight;
        coverage += weight;
      };
      if (mode == InterpolationMode::NEAREST) {
        tap(static_cast<int64_t>(std::nearbyint(ix)), static_cast<int64_t>(std::nearbyint(iy)), 1.0);
      } else {
        double x0 = std::floor(ix), y0 = std::floor(iy), fx = ix - x0, fy = iy - y0;
        auto xi = static_cast<int64_t>(x0), yi = static_cast<int64_t>(y0);
        tap(xi, yi, (1 - fx) * (1 - fy));
        tap(xi + 1, yi, fx * (1 - fy));
        tap(xi, yi + 1, (1 - fx) * fy);
        tap(xi + 1, yi + 1, fx * fy);
      }
      for (int64_t c = 0; c < planes; ++c) {
        const float* plane = src + c * h * w;
        double v = 0;
        for (int t = 0; t < taps; ++t) v += weights[t] * plane[offsets[t]];
        if (fill) {
          double f = (*fill)[fill->size() == 1 ? 0 : static_cast<size_t>(c % p.channels)];
          if (mode == InterpolationMode::NEAREST) v = coverage < 0.5 ? f : v;
          else v = v * coverage + (1.0 - coverage) * f;  // torchvision: img * mask + (1 - mask) * fill
        }
        dst[(c * oh + oy) * ow + ox] = static_cast<float>(v);
      }
    }
  return from_planes(out, p);
}

}  // namespace

Tensor rotate(const Tensor& img, double angle, InterpolationMode interpolation, bool expand,
              std::optional<std::vector<double>> center, std::optional<std::vector<double>> fill) {
  int64_t h = image_height(img), w = image_width(img);
  std::vector<double> c{0.0, 0.0};
  if (center) {
    EMBER_CHECK(center->size() == 2, "rotate", "center needs 2 values, got ", center->size());
    c = {(*center)[0] - w * 0.5, (*center)[1] - h * 0.5};
  }
  // torchvision's rotate and affine turn opposite ways, hence -angle
  std::vector<double> m = inverse_affine_matrix(c, -angle, {0.0, 0.0}, 1.0, {0.0, 0.0});
  int64_t ow = w, oh = h;
  if (expand) {  // the bounding box of the rotated corners (torchvision's _compute_affine_output_size)
    double xs[4] = {-0.5 * w, -0.5 * w, 0.5 * w, 0.5 * w}, ys[4] = {-0.5 * h, 0.5 * h, 0.5 * h, -0.5 * h};
    double min_x = 1e300, max_x = -1e300, min_y = 1e300, max_y = -1e300;
    for (int k = 0; k < 4; ++k) {
      double x = m[0] * xs[k] + m[1] * ys[k] + m[2], y = m[3] * xs[k] + m[4] * ys[k] + m[5];
      min_x = std::min(min_x, x), max_x = std::max(max_x, x), min_y = std::min(min_y, y), max_y = std::max(max_y, y);
    }
    const double tol = 1e-4;  // truncated to 1e-4 so that 1e-15 does not ceil to 1
    auto up = [&](double v) { return std::ceil(std::trunc(v / tol) * tol); };
    auto down = [&](double v) { return std::floor(std::trunc(v / tol) * tol); };
    ow = static_cast<int64_t>(up(max_x + w * 0.5) - down(min_x + w * 0.5));
    oh = static_cast<int64_t>(up(max_y + h * 0.5) - down(min_y + h * 0.5));
  }
  return warp(img, m, interpolation, ow, oh, fill, "rotate");
}

Tensor affine(const Tensor& img, double angle, const std::vector<double>& translate, double scale,
              const std::vector<double>& shear, InterpolationMode interpolation, std::optional<std::vector<double>> fill) {
  std::vector<double> m = inverse_affine_matrix({0.0, 0.0}, angle, translate, scale, shear);
  return warp(img, m, interpolation, image_width(img), image_height(img), fill, "affine");
}

Tensor erase(const Tensor& img, int64_t i, int64_t j, int64_t h, int64_t w, const Tensor& v) {
  check_image(img, "erase");
  int64_t hd = h_dim(img), wd = w_dim(img);
  EMBER_CHECK(i >= 0 && j >= 0 && h >= 0 && w >= 0 && i + h <= img.size(hd) && j + w <= img.size(wd), "erase",
              "the region (", i, ", ", j, ", ", h, ", ", w, ") is outside the ", img.size(hd), "x", img.size(wd),
              " image");
  Tensor out = img.clone();
  out.narrow(hd, i, h).narrow(wd, j, w).copy_(v);
  return out;
}

}  // namespace ember::data::transforms::functional
