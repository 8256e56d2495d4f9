// test_pointwise.cpp — elementwise ops against PyTorch fixtures
// (tests/fixtures/make_fixtures.py) and small literal references: every unary
// op and activation in every floating dtype, integer inputs, binary arithmetic
// with broadcasting and PyTorch's type promotion, comparisons, logical and
// bitwise ops, division rounding modes, where/masked_fill/lerp/addcmul/addcdiv,
// clamp, isclose/allclose/equal, the C++ operators, and the errors.
#include <functional>
#include <limits>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

Tensor fx(const std::string& name) { return testing::fixture("core/pointwise/" + name); }
// "<op>_f32" and the like: one dtype's result from the op's stacked references
Tensor fx(const std::string& name, const std::string& suffix) {
  return testing::fixture_for_dtype("core/pointwise/" + name, suffix);
}

// One floating dtype with the tolerance its results are held to: about one
// unit in the last place of the dtype (float64 a little more, for libm
// differences between ember and torch's vectorized math).
struct FloatCase {
  const char* suffix;
  ScalarType dtype;
  double rtol, atol;
};
const FloatCase kFloatCases[] = {
    {"f64", kFloat64, 1e-12, 1e-14},
    {"f32", kFloat32, 1e-6, 1e-7},
    {"f16", kFloat16, 1e-3, 1e-5},
    {"bf16", kBFloat16, 8e-3, 1e-4},
};

struct UnaryCase {
  const char* name;
  const char* domain;  // the fixture input: x (any), pos (positive), unit (in (-1, 1))
  std::function<Tensor(const Tensor&)> fn;
};

const std::vector<UnaryCase>& unary_cases() {
  static const std::vector<UnaryCase> cases = {
      {"neg", "x", [](const Tensor& t) { return neg(t); }},
      {"abs", "x", [](const Tensor& t) { return abs(t); }},
      {"sign", "x", [](const Tensor& t) { return sign(t); }},
      {"exp", "x", [](const Tensor& t) { return exp(t); }},
      {"exp2", "x", [](const Tensor& t) { return exp2(t); }},
      {"expm1", "x", [](const Tensor& t) { return expm1(t); }},
      {"log", "pos", [](const Tensor& t) { return log(t); }},
      {"log2", "pos", [](const Tensor& t) { return log2(t); }},
      {"log10", "pos", [](const Tensor& t) { return log10(t); }},
      {"log1p", "pos", [](const Tensor& t) { return log1p(t); }},
      {"sqrt", "pos", [](const Tensor& t) { return sqrt(t); }},
      {"rsqrt", "pos", [](const Tensor& t) { return rsqrt(t); }},
      {"reciprocal", "pos", [](const Tensor& t) { return reciprocal(t); }},
      {"square", "x", [](const Tensor& t) { return square(t); }},
      {"sin", "x", [](const Tensor& t) { return sin(t); }},
      {"cos", "x", [](const Tensor& t) { return cos(t); }},
      {"tan", "unit", [](const Tensor& t) { return tan(t); }},
      {"asin", "unit", [](const Tensor& t) { return asin(t); }},
      {"acos", "unit", [](const Tensor& t) { return acos(t); }},
      {"atan", "x", [](const Tensor& t) { return atan(t); }},
      {"sinh", "x", [](const Tensor& t) { return sinh(t); }},
      {"cosh", "x", [](const Tensor& t) { return cosh(t); }},
      {"tanh", "x", [](const Tensor& t) { return tanh(t); }},
      {"sigmoid", "x", [](const Tensor& t) { return sigmoid(t); }},
      {"relu", "x", [](const Tensor& t) { return relu(t); }},
      {"relu6", "x", [](const Tensor& t) { return relu6(t); }},
      {"selu", "x", [](const Tensor& t) { return selu(t); }},
      {"silu", "x", [](const Tensor& t) { return silu(t); }},
      {"mish", "x", [](const Tensor& t) { return mish(t); }},
      {"erf", "x", [](const Tensor& t) { return erf(t); }},
      {"floor", "x", [](const Tensor& t) { return floor(t); }},
      {"ceil", "x", [](const Tensor& t) { return ceil(t); }},
      {"trunc", "x", [](const Tensor& t) { return trunc(t); }},
      {"frac", "x", [](const Tensor& t) { return frac(t); }},
      {"round", "x", [](const Tensor& t) { return round(t); }},
      {"round_dec2", "x", [](const Tensor& t) { return round(t, 2); }},
      {"leaky_relu", "x", [](const Tensor& t) { return leaky_relu(t, 0.2); }},
      {"elu", "x", [](const Tensor& t) { return elu(t, 1.5); }},
      {"celu", "x", [](const Tensor& t) { return celu(t, 0.7); }},
      {"gelu", "x", [](const Tensor& t) { return gelu(t); }},
      {"gelu_tanh", "x", [](const Tensor& t) { return gelu(t, "tanh"); }},
      {"softplus", "x", [](const Tensor& t) { return softplus(t, 2.0, 3.0); }},
      {"hardtanh", "x", [](const Tensor& t) { return hardtanh(t, -0.5, 1.5); }},
      {"hardsigmoid", "x", [](const Tensor& t) { return hardsigmoid(t); }},
      {"hardswish", "x", [](const Tensor& t) { return hardswish(t); }},
      {"softsign", "x", [](const Tensor& t) { return softsign(t); }},
      {"logsigmoid", "x", [](const Tensor& t) { return logsigmoid(t); }},
      {"threshold", "x", [](const Tensor& t) { return threshold(t, 0.3, -2.0); }},
      {"clamp", "x", [](const Tensor& t) { return clamp(t, -1.0, 0.5); }},
  };
  return cases;
}

