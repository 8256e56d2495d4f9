// unary_math.cpp — CPU kernels for the unary ops that are plain math:
// sign/abs/rounding (also on integers) and exp/log/trig (floating point).
// The activations and predicates are in unary_activation.cpp; both route
// through kernels::cpu::unary(), defined there.
#include "kernels/cpu/elementwise_loop.h"
#include "kernels/cpu/unary_internal.h"
#include "kernels/elementwise_ops.h"

namespace ember::kernels::cpu {

bool unary_math(UnaryOp op, const TensorRef& out, const TensorRef& in, const UnaryParams& p) {
  // ops that are defined for every numeric dtype
  auto numeric = [&](auto f) {
    dispatch_all(in.dtype, "unary", [&]<class T>() { unary_loop<T, T>(out, in, f, p); });
    return true;
  };
  // ops that only make sense on floating point (the front-end promotes ints)
  auto floating = [&](auto f) {
    dispatch_floating(in.dtype, "unary", [&]<class T>() { unary_loop<T, T>(out, in, f, p); });
    return true;
  };
  switch (op) {
    case UnaryOp::Neg: return numeric(ops::Neg{});
    case UnaryOp::Abs: return numeric(ops::Abs{});
    case UnaryOp::Sign: return numeric(ops::Sign{});
    case UnaryOp::Square: return numeric(ops::Square{});
    case UnaryOp::Floor: return numeric(ops::Floor{});
    case UnaryOp::Ceil: return numeric(ops::Ceil{});
    case UnaryOp::Round: return numeric(ops::Round{});
    case UnaryOp::Trunc: return numeric(ops::Trunc{});
    case UnaryOp::Clamp: return numeric(ops::Clamp{});
    case UnaryOp::BitwiseNot:
      dispatch_integral(in.dtype, "bitwise_not", [&]<class T>() { unary_loop<T, T>(out, in, ops::BitwiseNot{}, p); });
      return true;
    case UnaryOp::Exp: return floating(ops::Exp{});
    case UnaryOp::Exp2: return floating(ops::Exp2{});
    case UnaryOp::Log: return floating(ops::Log{});
    case UnaryOp::Log2: return floating(ops::Log2{});
    case UnaryOp::Log10: return floating(ops::Log10{});
    case UnaryOp::Log1p: return floating(ops::Log1p{});
    case UnaryOp::Expm1: return floating(ops::Expm1{});
    case UnaryOp::Sqrt: return floating(ops::Sqrt{});
    case UnaryOp::Rsqrt: return floating(ops::Rsqrt{});
    case UnaryOp::Reciprocal: return floating(ops::Reciprocal{});
    case UnaryOp::Sin: return floating(ops::Sin{});
    case UnaryOp::Cos: return floating(ops::Cos{});
    case UnaryOp::Tan: return floating(ops::Tan{});
    case UnaryOp::Asin: return floating(ops::Asin{});
    case UnaryOp::Acos: return floating(ops::Acos{});
    case UnaryOp::Atan: return floating(ops::Atan{});
    case UnaryOp::Sinh: return floating(ops::Sinh{});
    case UnaryOp::Cosh: return floating(ops::Cosh{});
    case UnaryOp::Tanh: return floating(ops::Tanh{});
    case UnaryOp::Erf: return floating(ops::Erf{});
    case UnaryOp::RoundDecimals: return floating(ops::RoundDecimals{});
    case UnaryOp::Frac: return floating(ops::Frac{});
    case UnaryOp::NanToNum: return floating(ops::NanToNum{});
    default: return false;
  }
}

}  // namespace ember::kernels::cpu
