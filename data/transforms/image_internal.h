// image_internal.h — the working form of the image functions (not installed):
// any image as contiguous float32 planes (P, H, W), and back; and the
// random draws every random transform makes.
//
// A (H, W, C) uint8 image becomes its C planes; a (..., C, H, W) floating
// tensor becomes its prod(...) * C planes, plane p holding channel p mod C.
// from_planes restores the layout and dtype, rounding half to even and
// clamping for uint8 (torchvision rounds before casting uint8 results).
#pragma once

#include <cstdint>

#include "core/tensor.h"

namespace ember::data::transforms::detail {

struct Planes {
  Tensor data;          // (P, H, W) float32, contiguous
  int64_t channels;     // C
  bool hwc;             // a uint8 (H, W[, C]) image
  bool two_d;           // the input was (H, W)
  Shape lead;           // floating input: its sizes before H, W
  ScalarType dtype;     // the input's dtype
};

Planes to_planes(const Tensor& img, const char* op);
/// `data` is (P, H', W') float32 planes of the same P.
Tensor from_planes(const Tensor& data, const Planes& like);
/// Checks the image has `want` channels (3 for RGB operations).
void check_channels(const Planes& p, int64_t want, const char* op);

// Random draws of the transforms, all from data::sample_generator().
/// Uniform on [a, b).
double uniform(double a, double b);
/// Uniform integer on [low, high) (high > low).
int64_t randint(int64_t low, int64_t high);
/// True with probability p.
bool coin(double p);

}  // namespace ember::data::transforms::detail
