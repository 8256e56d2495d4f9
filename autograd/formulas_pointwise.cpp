// formulas_pointwise.cpp — derivatives of the elementwise ops.
//
// One node class per kind (unary, binary, where, conversion); each apply() is
// a table of formulas, one line of math per op. g is the incoming gradient,
// x the input, y the output. Every formula is built from differentiable ops,
// so it can itself be differentiated (create_graph).
#include <cmath>

#include "autograd/formulas_internal.h"
#include "autograd/record.h"
#include "autograd/saved_tensor.h"
#include "core/ops.h"

namespace ember::autograd {

using kernels::BinaryOp;
using kernels::UnaryOp;

namespace {

constexpr double kLn2 = 0.69314718055994530942;
constexpr double kLn10 = 2.30258509299404568402;
constexpr double kTwoOverSqrtPi = 1.12837916709551257390;   // 2 / sqrt(pi)
constexpr double kInvSqrt2 = 0.70710678118654752440;        // 1 / sqrt(2)
constexpr double kInvSqrt2Pi = 0.39894228040143267794;      // 1 / sqrt(2 pi)
constexpr double kSqrt2OverPi = 0.79788456080286535588;     // sqrt(2 / pi)
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;

const char* unary_name(UnaryOp op) {
  switch (op) {
    case UnaryOp::Neg: return "NegBackward0";
    case UnaryOp::Abs: return "AbsBackward0";
    case UnaryOp::Sign: return "SignBackward0";
    case UnaryOp::Square: return "PowBackward0";
    case UnaryOp::Relu: return "ReluBackward0";
    case UnaryOp::Relu6: return "HardtanhBackward0";
    case UnaryOp::Floor: return "FloorBackward0";
    case UnaryOp::Ceil: return "CeilBackward0";
    case UnaryOp::Round: return "RoundBackward0";
    case UnaryOp::Trunc: return "TruncBackward0";
    case UnaryOp::Clamp: return "ClampBackward1";
    case UnaryOp::Hardtanh: return "HardtanhBackward0";
    case UnaryOp::BitwiseNot: return "BitwiseNotBackward0";
    case UnaryOp::Exp: return "ExpBackward0";
    case UnaryOp::Exp2: return "Exp2Backward0";
    case UnaryOp::Log: return "LogBackward0";
    case UnaryOp::Log2: return "Log2Backward0";
    case UnaryOp::Log10: return "Log10Backward0";
    case UnaryOp::Log1p: return "Log1PBackward0";
    case UnaryOp::Expm1: return "Expm1Backward0";
    case UnaryOp::Sqrt: return "SqrtBackward0";
    case UnaryOp::Rsqrt: return "RsqrtBackward0";
    case UnaryOp::Reciprocal: return "ReciprocalBackward0";
    case UnaryOp::Sin: return "SinBackward0";
    case UnaryOp::Cos: return "CosBackward0";
    case UnaryOp::Tan: return "TanBackward0";
    case UnaryOp::Asin: return "AsinBackward0";
    case UnaryOp::Acos: return "AcosBackward0";
    case UnaryOp::Atan: return "AtanBackward0";
    case UnaryOp::Sinh: return "SinhBackward0";
    case UnaryOp::Cosh: return "CoshBackward0";
    case UnaryOp::Tanh: return "TanhBackward0";
    case UnaryOp::Sigmoid: return "SigmoidBackward0";
    case UnaryOp::LeakyRelu: return "LeakyReluBackward0";
    case UnaryOp::Elu: return "EluBackward0";
    case UnaryOp::Celu: return "CeluBackward0";
    case UnaryOp::Selu: return "EluBackward0";
    case UnaryOp::Gelu: return "GeluBackward0";
    case UnaryOp::GeluTanh: return "GeluBackward0";
    case UnaryOp::Silu: return "SiluBackward0";
    case UnaryOp::Mish: return "MishBackward0";
    case UnaryOp::Softplus: return "SoftplusBackward0";
    case UnaryOp::Hardsigmoid: return "HardsigmoidBackward0";
    case UnaryOp::Hardswish: return "HardswishBackward0";
    case UnaryOp::Softsign: return "SoftsignBackward0";
    case UnaryOp::Logsigmoid: return "LogSigmoidBackward0";
    case UnaryOp::Threshold: return "ThresholdBackward0";
    case UnaryOp::Erf: return "ErfBackward0";
    case UnaryOp::RoundDecimals: return "RoundBackward1";
    case UnaryOp::Frac: return "FracBackward0";
    case UnaryOp::NanToNum: return "NanToNumBackward0";
    case UnaryOp::IsNan: case UnaryOp::IsInf: case UnaryOp::IsFinite: case UnaryOp::LogicalNot: break;
  }
  return "UnaryBackward";
}

// Which formulas read the output instead of (or besides) the input.
bool uses_output(UnaryOp op) {
  switch (op) {
    case UnaryOp::Exp: case UnaryOp::Exp2: case UnaryOp::Expm1: case UnaryOp::Sqrt: case UnaryOp::Rsqrt:
    case UnaryOp::Reciprocal: case UnaryOp::Tanh: case UnaryOp::Sigmoid: case UnaryOp::Relu:
      return true;
    default:
      return false;
  }
}

class UnaryBackward final : public Node {
 public:
  UnaryBackward(UnaryOp op, const kernels::UnaryParams& p) : op_(op), p_(p) {}
  std::string name() const override { return unary_name(op_); }
  void save(const Tensor& in, const Tensor& out) {
    if (uses_output(op_)) out_ = SavedTensor(out, /*is_output=*/true);
    else in_ = SavedTensor(in, false);
  }
  void release_saved() override {
    in_.reset();
    out_.reset();
  }

