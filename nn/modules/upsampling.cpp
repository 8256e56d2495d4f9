// upsampling.cpp — Upsample layers (see upsampling.h).
#include "nn/modules/upsampling.h"

#include <sstream>

namespace ember::nn {

Upsample::Upsample(UpsampleOptions o) : Upsample("Upsample", std::move(o)) {}

Upsample::Upsample(const char* name, UpsampleOptions o) : Module(name), options(std::move(o)) {
  EMBER_CHECK(options.size.empty() != options.scale_factor.empty(), name, "give exactly one of size and scale_factor");
}

Tensor Upsample::forward(const Tensor& input) { return functional::interpolate(input, options); }

std::string Upsample::extra_repr() const {
  std::ostringstream s;
  if (!options.size.empty())
    s << "size=" << shape_str(options.size);
  else {
    s << "scale_factor=(";
    for (size_t i = 0; i < options.scale_factor.size(); ++i) s << (i ? ", " : "") << options.scale_factor[i];
    s << ")";
  }
  s << ", mode='" << options.mode << "'";
  return s.str();
}

UpsamplingNearest2d::UpsamplingNearest2d(Shape size, std::vector<double> scale_factor)
    : Upsample("UpsamplingNearest2d", {.size = std::move(size), .scale_factor = std::move(scale_factor)}) {}

UpsamplingBilinear2d::UpsamplingBilinear2d(Shape size, std::vector<double> scale_factor)
    : Upsample("UpsamplingBilinear2d", {.size = std::move(size),
                                        .scale_factor = std::move(scale_factor),
                                        .mode = "bilinear",
                                        .align_corners = true}) {}

}  // namespace ember::nn
