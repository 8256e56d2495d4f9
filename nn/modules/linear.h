// linear.h — Identity, Linear, Bilinear, Flatten and Unflatten.
//
// Default initialization matches PyTorch: weight ~ kaiming_uniform(a = sqrt 5),
// i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and bias ~ the same bound.
#pragma once

#include "nn/module.h"

namespace ember::nn {

class Identity : public Module {
 public:
  Identity() : Module("Identity") {}
  Tensor forward(const Tensor& input) override { return input; }
};

struct LinearOptions {
  bool bias = true;
};

/// y = x W^T + b, weight (out_features, in_features)
class Linear : public Module {
 public:
  Linear(int64_t in_features, int64_t out_features, LinearOptions options = {});
  Tensor forward(const Tensor& input) override;
  void reset_parameters();
  std::string extra_repr() const override;

  int64_t in_features, out_features;
  LinearOptions options;
  Tensor& weight;
  Tensor& bias;  // undefined when options.bias is false
};

/// y_k = x1^T W_k x2 + b_k, weight (out, in1, in2)
class Bilinear : public Module {
 public:
  Bilinear(int64_t in1_features, int64_t in2_features, int64_t out_features, LinearOptions options = {});
  Tensor forward(const Tensor& input1, const Tensor& input2);
  std::string extra_repr() const override;

  int64_t in1_features, in2_features, out_features;
  Tensor& weight;
  Tensor& bias;
};

class Flatten : public Module {
 public:
  explicit Flatten(int64_t start_dim = 1, int64_t end_dim = -1)
      : Module("Flatten"), start_dim(start_dim), end_dim(end_dim) {}
  Tensor forward(const Tensor& input) override { return input.flatten(start_dim, end_dim); }
  std::string extra_repr() const override;
  int64_t start_dim, end_dim;
};

class Unflatten : public Module {
 public:
  Unflatten(int64_t dim, Shape sizes) : Module("Unflatten"), dim(dim), sizes(std::move(sizes)) {}
  Tensor forward(const Tensor& input) override { return input.unflatten(dim, sizes); }
  std::string extra_repr() const override;
  int64_t dim;
  Shape sizes;
};

}  // namespace ember::nn
