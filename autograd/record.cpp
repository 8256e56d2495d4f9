// record.cpp — see record.h.
#include "autograd/record.h"

#include "autograd/grad_mode.h"

namespace ember::autograd {

namespace {
std::shared_ptr<Node> grad_accumulator(const Tensor& leaf) {
  AutogradMeta& meta = leaf.impl()->ensure_autograd_meta();
  std::shared_ptr<Node> acc = meta.grad_accumulator.lock();
  if (!acc) {
    acc = std::make_shared<AccumulateGrad>(leaf);
    meta.grad_accumulator = acc;
  }
  return acc;
}
}  // namespace

bool should_record(std::initializer_list<const Tensor*> inputs) {
  if (!is_grad_enabled()) return false;
  for (const Tensor* t : inputs)
    if (t != nullptr && t->defined() && t->requires_grad()) return true;
  return false;
}

bool should_record(const TensorList& inputs) {
  if (!is_grad_enabled()) return false;
  for (const Tensor& t : inputs)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}

Edge gradient_edge(const Tensor& t) {
  if (!t.defined()) return {};
  const AutogradMeta* meta = t.impl()->autograd_meta();
  if (meta == nullptr) return {};
  if (meta->grad_fn) return {meta->grad_fn, meta->output_nr};
  if (meta->requires_grad) return {grad_accumulator(t), 0};
  return {};
}

void connect(Node& node, std::initializer_list<const Tensor*> inputs) {
  node.next_edges.clear();
  node.next_edges.reserve(inputs.size());
  for (const Tensor* t : inputs) node.next_edges.push_back(t ? gradient_edge(*t) : Edge{});
}

void connect(Node& node, const TensorList& inputs) {
  node.next_edges.clear();
  node.next_edges.reserve(inputs.size());
  for (const Tensor& t : inputs) node.next_edges.push_back(gradient_edge(t));
}

void set_history(const Tensor& t, const std::shared_ptr<Node>& node, uint32_t output_nr) {
  AutogradMeta& meta = t.impl()->ensure_autograd_meta();
  meta.grad_fn = node;
  meta.output_nr = output_nr;
}

}  // namespace ember::autograd
