// ops_pointwise.cpp — front-ends of the elementwise ops.
//
// The path of `a + b` (see docs/architecture.md): add() finds the result
// dtype with PyTorch's promotion rules (result_type), broadcasts both
// operands to the common shape with broadcast_to (stride-0 views, no copy),
// allocates the output, and hands everything to dispatch::binary, which calls
// the device's kernel. Scalars become 0-d tensors and broadcast the same way.
#include <cmath>
#include <limits>

#include "autograd/formulas_internal.h"
#include "autograd/inplace_internal.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

using kernels::BinaryOp;
using kernels::UnaryOp;
using kernels::UnaryParams;

// ---------------------------------------------------------------- type promotion

namespace {
// PyTorch's three-tier rule: tensors with dims decide the dtype; 0-d tensors
// and Python numbers only raise it when they are of a higher category
// (bool < integer < floating), e.g. int32 tensor + 2.5 -> float32, but
// float16 tensor + float64 0-d tensor -> float16.
struct PromotionState {
  std::optional<ScalarType> dim, zero_dim, wrapped;
};

std::optional<ScalarType> promote_opt(std::optional<ScalarType> a, std::optional<ScalarType> b) {
  if (!a) return b;
  if (!b) return a;
  return promote_types(*a, *b);
}

std::optional<ScalarType> combine_categories(std::optional<ScalarType> higher, std::optional<ScalarType> lower) {
  if (higher && is_floating_point(*higher)) return higher;
  if ((higher && *higher == kBool) || (lower && is_floating_point(*lower))) return promote_opt(higher, lower);
  return higher ? higher : lower;
}

void add_tensor(PromotionState& s, const Tensor& t) {
  if (t.dim() > 0) s.dim = promote_opt(s.dim, t.scalar_type());
  else s.zero_dim = promote_opt(s.zero_dim, t.scalar_type());
}

void add_scalar(PromotionState& s, Scalar v) { s.wrapped = promote_opt(s.wrapped, v.dtype()); }

ScalarType finish(const PromotionState& s) {
  return *combine_categories(s.dim, combine_categories(s.zero_dim, s.wrapped));
}
}  // namespace

ScalarType result_type(const Tensor& a, const Tensor& b) {
  PromotionState s;
  add_tensor(s, a);
  add_tensor(s, b);
  return finish(s);
}

ScalarType result_type(const Tensor& a, Scalar b) {
  PromotionState s;
  add_tensor(s, a);
  add_scalar(s, b);
  return finish(s);
}

// ---------------------------------------------------------------- unary

namespace {

enum class UnaryKind {
  Numeric,    // any dtype, result keeps it (abs, neg, relu)
  ToFloat,    // integers and bool promote to the default float (exp, sqrt)
  FloatOnly,  // floating dtypes only (gelu, elu)
  Predicate,  // result is bool (isnan)
};

ScalarType unary_result_dtype(const char* op, UnaryKind kind, ScalarType in) {
  switch (kind) {
    case UnaryKind::Numeric: return in;
    case UnaryKind::ToFloat: return detail::to_float_dtype(in);
    case UnaryKind::FloatOnly:
      EMBER_CHECK(is_floating_point(in), op, "expected a floating point tensor, got ", in);
      return in;
    case UnaryKind::Predicate: return kBool;
  }
  return in;
}

Tensor unary_op(const char* op, UnaryOp kernel, UnaryKind kind, const Tensor& x, const UnaryParams& p = {}) {
  detail::check_defined(op, x);
  ScalarType out_dtype = unary_result_dtype(op, kind, x.scalar_type());
  ScalarType in_dtype = kind == UnaryKind::Predicate ? x.scalar_type() : out_dtype;
  Tensor in = x.to(in_dtype);
  Tensor out = detail::empty_tensor(x.sizes(), out_dtype, x.device());
  dispatch::unary(op, kernel, out, in, p);
  autograd::record_unary(kernel, in, out, p);
  return out;
}

Tensor& unary_op_(const char* op, UnaryOp kernel, UnaryKind kind, Tensor& x, const UnaryParams& p = {}) {
  detail::check_defined(op, x);
  ScalarType result = unary_result_dtype(op, kind, x.scalar_type());
  detail::check_inplace(op, x, result, {});
  if (autograd::inplace_needs_grad(x, {}))
    return autograd::apply_inplace(op, x, [&](const Tensor& old) { return unary_op(op, kernel, kind, old, p); });
  if (result == x.scalar_type()) {
    dispatch::unary(op, kernel, x, x, p);
  } else {
    Tensor tmp = detail::empty_tensor(x.sizes(), result, x.device());
    dispatch::unary(op, kernel, tmp, x.to(result), p);
    dispatch::copy(x, tmp);
  }
  detail::bump_version(x);
  return x;
}

}  // namespace

