// formulas_norm.cpp — the derivative of batch normalization.
//
// y = x̂ · w + b with x̂ = (x - μ) · σ⁻¹ per channel, σ⁻¹ = 1/sqrt(var + eps),
// and M values per channel (N times the spatial size). Then
//   db = Σ dy
//   dw = Σ dy · x̂ = σ⁻¹ · Σ dy · (x - μ)
//   dx = w σ⁻¹ · dy                                          (eval: μ, σ fixed)
//   dx = w σ⁻¹ · (dy - Σdy / M - x̂ · Σ(dy · x̂) / M)         (training: μ, σ from x)
// The training form is an affine map of dy and x per channel,
//   dx = dy · a + x · b + k,  a = w σ⁻¹,  b = -w σ⁻³ Σ dy(x - μ) / M,
//   k = -w σ⁻¹ Σ dy / M - μ · b,
// which the fused CPU kernels compute in two passes (a reduction, then the
// map). When the backward pass itself is being recorded (create_graph), the
// same formulas are written with differentiable tensor ops instead, so
// second derivatives exist.
#include "autograd/formulas_norm_internal.h"

#include "autograd/grad_mode.h"
#include "autograd/record.h"
#include "autograd/saved_tensor.h"
#include "core/dispatch.h"
#include "core/ops.h"

namespace ember::autograd {

namespace {

// the dims a batch norm reduces over: 0 and 2, 3, ...
std::vector<int64_t> reduced_dims(const Tensor& x) {
  std::vector<int64_t> dims{0};
  for (int64_t d = 2; d < x.dim(); ++d) dims.push_back(d);
  return dims;
}

Shape channel_shape(const Tensor& x) {
  Shape s(static_cast<size_t>(x.dim()), 1);
  s[1] = x.size(1);
  return s;
}

class BatchNormBackward final : public Node {
 public:
  BatchNormBackward(const Tensor& x, const Tensor& weight, const Tensor& mean, const Tensor& invstd, bool training,
                    double eps)
      : x_(x, false), weight_(weight, false), mean_(mean), invstd_(invstd), training_(training), eps_(eps) {}
  std::string name() const override { return "NativeBatchNormBackward0"; }
  void release_saved() override {
    x_.reset();
    weight_.reset();
    mean_ = Tensor();
    invstd_ = Tensor();
  }
  // edges: [input, weight, bias]
  TensorList apply(TensorList&& grads) override {
    auto self = shared_from_this();
    Tensor x = x_.unpack(self);
    Tensor w = weight_.defined() ? weight_.unpack(self) : Tensor();
    return is_grad_enabled() ? differentiable(grads[0], x, w) : fused(grads[0], x, w);
  }

 private:
  bool needs(size_t i) const { return next_edges.size() > i && next_edges[i].valid(); }

  // two passes of the fused kernels over (N, C, S) views
  TensorList fused(const Tensor& gy_in, const Tensor& x_in, const Tensor& w) {
    const int64_t n = x_in.size(0), c = x_in.size(1);
    Tensor x = x_in.contiguous().view({n, c, -1}), gy = gy_in.contiguous().view({n, c, -1});
    const double m = static_cast<double>(x.size(0) * x.size(2));
    Tensor sum_dy = empty({c}, TensorOptions(x.scalar_type()));
    Tensor sum_dy_xmu = empty({c}, TensorOptions(x.scalar_type()));
    dispatch::batch_norm_backward_reduce(sum_dy, sum_dy_xmu, gy, x, mean_);
    TensorList out(next_edges.size());
    if (needs(0)) {
      Tensor w_invstd = w.defined() ? w * invstd_ : invstd_;
      Tensor a = w_invstd, b = zeros({c}, TensorOptions(x.scalar_type())), k = b;
      if (training_) {
        b = -(w_invstd * invstd_ * invstd_ * sum_dy_xmu / m);
        k = -(w_invstd * sum_dy / m) - mean_ * b;
      }
      Tensor gx = empty(x.sizes(), TensorOptions(x.scalar_type()));
      dispatch::batch_norm_backward_apply(gx, gy, x, a, b, k);
      out[0] = gx.view(x_in.sizes());
    }
    if (needs(1)) out[1] = sum_dy_xmu * invstd_;
    if (needs(2)) out[2] = sum_dy;
    return out;
  }

  // the same formulas as recorded tensor ops (create_graph)
  TensorList differentiable(const Tensor& gy, const Tensor& x, const Tensor& w) {
    std::vector<int64_t> dims = reduced_dims(x);
    Shape cs = channel_shape(x);
    Tensor mean = mean_.reshape(cs), invstd = invstd_.reshape(cs);
    if (training_) {  // recomputed from x so that their dependence on x is differentiated too
      mean = x.mean(dims, true);
      invstd = (x.var(dims, VarOptions{.correction = 0, .keepdim = true}) + eps_).rsqrt();
    }
    Tensor xhat = (x - mean) * invstd;
    Tensor gxhat = w.defined() ? gy * w.reshape(cs) : gy;
    TensorList out(next_edges.size());
    if (needs(0)) {
      out[0] = training_ ? invstd * (gxhat - gxhat.mean(dims, true) - xhat * (gxhat * xhat).mean(dims, true))
                         : gxhat * invstd;
    }
    if (needs(1)) out[1] = (gy * xhat).sum(dims);
    if (needs(2)) out[2] = gy.sum(dims);
    return out;
  }

  SavedTensor x_, weight_;
  Tensor mean_, invstd_;  // per channel, computed without a graph
  bool training_;
  double eps_;
};

}  // namespace

void record_batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias, const Tensor& out,
                       const Tensor& mean, const Tensor& invstd, bool training, double eps) {
  if (!should_record({&input, &weight, &bias})) return;
  auto node = std::make_shared<BatchNormBackward>(input, weight, mean, invstd, training, eps);
  connect(*node, {&input, &weight, &bias});
  set_history(out, node);
}

}  // namespace ember::autograd
