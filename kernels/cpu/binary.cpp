// binary.cpp — CPU kernels for binary elementwise ops: arithmetic, pow,
// maximum/minimum, remainders, bitwise ops and comparisons (bool out).
#include "core/error.h"
#include "kernels/cpu/elementwise_loop.h"
#include "kernels/elementwise_ops.h"

namespace ember::kernels::cpu {

void binary(BinaryOp op, const TensorRef& out, const TensorRef& a, const TensorRef& b, double alpha) {
  auto numeric = [&](auto f) {
    dispatch_all(a.dtype, "binary", [&]<class T>() { binary_loop<T, T>(out, a, b, f); });
  };
  auto floating = [&](auto f) {
    dispatch_floating(a.dtype, "binary", [&]<class T>() { binary_loop<T, T>(out, a, b, f); });
  };
  auto integral = [&](auto f) {
    dispatch_integral(a.dtype, "bitwise", [&]<class T>() { binary_loop<T, T>(out, a, b, f); });
  };
  auto compare = [&](auto f) {
    dispatch_all(a.dtype, "compare", [&]<class T>() { binary_loop<T, bool>(out, a, b, f); });
  };
  switch (op) {
    case BinaryOp::Add: return numeric(ops::Add{alpha});
    case BinaryOp::Sub: return numeric(ops::Sub{alpha});
    case BinaryOp::Mul: return numeric(ops::Mul{});
    case BinaryOp::Div: return floating(ops::Div{});
    case BinaryOp::DivTrunc: return numeric(ops::DivTrunc{});
    case BinaryOp::DivFloor: return numeric(ops::DivFloor{});
    case BinaryOp::Pow: return numeric(ops::Pow{});
    case BinaryOp::Maximum: return numeric(ops::Maximum{});
    case BinaryOp::Minimum: return numeric(ops::Minimum{});
    case BinaryOp::Fmod: return numeric(ops::Fmod{});
    case BinaryOp::Remainder: return numeric(ops::Remainder{});
    case BinaryOp::Atan2: return floating(ops::Atan2{});
    case BinaryOp::BitwiseAnd: return integral(ops::BitwiseAnd{});
    case BinaryOp::BitwiseOr: return integral(ops::BitwiseOr{});
    case BinaryOp::BitwiseXor: return integral(ops::BitwiseXor{});
    case BinaryOp::Eq: return compare(ops::Eq{});
    case BinaryOp::Ne: return compare(ops::Ne{});
    case BinaryOp::Lt: return compare(ops::Lt{});
    case BinaryOp::Le: return compare(ops::Le{});
    case BinaryOp::Gt: return compare(ops::Gt{});
    case BinaryOp::Ge: return compare(ops::Ge{});
  }
  EMBER_FAIL("binary", "unknown binary op ", static_cast<int>(op));
}

}  // namespace ember::kernels::cpu
