// functional_norm.cpp — normalization layers. Batch norm on CPU float32/64
// runs fused kernels (kernels/cpu/batch_norm.cpp) with one backward node;
// the others, and batch norm elsewhere, are compositions of tensor ops.
#include "nn/functional_norm.h"

#include <cmath>

#include "autograd/formulas_norm_internal.h"
#include "autograd/grad_mode.h"
#include "core/dispatch.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember::nn::functional {

namespace {

// (1, C, 1, ...) so a per-channel vector broadcasts over (N, C, *)
Shape channel_shape(const Tensor& x) {
  Shape s(static_cast<size_t>(x.dim()), 1);
  s[1] = x.size(1);
  return s;
}

// y * weight + bias with per-channel (or per-element) affine parameters
Tensor affine(Tensor y, const Tensor& weight, const Tensor& bias, const Shape& shape) {
  if (weight.defined()) y = y * weight.reshape(shape);
  if (bias.defined()) y = y + bias.reshape(shape);
  return y;
}

void check_channels(const char* op, const Tensor& x, const Tensor& t, const char* what) {
  if (!t.defined()) return;
  EMBER_CHECK(t.dim() == 1 && t.size(0) == x.size(1), op, what, " must have shape (", x.size(1), ") for input ",
              shape_str(x.sizes()), ", got ", shape_str(t.sizes()));
}

}  // namespace

namespace {

// The fused path: float32/float64 on the CPU with every parameter of the
// input's dtype (anything else takes the composite formula below).
bool fused_batch_norm_applies(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  if (!input.device().is_cpu() || input.numel() == 0) return false;
  if (input.scalar_type() != kFloat32 && input.scalar_type() != kFloat64) return false;
  for (const Tensor* t : {&weight, &bias})
    if (t->defined() && (t->scalar_type() != input.scalar_type() || !t->device().is_cpu())) return false;
  return true;
}

// Two kernel passes (statistics, then y = x · scale + shift per channel);
// the backward formula is recorded as one node (autograd/formulas_norm.cpp).
Tensor fused_batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                        const Tensor& weight, const Tensor& bias, bool training, double momentum, double eps) {
  const int64_t n = input.size(0), c = input.size(1);
  const TensorOptions options(input.scalar_type());
  Tensor mean, invstd, y;
  {
    NoGradGuard no_grad;
    Tensor x = input.contiguous().view({n, c, -1});
    if (training) {
      mean = empty({c}, options);
      Tensor var = empty({c}, options);
      dispatch::batch_norm_stats(mean, var, x);
      if (running_mean.defined() && running_var.defined()) {
        // running = (1 - momentum) running + momentum batch, with the unbiased variance
        const double count = static_cast<double>(x.size(0) * x.size(2));
        Tensor m = running_mean, v = running_var;
        m.mul_(1 - momentum).add_(mean.to(m.scalar_type()), momentum);
        v.mul_(1 - momentum).add_(var.to(v.scalar_type()) * (count / (count - 1)), momentum);
      }
      invstd = (var + eps).rsqrt();
    } else {
      mean = running_mean.to(input.scalar_type()).contiguous();
      invstd = (running_var.to(input.scalar_type()) + eps).rsqrt();
    }
    // y = (x - mean) · invstd · w + b = x · scale + shift
    Tensor scale = weight.defined() ? weight * invstd : invstd;
    Tensor shift = bias.defined() ? bias - mean * scale : -(mean * scale);
    y = empty(input.sizes(), options);
    dispatch::batch_norm_apply(y.view({n, c, -1}), x, scale.contiguous(), shift.contiguous());
  }
  autograd::record_batch_norm(input, weight, bias, y, mean, invstd, training, eps);
  return y;
}

}  // namespace

Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var, const Tensor& weight,
                  const Tensor& bias, bool training, double momentum, double eps) {
  ember::detail::check_defined("batch_norm", input);
  EMBER_CHECK(input.dim() >= 2, "batch_norm", "expected at least 2-D input (N, C, ...), got shape ",
              shape_str(input.sizes()));
  EMBER_CHECK(input.is_floating_point(), "batch_norm", "expected a floating point input, got ", input.scalar_type());
  for (auto [t, what] : {std::pair{&running_mean, "running_mean"}, std::pair{&running_var, "running_var"},
                         std::pair{&weight, "weight"}, std::pair{&bias, "bias"}})
    check_channels("batch_norm", input, *t, what);
  if (training) {
    EMBER_CHECK(input.numel() / input.size(1) > 1, "batch_norm",
                "expected more than 1 value per channel when training, got input ", shape_str(input.sizes()));
  } else {
    EMBER_CHECK(running_mean.defined() && running_var.defined(), "batch_norm",
                "running_mean and running_var are needed in evaluation mode");
  }
  if (fused_batch_norm_applies(input, weight, bias))
    return fused_batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps);

  // The composite formula, for other dtypes and devices.
  std::vector<int64_t> dims{0};
  for (int64_t d = 2; d < input.dim(); ++d) dims.push_back(d);
  Shape cs = channel_shape(input);
  Tensor mean, var;
  if (training) {
    int64_t n = input.numel() / input.size(1);
    var = input.var(dims, VarOptions{.correction = 0, .keepdim = true});
    mean = input.mean(dims, true);
    if (running_mean.defined() && running_var.defined()) {
      NoGradGuard no_grad;
      Tensor m = running_mean;
      Tensor v = running_var;
      m.mul_(1 - momentum).add_(mean.detach().reshape({-1}).to(m.scalar_type()), momentum);
      v.mul_(1 - momentum).add_(var.detach().reshape({-1}).to(v.scalar_type()) * (static_cast<double>(n) / (n - 1)),
                                momentum);
    }
  } else {
    mean = running_mean.reshape(cs).to(input.scalar_type());
    var = running_var.reshape(cs).to(input.scalar_type());
  }
  // y = (x - mean) / sqrt(var + eps) * weight + bias
  Tensor y = (input - mean) * (var + eps).rsqrt();
  return affine(y, weight, bias, cs);
}

Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape, const Tensor& weight, const Tensor& bias,
                  double eps) {
  ember::detail::check_defined("layer_norm", input);
  int64_t k = static_cast<int64_t>(normalized_shape.size());
  EMBER_CHECK(k >= 1 && k <= input.dim(), "layer_norm", "normalized_shape ", shape_str(normalized_shape),
              " does not fit input ", shape_str(input.sizes()));
  for (int64_t i = 0; i < k; ++i)
    EMBER_CHECK(input.size(input.dim() - k + i) == normalized_shape[i], "layer_norm", "expected input with trailing dims ",
                shape_str(normalized_shape), ", got ", shape_str(input.sizes()));
  for (const Tensor* t : {&weight, &bias})
    EMBER_CHECK(!t->defined() || t->sizes() == normalized_shape, "layer_norm", "weight and bias must have shape ",
                shape_str(normalized_shape), ", got ", shape_str(t->sizes()));
  if (k == 1 && input.numel() > 0 && ember::detail::fused_lastdim({&input, &weight, &bias}, input.dim() - 1)) {
    Tensor out = empty_like(input);  // one pass over memory, no graph to record
    dispatch::layer_norm_lastdim(out, input, weight, bias, eps);
    return out;
  }
  std::vector<int64_t> dims;
  for (int64_t d = input.dim() - k; d < input.dim(); ++d) dims.push_back(d);
  Tensor mean = input.mean(dims, true);
  Tensor var = input.var(dims, VarOptions{.correction = 0, .keepdim = true});
  Tensor y = (input - mean) * (var + eps).rsqrt();
  if (weight.defined()) y = y * weight;
  if (bias.defined()) y = y + bias;
  return y;
}

