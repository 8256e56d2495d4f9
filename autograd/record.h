// record.h — attaching ops to the graph. Op front-ends use these after they
// compute a result:
//
//   if (autograd::should_record({&a, &b})) {
//     auto node = std::make_shared<MulBackward>(...);
//     autograd::connect(*node, {&a, &b});      // edges to a's and b's producers
//     autograd::set_history(out, node);        // out.grad_fn() = node
//   }
#pragma once

#include <initializer_list>
#include <memory>

#include "autograd/node.h"

namespace ember::autograd {

/// Grad mode is on and some input requires grad.
bool should_record(std::initializer_list<const Tensor*> inputs);
bool should_record(const TensorList& inputs);

/// The edge a gradient for `t` flows into: its grad_fn, or its leaf's
/// AccumulateGrad, or none when t does not require grad.
Edge gradient_edge(const Tensor& t);

/// Sets node.next_edges to the gradient edges of `inputs` (undefined or
/// non-grad inputs get an empty edge).
void connect(Node& node, std::initializer_list<const Tensor*> inputs);
void connect(Node& node, const TensorList& inputs);

/// Makes `t` output `output_nr` of `node`.
void set_history(const Tensor& t, const std::shared_ptr<Node>& node, uint32_t output_nr = 0);

}  // namespace ember::autograd
