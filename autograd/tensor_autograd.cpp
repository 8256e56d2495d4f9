// tensor_autograd.cpp — the autograd methods of Tensor: requires_grad,
// backward, grad, grad_fn, detach, retain_grad, hooks.
#include "autograd/autograd_meta.h"
#include "autograd/engine.h"
#include "autograd/node.h"
#include "core/ops.h"

namespace ember {

using autograd::AutogradMeta;

bool Tensor::requires_grad() const {
  const AutogradMeta* meta = checked().autograd_meta();
  return meta != nullptr && (meta->requires_grad || meta->grad_fn != nullptr);
}

Tensor& Tensor::requires_grad_(bool requires_grad) {
  checked();
  EMBER_CHECK(!requires_grad || is_floating_point(), "requires_grad_",
              "only floating point tensors can require gradients, got ", scalar_type());
  EMBER_CHECK(is_leaf(), "requires_grad_",
              "you can only change requires_grad flags of leaf tensors (this one has grad_fn ", grad_fn()->name(),
              "); use detach() to get a leaf");
  impl_->ensure_autograd_meta().requires_grad = requires_grad;
  return *this;
}

void Tensor::backward(const Tensor& gradient, std::optional<bool> retain_graph, bool create_graph) const {
  autograd::backward({*this}, {gradient}, retain_graph.value_or(create_graph), create_graph);
}

const Tensor& Tensor::grad() const {
  static const Tensor undefined;
  const AutogradMeta* meta = checked().autograd_meta();
  return meta ? meta->grad : undefined;
}

Tensor& Tensor::mutable_grad() { return impl_->ensure_autograd_meta().grad; }

std::shared_ptr<autograd::Node> Tensor::grad_fn() const {
  const AutogradMeta* meta = checked().autograd_meta();
  return meta ? meta->grad_fn : nullptr;
}

bool Tensor::is_leaf() const { return grad_fn() == nullptr; }

uint32_t Tensor::output_nr() const {
  const AutogradMeta* meta = checked().autograd_meta();
  return meta ? meta->output_nr : 0;
}

Tensor Tensor::detach() const {
  const TensorImpl& i = checked();
  return Tensor(std::make_shared<TensorImpl>(i.storage(), i.dtype(), i.sizes(), i.strides(), i.storage_offset()));
}

Tensor& Tensor::detach_() {
  checked();
  if (AutogradMeta* meta = impl_->autograd_meta()) {
    meta->grad_fn.reset();
    meta->requires_grad = false;
    meta->output_nr = 0;
  }
  return *this;
}

void Tensor::retain_grad() const {
  EMBER_CHECK(requires_grad(), "retain_grad", "cannot retain the gradient of a tensor that does not require grad");
  if (is_leaf()) return;  // leaves keep their gradient anyway
  AutogradMeta& meta = impl_->ensure_autograd_meta();
  if (meta.retains_grad) return;
  meta.retains_grad = true;
  // the gradient is stored by a hook on grad_fn; a weak reference avoids
  // the node keeping this tensor alive
  std::weak_ptr<TensorImpl> weak = impl_;
  meta.grad_fn->retain_grad_hooks.emplace_back(meta.output_nr, [weak](const Tensor& g) {
    if (auto impl = weak.lock()) {
      Tensor& grad = impl->ensure_autograd_meta().grad;
      grad = grad.defined() ? grad + g : g.detach().clone();
    }
    return Tensor();
  });
}

bool Tensor::retains_grad() const {
  const AutogradMeta* meta = checked().autograd_meta();
  return meta != nullptr && meta->retains_grad;
}

void Tensor::register_hook(std::function<Tensor(const Tensor&)> hook) const {
  EMBER_CHECK(requires_grad(), "register_hook", "cannot register a hook on a tensor that does not require grad");
  AutogradMeta& meta = impl_->ensure_autograd_meta();
  if (meta.grad_fn) meta.grad_fn->pre_hooks.emplace_back(meta.output_nr, std::move(hook));
  else meta.leaf_hooks.push_back(std::move(hook));
}

}  // namespace ember
