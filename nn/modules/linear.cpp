// linear.cpp — Linear, Bilinear, Flatten, Unflatten.
#include "nn/modules/linear.h"

#include <cmath>
#include <sstream>

#include "core/ops.h"
#include "nn/functional_misc.h"
#include "nn/init.h"

namespace ember::nn {

Linear::Linear(int64_t in_features_, int64_t out_features_, LinearOptions options_)
    : Module("Linear"), in_features(in_features_), out_features(out_features_), options(options_),
      weight(register_parameter("weight", empty({out_features_, in_features_}))),
      bias(register_parameter("bias", options_.bias ? empty({out_features_}) : Tensor())) {
  EMBER_CHECK(in_features > 0 && out_features > 0, "Linear", "features must be positive, got ", in_features, " and ",
              out_features);
  reset_parameters();
}

void Linear::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    double bound = 1.0 / std::sqrt(static_cast<double>(in_features));
    init::uniform_(bias, -bound, bound);
  }
}

Tensor Linear::forward(const Tensor& input) { return functional::linear(input, weight, bias); }

std::string Linear::extra_repr() const {
  std::ostringstream s;
  s << "in_features=" << in_features << ", out_features=" << out_features << ", bias=" << (bias.defined() ? "true" : "false");
  return s.str();
}

Bilinear::Bilinear(int64_t in1, int64_t in2, int64_t out, LinearOptions options)
    : Module("Bilinear"), in1_features(in1), in2_features(in2), out_features(out),
      weight(register_parameter("weight", empty({out, in1, in2}))),
      bias(register_parameter("bias", options.bias ? empty({out}) : Tensor())) {
  double bound = 1.0 / std::sqrt(static_cast<double>(in1));
  init::uniform_(weight, -bound, bound);
  if (bias.defined()) init::uniform_(bias, -bound, bound);
}

Tensor Bilinear::forward(const Tensor& input1, const Tensor& input2) {
  return functional::bilinear(input1, input2, weight, bias);
}

std::string Bilinear::extra_repr() const {
  std::ostringstream s;
  s << "in1_features=" << in1_features << ", in2_features=" << in2_features << ", out_features=" << out_features
    << ", bias=" << (bias.defined() ? "true" : "false");
  return s.str();
}

std::string Flatten::extra_repr() const {
  return "start_dim=" + std::to_string(start_dim) + ", end_dim=" + std::to_string(end_dim);
}

std::string Unflatten::extra_repr() const { return "dim=" + std::to_string(dim) + ", unflattened_size=" + shape_str(sizes); }

}  // namespace ember::nn
