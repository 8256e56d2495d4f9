// ops_pointwise.h — elementwise ops: unary math and activations, binary
// arithmetic and comparisons with NumPy broadcasting, where/masked_fill,
// and the small composites built from them (lerp, addcmul, isclose, ...).
#pragma once

#include <optional>
#include <string_view>

#include "core/tensor.h"

namespace ember {

// ---- unary ----
#define EMBER_DECLARE_UNARY(name) \
  Tensor name(const Tensor& x);   \
  Tensor& name##_(Tensor& x);
EMBER_DECLARE_UNARY(neg)
EMBER_DECLARE_UNARY(abs)
EMBER_DECLARE_UNARY(sign)
EMBER_DECLARE_UNARY(exp)
EMBER_DECLARE_UNARY(exp2)
EMBER_DECLARE_UNARY(log)
EMBER_DECLARE_UNARY(log2)
EMBER_DECLARE_UNARY(log10)
EMBER_DECLARE_UNARY(log1p)
EMBER_DECLARE_UNARY(expm1)
EMBER_DECLARE_UNARY(sqrt)
EMBER_DECLARE_UNARY(rsqrt)
EMBER_DECLARE_UNARY(reciprocal)
EMBER_DECLARE_UNARY(square)
EMBER_DECLARE_UNARY(sin)
EMBER_DECLARE_UNARY(cos)
EMBER_DECLARE_UNARY(tan)
EMBER_DECLARE_UNARY(asin)
EMBER_DECLARE_UNARY(acos)
EMBER_DECLARE_UNARY(atan)
EMBER_DECLARE_UNARY(sinh)
EMBER_DECLARE_UNARY(cosh)
EMBER_DECLARE_UNARY(tanh)
EMBER_DECLARE_UNARY(sigmoid)
EMBER_DECLARE_UNARY(relu)
EMBER_DECLARE_UNARY(relu6)
EMBER_DECLARE_UNARY(selu)
EMBER_DECLARE_UNARY(silu)
EMBER_DECLARE_UNARY(mish)
EMBER_DECLARE_UNARY(erf)
EMBER_DECLARE_UNARY(floor)
EMBER_DECLARE_UNARY(ceil)
EMBER_DECLARE_UNARY(trunc)
EMBER_DECLARE_UNARY(frac)
EMBER_DECLARE_UNARY(logical_not)
EMBER_DECLARE_UNARY(bitwise_not)
#undef EMBER_DECLARE_UNARY

/// Rounds half to even (like torch.round); decimals > 0 rounds to that many places.
Tensor round(const Tensor& x, int64_t decimals = 0);
Tensor& round_(Tensor& x, int64_t decimals = 0);
Tensor leaky_relu(const Tensor& x, double negative_slope = 0.01);
Tensor& leaky_relu_(Tensor& x, double negative_slope = 0.01);
Tensor elu(const Tensor& x, double alpha = 1.0);
Tensor& elu_(Tensor& x, double alpha = 1.0);
Tensor celu(const Tensor& x, double alpha = 1.0);
/// approximate: "none" (erf form) or "tanh".
Tensor gelu(const Tensor& x, std::string_view approximate = "none");
/// softplus(x) = log(1 + exp(beta x)) / beta, linear where beta x > threshold.
Tensor softplus(const Tensor& x, double beta = 1.0, double threshold = 20.0);
Tensor hardtanh(const Tensor& x, double min_val = -1.0, double max_val = 1.0);
Tensor& hardtanh_(Tensor& x, double min_val = -1.0, double max_val = 1.0);
Tensor hardsigmoid(const Tensor& x);
Tensor hardswish(const Tensor& x);
Tensor softsign(const Tensor& x);
Tensor logsigmoid(const Tensor& x);
/// y = x if x > threshold else value
Tensor threshold(const Tensor& x, double threshold, double value);
Tensor isnan(const Tensor& x);
Tensor isinf(const Tensor& x);
Tensor isfinite(const Tensor& x);
Tensor nan_to_num(const Tensor& x, std::optional<double> nan = 0.0, std::optional<double> posinf = {},
                  std::optional<double> neginf = {});
Tensor clamp(const Tensor& x, std::optional<Scalar> min, std::optional<Scalar> max = {});
Tensor clamp(const Tensor& x, const Tensor& min, const Tensor& max);
Tensor& clamp_(Tensor& x, std::optional<Scalar> min, std::optional<Scalar> max = {});
inline Tensor clip(const Tensor& x, std::optional<Scalar> min, std::optional<Scalar> max = {}) {
  return clamp(x, min, max);
}

// ---- binary (Tensor op Tensor, Tensor op Scalar, Scalar op Tensor) ----
Tensor add(const Tensor& a, const Tensor& b, Scalar alpha = 1);
Tensor add(const Tensor& a, Scalar b, Scalar alpha = 1);
Tensor sub(const Tensor& a, const Tensor& b, Scalar alpha = 1);
Tensor sub(const Tensor& a, Scalar b, Scalar alpha = 1);
/// rounding_mode: none (true division), "trunc" or "floor".
Tensor div(const Tensor& a, const Tensor& b, std::optional<std::string_view> rounding_mode = {});
Tensor div(const Tensor& a, Scalar b, std::optional<std::string_view> rounding_mode = {});
Tensor floor_divide(const Tensor& a, const Tensor& b);
Tensor true_divide(const Tensor& a, const Tensor& b);
#define EMBER_DECLARE_BINARY(name)                 \
  Tensor name(const Tensor& a, const Tensor& b); \
  Tensor name(const Tensor& a, Scalar b);
EMBER_DECLARE_BINARY(mul)
EMBER_DECLARE_BINARY(pow)
EMBER_DECLARE_BINARY(maximum)
EMBER_DECLARE_BINARY(minimum)
EMBER_DECLARE_BINARY(fmod)
EMBER_DECLARE_BINARY(remainder)
EMBER_DECLARE_BINARY(atan2)
EMBER_DECLARE_BINARY(eq)
EMBER_DECLARE_BINARY(ne)
EMBER_DECLARE_BINARY(lt)
EMBER_DECLARE_BINARY(le)
EMBER_DECLARE_BINARY(gt)
EMBER_DECLARE_BINARY(ge)
EMBER_DECLARE_BINARY(logical_and)
EMBER_DECLARE_BINARY(logical_or)
EMBER_DECLARE_BINARY(logical_xor)
EMBER_DECLARE_BINARY(bitwise_and)
EMBER_DECLARE_BINARY(bitwise_or)
EMBER_DECLARE_BINARY(bitwise_xor)
#undef EMBER_DECLARE_BINARY
Tensor pow(Scalar base, const Tensor& exponent);

/// condition ? a : b, broadcasting all three.
Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b);
Tensor where(const Tensor& condition, Scalar a, const Tensor& b);
Tensor where(const Tensor& condition, const Tensor& a, Scalar b);
Tensor where(const Tensor& condition, Scalar a, Scalar b);
Tensor masked_fill(const Tensor& x, const Tensor& mask, Scalar value);
Tensor masked_fill(const Tensor& x, const Tensor& mask, const Tensor& value);
/// start + weight * (end - start)
Tensor lerp(const Tensor& start, const Tensor& end, Scalar weight);
Tensor lerp(const Tensor& start, const Tensor& end, const Tensor& weight);
/// x + value * t1 * t2
Tensor addcmul(const Tensor& x, const Tensor& t1, const Tensor& t2, Scalar value = 1);
/// x + value * t1 / t2
Tensor addcdiv(const Tensor& x, const Tensor& t1, const Tensor& t2, Scalar value = 1);
/// |a - b| <= atol + rtol * |b|, elementwise.
Tensor isclose(const Tensor& a, const Tensor& b, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false);
bool allclose(const Tensor& a, const Tensor& b, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false);
/// Same sizes and the same values (dtypes may differ).
bool equal(const Tensor& a, const Tensor& b);