Tensor f64(std::initializer_list<double> v) { return tensor(std::vector<double>(v), {}, kFloat64); }
Tensor i64(std::initializer_list<int64_t> v) { return tensor(std::vector<int64_t>(v)); }

}  // namespace

// ---------------------------------------------------------------- unary

TEST_CASE("unary ops match torch in float64, float32, float16 and bfloat16", "[pointwise][unary]") {
  for (const UnaryCase& u : unary_cases()) {
    Tensor input = fx(u.domain);
    for (const FloatCase& c : kFloatCases) {
      INFO(u.name << " in " << c.dtype);
      Tensor expected = fx(std::string(u.name), c.suffix);
      Tensor out = u.fn(input.to(c.dtype));
      CHECK(out.scalar_type() == c.dtype);
      REQUIRE_CLOSE(out, expected, c.rtol, c.atol);
    }
  }
}

TEST_CASE("unary ops on transposed, strided, expanded, 0-d and empty inputs", "[pointwise][unary]") {
  for (const UnaryCase& u : unary_cases()) {
    INFO(u.name);
    Tensor input = fx(u.domain);
    Tensor expected = fx(std::string(u.name), "f64");
    REQUIRE_CLOSE(u.fn(input.t()), expected.t(), 1e-12, 1e-14);
    REQUIRE_CLOSE(u.fn(input.slice(1, 1, std::nullopt, 2)), expected.slice(1, 1, std::nullopt, 2), 1e-12, 1e-14);
    REQUIRE_CLOSE(u.fn(input[2].expand({3, 6})), expected[2].expand({3, 6}), 1e-12, 1e-14);
    Tensor scalar = u.fn(input.index({1, 4}));
    CHECK(scalar.dim() == 0);
    REQUIRE_CLOSE(scalar, expected.index({1, 4}), 1e-12, 1e-14);
    Tensor empty = u.fn(zeros({0, 3}, kFloat64));
    CHECK(empty.sizes() == IntArrayRef{0, 3});
    CHECK(empty.scalar_type() == kFloat64);
  }
}

TEST_CASE("in-place unary ops write into self, also through a strided view", "[pointwise][unary]") {
  Tensor x = fx("x");
  Tensor y = x.clone();
  y.exp_();
  REQUIRE_CLOSE(y, fx("exp", "f64"), 1e-12);
  Tensor z = x.clone();
  Tensor cols = z.slice(1, 0, std::nullopt, 2);
  cols.tanh_();
  REQUIRE_CLOSE(z.slice(1, 0, std::nullopt, 2), fx("tanh", "f64").slice(1, 0, std::nullopt, 2), 1e-12);
  REQUIRE_EQUAL(z.slice(1, 1, std::nullopt, 2), x.slice(1, 1, std::nullopt, 2));  // untouched
  Tensor r = x.clone();
  leaky_relu_(r, 0.2);
  REQUIRE_CLOSE(r, fx("leaky_relu", "f64"), 1e-12);
  Tensor h = x.clone();
  hardtanh_(h, -0.5, 1.5);
  REQUIRE_CLOSE(h, fx("hardtanh", "f64"), 1e-12);
  Tensor c = x.clone();
  c.clamp_(-1.0, 0.5);
  REQUIRE_CLOSE(c, fx("clamp", "f64"), 1e-12);
  Tensor rd = x.clone();
  rd.round_(2);
  REQUIRE_CLOSE(rd, fx("round_dec2", "f64"), 1e-12);
  Tensor i = fx("xi");
  REQUIRE_THROWS_WITH(i.exp_(), Contains("[exp_]"));  // float result into an int tensor
  Tensor b = tensor({true, false});
  b.logical_not_();
  REQUIRE_EQUAL(b, tensor({false, true}));
}

TEST_CASE("unary ops on integer tensors keep the dtype or promote to float like torch", "[pointwise][unary][dtype]") {
  Tensor xi = fx("xi");
  REQUIRE(xi.scalar_type() == kInt32);
  REQUIRE_EQUAL(abs(xi), fx("abs_i32"));
  REQUIRE_EQUAL(neg(xi), fx("neg_i32"));
  REQUIRE_EQUAL(sign(xi), fx("sign_i32"));
  REQUIRE_EQUAL(square(xi), fx("square_i32"));
  REQUIRE_EQUAL(relu(xi), fx("relu_i32"));
  REQUIRE_EQUAL(floor(xi), fx("floor_i32"));
  REQUIRE_EQUAL(round(xi), fx("round_i32"));
  for (const char* name : {"exp", "sin", "sigmoid"}) {
    INFO(name);
    Tensor expected = fx(std::string(name) + "_i32");
    Tensor out = std::string(name) == "exp" ? exp(xi) : std::string(name) == "sin" ? sin(xi) : sigmoid(xi);
    CHECK(out.scalar_type() == kFloat32);
    REQUIRE_CLOSE(out, expected, 1e-6, 1e-7);
  }
  // bool and the small integer types
  CHECK(sqrt(tensor({true, false})).scalar_type() == kFloat32);
  REQUIRE_EQUAL(square(tensor({true, false})), i64({1, 0}));  // torch: int64
  REQUIRE_EQUAL(abs(tensor(std::vector<int8_t>{-128, -3, 5})), tensor(std::vector<int8_t>{-128, 3, 5}));  // wraps
  REQUIRE_EQUAL(neg(tensor(std::vector<uint8_t>{0, 1, 200})), tensor(std::vector<uint8_t>{0, 255, 56}));
  REQUIRE_EQUAL(clamp(tensor({1, 5, 9}), 2, 7), tensor({2, 5, 7}));
  CHECK(clamp(tensor({1, 5, 9}), 2.5).scalar_type() == kFloat32);
  REQUIRE_EQUAL(clamp(tensor(std::vector<uint8_t>{0, 100, 255}), -5, 300), tensor(std::vector<uint8_t>{0, 100, 255}));
  REQUIRE_EQUAL(bitwise_not(tensor(std::vector<uint8_t>{0, 5})), tensor(std::vector<uint8_t>{255, 250}));
  REQUIRE_EQUAL(bitwise_not(tensor({true, false})), tensor({false, true}));
  REQUIRE_EQUAL(logical_not(f64({0.0, -2.0})), tensor({true, false}));
  REQUIRE_EQUAL(isnan(xi), zeros({4, 6}, kBool));
  REQUIRE_EQUAL(isfinite(xi), ones({4, 6}, kBool));
}

