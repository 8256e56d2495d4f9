// autograd_meta.h — the autograd state a tensor carries once it takes part in
// differentiation: whether it requires grad, its accumulated .grad(), and
// (for results of recorded ops) the node that produced it.
//
// Plain tensors have no AutogradMeta at all (TensorImpl holds a null
// pointer), so inference and kernels pay nothing for autograd.
#pragma once

#include <memory>

#include "core/tensor.h"

namespace ember::autograd {

struct AutogradMeta {
  bool requires_grad = false;
  Tensor grad;  // undefined until a backward pass reaches this leaf
};

}  // namespace ember::autograd
