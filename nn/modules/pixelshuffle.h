// pixelshuffle.h — PixelShuffle (sub-pixel upscaling: (*, C r^2, H, W) ->
// (*, C, H r, W r)) and its inverse PixelUnshuffle, over
// F::pixel_shuffle / F::pixel_unshuffle; ChannelShuffle over F::channel_shuffle.
#pragma once

#include "nn/module.h"

namespace ember::nn {

class PixelShuffle : public Module {
 public:
  explicit PixelShuffle(int64_t upscale_factor);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return "upscale_factor=" + std::to_string(upscale_factor); }
  int64_t upscale_factor;
};

class PixelUnshuffle : public Module {
 public:
  explicit PixelUnshuffle(int64_t downscale_factor);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return "downscale_factor=" + std::to_string(downscale_factor); }
  int64_t downscale_factor;
};

class ChannelShuffle : public Module {
 public:
  explicit ChannelShuffle(int64_t groups);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return "groups=" + std::to_string(groups); }
  int64_t groups;
};

}  // namespace ember::nn
