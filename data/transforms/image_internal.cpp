// image_internal.cpp — images to float32 planes and back.
#include "data/transforms/image_internal.h"

#include <cmath>

#include "core/ops_creation.h"
#include "data/worker_info.h"

namespace ember::data::transforms::detail {

Planes to_planes(const Tensor& img, const char* op) {
  EMBER_CHECK(img.defined(), op, "the image is undefined");
  Planes p;
  p.dtype = img.scalar_type();
  p.two_d = img.dim() == 2;
  if (p.dtype == kUInt8) {
    EMBER_CHECK(img.dim() == 2 || img.dim() == 3, op, "a uint8 image must be (H, W, C) or (H, W), got ",
                shape_str(img.sizes()));
    p.hwc = true;
    Tensor hwc = p.two_d ? img.unsqueeze(2) : img;
    p.channels = hwc.size(2);
    p.data = hwc.permute({2, 0, 1}).to(kFloat32).contiguous();
    return p;
  }
  EMBER_CHECK(img.is_floating_point() && img.dim() >= 2, op,
              "expected a (H, W, C) uint8 image or a (..., C, H, W) floating tensor, got ",
              dtype_name(img.scalar_type()), " ", shape_str(img.sizes()));
  p.hwc = false;
  Tensor chw = p.two_d ? img.unsqueeze(0) : img;
  p.channels = chw.size(-3);
  p.lead = Shape(chw.sizes().begin(), chw.sizes().end() - 2);
  p.data = chw.reshape({-1, chw.size(-2), chw.size(-1)}).to(kFloat32).contiguous();
  return p;
}

Tensor from_planes(const Tensor& data, const Planes& like) {
  int64_t h = data.size(1), w = data.size(2);
  if (like.hwc) {
    Tensor planes = data.contiguous();
    Tensor out = empty({planes.size(0), h, w}, kUInt8);
    const float* src = planes.data_ptr<float>();
    uint8_t* dst = out.data_ptr<uint8_t>();
    for (int64_t i = 0; i < planes.numel(); ++i)  // round half to even, as torch.round
      dst[i] = static_cast<uint8_t>(std::fmin(255.f, std::fmax(0.f, std::nearbyint(src[i]))));
    Tensor hwc = out.permute({1, 2, 0}).contiguous();
    return like.two_d ? hwc.squeeze(2) : hwc;
  }
  Shape sizes = like.lead;
  sizes.push_back(h);
  sizes.push_back(w);
  Tensor out = data.reshape(sizes).to(like.dtype);
  return like.two_d ? out.squeeze(0) : out;
}

void check_channels(const Planes& p, int64_t want, const char* op) {
  EMBER_CHECK(p.channels == want, op, "expects an image with ", want, " channels, got ", p.channels);
}

double uniform(double a, double b) { return a + (b - a) * sample_generator().next_double(); }

int64_t randint(int64_t low, int64_t high) {
  EMBER_CHECK(high > low, "randint", "empty range [", low, ", ", high, ")");
  return low + static_cast<int64_t>(sample_generator().next_uint64() % static_cast<uint64_t>(high - low));
}

bool coin(double p) { return sample_generator().next_double() < p; }

}  // namespace ember::data::transforms::detail
