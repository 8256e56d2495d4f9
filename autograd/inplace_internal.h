// inplace_internal.h — in-place ops under autograd.
//
// An in-place op (x.add_(y), x.mul_(2), x[0:2].copy_(z)) overwrites memory
// that the graph may still refer to. When autograd is involved, ember runs
// the op out of place (so it is recorded like any op), writes the result into
// x's memory, and makes x take over the result's history. If x is a view, its
// base's history is rewired through a CopySlices node: the gradient of the
// base splits into the part the view overwrote (which flows into the op) and
// the rest (which flows into the base's old history).
//
// Leaves that require grad cannot be modified in place (outside NoGradGuard),
// nor can views of them: their gradient would no longer describe their value.
//
// Internal: used by core/ops_*.cpp.
#pragma once

#include <functional>
#include <initializer_list>

#include "core/tensor.h"

namespace ember::autograd {

/// Whether an in-place op on `self` with `others` must go through autograd.
bool inplace_needs_grad(const Tensor& self, std::initializer_list<const Tensor*> others);

/// Runs `compute(old)` (an out-of-place op that returns self's new value
/// from `old`, a copy of self's current value carrying its history), writes
/// the result into self and rewires the graph. Returns self. When the new
/// value does not depend on the old one (copy_, fill_), pass
/// needs_old_value = false to skip the copy.
Tensor& apply_inplace(const char* op, Tensor& self, const std::function<Tensor(const Tensor&)>& compute,
                      bool needs_old_value = true);

}  // namespace ember::autograd
