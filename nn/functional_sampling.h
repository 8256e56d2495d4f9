// functional_sampling.h — resampling as functions (torch.nn.functional):
// interpolate (resize by nearest, linear, bilinear, bicubic, trilinear or
// area rules), pixel_shuffle / pixel_unshuffle, channel_shuffle, affine_grid
// and grid_sample.

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace ember::nn::functional {

struct InterpolateOptions {
  /// Output spatial size: one value per spatial dim, or one for all of them.
  Shape size = {};
  /// Or a scale per spatial dim (or one for all); output = floor(input * scale).
  std::vector<double> scale_factor = {};
  /// "nearest", "nearest-exact", "linear" (3-D input), "bilinear" (4-D),
  /// "bicubic" (4-D), "trilinear" (5-D) or "area".
  std::string mode = "nearest";
  /// Linear modes only (default false): map corner pixel centers onto each other.
  std::optional<bool> align_corners = std::nullopt;
  /// With scale_factor: when true the sampling ratio is in / out sizes;
  /// otherwise (torch's default) it is 1 / scale_factor.
  std::optional<bool> recompute_scale_factor = std::nullopt;
  /// bilinear / bicubic: when shrinking, average over every covered input
  /// pixel (PIL's resize) instead of sampling a few.
  bool antialias = false;
};

/// Resizes the spatial dims of a batched input (N, C, d1, ...), as F.interpolate.
Tensor interpolate(const Tensor& input, const InterpolateOptions& options);

/// (*, C r^2, H, W) -> (*, C, H r, W r): channel blocks become r x r pixel blocks.
Tensor pixel_shuffle(const Tensor& input, int64_t upscale_factor);
/// The inverse: (*, C, H r, W r) -> (*, C r^2, H, W).
Tensor pixel_unshuffle(const Tensor& input, int64_t downscale_factor);
/// (N, C, *): channel g * (C / groups) + k moves to k * groups + g (ShuffleNet).
Tensor channel_shuffle(const Tensor& input, int64_t groups);

/// The sampling grid of the affine maps theta (N, 2, 3) over an output of
/// `size` (N, C, H, W): (N, H, W, 2) in normalized [-1, 1] coordinates (x, y).
/// theta (N, 3, 4) with size (N, C, D, H, W) gives (N, D, H, W, 3).
Tensor affine_grid(const Tensor& theta, IntArrayRef size, bool align_corners = false);

/// Samples input (N, C, H, W) at grid (N, Ho, Wo, 2) of normalized (x, y)
/// positions: (N, C, Ho, Wo); or input (N, C, D, H, W) at grid (N, Do, Ho,
/// Wo, 3) of (x, y, z). mode "bilinear" (trilinear in 3-D), "nearest" or "bicubic" (4-D);
/// padding_mode "zeros", "border" or "reflection" says what lies outside.
Tensor grid_sample(const Tensor& input, const Tensor& grid, const std::string& mode = "bilinear",
                   const std::string& padding_mode = "zeros", bool align_corners = false);

}  // namespace ember::nn::functional
