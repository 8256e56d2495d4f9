// padding.h — padding layers over ember::pad (core/ops_shape.h):
// ZeroPad2d, ConstantPad1d/2d/3d, ReflectionPad1d/2d/3d and
// ReplicationPad1d/2d/3d. `padding` is one value for every side, or one per
// side in F.pad's order: (left, right[, top, bottom[, front, back]]).
#pragma once

#include <string>

#include "nn/module.h"

namespace ember::nn {

/// Pads the last `dims` dims of its input; the named layers below fix dims and mode.
class Pad : public Module {
 public:
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;
  Shape padding;  // 2 * dims values
  std::string mode;
  double value;

 protected:
  Pad(const char* name, int64_t dims, Shape padding, std::string mode, double value = 0.0);

 private:
  int64_t dims_;
};

#define EMBER_DECLARE_PAD(Name, dims, mode)                                      \
  class Name : public Pad {                                                      \
   public:                                                                       \
    explicit Name(Shape padding) : Pad(#Name, dims, std::move(padding), mode) {} \
  };
EMBER_DECLARE_PAD(ZeroPad2d, 2, "constant")
EMBER_DECLARE_PAD(ReflectionPad1d, 1, "reflect")
EMBER_DECLARE_PAD(ReflectionPad2d, 2, "reflect")
EMBER_DECLARE_PAD(ReflectionPad3d, 3, "reflect")
EMBER_DECLARE_PAD(ReplicationPad1d, 1, "replicate")
EMBER_DECLARE_PAD(ReplicationPad2d, 2, "replicate")
EMBER_DECLARE_PAD(ReplicationPad3d, 3, "replicate")
#undef EMBER_DECLARE_PAD

#define EMBER_DECLARE_CONSTANT_PAD(Name, dims)                                                     \
  class Name : public Pad {                                                                        \
   public:                                                                                         \
    Name(Shape padding, double value) : Pad(#Name, dims, std::move(padding), "constant", value) {} \
  };
EMBER_DECLARE_CONSTANT_PAD(ConstantPad1d, 1)
EMBER_DECLARE_CONSTANT_PAD(ConstantPad2d, 2)
EMBER_DECLARE_CONSTANT_PAD(ConstantPad3d, 3)
#undef EMBER_DECLARE_CONSTANT_PAD

}  // namespace ember::nn
