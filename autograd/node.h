// node.h — Node: one recorded op in the backward graph.
//
// When an op runs on tensors that require grad, it creates a Node that knows
// how to turn the gradient of its outputs into gradients of its inputs
// (apply), and points back to the nodes that produced those inputs
// (next_edges). The graph is the tape: backward walks it from the loss.
//
// Node names follow PyTorch's grad_fn names ("MulBackward0"), so
// `y.grad_fn()->name()` reads the same in both.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "autograd/autograd_meta.h"
#include "core/tensor.h"

namespace ember::autograd {

/// Where a gradient goes: input `input_nr` of node `function`.
struct Edge {
  std::shared_ptr<Node> function;
  uint32_t input_nr = 0;
  bool valid() const { return function != nullptr; }
};

class Node : public std::enable_shared_from_this<Node> {
 public:
  Node();
  virtual ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  /// PyTorch's grad_fn name, e.g. "MulBackward0".
  virtual std::string name() const = 0;
  /// Gradients w.r.t. this node's outputs -> gradients w.r.t. its inputs,
  /// one per next_edge (undefined where an input needs none).
  virtual TensorList apply(TensorList&& grad_outputs) = 0;
  /// Frees saved tensors (after backward, unless retain_graph); a later
  /// apply that needs them throws (see SavedTensor::unpack).
  virtual void release_saved() {}

  std::vector<Edge> next_edges;
  uint32_t num_outputs = 1;
  /// Creation order; backward runs later nodes first.
  const uint64_t sequence_nr;
  /// Hooks on the gradient of output k, run before apply.
  std::vector<std::pair<uint32_t, Hook>> pre_hooks;
  /// retain_grad() hooks: they run after pre_hooks, so a retained gradient
  /// is the one the node receives (as in PyTorch 2).
  std::vector<std::pair<uint32_t, Hook>> retain_grad_hooks;
};

/// The sink for a leaf: adds the incoming gradient into leaf.grad().
class AccumulateGrad final : public Node {
 public:
  explicit AccumulateGrad(Tensor leaf);
  std::string name() const override { return "AccumulateGrad"; }
  TensorList apply(TensorList&& grad_outputs) override;
  const Tensor& variable() const { return leaf_; }

 private:
  Tensor leaf_;
};

}  // namespace ember::autograd