TEST_CASE("unary literal references: rounding half to even, special values, nan_to_num", "[pointwise][unary]") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  REQUIRE_EQUAL(round(f64({0.5, 1.5, 2.5, -0.5, -1.5})), f64({0.0, 2.0, 2.0, -0.0, -2.0}));
  REQUIRE_CLOSE(round(f64({1.2345, -2.5678}), 2), f64({1.23, -2.57}), 1e-15);
  REQUIRE_EQUAL(trunc(f64({-1.7, 1.7})), f64({-1.0, 1.0}));
  REQUIRE_CLOSE(frac(f64({-1.75, 2.25})), f64({-0.75, 0.25}));
  REQUIRE_EQUAL(sign(f64({-0.0, 3.0, -2.0, nan})), f64({0.0, 1.0, -1.0, 0.0}));
  REQUIRE_EQUAL(relu(f64({-1.0, nan, 2.0})).isnan(), tensor({false, true, false}));
  REQUIRE_EQUAL(clamp(f64({1.0, nan, -3.0}), 0.0, 0.5).isnan(), tensor({false, true, false}));
  REQUIRE_CLOSE(sigmoid(f64({-1000.0, 0.0, 1000.0})), f64({0.0, 0.5, 1.0}));
  REQUIRE_CLOSE(logsigmoid(f64({-1000.0, 1000.0})), f64({-1000.0, 0.0}));
  REQUIRE_CLOSE(softplus(f64({100.0, -100.0})), f64({100.0, 3.720075976020836e-44}));
  REQUIRE_EQUAL(isinf(f64({inf, -inf, nan, 1.0})), tensor({true, true, false, false}));
  REQUIRE_EQUAL(isnan(f64({inf, nan})), tensor({false, true}));
  REQUIRE_EQUAL(nan_to_num(f64({nan, inf, -inf, 1.0}), 0.5, 9.0), f64({0.5, 9.0, -std::numeric_limits<double>::max(), 1.0}));
  REQUIRE_EQUAL(nan_to_num(tensor({static_cast<float>(inf)})), tensor({std::numeric_limits<float>::max()}));
  REQUIRE_EQUAL(nan_to_num(tensor({1, 2})), tensor({1, 2}));
  REQUIRE_CLOSE(threshold(f64({0.1, 0.3, 0.5}), 0.3, -2.0), f64({-2.0, -2.0, 0.5}));
  REQUIRE_CLOSE(hardswish(f64({-4.0, -1.5, 0.0, 1.5, 4.0})), f64({0.0, -0.375, 0.0, 1.125, 4.0}));
  REQUIRE_CLOSE(hardsigmoid(f64({-4.0, 0.0, 1.5, 4.0})), f64({0.0, 0.5, 0.75, 1.0}));
  REQUIRE_CLOSE(gelu(f64({1.0})), f64({0.8413447460685429}), 1e-15);
}

TEST_CASE("float exp and gelu keep their relative accuracy far beyond the fixtures", "[pointwise][unary]") {
  // kernels/vector_math.h against the C library in double, on the same float
  // inputs: exp over its normal range and into subnormal results, gelu down
  // the negative tail where 1 + erf(x / sqrt 2) would cancel
  Tensor x = linspace(-87.0, 88.0, 100001, kFloat32);
  REQUIRE_CLOSE(exp(x), exp(x.to(kFloat64)), 2.5e-7, 0.0);
  Tensor deep = linspace(-103.0, -88.0, 1001, kFloat32);
  REQUIRE_CLOSE(exp(deep), exp(deep.to(kFloat64)), 0.0, 1.5e-45);  // one subnormal step
  Tensor t = linspace(-12.5, 8.0, 100001, kFloat32);
  REQUIRE_CLOSE(gelu(t), gelu(t.to(kFloat64)), 1e-6, 0.0);
  const float inf = std::numeric_limits<float>::infinity();
  Tensor special = gelu(tensor({inf, -20.0f, 0.0f, std::numeric_limits<float>::quiet_NaN()}));
  REQUIRE_EQUAL(special.slice(0, 0, 3), tensor({inf, -0.0f, 0.0f}));
  CHECK(special[3].isnan().item<bool>());
}