  TensorList apply(TensorList&& grads) override {
    const Tensor& g = grads[0];
    Tensor x = in_.unpack(shared_from_this());
    Tensor y = out_.unpack(shared_from_this());
    const double a = p_.a, b = p_.b;
    switch (op_) {
      case UnaryOp::Neg: return {neg(g)};                                    // d(-x) = -1
      case UnaryOp::Abs: return {g * sign(x)};                               // d|x| = sign(x)
      case UnaryOp::Sign: case UnaryOp::Floor: case UnaryOp::Ceil: case UnaryOp::Round:
      case UnaryOp::Trunc: case UnaryOp::RoundDecimals:
        return {zeros_like(g)};                                              // piecewise constant
      case UnaryOp::Square: return {g * x * 2};                              // d x^2 = 2x
      case UnaryOp::Relu: return {where(gt(y, 0), g, Scalar(0))};           // 1 where x > 0
      case UnaryOp::Relu6: case UnaryOp::Hardtanh:                           // 1 strictly inside (min, max)
        return {where(logical_and(gt(x, a), lt(x, op_ == UnaryOp::Relu6 ? 6.0 : b)), g, Scalar(0))};
      case UnaryOp::Clamp: return {where(logical_and(ge(x, a), le(x, b)), g, Scalar(0))};  // 1 inside [min, max]
      case UnaryOp::Exp: return {g * y};                                     // d e^x = e^x
      case UnaryOp::Exp2: return {g * y * kLn2};                             // d 2^x = 2^x ln 2
      case UnaryOp::Expm1: return {g * (y + 1)};                             // d (e^x - 1) = e^x
      case UnaryOp::Log: return {g / x};                                     // d ln x = 1/x
      case UnaryOp::Log2: return {g / (x * kLn2)};
      case UnaryOp::Log10: return {g / (x * kLn10)};
      case UnaryOp::Log1p: return {g / (x + 1)};
      case UnaryOp::Sqrt: return {g / (y * 2)};                              // d sqrt x = 1 / (2 sqrt x)
      case UnaryOp::Rsqrt: return {g * y * y * y * -0.5};                    // d x^-1/2 = -x^-3/2 / 2
      case UnaryOp::Reciprocal: return {neg(g * y * y)};                     // d 1/x = -1/x^2
      case UnaryOp::Sin: return {g * cos(x)};
      case UnaryOp::Cos: return {neg(g * sin(x))};
      case UnaryOp::Tan: return {g / square(cos(x))};                        // d tan x = 1 / cos^2 x
      case UnaryOp::Asin: return {g / sqrt(1 - square(x))};
      case UnaryOp::Acos: return {neg(g / sqrt(1 - square(x)))};
      case UnaryOp::Atan: return {g / (square(x) + 1)};
      case UnaryOp::Sinh: return {g * cosh(x)};
      case UnaryOp::Cosh: return {g * sinh(x)};
      case UnaryOp::Tanh: return {g * (1 - y * y)};                          // d tanh = 1 - tanh^2
      case UnaryOp::Sigmoid: return {g * y * (1 - y)};                       // d s = s (1 - s)
      case UnaryOp::Erf: return {g * exp(neg(square(x))) * kTwoOverSqrtPi};  // d erf = 2/sqrt(pi) e^-x^2
      case UnaryOp::LeakyRelu: return {where(gt(x, 0), g, g * a)};
      case UnaryOp::Elu: return {where(gt(x, 0), g, g * exp(x) * a)};        // alpha e^x below 0
      case UnaryOp::Celu: return {where(gt(x, 0), g, g * exp(x / a))};       // e^(x/alpha) below 0
      case UnaryOp::Selu: return {where(gt(x, 0), g, g * exp(x) * kSeluAlpha) * kSeluScale};
      case UnaryOp::Gelu: {
        // d [x Phi(x)] = Phi(x) + x phi(x)
        Tensor cdf = (erf(x * kInvSqrt2) + 1) * 0.5;
        Tensor pdf = exp(square(x) * -0.5) * kInvSqrt2Pi;
        return {g * (cdf + x * pdf)};
      }
      case UnaryOp::GeluTanh: {
        // y = x/2 (1 + tanh u), u = k (x + c x^3):  dy = (1 + t)/2 + x/2 (1 - t^2) k (1 + 3 c x^2)
        Tensor t = tanh((x + x * x * x * 0.044715) * kSqrt2OverPi);
        Tensor du = (square(x) * (3 * 0.044715) + 1) * kSqrt2OverPi;
        return {g * ((t + 1) * 0.5 + x * 0.5 * (1 - square(t)) * du)};
      }
      case UnaryOp::Silu: {
        Tensor s = sigmoid(x);  // d [x s(x)] = s (1 + x (1 - s))
        return {g * s * (x * (1 - s) + 1)};
      }
      case UnaryOp::Mish: {
        // d [x tanh(sp(x))] = tanh(sp) + x (1 - tanh^2(sp)) sigmoid(x)
        Tensor t = tanh(softplus(x));
        return {g * (t + x * (1 - square(t)) * sigmoid(x))};
      }
      case UnaryOp::Softplus: return {where(gt(x * a, b), g, g * sigmoid(x * a))};  // sigmoid(beta x)
      case UnaryOp::Hardsigmoid: return {where(logical_and(gt(x, -3.0), lt(x, 3.0)), g / 6, Scalar(0))};
      case UnaryOp::Hardswish:  // 0 below -3, (2x + 3)/6 up to 3, 1 above
        return {where(lt(x, -3.0), Scalar(0), where(le(x, 3.0), g * (x * 2 + 3) / 6, g))};
      case UnaryOp::Softsign: return {g / square(abs(x) + 1)};
      case UnaryOp::Logsigmoid: return {g * sigmoid(neg(x))};               // d log s(x) = 1 - s(x)
      case UnaryOp::Threshold: return {where(gt(x, a), g, Scalar(0))};
      case UnaryOp::Frac: return {g};
      case UnaryOp::NanToNum: return {g * isfinite(x).to(g.scalar_type())};
      case UnaryOp::BitwiseNot: case UnaryOp::IsNan: case UnaryOp::IsInf: case UnaryOp::IsFinite:
      case UnaryOp::LogicalNot:
        break;
    }
    EMBER_FAIL("backward", name(), " has no derivative");
  }

