// engine.h — running the graph backward.
//
// backward() seeds the roots with their gradients and runs every node whose
// incoming gradients are complete, latest-created first, accumulating into
// leaves' .grad(). grad() does the same but returns the gradients of chosen
// inputs instead of accumulating them.
#pragma once

#include "core/tensor.h"

namespace ember::autograd {

/// Computes gradients of `outputs` (seeded with grad_outputs; undefined
/// entries mean ones for one-element outputs) and accumulates them into the
/// leaves. retain_graph keeps saved tensors for another backward;
/// create_graph records the backward itself so it can be differentiated.
void backward(const TensorList& outputs, const TensorList& grad_outputs = {}, bool retain_graph = false,
              bool create_graph = false);

/// torch.autograd.grad: the gradients of `outputs` w.r.t. `inputs`, without
/// touching any .grad(). An input the outputs do not depend on is an error
/// unless allow_unused, in which case its gradient is undefined.
TensorList grad(const TensorList& outputs, const TensorList& inputs, const TensorList& grad_outputs = {},
                std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
                bool allow_unused = false);

}  // namespace ember::autograd