TEST_CASE("unary ops reject dtypes and arguments they do not support", "[pointwise][unary][errors]") {
  Tensor xi = fx("xi");
  REQUIRE_THROWS_WITH(gelu(xi), Contains("[gelu] expected a floating point tensor"));
  REQUIRE_THROWS_WITH(gelu(fx("x"), "sigmoid"), Contains("[gelu] approximate must be"));
  REQUIRE_THROWS_WITH(silu(xi), Contains("[silu]"));
  REQUIRE_THROWS_WITH(frac(xi), Contains("[frac]"));
  REQUIRE_THROWS_WITH(round(xi, 2), Contains("[round]"));
  REQUIRE_THROWS_WITH(neg(tensor({true})), Contains("[neg]"));
  REQUIRE_THROWS_WITH(celu(fx("x"), 0.0), Contains("[celu]"));
  REQUIRE_THROWS_WITH(softplus(fx("x"), 0.0), Contains("[softplus]"));
  REQUIRE_THROWS_WITH(hardtanh(fx("x"), 1.0, -1.0), Contains("[hardtanh]"));
  REQUIRE_THROWS_WITH(clamp(fx("x"), std::nullopt, std::nullopt), Contains("[clamp]"));
  REQUIRE_THROWS_WITH(clamp(tensor({true}), false, true), Contains("[clamp] is not supported for bool"));
  REQUIRE_EQUAL(clamp(tensor({true, false}), 0, 1), i64({1, 0}));  // int bounds promote bool to int64, as torch
  REQUIRE_THROWS_WITH(exp(Tensor()), Contains("[exp]"));
}

// ---------------------------------------------------------------- binary

TEST_CASE("binary arithmetic matches torch in every floating dtype", "[pointwise][binary]") {
  Tensor a = fx("a"), b = fx("b");
  const std::vector<std::pair<const char*, std::function<Tensor(const Tensor&, const Tensor&)>>> ops = {
      {"add", [](const Tensor& p, const Tensor& q) { return add(p, q, 2); }},
      {"sub", [](const Tensor& p, const Tensor& q) { return sub(p, q, 0.5); }},
      {"mul", [](const Tensor& p, const Tensor& q) { return mul(p, q); }},
      {"div", [](const Tensor& p, const Tensor& q) { return div(p, q); }},
      {"div_trunc", [](const Tensor& p, const Tensor& q) { return div(p, q, "trunc"); }},
      {"div_floor", [](const Tensor& p, const Tensor& q) { return div(p, q, "floor"); }},
      {"pow", [](const Tensor& p, const Tensor& q) { return pow(abs(p), q); }},
      {"maximum", [](const Tensor& p, const Tensor& q) { return maximum(p, q); }},
      {"minimum", [](const Tensor& p, const Tensor& q) { return minimum(p, q); }},
      {"fmod", [](const Tensor& p, const Tensor& q) { return fmod(p, q); }},
      {"remainder", [](const Tensor& p, const Tensor& q) { return remainder(p, q); }},
      {"atan2", [](const Tensor& p, const Tensor& q) { return atan2(p, q); }},
  };
  for (const auto& [name, fn] : ops) {
    for (const FloatCase& c : kFloatCases) {
      INFO(name << " in " << c.dtype);
      Tensor out = fn(a.to(c.dtype), b.to(c.dtype));
      CHECK(out.scalar_type() == c.dtype);
      REQUIRE_CLOSE(out, fx(std::string(name), c.suffix), c.rtol, c.atol);
    }
    INFO(name << " on transposed and strided operands");
    Tensor expected = fx(std::string(name), "f64");
    REQUIRE_CLOSE(fn(a.t(), b.t()), expected.t(), 1e-12, 1e-14);
    REQUIRE_CLOSE(fn(a.slice(0, 0, std::nullopt, 3), b.slice(0, 0, std::nullopt, 3)),
                  expected.slice(0, 0, std::nullopt, 3), 1e-12, 1e-14);
    REQUIRE_CLOSE(fn(a.t().contiguous().t(), b), expected, 1e-12, 1e-14);  // mixed layouts
    Tensor s = fn(a.index({1, 2}), b.index({1, 2}));
    CHECK(s.dim() == 0);
    REQUIRE_CLOSE(s, expected.index({1, 2}), 1e-12, 1e-14);
  }
}

