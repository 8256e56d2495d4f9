// node.cpp — Node bookkeeping: sequence numbers, the freed-graph check,
// non-recursive destruction, and AccumulateGrad.
#include "autograd/node.h"

#include "autograd/grad_mode.h"
#include "core/ops.h"

namespace ember::autograd {

namespace {
thread_local uint64_t t_next_sequence_nr = 0;

// Moves out the nodes that only `node` keeps alive, so they can be destroyed
// by the loop in ~Node instead of recursively.
void take_unique_children(Node& node, std::vector<std::shared_ptr<Node>>& stack) {
  for (Edge& e : node.next_edges)
    if (e.function && e.function.use_count() == 1) stack.push_back(std::move(e.function));
  node.next_edges.clear();
}
}  // namespace

Node::Node() : sequence_nr(t_next_sequence_nr++) {}

// A chain of 100,000 nodes would recurse 100,000 deep if each destructor
// destroyed its children; instead children are collected on a heap stack
// and destroyed one at a time, each with no children left.
Node::~Node() {
  std::vector<std::shared_ptr<Node>> stack;
  take_unique_children(*this, stack);
  while (!stack.empty()) {
    std::shared_ptr<Node> n = std::move(stack.back());
    stack.pop_back();
    take_unique_children(*n, stack);
  }
}

AccumulateGrad::AccumulateGrad(Tensor leaf) : leaf_(std::move(leaf)) {}

// leaf.grad = grad (first time) or leaf.grad + grad. Without create_graph
// the stored gradient is detached and summed in place.
TensorList AccumulateGrad::apply(TensorList&& grads) {
  Tensor g = std::move(grads[0]);
  if (!g.defined()) return {};
  AutogradMeta& meta = leaf_.impl()->ensure_autograd_meta();
  for (const Hook& hook : meta.leaf_hooks) {
    Tensor replaced = hook(g);
    if (replaced.defined()) g = replaced;
  }
  if (g.sizes() != leaf_.sizes()) g = g.sum_to_size(leaf_.sizes());
  if (g.scalar_type() != leaf_.scalar_type()) g = g.to(leaf_.scalar_type());
  if (!meta.grad.defined()) {
    meta.grad = is_grad_enabled() ? g : g.detach();
    // own the memory: a gradient sharing storage with another tensor (the
    // user's grad_output, another leaf's gradient) would be changed by later
    // in-place accumulation
    if (!is_grad_enabled() && (meta.grad.use_count() > 1 || meta.grad.storage().use_count() > 1))
      meta.grad = meta.grad.clone();
  } else if (is_grad_enabled()) {
    meta.grad = meta.grad + g;
  } else {
    meta.grad.add_(g);
  }
  return {};
}

}  // namespace ember::autograd