 private:
  UnaryOp op_;
  kernels::UnaryParams p_;
  SavedTensor in_, out_;
};

const char* binary_name(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "AddBackward0";
    case BinaryOp::Sub: return "SubBackward0";
    case BinaryOp::Mul: return "MulBackward0";
    case BinaryOp::Div: return "DivBackward0";
    case BinaryOp::DivTrunc: case BinaryOp::DivFloor: return "DivBackward1";
    case BinaryOp::Pow: return "PowBackward1";
    case BinaryOp::Maximum: return "MaximumBackward0";
    case BinaryOp::Minimum: return "MinimumBackward0";
    case BinaryOp::Fmod: return "FmodBackward1";
    case BinaryOp::Remainder: return "RemainderBackward1";
    case BinaryOp::Atan2: return "Atan2Backward0";
    default: return "BinaryBackward";
  }
}

class BinaryBackward final : public Node {
 public:
  BinaryBackward(BinaryOp op, double alpha) : op_(op), alpha_(alpha) {}
  std::string name() const override { return binary_name(op_); }
  void save(const Tensor& a, const Tensor& b, const Tensor& out) {
    switch (op_) {
      case BinaryOp::Add: case BinaryOp::Sub: case BinaryOp::DivTrunc: case BinaryOp::DivFloor:
        return;  // need nothing but the gradient
      case BinaryOp::Div:
        b_ = SavedTensor(b, false);
        out_ = SavedTensor(out, true);
        return;
      case BinaryOp::Pow:
        a_ = SavedTensor(a, false);
        b_ = SavedTensor(b, false);
        out_ = SavedTensor(out, true);
        return;
      default:
        a_ = SavedTensor(a, false);
        b_ = SavedTensor(b, false);
    }
  }
  void release_saved() override {
    a_.reset();
    b_.reset();
    out_.reset();
  }

