// unary_internal.h — the two halves of kernels::cpu::unary(), one per file so
// they compile in parallel. Each returns false for ops it does not own.
#pragma once

#include "kernels/kernels.h"

namespace ember::kernels::cpu {
bool unary_math(UnaryOp op, const TensorRef& out, const TensorRef& in, const UnaryParams& p);
bool unary_activation(UnaryOp op, const TensorRef& out, const TensorRef& in, const UnaryParams& p);
}  // namespace ember::kernels::cpu
