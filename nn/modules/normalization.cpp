// normalization.cpp — normalization layers (see normalization.h).
#include "nn/modules/normalization.h"

#include <sstream>

#include "autograd/grad_mode.h"
#include "core/ops.h"
#include "nn/functional_norm.h"

namespace ember::nn {

BatchNormNd::BatchNormNd(const char* name, int64_t expected_dims, int64_t n, BatchNormOptions opts)
    : Module(name), num_features(n), options(opts),
      weight(register_parameter("weight", opts.affine ? ones({n}) : Tensor())),
      bias(register_parameter("bias", opts.affine ? zeros({n}) : Tensor())),
      running_mean(register_buffer("running_mean", opts.track_running_stats ? zeros({n}) : Tensor())),
      running_var(register_buffer("running_var", opts.track_running_stats ? ones({n}) : Tensor())),
      num_batches_tracked(
          register_buffer("num_batches_tracked", opts.track_running_stats ? zeros({}, kInt64) : Tensor())),
      expected_dims_(expected_dims) {}

void BatchNormNd::reset_running_stats() {
  if (!options.track_running_stats) return;
  NoGradGuard no_grad;
  running_mean.zero_();
  running_var.fill_(1);
  num_batches_tracked.zero_();
}

Tensor BatchNormNd::forward(const Tensor& input) {
  // BatchNorm1d also takes (N, C); the others need exactly their rank
  bool ok = input.dim() == expected_dims_ || (expected_dims_ == 3 && input.dim() == 2);
  EMBER_CHECK(ok, name(), "expected ", expected_dims_ == 3 ? "2-D or 3-D" : std::to_string(expected_dims_) + "-D",
              " input, got shape ", shape_str(input.sizes()));
  double momentum = options.momentum.value_or(0.0);
  bool use_batch_stats = is_training() || !options.track_running_stats;
  if (is_training() && options.track_running_stats) {
    NoGradGuard no_grad;
    num_batches_tracked.add_(1);
    // without a momentum, running stats are the average over all batches so far
    if (!options.momentum) momentum = 1.0 / num_batches_tracked.item<double>();
  }
  bool update = is_training() && options.track_running_stats;
  return functional::batch_norm(input, update || !use_batch_stats ? running_mean : Tensor(),
                                update || !use_batch_stats ? running_var : Tensor(), weight, bias, use_batch_stats,
                                momentum, options.eps);
}

std::string BatchNormNd::extra_repr() const {
  std::ostringstream s;
  s << num_features << ", eps=" << options.eps << ", momentum=";
  if (options.momentum) s << *options.momentum; else s << "None";
  s << ", affine=" << (options.affine ? "true" : "false")
    << ", track_running_stats=" << (options.track_running_stats ? "true" : "false");
  return s.str();
}

LayerNorm::LayerNorm(Shape shape, LayerNormOptions opts)
    : Module("LayerNorm"), normalized_shape(std::move(shape)), options(opts),
      weight(register_parameter("weight", opts.elementwise_affine ? ones(normalized_shape) : Tensor())),
      bias(register_parameter("bias", opts.elementwise_affine && opts.bias ? zeros(normalized_shape) : Tensor())) {}

Tensor LayerNorm::forward(const Tensor& input) {
  return functional::layer_norm(input, normalized_shape, weight, bias, options.eps);
}

std::string LayerNorm::extra_repr() const {
  std::ostringstream s;
  s << shape_str(normalized_shape) << ", eps=" << options.eps
    << ", elementwise_affine=" << (options.elementwise_affine ? "true" : "false");
  return s.str();
}

GroupNorm::GroupNorm(int64_t groups, int64_t channels, GroupNormOptions opts)
    : Module("GroupNorm"), num_groups(groups), num_channels(channels), options(opts),
      weight(register_parameter("weight", opts.affine ? ones({channels}) : Tensor())),
      bias(register_parameter("bias", opts.affine ? zeros({channels}) : Tensor())) {
  EMBER_CHECK(groups > 0 && channels % groups == 0, "GroupNorm", "num_channels (", channels,
              ") must be divisible by num_groups (", groups, ")");
}

Tensor GroupNorm::forward(const Tensor& input) {
  return functional::group_norm(input, num_groups, weight, bias, options.eps);
}

std::string GroupNorm::extra_repr() const {
  std::ostringstream s;
  s << num_groups << ", " << num_channels << ", eps=" << options.eps << ", affine=" << (options.affine ? "true" : "false");
  return s.str();
}

InstanceNormNd::InstanceNormNd(const char* name, int64_t spatial, int64_t n, InstanceNormOptions opts)
    : Module(name), num_features(n), options(opts),
      weight(register_parameter("weight", opts.affine ? ones({n}) : Tensor())),
      bias(register_parameter("bias", opts.affine ? zeros({n}) : Tensor())),
      running_mean(register_buffer("running_mean", opts.track_running_stats ? zeros({n}) : Tensor())),
      running_var(register_buffer("running_var", opts.track_running_stats ? ones({n}) : Tensor())),
      spatial_(spatial) {}

Tensor InstanceNormNd::forward(const Tensor& input) {
  EMBER_CHECK(input.dim() == spatial_ + 1 || input.dim() == spatial_ + 2, name(), "expected a ", spatial_ + 1,
              "-D or ", spatial_ + 2, "-D input, got shape ", shape_str(input.sizes()));
  bool unbatched = input.dim() == spatial_ + 1;
  Tensor x = unbatched ? input.unsqueeze(0) : input;
  bool use_input_stats = is_training() || !options.track_running_stats;
  Tensor y = functional::instance_norm(x, running_mean, running_var, weight, bias, use_input_stats, options.momentum,
                                       options.eps);
  return unbatched ? y.squeeze(0) : y;
}

Tensor LocalResponseNorm::forward(const Tensor& input) {
  return functional::local_response_norm(input, size, alpha, beta, k);
}

}  // namespace ember::nn
