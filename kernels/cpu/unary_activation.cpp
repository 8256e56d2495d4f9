// unary_activation.cpp — CPU kernels for activation functions and the
// bool-valued predicates (isnan, isinf, isfinite, logical_not), plus the
// entry point kernels::cpu::unary() that routes an op to its half.
#include "core/error.h"
#include "kernels/cpu/elementwise_loop.h"
#include "kernels/cpu/unary_internal.h"
#include "kernels/elementwise_ops.h"

namespace ember::kernels::cpu {

bool unary_activation(UnaryOp op, const TensorRef& out, const TensorRef& in, const UnaryParams& p) {
  auto numeric = [&](auto f) {
    dispatch_all(in.dtype, "unary", [&]<class T>() { unary_loop<T, T>(out, in, f, p); });
    return true;
  };
  auto floating = [&](auto f) {
    dispatch_floating(in.dtype, "unary", [&]<class T>() { unary_loop<T, T>(out, in, f, p); });
    return true;
  };
  auto predicate = [&](auto f) {
    dispatch_all(in.dtype, "unary", [&]<class T>() { unary_loop<T, bool>(out, in, f, p); });
    return true;
  };
  switch (op) {
    case UnaryOp::Relu: return numeric(ops::Relu{});
    case UnaryOp::Relu6: return numeric(ops::Relu6{});
    case UnaryOp::Hardtanh: return numeric(ops::Hardtanh{});
    case UnaryOp::Sigmoid: return floating(ops::Sigmoid{});
    case UnaryOp::LeakyRelu: return floating(ops::LeakyRelu{});
    case UnaryOp::Elu: return floating(ops::Elu{});
    case UnaryOp::Celu: return floating(ops::Celu{});
    case UnaryOp::Selu: return floating(ops::Selu{});
    case UnaryOp::Gelu: return floating(ops::Gelu{});
    case UnaryOp::GeluTanh: return floating(ops::GeluTanh{});
    case UnaryOp::Silu: return floating(ops::Silu{});
    case UnaryOp::Mish: return floating(ops::Mish{});
    case UnaryOp::Softplus: return floating(ops::Softplus{});
    case UnaryOp::Hardsigmoid: return floating(ops::Hardsigmoid{});
    case UnaryOp::Hardswish: return floating(ops::Hardswish{});
    case UnaryOp::Softsign: return floating(ops::Softsign{});
    case UnaryOp::Logsigmoid: return floating(ops::Logsigmoid{});
    case UnaryOp::Threshold: return floating(ops::Threshold{});
    case UnaryOp::IsNan: return predicate(ops::IsNan{});
    case UnaryOp::IsInf: return predicate(ops::IsInf{});
    case UnaryOp::IsFinite: return predicate(ops::IsFinite{});
    case UnaryOp::LogicalNot: return predicate(ops::LogicalNot{});
    default: return false;
  }
}

void unary(UnaryOp op, const TensorRef& out, const TensorRef& in, const UnaryParams& p) {
  if (unary_math(op, out, in, p) || unary_activation(op, out, in, p)) return;
  EMBER_FAIL("unary", "unknown unary op ", static_cast<int>(op));
}

}  // namespace ember::kernels::cpu
