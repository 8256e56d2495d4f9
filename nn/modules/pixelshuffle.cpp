// pixelshuffle.cpp — PixelShuffle, PixelUnshuffle and ChannelShuffle (see pixelshuffle.h).
#include "nn/modules/pixelshuffle.h"

#include "nn/functional_sampling.h"

namespace ember::nn {

PixelShuffle::PixelShuffle(int64_t r) : Module("PixelShuffle"), upscale_factor(r) {
  EMBER_CHECK(r > 0, "PixelShuffle", "upscale_factor must be positive, got ", r);
}
Tensor PixelShuffle::forward(const Tensor& input) { return functional::pixel_shuffle(input, upscale_factor); }

PixelUnshuffle::PixelUnshuffle(int64_t r) : Module("PixelUnshuffle"), downscale_factor(r) {
  EMBER_CHECK(r > 0, "PixelUnshuffle", "downscale_factor must be positive, got ", r);
}
Tensor PixelUnshuffle::forward(const Tensor& input) { return functional::pixel_unshuffle(input, downscale_factor); }

ChannelShuffle::ChannelShuffle(int64_t g) : Module("ChannelShuffle"), groups(g) {
  EMBER_CHECK(g > 0, "ChannelShuffle", "groups must be positive, got ", g);
}
Tensor ChannelShuffle::forward(const Tensor& input) { return functional::channel_shuffle(input, groups); }

}  // namespace ember::nn
