// padding.cpp — padding layers (see padding.h).
#include "nn/modules/padding.h"

#include "core/ops.h"

namespace ember::nn {

Pad::Pad(const char* name, int64_t dims, Shape p, std::string m, double v)
    : Module(name), padding(std::move(p)), mode(std::move(m)), value(v), dims_(dims) {
  if (padding.size() == 1) padding.assign(static_cast<size_t>(2 * dims), padding[0]);
  EMBER_CHECK(static_cast<int64_t>(padding.size()) == 2 * dims, name, "padding needs 1 or ", 2 * dims, " values, got ",
              shape_str(padding));
}

Tensor Pad::forward(const Tensor& input) {
  // reflection and replication pads take (C, *spatial) or (N, C, *spatial), as torch's
  if (mode != "constant")
    EMBER_CHECK(input.dim() == dims_ + 1 || input.dim() == dims_ + 2, name(), "expected a ", dims_ + 1, "-D or ",
                dims_ + 2, "-D input, got shape ", shape_str(input.sizes()));
  return pad(input, padding, mode, value);
}

std::string Pad::extra_repr() const {
  std::string s = shape_str(padding);
  if (mode == "constant" && value != 0.0) s += ", value=" + std::to_string(value);
  return s;
}

}  // namespace ember::nn