TEST_CASE("comparisons return bool and broadcasting follows NumPy", "[pointwise][binary]") {
  Tensor a = fx("a"), b = fx("b");
  REQUIRE_EQUAL(eq(a, b), fx("eq"));
  REQUIRE_EQUAL(ne(a, b), fx("ne"));
  REQUIRE_EQUAL(lt(a, b), fx("lt"));
  REQUIRE_EQUAL(le(a, b), fx("le"));
  REQUIRE_EQUAL(gt(a, b), fx("gt"));
  REQUIRE_EQUAL(ge(a, b), fx("ge"));
  REQUIRE_EQUAL(a.t() == b.t(), fx("eq").t());
  // mixed dtypes compare in the promoted dtype: float32(0.1) > float64(0.1)
  REQUIRE_EQUAL(gt(tensor({0.1f, 0.5f}), f64({0.1, 0.5})), tensor({true, false}));
  REQUIRE_EQUAL(eq(tensor({0.1f}), f64({0.1})), tensor({false}));
  Tensor row = b[2], col = b.slice(1, 3, 4);
  REQUIRE_CLOSE(a + row, fx("add_row"), 1e-15);
  REQUIRE_CLOSE(row + a, fx("add_row"), 1e-15);
  REQUIRE_CLOSE(a * col, fx("mul_col"), 1e-15);
  REQUIRE_CLOSE(a * col.expand({4, 6}), fx("mul_col"), 1e-15);
  REQUIRE_CLOSE(div(a, col, "floor"), fx("div_floor_col"), 1e-15);
  Tensor outer = add(arange(3, kFloat64).view({3, 1}), arange(4, kFloat64).view({1, 4}));
  REQUIRE_EQUAL(outer, f64({0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5}).view({3, 4}));
  CHECK(add(zeros({0, 4}), zeros({1, 4})).sizes() == IntArrayRef{0, 4});
  CHECK(add(zeros({2, 1, 3}), zeros({4, 1})).sizes() == IntArrayRef{2, 4, 3});
  REQUIRE_THROWS_WITH(add(zeros({2, 3}), zeros({3, 2})), Contains("[add]"));
  REQUIRE_THROWS_WITH(lt(zeros({4}), zeros({5})), Contains("[lt]"));
}

TEST_CASE("integer arithmetic: rounding modes, remainder, bitwise ops and pow", "[pointwise][binary][dtype]") {
  Tensor ai = fx("ai"), bi = fx("bi");
  REQUIRE(ai.scalar_type() == kInt64);
  REQUIRE_EQUAL(div(ai, bi, "trunc"), fx("div_trunc_i64"));
  REQUIRE_EQUAL(div(ai, bi, "floor"), fx("div_floor_i64"));
  REQUIRE_EQUAL(floor_divide(ai, bi), fx("div_floor_i64"));
  Tensor true_div = div(ai, bi);
  CHECK(true_div.scalar_type() == kFloat32);
  REQUIRE_CLOSE(true_div, fx("div_i64"), 1e-6);
  REQUIRE_EQUAL(fmod(ai, bi), fx("fmod_i64"));
  REQUIRE_EQUAL(remainder(ai, bi), fx("remainder_i64"));
  REQUIRE_EQUAL(ai % bi, fx("remainder_i64"));
  REQUIRE_EQUAL(bitwise_and(ai, bi), fx("bitwise_and_i64"));
  REQUIRE_EQUAL(ai | bi, fx("bitwise_or_i64"));
  REQUIRE_EQUAL(ai ^ bi, fx("bitwise_xor_i64"));
  REQUIRE_EQUAL(~ai, fx("bitwise_not_i64"));
  REQUIRE_EQUAL(pow(ai, abs(bi)), fx("pow_i64"));
  REQUIRE_EQUAL(ai * bi, fx("mul_i64"));
  REQUIRE_EQUAL(maximum(ai, bi), fx("maximum_i64"));
  // the same ops on int32, int8 and through strided views
  REQUIRE_EQUAL(div(ai.to(kInt32), bi.to(kInt32), "floor"), fx("div_floor_i64").to(kInt32));
  REQUIRE_EQUAL(remainder(ai.to(kInt8), bi.to(kInt8)), fx("remainder_i64").to(kInt8));
  REQUIRE_EQUAL(fmod(ai.t(), bi.t()), fx("fmod_i64").t());
  // literals: Python's // and % versus C's truncation
  REQUIRE_EQUAL(div(i64({-7, 7}), 2, "floor"), i64({-4, 3}));
  REQUIRE_EQUAL(div(i64({-7, 7}), 2, "trunc"), i64({-3, 3}));
  REQUIRE_EQUAL(remainder(i64({-7, 7}), 3), i64({2, 1}));
  REQUIRE_EQUAL(fmod(i64({-7, 7}), 3), i64({-1, 1}));
  REQUIRE_EQUAL(div(f64({-7.0, 7.0}), f64({2.0, -2.0}), "floor"), f64({-4.0, -4.0}));
  REQUIRE_EQUAL(remainder(f64({-8.0, 8.0}), f64({3.0, -3.0})), f64({1.0, -1.0}));
  REQUIRE_EQUAL(div(tensor(std::vector<int8_t>{-128}), -1, "trunc"), tensor(std::vector<int8_t>{-128}));  // wraps
  REQUIRE_EQUAL(pow(2, i64({0, 1, 3})), i64({1, 2, 8}));
  REQUIRE_EQUAL(pow(i64({2, 3}), i64({0, 3})), i64({1, 27}));
  CHECK(pow(i64({2, 3}), 2.0).scalar_type() == kFloat32);
  REQUIRE_CLOSE(pow(f64({2.0, 4.0}), 0.5), f64({1.4142135623730951, 2.0}));
  REQUIRE_EQUAL(tensor(std::vector<uint8_t>{5, 3}) & tensor(std::vector<uint8_t>{3, 1}), tensor(std::vector<uint8_t>{1, 1}));
  REQUIRE_EQUAL(tensor({true, false}) ^ tensor({true, true}), tensor({false, true}));
  REQUIRE_EQUAL(tensor({true, false}) | tensor({false, false}), tensor({true, false}));
}

