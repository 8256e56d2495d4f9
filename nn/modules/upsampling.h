// upsampling.h — Upsample and its two fixed-mode shorthands,
// UpsamplingNearest2d and UpsamplingBilinear2d (align_corners = true, as in
// torch), over F::interpolate (nn/functional_sampling.h).
#pragma once

#include "nn/functional_sampling.h"
#include "nn/module.h"

namespace ember::nn {

/// size or scale_factor, mode, align_corners, recompute_scale_factor: as F::interpolate.
using UpsampleOptions = functional::InterpolateOptions;

class Upsample : public Module {
 public:
  explicit Upsample(UpsampleOptions options);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;
  UpsampleOptions options;

 protected:
  Upsample(const char* name, UpsampleOptions options);
};

class UpsamplingNearest2d : public Upsample {
 public:
  /// one of size and scale_factor
  explicit UpsamplingNearest2d(Shape size, std::vector<double> scale_factor = {});
};

class UpsamplingBilinear2d : public Upsample {
 public:
  explicit UpsamplingBilinear2d(Shape size, std::vector<double> scale_factor = {});
};

}  // namespace ember::nn