Tensor group_norm(const Tensor& input, int64_t num_groups, const Tensor& weight, const Tensor& bias, double eps) {
  ember::detail::check_defined("group_norm", input);
  EMBER_CHECK(input.dim() >= 2, "group_norm", "expected at least 2-D input (N, C, ...), got shape ",
              shape_str(input.sizes()));
  EMBER_CHECK(num_groups > 0 && input.size(1) % num_groups == 0, "group_norm", "num_groups (", num_groups,
              ") must divide the number of channels (", input.size(1), ")");
  check_channels("group_norm", input, weight, "weight");
  check_channels("group_norm", input, bias, "bias");
  Tensor grouped = input.reshape({input.size(0), num_groups, -1});
  Tensor mean = grouped.mean({2}, true);
  Tensor var = grouped.var({2}, VarOptions{.correction = 0, .keepdim = true});
  Tensor y = ((grouped - mean) * (var + eps).rsqrt()).reshape(input.sizes());
  return affine(y, weight, bias, channel_shape(input));
}

Tensor instance_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var, const Tensor& weight,
                     const Tensor& bias, bool use_input_stats, double momentum, double eps) {
  ember::detail::check_defined("instance_norm", input);
  EMBER_CHECK(input.dim() >= 3, "instance_norm", "expected input (N, C, spatial...), got shape ",
              shape_str(input.sizes()));
  if (!use_input_stats) return batch_norm(input, running_mean, running_var, weight, bias, false, momentum, eps);
  // each (sample, channel) is a batch-norm channel of its own
  int64_t n = input.size(0), c = input.size(1);
  Shape merged{1, n * c};
  merged.insert(merged.end(), input.sizes().begin() + 2, input.sizes().end());
  Tensor rm = running_mean.defined() ? running_mean.repeat({n}) : Tensor();
  Tensor rv = running_var.defined() ? running_var.repeat({n}) : Tensor();
  Tensor y = batch_norm(input.reshape(merged), rm, rv, {}, {}, true, momentum, eps).reshape(input.sizes());
  if (running_mean.defined()) {  // fold the per-sample updates back into one per channel
    NoGradGuard no_grad;
    Tensor m = running_mean, v = running_var;
    m.copy_(rm.view({n, c}).mean({0}));
    v.copy_(rv.view({n, c}).mean({0}));
  }
  return affine(y, weight, bias, channel_shape(input));
}

Tensor local_response_norm(const Tensor& input, int64_t size, double alpha, double beta, double k) {
  ember::detail::check_defined("local_response_norm", input);
  EMBER_CHECK(input.dim() >= 3, "local_response_norm", "expected input (N, C, ...), got shape ",
              shape_str(input.sizes()));
  EMBER_CHECK(size > 0, "local_response_norm", "size must be positive, got ", size);
  // sum of squares over the channel window [c - size/2, c + (size-1)/2], zero-padded
  Tensor sq = (input * input).flatten(2);  // (N, C, L)
  Tensor padded = ember::pad(sq.transpose(1, 2), {size / 2, (size - 1) / 2});  // (N, L, C + size - 1)
  Tensor window_sum = padded.unfold(2, size, 1).sum({-1}).transpose(1, 2).reshape(input.sizes());
  return input / (window_sum * (alpha / static_cast<double>(size)) + k).pow(beta);
}

Tensor normalize(const Tensor& input, double p, int64_t dim, double eps) {
  ember::detail::check_defined("normalize", input);
  return input / input.norm(p, {dim}, true).clamp_min(eps);
}

}  // namespace ember::nn::functional