#define EMBER_DEFINE_UNARY(name, kernel, kind)                                              \
  Tensor name(const Tensor& x) { return unary_op(#name, UnaryOp::kernel, UnaryKind::kind, x); } \
  Tensor& name##_(Tensor& x) { return unary_op_(#name "_", UnaryOp::kernel, UnaryKind::kind, x); }

EMBER_DEFINE_UNARY(abs, Abs, Numeric)
EMBER_DEFINE_UNARY(sign, Sign, Numeric)
EMBER_DEFINE_UNARY(exp, Exp, ToFloat)
EMBER_DEFINE_UNARY(exp2, Exp2, ToFloat)
EMBER_DEFINE_UNARY(log, Log, ToFloat)
EMBER_DEFINE_UNARY(log2, Log2, ToFloat)
EMBER_DEFINE_UNARY(log10, Log10, ToFloat)
EMBER_DEFINE_UNARY(log1p, Log1p, ToFloat)
EMBER_DEFINE_UNARY(expm1, Expm1, ToFloat)
EMBER_DEFINE_UNARY(sqrt, Sqrt, ToFloat)
EMBER_DEFINE_UNARY(rsqrt, Rsqrt, ToFloat)
EMBER_DEFINE_UNARY(reciprocal, Reciprocal, ToFloat)
EMBER_DEFINE_UNARY(sin, Sin, ToFloat)
EMBER_DEFINE_UNARY(cos, Cos, ToFloat)
EMBER_DEFINE_UNARY(tan, Tan, ToFloat)
EMBER_DEFINE_UNARY(asin, Asin, ToFloat)
EMBER_DEFINE_UNARY(acos, Acos, ToFloat)
EMBER_DEFINE_UNARY(atan, Atan, ToFloat)
EMBER_DEFINE_UNARY(sinh, Sinh, ToFloat)
EMBER_DEFINE_UNARY(cosh, Cosh, ToFloat)
EMBER_DEFINE_UNARY(tanh, Tanh, ToFloat)
EMBER_DEFINE_UNARY(sigmoid, Sigmoid, ToFloat)
EMBER_DEFINE_UNARY(erf, Erf, ToFloat)
EMBER_DEFINE_UNARY(relu, Relu, Numeric)
EMBER_DEFINE_UNARY(relu6, Relu6, Numeric)
EMBER_DEFINE_UNARY(selu, Selu, FloatOnly)
EMBER_DEFINE_UNARY(silu, Silu, FloatOnly)
EMBER_DEFINE_UNARY(mish, Mish, FloatOnly)
EMBER_DEFINE_UNARY(floor, Floor, Numeric)
EMBER_DEFINE_UNARY(ceil, Ceil, Numeric)
EMBER_DEFINE_UNARY(trunc, Trunc, Numeric)
EMBER_DEFINE_UNARY(frac, Frac, FloatOnly)
EMBER_DEFINE_UNARY(bitwise_not, BitwiseNot, Numeric)
#undef EMBER_DEFINE_UNARY

Tensor neg(const Tensor& x) {
  detail::check_defined("neg", x);
  EMBER_CHECK(x.scalar_type() != kBool, "neg",
              "negation of a bool tensor is not supported; use logical_not() or ~ to invert a mask");
  return unary_op("neg", UnaryOp::Neg, UnaryKind::Numeric, x);
}
Tensor& neg_(Tensor& x) {
  detail::check_defined("neg_", x);
  EMBER_CHECK(x.scalar_type() != kBool, "neg_",
              "negation of a bool tensor is not supported; use logical_not() or ~ to invert a mask");
  return unary_op_("neg_", UnaryOp::Neg, UnaryKind::Numeric, x);
}

// square(bool) counts as integer arithmetic (like torch: True^2 = 1, int64)
Tensor square(const Tensor& x) {
  detail::check_defined("square", x);
  return unary_op("square", UnaryOp::Square, UnaryKind::Numeric, x.scalar_type() == kBool ? x.to(kInt64) : x);
}
Tensor& square_(Tensor& x) { return unary_op_("square_", UnaryOp::Square, UnaryKind::Numeric, x); }

Tensor logical_not(const Tensor& x) { return unary_op("logical_not", UnaryOp::LogicalNot, UnaryKind::Predicate, x); }
Tensor& logical_not_(Tensor& x) {
  Tensor r = logical_not(x);
  detail::check_inplace("logical_not_", x, x.scalar_type(), {});
  dispatch::copy(x, r);
  detail::bump_version(x);
  return x;
}

Tensor round(const Tensor& x, int64_t decimals) {
  if (decimals == 0) return unary_op("round", UnaryOp::Round, UnaryKind::Numeric, x);
  return unary_op("round", UnaryOp::RoundDecimals, UnaryKind::FloatOnly, x, {static_cast<double>(decimals)});
}
Tensor& round_(Tensor& x, int64_t decimals) {
  if (decimals == 0) return unary_op_("round_", UnaryOp::Round, UnaryKind::Numeric, x);
  return unary_op_("round_", UnaryOp::RoundDecimals, UnaryKind::FloatOnly, x, {static_cast<double>(decimals)});
}

Tensor leaky_relu(const Tensor& x, double negative_slope) {
  return unary_op("leaky_relu", UnaryOp::LeakyRelu, UnaryKind::FloatOnly, x, {negative_slope});
}
Tensor& leaky_relu_(Tensor& x, double negative_slope) {
  return unary_op_("leaky_relu_", UnaryOp::LeakyRelu, UnaryKind::FloatOnly, x, {negative_slope});
}
Tensor elu(const Tensor& x, double alpha) { return unary_op("elu", UnaryOp::Elu, UnaryKind::FloatOnly, x, {alpha}); }
Tensor& elu_(Tensor& x, double alpha) { return unary_op_("elu_", UnaryOp::Elu, UnaryKind::FloatOnly, x, {alpha}); }
Tensor celu(const Tensor& x, double alpha) {
  EMBER_CHECK(alpha != 0.0, "celu", "alpha must not be 0");
  return unary_op("celu", UnaryOp::Celu, UnaryKind::FloatOnly, x, {alpha});
}
Tensor gelu(const Tensor& x, std::string_view approximate) {
  EMBER_CHECK(approximate == "none" || approximate == "tanh", "gelu",
              "approximate must be 'none' or 'tanh', got '", approximate, "'");
  return unary_op("gelu", approximate == "none" ? UnaryOp::Gelu : UnaryOp::GeluTanh, UnaryKind::FloatOnly, x);
}
Tensor softplus(const Tensor& x, double beta, double threshold) {
  EMBER_CHECK(beta != 0.0, "softplus", "beta must not be 0");
  return unary_op("softplus", UnaryOp::Softplus, UnaryKind::FloatOnly, x, {beta, threshold});
}
Tensor hardtanh(const Tensor& x, double min_val, double max_val) {
  EMBER_CHECK(min_val <= max_val, "hardtanh", "min_val (", min_val, ") must not exceed max_val (", max_val, ")");
  return unary_op("hardtanh", UnaryOp::Hardtanh, UnaryKind::Numeric, x, {min_val, max_val});
}
Tensor& hardtanh_(Tensor& x, double min_val, double max_val) {
  return unary_op_("hardtanh_", UnaryOp::Hardtanh, UnaryKind::Numeric, x, {min_val, max_val});
}
Tensor hardsigmoid(const Tensor& x) { return unary_op("hardsigmoid", UnaryOp::Hardsigmoid, UnaryKind::FloatOnly, x); }
Tensor hardswish(const Tensor& x) { return unary_op("hardswish", UnaryOp::Hardswish, UnaryKind::FloatOnly, x); }
Tensor softsign(const Tensor& x) { return unary_op("softsign", UnaryOp::Softsign, UnaryKind::FloatOnly, x); }
Tensor logsigmoid(const Tensor& x) { return unary_op("logsigmoid", UnaryOp::Logsigmoid, UnaryKind::FloatOnly, x); }
Tensor threshold(const Tensor& x, double threshold, double value) {
  return unary_op("threshold", UnaryOp::Threshold, UnaryKind::FloatOnly, x, {threshold, value});
}
Tensor isnan(const Tensor& x) { return unary_op("isnan", UnaryOp::IsNan, UnaryKind::Predicate, x); }
Tensor isinf(const Tensor& x) { return unary_op("isinf", UnaryOp::IsInf, UnaryKind::Predicate, x); }
Tensor isfinite(const Tensor& x) { return unary_op("isfinite", UnaryOp::IsFinite, UnaryKind::Predicate, x); }

Tensor nan_to_num(const Tensor& x, std::optional<double> nan, std::optional<double> posinf,
                  std::optional<double> neginf) {
  detail::check_defined("nan_to_num", x);
  if (!x.is_floating_point()) return x.clone();
  // the defaults are the largest finite values of the dtype
  double big = 0.0;
  switch (x.scalar_type()) {
    case kFloat16: big = 65504.0; break;
    case kBFloat16: big = 3.3895313892515355e38; break;
    case kFloat32: big = std::numeric_limits<float>::max(); break;
    default: big = std::numeric_limits<double>::max(); break;
  }
  return unary_op("nan_to_num", UnaryOp::NanToNum, UnaryKind::FloatOnly, x,
                  {nan.value_or(0.0), posinf.value_or(big), neginf.value_or(-big)});
}

namespace {
// clamp with scalar bounds: one kernel pass; a float bound promotes an
// integer tensor to float (torch.clamp(int_tensor, 0.5) is float)
ScalarType clamp_dtype(const Tensor& x, const std::optional<Scalar>& lo, const std::optional<Scalar>& hi) {
  PromotionState s;
  add_tensor(s, x);
  if (lo) add_scalar(s, *lo);
  if (hi) add_scalar(s, *hi);
  return finish(s);
}
UnaryParams clamp_params(const std::optional<Scalar>& lo, const std::optional<Scalar>& hi) {
  return {lo ? lo->to_double() : -INFINITY, hi ? hi->to_double() : INFINITY};
}
}  // namespace

Tensor clamp(const Tensor& x, std::optional<Scalar> min, std::optional<Scalar> max) {
  detail::check_defined("clamp", x);
  EMBER_CHECK(min || max, "clamp", "at least one of min and max must be given");
  ScalarType dtype = clamp_dtype(x, min, max);
  EMBER_CHECK(dtype != kBool, "clamp", "is not supported for bool tensors");
  Tensor in = x.to(dtype);
  // integer bounds outside the dtype's range: clamp in double semantics by
  // saturating the bounds (the kernel casts them to the element type)
  UnaryParams p = clamp_params(min, max);
  if (!is_floating_point(dtype)) {
    double lo_lim = dtype == kUInt8 ? 0.0 : dtype == kInt8 ? -128.0 : dtype == kInt32 ? -2147483648.0 : -9.2e18;
    double hi_lim = dtype == kUInt8 ? 255.0 : dtype == kInt8 ? 127.0 : dtype == kInt32 ? 2147483647.0 : 9.2e18;
    p.a = std::clamp(p.a, lo_lim, hi_lim);
    p.b = std::clamp(p.b, lo_lim, hi_lim);
  }
  Tensor out = detail::empty_tensor(x.sizes(), dtype, x.device());
  dispatch::unary("clamp", UnaryOp::Clamp, out, in, p);
  autograd::record_unary(UnaryOp::Clamp, in, out, p);
  return out;
}

Tensor clamp(const Tensor& x, const Tensor& min, const Tensor& max) {
  Tensor y = min.defined() ? maximum(x, min) : x;
  return max.defined() ? minimum(y, max) : y;
}

Tensor& clamp_(Tensor& x, std::optional<Scalar> min, std::optional<Scalar> max) {
  if (autograd::inplace_needs_grad(x, {}))
    return autograd::apply_inplace("clamp_", x, [&](const Tensor& old) { return clamp(old, min, max); });
  Tensor r = clamp(x, min, max);
  detail::check_inplace("clamp_", x, r.scalar_type(), {});
  dispatch::copy(x, r);
  detail::bump_version(x);
  return x;
}

// ---------------------------------------------------------------- binary

namespace {

/// Broadcasts a and b, converts them to `compute`, and runs the kernel into a
/// new tensor of `out_dtype`.
Tensor binary_op(const char* op, BinaryOp kernel, const Tensor& a, const Tensor& b, ScalarType compute,
                 ScalarType out_dtype, double alpha = 1.0) {
  detail::check_same_device(op, a, b);
  Shape shape = broadcast_shapes(a.sizes(), b.sizes(), op);
  Tensor ac = broadcast_to(a.to(compute), shape);
  Tensor bc = broadcast_to(b.to(compute), shape);
  Tensor out = detail::empty_tensor(shape, out_dtype, a.device());
  dispatch::binary(op, kernel, out, ac, bc, alpha);
  autograd::record_binary(kernel, ac, bc, out, alpha);
  return out;
}

/// a op= b: b broadcasts to a's shape; the result is cast into a's dtype.
Tensor& binary_op_(const char* op, BinaryOp kernel, Tensor& a, const Tensor& b, ScalarType compute,
                   double alpha = 1.0) {
  detail::check_same_device(op, a, b);
  Shape shape = broadcast_shapes(a.sizes(), b.sizes(), op);
  EMBER_CHECK(IntArrayRef(shape) == a.sizes(), op, "output with shape ", shape_str(a.sizes()),
              " doesn't match the broadcast shape ", shape_str(shape));
  detail::check_inplace(op, a, compute, {&b});
  if (autograd::inplace_needs_grad(a, {&b}))
    return autograd::apply_inplace(
        op, a, [&](const Tensor& old) { return binary_op(op, kernel, old, b, compute, compute, alpha); });
  Tensor bc = broadcast_to(b.to(compute), shape);
  if (compute == a.scalar_type()) {
    dispatch::binary(op, kernel, a, a, bc, alpha);
  } else {
    Tensor tmp = detail::empty_tensor(shape, compute, a.device());
    dispatch::binary(op, kernel, tmp, a.to(compute), bc, alpha);
    dispatch::copy(a, tmp);
  }
  detail::bump_version(a);
  return a;
}

Tensor wrap(const Tensor& like, Scalar v, ScalarType dtype) { return detail::scalar_to_tensor(v, dtype, like.device()); }

void check_alpha(const char* op, ScalarType compute, Scalar alpha) {
  EMBER_CHECK(is_floating_point(compute) || !alpha.is_floating_point(), op,
              "for integer tensors, alpha must not be a floating point number");
}

void check_sub_bool(const char* op, ScalarType compute) {
  EMBER_CHECK(compute != kBool, op,
              "subtraction of bool tensors is not supported; use logical_xor() or ^ instead");
}

// Integer division by zero traps on x86: refuse it up front, as torch does.
void check_no_int_zero(const char* op, ScalarType compute, const Tensor& divisor) {
  if (is_floating_point(compute)) return;
  EMBER_CHECK(!divisor.eq(0).any().item<bool>(), op, "integer division by zero");
}

void check_int_pow(ScalarType compute, const Tensor& exponent) {
  if (is_floating_point(compute) || exponent.is_floating_point() || exponent.scalar_type() == kBool) return;
  EMBER_CHECK(!exponent.lt(0).any().item<bool>(), "pow", "integers to negative integer powers are not allowed");
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b, Scalar alpha) {
  ScalarType c = result_type(a, b);
  check_alpha("add", c, alpha);
  return binary_op("add", BinaryOp::Add, a, b, c, c, alpha.to_double());
}
Tensor add(const Tensor& a, Scalar b, Scalar alpha) {
  ScalarType c = result_type(a, b);
  check_alpha("add", c, alpha);
  return binary_op("add", BinaryOp::Add, a, wrap(a, b, c), c, c, alpha.to_double());
}
Tensor sub(const Tensor& a, const Tensor& b, Scalar alpha) {
  ScalarType c = result_type(a, b);
  check_alpha("sub", c, alpha);
  check_sub_bool("sub", c);
  return binary_op("sub", BinaryOp::Sub, a, b, c, c, alpha.to_double());
}
Tensor sub(const Tensor& a, Scalar b, Scalar alpha) {
  ScalarType c = result_type(a, b);
  check_alpha("sub", c, alpha);
  check_sub_bool("sub", c);
  return binary_op("sub", BinaryOp::Sub, a, wrap(a, b, c), c, c, alpha.to_double());
}
Tensor mul(const Tensor& a, const Tensor& b) {
  ScalarType c = result_type(a, b);
  return binary_op("mul", BinaryOp::Mul, a, b, c, c);
}
Tensor mul(const Tensor& a, Scalar b) {
  ScalarType c = result_type(a, b);
  return binary_op("mul", BinaryOp::Mul, a, wrap(a, b, c), c, c);
}

namespace {
Tensor div_impl(const Tensor& a, const Tensor& b, ScalarType c, std::optional<std::string_view> mode) {
  if (!mode) {  // true division: integers divide as floats
    ScalarType f = detail::to_float_dtype(c);
    return binary_op("div", BinaryOp::Div, a, b, f, f);
  }
  EMBER_CHECK(*mode == "trunc" || *mode == "floor", "div", "rounding_mode must be 'trunc', 'floor' or none, got '",
              *mode, "'");
  check_no_int_zero("div", c, b);
  return binary_op("div", *mode == "trunc" ? BinaryOp::DivTrunc : BinaryOp::DivFloor, a, b, c, c);
}
}  // namespace

Tensor div(const Tensor& a, const Tensor& b, std::optional<std::string_view> rounding_mode) {
  detail::check_same_device("div", a, b);
  return div_impl(a, b, result_type(a, b), rounding_mode);
}
Tensor div(const Tensor& a, Scalar b, std::optional<std::string_view> rounding_mode) {
  detail::check_defined("div", a);
  ScalarType c = result_type(a, b);
  return div_impl(a, wrap(a, b, rounding_mode ? c : detail::to_float_dtype(c)), c, rounding_mode);
}
Tensor floor_divide(const Tensor& a, const Tensor& b) { return div(a, b, "floor"); }
Tensor true_divide(const Tensor& a, const Tensor& b) { return div(a, b); }

Tensor pow(const Tensor& a, const Tensor& b) {
  ScalarType c = result_type(a, b);
  check_int_pow(c, b);
  return binary_op("pow", BinaryOp::Pow, a, b, c, c);
}
Tensor pow(const Tensor& a, Scalar b) {
  detail::check_defined("pow", a);
  ScalarType c = result_type(a, b);
  EMBER_CHECK(is_floating_point(c) || b.to_double() >= 0, "pow",
              "integers to negative integer powers are not allowed");
  return binary_op("pow", BinaryOp::Pow, a, wrap(a, b, c), c, c);
}
Tensor pow(Scalar base, const Tensor& exponent) {
  detail::check_defined("pow", exponent);
  ScalarType c = result_type(exponent, base);
  check_int_pow(c, exponent);
  return binary_op("pow", BinaryOp::Pow, wrap(exponent, base, c), exponent, c, c);
}

#define EMBER_DEFINE_SAME_TYPE_BINARY(name, kernel, checks)                                   \
  Tensor name(const Tensor& a, const Tensor& b) {                                              \
    ScalarType c = result_type(a, b);                                                          \
    checks;                                                                                    \
    return binary_op(#name, BinaryOp::kernel, a, b, c, c);                                     \
  }                                                                                            \
  Tensor name(const Tensor& a, Scalar b) {                                                     \
    detail::check_defined(#name, a);                                                           \
    return name(a, wrap(a, b, result_type(a, b)));                                             \
  }

EMBER_DEFINE_SAME_TYPE_BINARY(maximum, Maximum, )
EMBER_DEFINE_SAME_TYPE_BINARY(minimum, Minimum, )
EMBER_DEFINE_SAME_TYPE_BINARY(fmod, Fmod, check_no_int_zero("fmod", c, b))
EMBER_DEFINE_SAME_TYPE_BINARY(remainder, Remainder, check_no_int_zero("remainder", c, b))
EMBER_DEFINE_SAME_TYPE_BINARY(bitwise_and, BitwiseAnd,
                              EMBER_CHECK(!is_floating_point(c), "bitwise_and", "is not defined for ", c))
EMBER_DEFINE_SAME_TYPE_BINARY(bitwise_or, BitwiseOr,
                              EMBER_CHECK(!is_floating_point(c), "bitwise_or", "is not defined for ", c))
EMBER_DEFINE_SAME_TYPE_BINARY(bitwise_xor, BitwiseXor,
                              EMBER_CHECK(!is_floating_point(c), "bitwise_xor", "is not defined for ", c))
#undef EMBER_DEFINE_SAME_TYPE_BINARY

Tensor atan2(const Tensor& a, const Tensor& b) {
  ScalarType f = detail::to_float_dtype(result_type(a, b));
  return binary_op("atan2", BinaryOp::Atan2, a, b, f, f);
}
Tensor atan2(const Tensor& a, Scalar b) {
  detail::check_defined("atan2", a);
  return atan2(a, wrap(a, b, detail::to_float_dtype(result_type(a, b))));
}

#define EMBER_DEFINE_COMPARE(name, kernel)                                             \
  Tensor name(const Tensor& a, const Tensor& b) {                                       \
    return binary_op(#name, BinaryOp::kernel, a, b, result_type(a, b), kBool);          \
  }                                                                                     \
  Tensor name(const Tensor& a, Scalar b) {                                              \
    detail::check_defined(#name, a);                                                    \
    ScalarType c = result_type(a, b);                                                   \
    return binary_op(#name, BinaryOp::kernel, a, wrap(a, b, c), c, kBool);              \
  }
EMBER_DEFINE_COMPARE(eq, Eq)
EMBER_DEFINE_COMPARE(ne, Ne)
EMBER_DEFINE_COMPARE(lt, Lt)
EMBER_DEFINE_COMPARE(le, Le)
EMBER_DEFINE_COMPARE(gt, Gt)
EMBER_DEFINE_COMPARE(ge, Ge)
#undef EMBER_DEFINE_COMPARE

// logical ops: both sides as bool (x != 0), then the bitwise op on bools
#define EMBER_DEFINE_LOGICAL(name, kernel)                                                        \
  Tensor name(const Tensor& a, const Tensor& b) {                                                  \
    return binary_op(#name, BinaryOp::kernel, a.to(kBool), b.to(kBool), kBool, kBool);             \
  }                                                                                                \
  Tensor name(const Tensor& a, Scalar b) { return name(a, wrap(a, b.to_bool(), kBool)); }
EMBER_DEFINE_LOGICAL(logical_and, BitwiseAnd)
EMBER_DEFINE_LOGICAL(logical_or, BitwiseOr)
EMBER_DEFINE_LOGICAL(logical_xor, BitwiseXor)
#undef EMBER_DEFINE_LOGICAL

// ---------------------------------------------------------------- where and friends

Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b) {
  detail::check_same_device("where", a, b);
  detail::check_same_device("where", condition, a);
  EMBER_CHECK(condition.scalar_type() == kBool, "where", "condition must be a bool tensor, got ",
              condition.scalar_type());
  ScalarType c = result_type(a, b);
  Shape shape = broadcast_shapes(broadcast_shapes(condition.sizes(), a.sizes(), "where"), b.sizes(), "where");
  Tensor out = detail::empty_tensor(shape, c, a.device());
  Tensor cond = broadcast_to(condition, shape), ab = broadcast_to(a.to(c), shape), bb = broadcast_to(b.to(c), shape);
  dispatch::where(out, cond, ab, bb);
  autograd::record_where(cond, ab, bb, out);
  return out;
}
Tensor where(const Tensor& condition, Scalar a, const Tensor& b) {
  detail::check_defined("where", b);
  return where(condition, wrap(b, a, result_type(b, a)), b);
}
Tensor where(const Tensor& condition, const Tensor& a, Scalar b) {
  detail::check_defined("where", a);
  return where(condition, a, wrap(a, b, result_type(a, b)));
}

Tensor where(const Tensor& condition, Scalar a, Scalar b) {
  detail::check_defined("where", condition);
  ScalarType dtype = promote_types(a.dtype(), b.dtype());
  return where(condition, detail::scalar_to_tensor(a, dtype, condition.device()),
               detail::scalar_to_tensor(b, dtype, condition.device()));
}

Tensor masked_fill(const Tensor& x, const Tensor& mask, Scalar value) {
  detail::check_defined("masked_fill", x);
  return masked_fill(x, mask, wrap(x, value, x.scalar_type()));
}

Tensor masked_fill(const Tensor& x, const Tensor& mask, const Tensor& value) {
  detail::check_same_device("masked_fill", x, mask);
  EMBER_CHECK(mask.scalar_type() == kBool, "masked_fill", "mask must be a bool tensor, got ", mask.scalar_type());
  EMBER_CHECK(value.dim() == 0, "masked_fill", "value must be a 0-dim tensor, got shape ",
              shape_str(value.sizes()));
  Shape shape = broadcast_shapes(x.sizes(), mask.sizes(), "masked_fill");
  EMBER_CHECK(IntArrayRef(shape) == x.sizes(), "masked_fill", "mask of shape ", shape_str(mask.sizes()),
              " cannot be broadcast to the tensor's shape ", shape_str(x.sizes()));
  Tensor out = detail::empty_tensor(shape, x.scalar_type(), x.device());
  Tensor m = broadcast_to(mask, shape), v = broadcast_to(value.to(x.scalar_type()), shape);
  dispatch::where(out, m, v, x);
  autograd::record_where(m, v, x, out);
  return out;
}

// The composites below check that their operands broadcast before calling
// add/sub/mul, so a shape error names the op the user called.
Tensor lerp(const Tensor& start, const Tensor& end, Scalar weight) {
  broadcast_shapes(start.sizes(), end.sizes(), "lerp");
  return add(start, mul(sub(end, start), weight));
}
Tensor lerp(const Tensor& start, const Tensor& end, const Tensor& weight) {
  broadcast_shapes(broadcast_shapes(start.sizes(), end.sizes(), "lerp"), weight.sizes(), "lerp");
  return add(start, mul(weight, sub(end, start)));
}
Tensor addcmul(const Tensor& x, const Tensor& t1, const Tensor& t2, Scalar value) {
  broadcast_shapes(broadcast_shapes(x.sizes(), t1.sizes(), "addcmul"), t2.sizes(), "addcmul");
  return add(x, mul(mul(t1, t2), value));
}
Tensor addcdiv(const Tensor& x, const Tensor& t1, const Tensor& t2, Scalar value) {
  EMBER_CHECK(t1.is_floating_point() || t2.is_floating_point(), "addcdiv",
              "integer division with addcdiv is not supported; use div with a rounding mode");
  broadcast_shapes(broadcast_shapes(x.sizes(), t1.sizes(), "addcdiv"), t2.sizes(), "addcdiv");
  return add(x, mul(div(t1, t2), value));
}

Tensor isclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  detail::check_same_device("isclose", a, b);
  EMBER_CHECK(rtol >= 0 && atol >= 0, "isclose", "rtol and atol must be non-negative, got ", rtol, " and ", atol);
  broadcast_shapes(a.sizes(), b.sizes(), "isclose");
  Tensor close = eq(a, b);  // exact equality also covers matching infinities
  if (a.is_floating_point() || b.is_floating_point()) {
    ScalarType f = detail::to_float_dtype(result_type(a, b));
    Tensor af = a.to(f), bf = b.to(f);
    Tensor diff = abs(sub(af, bf));
    Tensor tol = add(mul(abs(bf), rtol), atol);
    close = logical_or(close, logical_and(isfinite(diff), le(diff, tol)));
    if (equal_nan) close = logical_or(close, logical_and(isnan(af), isnan(bf)));
  }
  return close;
}

bool allclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  return isclose(a, b, rtol, atol, equal_nan).all().item<bool>();
}

bool equal(const Tensor& a, const Tensor& b) {
  detail::check_same_device("equal", a, b);
  if (a.sizes() != b.sizes()) return false;
  return eq(a, b).all().item<bool>();
}

// ---------------------------------------------------------------- operators

Tensor operator-(const Tensor& x) { return neg(x); }
Tensor operator~(const Tensor& x) { return bitwise_not(x); }

#define EMBER_DEFINE_OPERATOR(op, fn)                                               \
  Tensor operator op(const Tensor& a, const Tensor& b) { return fn(a, b); }          \
  Tensor operator op(const Tensor& a, Scalar b) { return fn(a, b); }                 \
  Tensor operator op(Scalar a, const Tensor& b) { return fn(wrap(b, a, result_type(b, a)), b); }
EMBER_DEFINE_OPERATOR(+, add)
EMBER_DEFINE_OPERATOR(*, mul)
EMBER_DEFINE_OPERATOR(%, remainder)
EMBER_DEFINE_OPERATOR(&, bitwise_and)
EMBER_DEFINE_OPERATOR(|, bitwise_or)
EMBER_DEFINE_OPERATOR(^, bitwise_xor)
EMBER_DEFINE_OPERATOR(==, eq)
EMBER_DEFINE_OPERATOR(!=, ne)
EMBER_DEFINE_OPERATOR(<, lt)
EMBER_DEFINE_OPERATOR(<=, le)
EMBER_DEFINE_OPERATOR(>, gt)
EMBER_DEFINE_OPERATOR(>=, ge)
#undef EMBER_DEFINE_OPERATOR

// Scalar on the left keeps the wrapped-number promotion rule: 2 - int_tensor
// stays an int tensor, 2.5 - int_tensor becomes float.
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator-(const Tensor& a, Scalar b) { return sub(a, b); }
Tensor operator-(Scalar a, const Tensor& b) {
  detail::check_defined("sub", b);
  ScalarType c = result_type(b, a);
  check_sub_bool("sub", c);
  return binary_op("sub", BinaryOp::Sub, wrap(b, a, c), b, c, c);
}
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator/(const Tensor& a, Scalar b) { return div(a, b); }
Tensor operator/(Scalar a, const Tensor& b) {
  detail::check_defined("div", b);
  ScalarType f = detail::to_float_dtype(result_type(b, a));
  return binary_op("div", BinaryOp::Div, wrap(b, a, f), b, f, f);
}

Tensor& operator+=(Tensor& a, const Tensor& b) { return a.add_(b); }
Tensor& operator+=(Tensor& a, Scalar b) { return a.add_(b); }
Tensor& operator-=(Tensor& a, const Tensor& b) { return a.sub_(b); }
Tensor& operator-=(Tensor& a, Scalar b) { return a.sub_(b); }
Tensor& operator*=(Tensor& a, const Tensor& b) { return a.mul_(b); }
Tensor& operator*=(Tensor& a, Scalar b) { return a.mul_(b); }
Tensor& operator/=(Tensor& a, const Tensor& b) { return a.div_(b); }
Tensor& operator/=(Tensor& a, Scalar b) { return a.div_(b); }

// ---------------------------------------------------------------- in-place methods

Tensor& Tensor::add_(const Tensor& other, Scalar alpha) {
  ScalarType c = result_type(*this, other);
  check_alpha("add_", c, alpha);
  return binary_op_("add_", BinaryOp::Add, *this, other, c, alpha.to_double());
}
Tensor& Tensor::add_(Scalar other, Scalar alpha) {
  ScalarType c = result_type(*this, other);
  return add_(wrap(*this, other, c), alpha);
}
Tensor& Tensor::sub_(const Tensor& other, Scalar alpha) {
  ScalarType c = result_type(*this, other);
  check_alpha("sub_", c, alpha);
  check_sub_bool("sub_", c);
  return binary_op_("sub_", BinaryOp::Sub, *this, other, c, alpha.to_double());
}
Tensor& Tensor::sub_(Scalar other, Scalar alpha) { return sub_(wrap(*this, other, result_type(*this, other)), alpha); }

#define EMBER_DEFINE_INPLACE(name, kernel, checks)                                        \
  Tensor& Tensor::name##_(const Tensor& other) {                                          \
    ScalarType c = result_type(*this, other);                                             \
    const Tensor& b = other;                                                              \
    checks;                                                                               \
    return binary_op_(#name "_", BinaryOp::kernel, *this, other, c);                      \
  }                                                                                       \
  Tensor& Tensor::name##_(Scalar other) { return name##_(wrap(*this, other, result_type(*this, other))); }
EMBER_DEFINE_INPLACE(mul, Mul, (void)b)
EMBER_DEFINE_INPLACE(pow, Pow, check_int_pow(c, b))
EMBER_DEFINE_INPLACE(fmod, Fmod, check_no_int_zero("fmod_", c, b))
EMBER_DEFINE_INPLACE(remainder, Remainder, check_no_int_zero("remainder_", c, b))
EMBER_DEFINE_INPLACE(bitwise_and, BitwiseAnd, (void)b)
EMBER_DEFINE_INPLACE(bitwise_or, BitwiseOr, (void)b)
EMBER_DEFINE_INPLACE(bitwise_xor, BitwiseXor, (void)b)
#undef EMBER_DEFINE_INPLACE

Tensor& Tensor::atan2_(const Tensor& other) {
  detail::check_inplace("atan2_", *this, detail::to_float_dtype(result_type(*this, other)), {&other});
  if (autograd::inplace_needs_grad(*this, {&other}))
    return autograd::apply_inplace("atan2_", *this, [&](const Tensor& old) { return ember::atan2(old, other); });
  return copy_(ember::atan2(*this, other));
}
Tensor& Tensor::atan2_(Scalar other) { return atan2_(wrap(*this, other, detail::to_float_dtype(result_type(*this, other)))); }

// comparisons and logical ops in place write 0/1 in self's dtype
#define EMBER_DEFINE_INPLACE_VIA_COPY(name)                                               \
  Tensor& Tensor::name##_(const Tensor& other) {                                          \
    Tensor r = ember::name(*this, other);                                                 \
    EMBER_CHECK(IntArrayRef(r.sizes()) == sizes(), #name "_", "output with shape ",       \
                shape_str(sizes()), " doesn't match the broadcast shape ", shape_str(r.sizes())); \
    return copy_(r);                                                                      \
  }                                                                                       \
  Tensor& Tensor::name##_(Scalar other) { return copy_(ember::name(*this, other)); }
EMBER_DEFINE_INPLACE_VIA_COPY(eq)
EMBER_DEFINE_INPLACE_VIA_COPY(ne)
EMBER_DEFINE_INPLACE_VIA_COPY(lt)
EMBER_DEFINE_INPLACE_VIA_COPY(le)
EMBER_DEFINE_INPLACE_VIA_COPY(gt)
EMBER_DEFINE_INPLACE_VIA_COPY(ge)
EMBER_DEFINE_INPLACE_VIA_COPY(logical_and)
EMBER_DEFINE_INPLACE_VIA_COPY(logical_or)
EMBER_DEFINE_INPLACE_VIA_COPY(logical_xor)
#undef EMBER_DEFINE_INPLACE_VIA_COPY

Tensor& Tensor::div_(const Tensor& other, std::optional<std::string_view> rounding_mode) {
  ScalarType c = result_type(*this, other);
  if (!rounding_mode) {
    ScalarType f = detail::to_float_dtype(c);
    return binary_op_("div_", BinaryOp::Div, *this, other, f);
  }
  EMBER_CHECK(*rounding_mode == "trunc" || *rounding_mode == "floor", "div_",
              "rounding_mode must be 'trunc', 'floor' or none, got '", *rounding_mode, "'");
  check_no_int_zero("div_", c, other);
  return binary_op_("div_", *rounding_mode == "trunc" ? BinaryOp::DivTrunc : BinaryOp::DivFloor, *this, other, c);
}
Tensor& Tensor::div_(Scalar other, std::optional<std::string_view> rounding_mode) {
  ScalarType c = result_type(*this, other);
  return div_(wrap(*this, other, rounding_mode ? c : detail::to_float_dtype(c)), rounding_mode);
}

Tensor& Tensor::masked_fill_(const Tensor& mask, Scalar value) {
  if (autograd::inplace_needs_grad(*this, {}))
    return autograd::apply_inplace("masked_fill_", *this,
                                   [&](const Tensor& old) { return ember::masked_fill(old, mask, value); });
  Tensor r = ember::masked_fill(*this, mask, value);
  detail::check_inplace("masked_fill_", *this, scalar_type(), {&mask});
  dispatch::copy(*this, r);
  detail::bump_version(*this);
  return *this;
}

Tensor& Tensor::addcmul_(const Tensor& t1, const Tensor& t2, Scalar value) {
  if (autograd::inplace_needs_grad(*this, {&t1, &t2}))
    return autograd::apply_inplace("addcmul_", *this,
                                   [&](const Tensor& old) { return ember::addcmul(old, t1, t2, value); });
  return copy_(ember::addcmul(*this, t1, t2, value));
}
Tensor& Tensor::addcdiv_(const Tensor& t1, const Tensor& t2, Scalar value) {
  if (autograd::inplace_needs_grad(*this, {&t1, &t2}))
    return autograd::apply_inplace("addcdiv_", *this,
                                   [&](const Tensor& old) { return ember::addcdiv(old, t1, t2, value); });
  return copy_(ember::addcdiv(*this, t1, t2, value));
}

}  // namespace ember