// ---- operators: + - * / % and comparisons, like libtorch ----
Tensor operator-(const Tensor& x);
Tensor operator~(const Tensor& x);
#define EMBER_DECLARE_OPERATOR(op)                    \
  Tensor operator op(const Tensor& a, const Tensor& b); \
  Tensor operator op(const Tensor& a, Scalar b);        \
  Tensor operator op(Scalar a, const Tensor& b);
EMBER_DECLARE_OPERATOR(+)
EMBER_DECLARE_OPERATOR(-)
EMBER_DECLARE_OPERATOR(*)
EMBER_DECLARE_OPERATOR(/)
EMBER_DECLARE_OPERATOR(%)
EMBER_DECLARE_OPERATOR(==)
EMBER_DECLARE_OPERATOR(!=)
EMBER_DECLARE_OPERATOR(<)
EMBER_DECLARE_OPERATOR(<=)
EMBER_DECLARE_OPERATOR(>)
EMBER_DECLARE_OPERATOR(>=)
EMBER_DECLARE_OPERATOR(&)
EMBER_DECLARE_OPERATOR(|)
EMBER_DECLARE_OPERATOR(^)
#undef EMBER_DECLARE_OPERATOR
Tensor& operator+=(Tensor& a, const Tensor& b);
Tensor& operator+=(Tensor& a, Scalar b);
Tensor& operator-=(Tensor& a, const Tensor& b);
Tensor& operator-=(Tensor& a, Scalar b);
Tensor& operator*=(Tensor& a, const Tensor& b);
Tensor& operator*=(Tensor& a, Scalar b);
Tensor& operator/=(Tensor& a, const Tensor& b);
Tensor& operator/=(Tensor& a, Scalar b);

/// The dtype an op on these operands computes in (torch.result_type).
ScalarType result_type(const Tensor& a, const Tensor& b);
ScalarType result_type(const Tensor& a, Scalar b);

}  // namespace ember
