// activation.h — activation layers: thin modules over the elementwise ops,
// plus PReLU (a learned slope), GLU, Softmax, LogSoftmax and Softmin.
#pragma once

#include <string>

#include "nn/module.h"

namespace ember::nn {

// An activation without parameters: forward applies one function.
#define EMBER_SIMPLE_ACTIVATION(Name)                        \
  class Name : public Module {                               \
   public:                                                   \
    Name() : Module(#Name) {}                                \
    Tensor forward(const Tensor& input) override;            \
  };
EMBER_SIMPLE_ACTIVATION(ReLU)
EMBER_SIMPLE_ACTIVATION(ReLU6)
EMBER_SIMPLE_ACTIVATION(SELU)
EMBER_SIMPLE_ACTIVATION(SiLU)
EMBER_SIMPLE_ACTIVATION(Mish)
EMBER_SIMPLE_ACTIVATION(Sigmoid)
EMBER_SIMPLE_ACTIVATION(Tanh)
EMBER_SIMPLE_ACTIVATION(Hardsigmoid)
EMBER_SIMPLE_ACTIVATION(Hardswish)
EMBER_SIMPLE_ACTIVATION(Softsign)
EMBER_SIMPLE_ACTIVATION(LogSigmoid)
EMBER_SIMPLE_ACTIVATION(Tanhshrink)
#undef EMBER_SIMPLE_ACTIVATION

class LeakyReLU : public Module {
 public:
  explicit LeakyReLU(double negative_slope = 0.01) : Module("LeakyReLU"), negative_slope(negative_slope) {}
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return "negative_slope=" + std::to_string(negative_slope); }
  double negative_slope;
};

class ELU : public Module {
 public:
  explicit ELU(double alpha = 1.0) : Module("ELU"), alpha(alpha) {}
  Tensor forward(const Tensor& input) override;
  double alpha;
};

class CELU : public Module {
 public:
  explicit CELU(double alpha = 1.0) : Module("CELU"), alpha(alpha) {}
  Tensor forward(const Tensor& input) override;
  double alpha;
};

class GELU : public Module {
 public:
  explicit GELU(std::string approximate = "none") : Module("GELU"), approximate(std::move(approximate)) {}
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return "approximate='" + approximate + "'"; }
  std::string approximate;
};

class Softplus : public Module {
 public:
  explicit Softplus(double beta = 1.0, double threshold = 20.0) : Module("Softplus"), beta(beta), threshold(threshold) {}
  Tensor forward(const Tensor& input) override;
  double beta, threshold;
};

class Hardtanh : public Module {
 public:
  explicit Hardtanh(double min_val = -1.0, double max_val = 1.0) : Module("Hardtanh"), min_val(min_val), max_val(max_val) {}
  Tensor forward(const Tensor& input) override;
  double min_val, max_val;
};

class Threshold : public Module {
 public:
  Threshold(double threshold, double value) : Module("Threshold"), threshold(threshold), value(value) {}
  Tensor forward(const Tensor& input) override;
  double threshold, value;
};

/// x if x > 0 else a x, with a learned (num_parameters = 1 or channels), init 0.25
class PReLU : public Module {
 public:
  explicit PReLU(int64_t num_parameters = 1, double init = 0.25);
  Tensor forward(const Tensor& input) override;
  Tensor& weight;
};

class GLU : public Module {
 public:
  explicit GLU(int64_t dim = -1) : Module("GLU"), dim(dim) {}
  Tensor forward(const Tensor& input) override;
  int64_t dim;
};

class Softmax : public Module {
 public:
  explicit Softmax(int64_t dim) : Module("Softmax"), dim(dim) {}
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return "dim=" + std::to_string(dim); }
  int64_t dim;
};

class LogSoftmax : public Module {
 public:
  explicit LogSoftmax(int64_t dim) : Module("LogSoftmax"), dim(dim) {}
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override { return "dim=" + std::to_string(dim); }
  int64_t dim;
};

/// softmax over the channels (dim -3) of (C, H, W) or (N, C, H, W)
class Softmax2d : public Module {
 public:
  Softmax2d() : Module("Softmax2d") {}
  Tensor forward(const Tensor& input) override;
};

class Softmin : public Module {
 public:
  explicit Softmin(int64_t dim) : Module("Softmin"), dim(dim) {}
  Tensor forward(const Tensor& input) override;
  int64_t dim;
};

}  // namespace ember::nn