TEST_CASE("integer division by zero and other dtype misuse throw", "[pointwise][binary][errors]") {
  Tensor ai = fx("ai");
  Tensor z = zeros({4, 6}, kInt64);
  // ember refuses integer division by zero (torch raises ZeroDivisionError too)
  REQUIRE_THROWS_WITH(div(ai, z, "floor"), Contains("[div] integer division by zero"));
  REQUIRE_THROWS_WITH(div(ai, 0, "trunc"), Contains("[div] integer division by zero"));
  REQUIRE_THROWS_WITH(remainder(ai, 0), Contains("[remainder] integer division by zero"));
  REQUIRE_THROWS_WITH(fmod(ai, z), Contains("[fmod] integer division by zero"));
  REQUIRE_THROWS_WITH(ai.clone().div_(z, "floor"), Contains("[div_] integer division by zero"));
  REQUIRE_NOTHROW(div(ai, z));  // true division of ints is float division: inf/nan
  CHECK(div(i64({1, -1, 0}), 0).isinf().sum().item<int64_t>() == 2);
  REQUIRE_THROWS_WITH(pow(ai, i64({-1})), Contains("[pow] integers to negative integer powers"));
  REQUIRE_THROWS_WITH(pow(ai, -2), Contains("[pow]"));
  REQUIRE_THROWS_WITH(bitwise_and(fx("a"), fx("b")), Contains("[bitwise_and] is not defined for float64"));
  REQUIRE_THROWS_WITH(bitwise_or(ai, 1.5), Contains("[bitwise_or]"));
  REQUIRE_THROWS_WITH(bitwise_xor(fx("a"), ai), Contains("[bitwise_xor]"));
  REQUIRE_THROWS_WITH(sub(tensor({true}), tensor({false})), Contains("[sub] subtraction of bool tensors"));
  REQUIRE_THROWS_WITH(add(ai, ai, 0.5), Contains("[add]"));
  REQUIRE_THROWS_WITH(div(fx("a"), fx("b"), "round"), Contains("[div] rounding_mode"));
  REQUIRE_THROWS_WITH(ai.clone().add_(fx("a")), Contains("[add_]"));
}

TEST_CASE("type promotion of binary ops follows torch.result_type", "[pointwise][binary][dtype]") {
  Tensor u8 = tensor(std::vector<uint8_t>{0, 5}), i8 = tensor(std::vector<int8_t>{1, -2});
  Tensor i32 = tensor({1, 2}), i64v = i64({1, 2}), f16 = zeros({2}, kFloat16), bf16 = zeros({2}, kBFloat16);
  Tensor f32 = zeros({2}), f64v = zeros({2}, kFloat64), b = tensor({true, false});
  CHECK((u8 + i8).scalar_type() == kInt32);  // deviation: torch gives int16, which ember lacks
  REQUIRE_EQUAL(u8 + i8, tensor({1, 3}));
  CHECK((i32 + i64v).scalar_type() == kInt64);
  CHECK((i8 + i32).scalar_type() == kInt32);
  CHECK((f16 + bf16).scalar_type() == kFloat32);
  CHECK((f16 + i64v).scalar_type() == kFloat16);
  CHECK((f32 + f64v).scalar_type() == kFloat64);
  CHECK((b + b).scalar_type() == kBool);
  CHECK((b + 1).scalar_type() == kInt64);
  CHECK((b * 1.5).scalar_type() == kFloat32);
  CHECK((u8 * zeros({}, kFloat64)).scalar_type() == kFloat64);  // 0-d of a higher category wins
  CHECK((f16 * zeros({}, kFloat64)).scalar_type() == kFloat16);  // same category: the dim tensor wins
  CHECK((i32 * zeros({}, kInt64)).scalar_type() == kInt32);
  CHECK((f16 * 2.5).scalar_type() == kFloat16);
  CHECK((i32 / i32).scalar_type() == kFloat32);
  CHECK((f64v / 2).scalar_type() == kFloat64);
  CHECK(maximum(i8, f16).scalar_type() == kFloat16);
  CHECK(atan2(i32, i32).scalar_type() == kFloat32);
  CHECK(eq(u8, 2.5).scalar_type() == kBool);
  REQUIRE_EQUAL(u8 - 1, tensor(std::vector<uint8_t>{255, 4}));  // a Python int keeps uint8 and wraps
  REQUIRE_EQUAL(2 - i32, tensor({1, 0}));
  REQUIRE_CLOSE(2.5 - i32, tensor({1.5, 0.5}));
  REQUIRE_CLOSE(1 / i64({2, 4}), tensor({0.5, 0.25}));
  REQUIRE_EQUAL(u8 > 2.5, tensor({false, true}));
  REQUIRE_EQUAL(tensor({1.5}).to(kFloat16) + tensor({1.5}).to(kBFloat16), tensor({3.0}));
}

TEST_CASE("logical ops treat non-zero as true and return bool", "[pointwise][binary]") {
  Tensor la = fx("la"), lb = fx("lb");
  REQUIRE_EQUAL(logical_and(la, lb), fx("logical_and"));
  REQUIRE_EQUAL(logical_or(la, lb), fx("logical_or"));
  REQUIRE_EQUAL(logical_xor(la, lb), fx("logical_xor"));
  REQUIRE_EQUAL(logical_not(la), fx("logical_not"));
  REQUIRE_EQUAL(logical_and(la.t(), lb.t()), fx("logical_and").t());
  REQUIRE_EQUAL(logical_or(la, 0), la.ne(0));
  REQUIRE_EQUAL(logical_and(la, true), la.ne(0));
  Tensor inplace = la.clone();
  inplace.logical_or_(lb);  // 0/1 written in self's dtype
  REQUIRE_EQUAL(inplace, fx("logical_or").to(kFloat64));
}

