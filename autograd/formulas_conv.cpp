// formulas_conv.cpp — derivatives of the convolution primitives.
//
// For y = conv(x, w) + b, written C(x, w):
//   dx = C^T(dy, w)            (a transposed convolution)
//   dw = W(x, dy)              (the weight gradient: windows of x times dy)
//   db = dy summed over the batch and spatial dims
// C, C^T and W are each other's adjoints, so each one's backward is made of
// the other two, and gradients of any order exist:
//   y = C^T(x, w):  dx = C(dy, w),      dw = W(dy, x)
//   y = W(x, g):    dx = C^T(g, dy),    dg = C(x, dy)
#include "autograd/formulas_conv_internal.h"

#include "autograd/record.h"
#include "autograd/saved_tensor.h"
#include "core/ops.h"
#include "nn/conv_internal.h"

namespace ember::autograd {

using nn::detail::ConvParams;

namespace {

Shape spatial_of(const Tensor& t) { return Shape(t.sizes().begin() + 2, t.sizes().end()); }

// sum over batch and spatial dims: the bias gradient
Tensor bias_grad(const Tensor& gy) {
  std::vector<int64_t> dims{0};
  for (int64_t d = 2; d < gy.dim(); ++d) dims.push_back(d);
  return gy.sum(dims);
}

enum class ConvKind { Forward, Transpose, Weight };

class ConvBackward final : public Node {
 public:
  ConvBackward(ConvKind kind, const Tensor& a, const Tensor& b, const ConvParams& p, bool has_bias)
      : kind_(kind), a_(a, false), b_(b, false), p_(p), has_bias_(has_bias), a_spatial_(spatial_of(a)),
        b_sizes_(b.sizes().vec()) {}
  std::string name() const override {
    switch (kind_) {
      case ConvKind::Forward: return "ConvolutionBackward0";
      case ConvKind::Transpose: return "ConvolutionBackward0";
      case ConvKind::Weight: return "ConvolutionBackwardBackward0";
    }
    return "ConvolutionBackward0";
  }
  void release_saved() override {
    a_.reset();
    b_.reset();
  }
  // edges: [a, b, bias]  (a = x, b = w for Forward/Transpose; a = x, b = g for Weight)
  TensorList apply(TensorList&& grads) override {
    const Tensor& gy = grads[0];
    auto self = shared_from_this();
    Tensor a = a_.unpack(self), b = b_.unpack(self);
    TensorList out(next_edges.size());
    bool need_a = next_edges[0].valid(), need_b = next_edges[1].valid();
    Shape kernel(b_sizes_.begin() + 2, b_sizes_.end());
    switch (kind_) {
      case ConvKind::Forward:  // y = C(a, b)
        if (need_a) out[0] = nn::detail::conv_transpose_forward(gy, b, Tensor(), p_, a_spatial_);
        if (need_b) out[1] = nn::detail::conv_weight(a, gy, kernel, p_);
        break;
      case ConvKind::Transpose:  // y = C^T(a, b)
        if (need_a) out[0] = nn::detail::conv_forward(gy, b, Tensor(), p_);
        if (need_b) out[1] = nn::detail::conv_weight(gy, a, kernel, p_);
        break;
      case ConvKind::Weight: {  // y = W(a, b): a the conv input, b its output gradient; gy acts as a kernel
        if (need_a) out[0] = nn::detail::conv_transpose_forward(b, gy, Tensor(), p_, a_spatial_);
        if (need_b) out[1] = nn::detail::conv_forward(a, gy, Tensor(), p_);
        break;
      }
    }
    if (has_bias_ && next_edges.size() > 2 && next_edges[2].valid()) out[2] = bias_grad(gy);
    return out;
  }

 private:
  ConvKind kind_;
  SavedTensor a_, b_;
  ConvParams p_;
  bool has_bias_;
  Shape a_spatial_, b_sizes_;
};

void record(ConvKind kind, const Tensor& a, const Tensor& b, const Tensor& bias, const Tensor& out,
            const ConvParams& p) {
  if (!should_record({&a, &b, &bias})) return;
  auto node = std::make_shared<ConvBackward>(kind, a, b, p, bias.defined());
  connect(*node, {&a, &b, &bias});
  set_history(out, node);
}

}  // namespace

void record_conv(const Tensor& x, const Tensor& w, const Tensor& bias, const Tensor& out, const ConvParams& p) {
  record(ConvKind::Forward, x, w, bias, out, p);
}
void record_conv_transpose(const Tensor& x, const Tensor& w, const Tensor& bias, const Tensor& out,
                           const ConvParams& p) {
  record(ConvKind::Transpose, x, w, bias, out, p);
}
void record_conv_weight(const Tensor& x, const Tensor& gy, const Tensor& out, const ConvParams& p) {
  record(ConvKind::Weight, x, gy, Tensor(), out, p);
}

}  // namespace ember::autograd
