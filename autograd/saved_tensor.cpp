// saved_tensor.cpp — see saved_tensor.h.
#include "autograd/saved_tensor.h"

namespace ember::autograd {

namespace {
Tensor alias_of(const Tensor& t) {
  const TensorImpl& i = *t.impl();
  return Tensor(std::make_shared<TensorImpl>(i.storage(), i.dtype(), i.sizes(), i.strides(), i.storage_offset()));
}
}  // namespace

SavedTensor::SavedTensor(const Tensor& t, bool is_output, uint32_t output_nr) {
  if (!t.defined()) return;
  version_ = t._version();
  is_output_ = is_output;
  // an output saved by a recorded node is part of the graph even though its
  // history is attached only after saving
  requires_grad_ = is_output || t.requires_grad();
  const AutogradMeta* meta = t.impl()->autograd_meta();
  is_leaf_ = meta == nullptr || meta->grad_fn == nullptr;
  if (is_leaf_ && requires_grad_ && !is_output) {
    data_ = t;  // a leaf has no grad_fn, so keeping it creates no cycle
    return;
  }
  data_ = alias_of(t);
  if (is_output) {
    output_nr_ = output_nr;
  } else if (meta != nullptr && meta->grad_fn) {
    grad_fn_ = meta->grad_fn;
    output_nr_ = meta->output_nr;
  }
}

Tensor SavedTensor::unpack(const std::shared_ptr<Node>& saver) const {
  EMBER_CHECK(!released_, "backward",
              "trying to backward through the graph a second time (its saved tensors were freed after the first "
              "backward); pass retain_graph=true to the first backward");
  if (!data_.defined()) return Tensor();
  EMBER_CHECK(data_._version() == version_, "backward",
              "one of the tensors needed for gradient computation has been modified by an in-place operation: ",
              data_.scalar_type(), " tensor of shape ", shape_str(data_.sizes()), " is at version ", data_._version(),
              "; expected version ", version_, " instead");
  if (is_leaf_ && !is_output_) return data_;
  std::shared_ptr<Node> fn = is_output_ ? saver : grad_fn_.lock();
  if (!requires_grad_ || !fn) return data_;
  // a fresh alias carrying the graph position, so formulas stay differentiable
  Tensor t = alias_of(data_);
  AutogradMeta& meta = t.impl()->ensure_autograd_meta();
  meta.grad_fn = std::move(fn);
  meta.output_nr = output_nr_;
  return t;
}

void SavedTensor::reset() {
  data_ = Tensor();
  grad_fn_.reset();
  released_ = true;
}

}  // namespace ember::autograd