TEST_CASE("in-place binary ops and compound operators", "[pointwise][binary]") {
  Tensor a = fx("a"), b = fx("b");
  Tensor x = a.clone();
  x += b;
  x -= b;
  x *= 2;
  x /= 2;
  REQUIRE_CLOSE(x, a, 1e-15);
  Tensor y = a.clone();
  y.add_(b, 2);
  REQUIRE_CLOSE(y, fx("add", "f64"), 1e-15);
  Tensor z = a.clone();
  z.div_(b, "floor");
  REQUIRE_CLOSE(z, fx("div_floor", "f64"), 1e-15);
  Tensor r = a.clone();
  r.remainder_(b);
  REQUIRE_CLOSE(r, fx("remainder", "f64"), 1e-12);
  Tensor c = a.clone();
  c.lt_(b);
  REQUIRE_EQUAL(c, fx("lt").to(kFloat64));
  Tensor f = a.to(kFloat32);
  f.mul_(b);  // float64 operand, result cast into float32
  CHECK(f.scalar_type() == kFloat32);
  REQUIRE_CLOSE(f, fx("mul", "f32"), 1e-6);
  Tensor i = fx("ai").clone();
  i.mul_(3);
  REQUIRE_EQUAL(i, fx("ai") * 3);
  Tensor row = a.clone();
  row.slice(0, 1, 3).add_(b[0]);  // a view, with broadcasting
  REQUIRE_CLOSE(row.slice(0, 1, 3), a.slice(0, 1, 3) + b[0], 1e-15);
  REQUIRE_EQUAL(row[0], a[0]);
  REQUIRE_THROWS_WITH(a.clone().add_(zeros({2, 4, 6}, kFloat64)), Contains("[add_]"));
  REQUIRE_THROWS_WITH(fx("ai").clone().div_(2), Contains("[div_]"));  // float result into int64
}

// ---------------------------------------------------------------- where and composites

TEST_CASE("where, masked_fill, lerp, addcmul, addcdiv and clamp with tensor bounds", "[pointwise][composite]") {
  Tensor a = fx("a"), b = fx("b"), w = fx("w"), cond = fx("cond");
  REQUIRE(cond.scalar_type() == kBool);
  REQUIRE_EQUAL(where(cond, a, b), fx("where"));
  REQUIRE_EQUAL(a.where(cond, b), fx("where"));
  REQUIRE_EQUAL(where(cond, a, b[2]), fx("where_row"));
  REQUIRE_EQUAL(where(cond.t(), a.t(), b.t()), fx("where").t());
  REQUIRE_EQUAL(where(tensor({true, false}), 1.5, f64({3.0, 4.0})), f64({1.5, 4.0}));
  REQUIRE_EQUAL(where(tensor({true, false}), i64({1, 2}), 0.5), tensor({1.0, 0.5}));  // promotes to float32
  CHECK(where(tensor({true}), tensor({1}), i64({2})).scalar_type() == kInt64);
  REQUIRE_EQUAL(masked_fill(a, cond[0], -7.5), fx("masked_fill"));
  REQUIRE_EQUAL(a.masked_fill(cond[0], tensor({-7.5}, kFloat64).view({})), fx("masked_fill"));
  Tensor mf = a.clone();
  mf.masked_fill_(cond[0], -7.5);
  REQUIRE_EQUAL(mf, fx("masked_fill"));
  REQUIRE_EQUAL(masked_fill(i64({1, 2, 3}), tensor({false, true, false}), 9), i64({1, 9, 3}));
  REQUIRE_CLOSE(lerp(a, b, 0.3), fx("lerp_scalar"), 1e-14);
  REQUIRE_CLOSE(lerp(a, b, w), fx("lerp_tensor"), 1e-14);
  REQUIRE_CLOSE(lerp(f64({1.0, 2.0}), f64({3.0, 6.0}), 0.25), f64({1.5, 3.0}));
  REQUIRE_CLOSE(addcmul(w, a, b, 0.5), fx("addcmul"), 1e-14);
  REQUIRE_CLOSE(addcdiv(w, a, b, -2.0), fx("addcdiv"), 1e-14);
  REQUIRE_CLOSE(w.addcmul(a.t().contiguous().t(), b, 0.5), fx("addcmul"), 1e-14);
  Tensor acm = w.clone();
  acm.addcdiv_(a, b, -2.0);
  REQUIRE_CLOSE(acm, fx("addcdiv"), 1e-14);
  REQUIRE_EQUAL(addcmul(f64({1.0}), f64({2.0}), f64({3.0}), 2), f64({13.0}));
  REQUIRE_EQUAL(addcdiv(f64({1.0}), f64({2.0}), f64({4.0}), 2), f64({2.0}));
  REQUIRE_EQUAL(clamp(a, minimum(b, w), maximum(b, w)), fx("clamp_tensor"));
  REQUIRE_EQUAL(a.clamp(minimum(b, w), maximum(b, w)), fx("clamp_tensor"));
  REQUIRE_EQUAL(clamp(a, Tensor(), f64({0.0})), minimum(a, f64({0.0})));
  REQUIRE_EQUAL(clip(f64({-2.0, 0.5, 2.0}), -1.0, 1.0), f64({-1.0, 0.5, 1.0}));
  REQUIRE_EQUAL(clamp(f64({-2.0, 0.5, 2.0}), 1.0, -1.0), f64({-1.0, -1.0, -1.0}));  // min > max: all max, like torch

  REQUIRE_THROWS_WITH(where(a.gt(0).to(kInt64), a, b), Contains("[where] condition must be a bool tensor"));
  REQUIRE_THROWS_WITH(where(cond, a, zeros({5})), Contains("[where]"));
  REQUIRE_THROWS_WITH(masked_fill(a, cond.to(kInt64), 1.0), Contains("[masked_fill] mask must be a bool tensor"));
  REQUIRE_THROWS_WITH(masked_fill(a[0], cond, 1.0), Contains("[masked_fill]"));  // mask larger than x
  REQUIRE_THROWS_WITH(masked_fill(a, cond, f64({1.0, 2.0})), Contains("[masked_fill] value must be a 0-dim"));
  REQUIRE_THROWS_WITH(addcdiv(w, fx("ai"), fx("bi")), Contains("[addcdiv]"));
  REQUIRE_THROWS_WITH(lerp(a, zeros({5}, kFloat64), 0.5), Contains("[lerp]"));
  REQUIRE_THROWS_WITH(lerp(a, b, zeros({5}, kFloat64)), Contains("[lerp]"));
  REQUIRE_THROWS_WITH(addcmul(w, a, zeros({5}, kFloat64)), Contains("[addcmul]"));
  REQUIRE_THROWS_WITH(addcdiv(zeros({5}, kFloat64), a, b), Contains("[addcdiv]"));
}