  TensorList apply(TensorList&& grads) override {
    const Tensor& g = grads[0];
    auto self = shared_from_this();
    Tensor a = a_.unpack(self), b = b_.unpack(self), y = out_.unpack(self);
    switch (op_) {
      case BinaryOp::Add: return {g, alpha_ == 1.0 ? g : g * alpha_};           // d(a + alpha b)
      case BinaryOp::Sub: return {g, g * -alpha_};                              // d(a - alpha b)
      case BinaryOp::Mul: return {g * b, g * a};                                // d(ab) = b da + a db
      case BinaryOp::Div: return {g / b, neg(g * y / b)};                       // d(a/b) = da/b - a/b^2 db
      case BinaryOp::DivTrunc: case BinaryOp::DivFloor: return {zeros_like(g), zeros_like(g)};
      case BinaryOp::Pow: {
        // d a^b = b a^(b-1) da + a^b ln(a) db; torch's conventions at b = 0 and at a = 0
        Tensor ga = where(eq(b, 0), Scalar(0), g * b * pow(a, b - 1));
        Tensor gb = where(logical_and(eq(a, 0), ge(b, 0)), Scalar(0), g * y * log(a));
        return {ga, gb};
      }
      case BinaryOp::Maximum: case BinaryOp::Minimum: {
        // the gradient goes to the chosen side; ties split it in half
        Tensor a_wins = op_ == BinaryOp::Maximum ? gt(a, b) : lt(a, b);
        Tensor tie = eq(a, b);
        Tensor half = g * 0.5;
        Tensor ga = where(a_wins, g, where(tie, half, Scalar(0)));
        Tensor gb = where(a_wins, Scalar(0), where(tie, half, g));
        return {ga, gb};
      }
      case BinaryOp::Fmod: return {g, neg(g * trunc(a / b))};                 // a - trunc(a/b) b
      case BinaryOp::Remainder: return {g, neg(g * floor(a / b))};            // a - floor(a/b) b
      case BinaryOp::Atan2: {
        Tensor r2 = a * a + b * b;  // d atan2(a, b) = (b da - a db) / (a^2 + b^2)
        return {g * b / r2, neg(g * a / r2)};
      }
      default: break;
    }
    EMBER_FAIL("backward", name(), " has no derivative");
  }

 private:
  BinaryOp op_;
  double alpha_;
  SavedTensor a_, b_, out_;
};

// where(c, a, b): the gradient goes to a where c holds, to b elsewhere
class WhereBackward final : public Node {
 public:
  explicit WhereBackward(const Tensor& cond) : cond_(cond, false) {}
  std::string name() const override { return "WhereBackward0"; }
  void release_saved() override { cond_.reset(); }
  TensorList apply(TensorList&& grads) override {
    const Tensor& g = grads[0];
    Tensor cond = cond_.unpack(shared_from_this());
    return {where(cond, g, Scalar(0)), where(cond, Scalar(0), g)};
  }

 private:
  SavedTensor cond_;  // bool, never requires grad
};

class ToCopyBackward final : public Node {
 public:
  ToCopyBackward(ScalarType dtype, Device device) : dtype_(dtype), device_(device) {}
  std::string name() const override { return "ToCopyBackward0"; }
  TensorList apply(TensorList&& grads) override { return {grads[0].to(device_, dtype_)}; }

 private:
  ScalarType dtype_;
  Device device_;
};

class CloneBackward final : public Node {
 public:
  std::string name() const override { return "CloneBackward0"; }
  TensorList apply(TensorList&& grads) override { return {std::move(grads[0])}; }
};

}  // namespace

void record_unary(UnaryOp op, const Tensor& in, const Tensor& out, const kernels::UnaryParams& p) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<UnaryBackward>(op, p);
  node->save(in, out);
  connect(*node, {&in});
  set_history(out, node);
}

void record_binary(BinaryOp op, const Tensor& a, const Tensor& b, const Tensor& out, double alpha) {
  if (!out.is_floating_point() || !should_record({&a, &b})) return;
  auto node = std::make_shared<BinaryBackward>(op, alpha);
  node->save(a, b, out);
  connect(*node, {&a, &b});
  set_history(out, node);
}

void record_where(const Tensor& cond, const Tensor& a, const Tensor& b, const Tensor& out) {
  if (!out.is_floating_point() || !should_record({&a, &b})) return;
  auto node = std::make_shared<WhereBackward>(cond);
  connect(*node, {&a, &b});
  set_history(out, node);
}

void record_to(const Tensor& in, const Tensor& out) {
  if (!out.is_floating_point() || !in.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<ToCopyBackward>(in.scalar_type(), in.device());
  connect(*node, {&in});
  set_history(out, node);
}

void record_clone(const Tensor& in, const Tensor& out) {
  if (!should_record({&in})) return;
  auto node = std::make_shared<CloneBackward>();
  connect(*node, {&in});
  set_history(out, node);
}

}  // namespace ember::autograd
