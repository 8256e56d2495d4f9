// formulas_linalg.cpp — derivatives of the matrix products.
//
// For C = A B:  dA = dC B^T,  dB = A^T dC  (batched the same way for bmm).
// For C = beta I + alpha A B:  dI = beta dC (summed back to I's shape).
// A gradient is only computed for an input that needs one.
#include "autograd/formulas_internal.h"
#include "autograd/record.h"
#include "autograd/saved_tensor.h"
#include "core/ops.h"

namespace ember::autograd {

namespace {

class MatmulBackward final : public Node {
 public:
  MatmulBackward(const char* name, const Tensor& a, const Tensor& b, double alpha, double beta,
                 const Tensor& input)
      : name_(name), a_(a, false), b_(b, false), alpha_(alpha), beta_(beta),
        input_sizes_(input.defined() ? input.sizes().vec() : Shape{}), has_input_(input.defined()) {}
  std::string name() const override { return name_; }
  void release_saved() override {
    a_.reset();
    b_.reset();
  }
  TensorList apply(TensorList&& grads) override {
    const Tensor& g = grads[0];
    auto self = shared_from_this();
    size_t first = has_input_ ? 1 : 0;  // edge layout: [input,] a, b
    TensorList out(next_edges.size());
    if (has_input_ && next_edges[0].valid()) out[0] = (beta_ == 1.0 ? g : g * beta_).sum_to_size(input_sizes_);
    Tensor gs = alpha_ == 1.0 ? g : g * alpha_;
    if (next_edges[first].valid()) out[first] = matmul(gs, b_.unpack(self).mT());      // dA = dC B^T
    if (next_edges[first + 1].valid()) out[first + 1] = matmul(a_.unpack(self).mT(), gs);  // dB = A^T dC
    return out;
  }

 private:
  const char* name_;
  SavedTensor a_, b_;
  double alpha_, beta_;
  Shape input_sizes_;
  bool has_input_;
};

}  // namespace

void record_mm(const Tensor& a, const Tensor& b, const Tensor& out) {
  if (!out.is_floating_point() || !should_record({&a, &b})) return;
  auto node = std::make_shared<MatmulBackward>("MmBackward0", a, b, 1.0, 0.0, Tensor());
  connect(*node, {&a, &b});
  set_history(out, node);
}

void record_bmm(const Tensor& a, const Tensor& b, const Tensor& out) {
  if (!out.is_floating_point() || !should_record({&a, &b})) return;
  auto node = std::make_shared<MatmulBackward>("BmmBackward0", a, b, 1.0, 0.0, Tensor());
  connect(*node, {&a, &b});
  set_history(out, node);
}

void record_addmm(const Tensor& input, const Tensor& a, const Tensor& b, const Tensor& out, double beta,
                  double alpha) {
  if (!out.is_floating_point() || !should_record({&input, &a, &b})) return;
  auto node = std::make_shared<MatmulBackward>(a.dim() == 3 ? "BaddbmmBackward0" : "AddmmBackward0", a, b, alpha,
                                               beta, input);
  connect(*node, {&input, &a, &b});
  set_history(out, node);
}

}  // namespace ember::autograd