TEST_CASE("isclose, allclose and equal", "[pointwise][composite]") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  Tensor a = fx("a"), w = fx("w");
  REQUIRE_EQUAL(isclose(a, a + w * 1e-3, 1e-3, 1e-4), fx("isclose"));
  REQUIRE_EQUAL(isclose(f64({1.0, inf, nan, -inf}), f64({1.0001, inf, nan, inf})),
                tensor({false, true, false, false}));
  REQUIRE_EQUAL(isclose(f64({nan, 1.0}), f64({nan, 1.0}), 1e-5, 1e-8, true), tensor({true, true}));
  REQUIRE_EQUAL(isclose(i64({1, 2}), i64({1, 3})), tensor({true, false}));
  REQUIRE_EQUAL(isclose(i64({100, 2}), tensor({100.0001, 2.5})), tensor({true, false}));  // 1e-4 <= 1e-5 * 100
  REQUIRE_EQUAL(isclose(i64({100}), tensor({100.01})), tensor({false}));
  CHECK(allclose(a, a.clone()));
  CHECK(allclose(a, a + 1e-9));
  CHECK_FALSE(allclose(a, a + 1e-3));
  CHECK(allclose(a, a + 1e-3, 0.0, 2e-3));
  CHECK_FALSE(allclose(f64({nan}), f64({nan})));
  CHECK(allclose(f64({nan}), f64({nan}), 1e-5, 1e-8, true));
  CHECK(a.allclose(a.t().contiguous().t()));
  CHECK(equal(i64({1, 2}), tensor({1.0, 2.0})));  // dtypes may differ, like torch.equal
  CHECK_FALSE(equal(i64({1, 2}), i64({1, 2, 3})));
  CHECK_FALSE(equal(i64({1, 2}), i64({1, 2}).view({1, 2})));
  CHECK(equal(zeros({0, 3}), zeros({0, 3})));
  CHECK(a.equal(a.t().t()));
  REQUIRE_THROWS_WITH(isclose(a, a, -1.0), Contains("[isclose]"));
  REQUIRE_THROWS_WITH(isclose(a, zeros({5})), Contains("[isclose]"));
}

TEST_CASE("operators mirror the named ops", "[pointwise][operators]") {
  Tensor a = fx("a"), b = fx("b");
  REQUIRE_CLOSE(a + b, add(a, b), 0.0, 0.0);
  REQUIRE_CLOSE(a - b, sub(a, b), 0.0, 0.0);
  REQUIRE_CLOSE(a * b, fx("mul", "f64"), 0.0, 0.0);
  REQUIRE_CLOSE(a / b, fx("div", "f64"), 1e-15);
  REQUIRE_CLOSE(a % b, fx("remainder", "f64"), 1e-12);
  REQUIRE_EQUAL(-a, neg(a));
  REQUIRE_EQUAL(-a + a, zeros({4, 6}, kFloat64));
  REQUIRE_EQUAL(a == b, fx("eq"));
  REQUIRE_EQUAL(a != b, fx("ne"));
  REQUIRE_EQUAL(a < b, fx("lt"));
  REQUIRE_EQUAL(a <= b, fx("le"));
  REQUIRE_EQUAL(a > b, fx("gt"));
  REQUIRE_EQUAL(a >= b, fx("ge"));
  REQUIRE_EQUAL(a > 0.5, gt(a, 0.5));
  REQUIRE_EQUAL(0.5 < a, gt(a, 0.5));
  REQUIRE_CLOSE(3.0 - a, neg(a) + 3.0, 0.0, 0.0);
  REQUIRE_CLOSE(2.0 / b, reciprocal(b) * 2.0, 1e-15);
  REQUIRE_EQUAL(~tensor({true, false}), tensor({false, true}));
  REQUIRE_EQUAL(3 & i64({1, 2, 3}), i64({1, 2, 3}));
}
