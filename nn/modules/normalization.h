// normalization.h — BatchNorm1d/2d/3d, LayerNorm, GroupNorm,
// InstanceNorm1d/2d/3d and LocalResponseNorm layers.
//
// BatchNorm keeps running_mean / running_var / num_batches_tracked buffers:
// in train() it normalizes with batch statistics and updates them (momentum,
// or a cumulative average when momentum is unset); in eval() it uses them.
#pragma once

#include <optional>

#include "nn/module.h"

namespace ember::nn {

struct BatchNormOptions {
  double eps = 1e-5;
  std::optional<double> momentum = 0.1;  // nullopt: cumulative moving average
  bool affine = true;
  bool track_running_stats = true;
};

class BatchNormNd : public Module {
 public:
  BatchNormNd(const char* name, int64_t expected_dims, int64_t num_features, BatchNormOptions options);
  Tensor forward(const Tensor& input) override;
  void reset_running_stats();
  std::string extra_repr() const override;

  int64_t num_features;
  BatchNormOptions options;
  Tensor& weight;
  Tensor& bias;
  Tensor& running_mean;
  Tensor& running_var;
  Tensor& num_batches_tracked;

 private:
  int64_t expected_dims_;  // input dims with the batch dim (BatchNorm2d: 4)
};

class BatchNorm1d : public BatchNormNd {
 public:
  explicit BatchNorm1d(int64_t num_features, BatchNormOptions options = {})
      : BatchNormNd("BatchNorm1d", 3, num_features, options) {}
};
class BatchNorm2d : public BatchNormNd {
 public:
  explicit BatchNorm2d(int64_t num_features, BatchNormOptions options = {})
      : BatchNormNd("BatchNorm2d", 4, num_features, options) {}
};
class BatchNorm3d : public BatchNormNd {
 public:
  explicit BatchNorm3d(int64_t num_features, BatchNormOptions options = {})
      : BatchNormNd("BatchNorm3d", 5, num_features, options) {}
};

struct LayerNormOptions {
  double eps = 1e-5;
  bool elementwise_affine = true;
  bool bias = true;
};

class LayerNorm : public Module {
 public:
  explicit LayerNorm(Shape normalized_shape, LayerNormOptions options = {});
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;
  Shape normalized_shape;
  LayerNormOptions options;
  Tensor& weight;
  Tensor& bias;
};

struct GroupNormOptions {
  double eps = 1e-5;
  bool affine = true;
};

class GroupNorm : public Module {
 public:
  GroupNorm(int64_t num_groups, int64_t num_channels, GroupNormOptions options = {});
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;
  int64_t num_groups, num_channels;
  GroupNormOptions options;
  Tensor& weight;
  Tensor& bias;
};

struct InstanceNormOptions {
  double eps = 1e-5;
  double momentum = 0.1;
  bool affine = false;
  bool track_running_stats = false;
};

class InstanceNormNd : public Module {
 public:
  InstanceNormNd(const char* name, int64_t spatial, int64_t num_features, InstanceNormOptions options);
  Tensor forward(const Tensor& input) override;
  int64_t num_features;
  InstanceNormOptions options;
  Tensor& weight;
  Tensor& bias;
  Tensor& running_mean;
  Tensor& running_var;

 private:
  int64_t spatial_;
};

class InstanceNorm1d : public InstanceNormNd {
 public:
  explicit InstanceNorm1d(int64_t n, InstanceNormOptions o = {}) : InstanceNormNd("InstanceNorm1d", 1, n, o) {}
};
class InstanceNorm2d : public InstanceNormNd {
 public:
  explicit InstanceNorm2d(int64_t n, InstanceNormOptions o = {}) : InstanceNormNd("InstanceNorm2d", 2, n, o) {}
};
class InstanceNorm3d : public InstanceNormNd {
 public:
  explicit InstanceNorm3d(int64_t n, InstanceNormOptions o = {}) : InstanceNormNd("InstanceNorm3d", 3, n, o) {}
};

class LocalResponseNorm : public Module {
 public:
  explicit LocalResponseNorm(int64_t size, double alpha = 1e-4, double beta = 0.75, double k = 1.0)
      : Module("LocalResponseNorm"), size(size), alpha(alpha), beta(beta), k(k) {}
  Tensor forward(const Tensor& input) override;
  int64_t size;
  double alpha, beta, k;
};

}  // namespace ember::nn
