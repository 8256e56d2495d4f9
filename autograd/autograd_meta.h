// autograd_meta.h — the autograd state of one tensor: whether it requires
// grad, its accumulated .grad(), the node that produced it (grad_fn) and
// which of that node's outputs it is, plus hooks.
//
// Plain tensors have no AutogradMeta at all (TensorImpl holds a null
// pointer), so inference and kernels pay nothing for autograd.
//
// Ownership (no reference cycles): a tensor owns its grad_fn; a node owns the
// nodes it points back to (next_edges) but never the tensors it produced. A
// leaf's AccumulateGrad node owns the leaf; the leaf only holds a weak_ptr
// back to it.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "core/tensor.h"

namespace ember::autograd {

class Node;

/// A tensor hook: gets the gradient, returns a replacement (or an undefined
/// tensor to keep it unchanged).
using Hook = std::function<Tensor(const Tensor&)>;

struct AutogradMeta {
  bool requires_grad = false;  // set on leaves by the user; implied by grad_fn otherwise
  Tensor grad;                 // accumulated gradient (leaves and retain_grad tensors)
  std::shared_ptr<Node> grad_fn;
  uint32_t output_nr = 0;                     // which output of grad_fn this tensor is
  std::weak_ptr<Node> grad_accumulator;       // a leaf's AccumulateGrad node, made on demand
  bool retains_grad = false;                  // non-leaf keeps .grad (retain_grad())
  std::vector<Hook> leaf_hooks;               // hooks of a leaf (non-leaf hooks live on grad_fn)
};

}  // namespace ember::autograd
