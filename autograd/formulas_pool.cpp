// formulas_pool.cpp — derivatives of the pooling primitives.
//   max pooling:      dx = dy added at each window's argmax (a scatter-add)
//   average pooling:  dx = dy spread evenly over each window, which is the
//                     adjoint kernel; the adjoint's own derivative is the
//                     forward kernel again (both are linear)
#include "autograd/formulas_internal.h"
#include "autograd/record.h"
#include "autograd/saved_tensor.h"
#include "core/ops.h"
#include "nn/pool_internal.h"

namespace ember::autograd {

namespace {

// max pooling (plain or adaptive): the gradient goes to the recorded argmax
class MaxPoolBackward final : public Node {
 public:
  MaxPoolBackward(const char* name, const Tensor& x, const Tensor& indices)
      : name_(name), in_sizes_(x.sizes().vec()), indices_(indices, false) {}
  std::string name() const override { return name_; }
  void release_saved() override { indices_.reset(); }
  TensorList apply(TensorList&& grads) override {
    const Tensor& gy = grads[0];
    Tensor idx = indices_.unpack(shared_from_this());
    int64_t planes = in_sizes_[0];
    Tensor z = zeros({planes, shape_numel(in_sizes_) / planes}, TensorOptions(gy.scalar_type()).device(gy.device()));
    return {z.scatter_add(1, idx.reshape({planes, -1}), gy.reshape({planes, -1})).view(in_sizes_)};
  }

 private:
  const char* name_;
  Shape in_sizes_;
  SavedTensor indices_;
};

enum class AvgKind { Forward, Backward, AdaptiveForward, AdaptiveBackward };

// the four linear average-pooling kernels, each the other's derivative
class AvgPoolBackward final : public Node {
 public:
  AvgPoolBackward(AvgKind kind, const kernels::ConvGeometry& g, bool count_include_pad, int64_t divisor_override)
      : kind_(kind), g_(g), count_include_pad_(count_include_pad), divisor_override_(divisor_override) {}
  std::string name() const override {
    switch (kind_) {
      case AvgKind::Forward: return "AvgPool2DBackward0";
      case AvgKind::Backward: return "AvgPool2DBackwardBackward0";
      case AvgKind::AdaptiveForward: return "AdaptiveAvgPool2DBackward0";
      case AvgKind::AdaptiveBackward: return "AdaptiveAvgPool2DBackwardBackward0";
    }
    return "AvgPoolBackward";
  }
  TensorList apply(TensorList&& grads) override {
    const Tensor& g = grads[0];
    switch (kind_) {
      case AvgKind::Forward:
        return {nn::detail::avg_pool_planes_backward(g, g_, count_include_pad_, divisor_override_)};
      case AvgKind::Backward: return {nn::detail::avg_pool_planes(g, g_, count_include_pad_, divisor_override_)};
      case AvgKind::AdaptiveForward: return {nn::detail::adaptive_avg_pool_planes_backward(g, g_)};
      case AvgKind::AdaptiveBackward: return {nn::detail::adaptive_avg_pool_planes(g, g_)};
    }
    return {};
  }

 private:
  AvgKind kind_;
  kernels::ConvGeometry g_;
  bool count_include_pad_;
  int64_t divisor_override_;
};

void record_avg(AvgKind kind, const Tensor& in, const Tensor& out, const kernels::ConvGeometry& g, bool cip,
                int64_t divisor) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<AvgPoolBackward>(kind, g, cip, divisor);
  connect(*node, {&in});
  set_history(out, node);
}

}  // namespace

void record_max_pool(const char* name, const Tensor& x, const Tensor& values, const Tensor& indices) {
  if (!values.is_floating_point() || !should_record({&x})) return;
  auto node = std::make_shared<MaxPoolBackward>(name, x, indices);
  connect(*node, {&x});
  set_history(values, node);
}

void record_avg_pool(const Tensor& x, const Tensor& out, const kernels::ConvGeometry& g, bool count_include_pad,
                     int64_t divisor_override, bool adjoint) {
  record_avg(adjoint ? AvgKind::Backward : AvgKind::Forward, x, out, g, count_include_pad, divisor_override);
}

void record_adaptive_avg_pool(const Tensor& x, const Tensor& out, const kernels::ConvGeometry& g, bool adjoint) {
  record_avg(adjoint ? AvgKind::AdaptiveBackward : AvgKind::AdaptiveForward, x, out, g, false, 0);
}

}  // namespace ember::autograd
