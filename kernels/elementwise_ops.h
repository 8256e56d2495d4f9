// elementwise_ops.h — the math of every elementwise op, as small functors
// written once and used by the CPU loops (kernels/cpu/unary_*.cpp, binary.cpp)
// and, later, by the CUDA kernels (EMBER_HD = __host__ __device__ under nvcc).
//
// A unary functor maps one value of the compute type C (float for the 16-bit
// floats, else the dtype itself) to a result; UnaryParams carries slopes,
// bounds and the like. A binary functor maps (a, b). Nothing here loops,
// allocates or knows about strides.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "core/half.h"
#include "kernels/vector_math.h"
#include "kernels/kernels.h"

namespace ember::kernels::ops {

template <class C>
inline constexpr bool is_float_v = std::is_floating_point_v<C>;

// ---------------------------------------------------------------- unary: valid on integers
struct Neg {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const {
    if constexpr (std::is_unsigned_v<C>) return static_cast<C>(0u - x);  // wraps like torch
    else if constexpr (std::is_integral_v<C>) return static_cast<C>(0 - static_cast<std::make_unsigned_t<C>>(x));
    else return -x;
  }
};
struct Abs {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const {
    if constexpr (std::is_unsigned_v<C>) return x;
    else if constexpr (std::is_integral_v<C>) return x < 0 ? Neg{}(x, {}) : x;
    else return std::fabs(x);
  }
};
// sign(x) = -1, 0 or 1; sign(NaN) = 0 like torch's CPU kernel
struct Sign {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const {
    return static_cast<C>((C(0) < x) - (x < C(0)));
  }
};
struct Square {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const { return static_cast<C>(x * x); }
};
// relu(x) = max(x, 0), NaN stays NaN
struct Relu {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const { return x < C(0) ? C(0) : x; }
};
// relu6(x) = min(max(x, 0), 6)
struct Relu6 {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const {
    return x < C(0) ? C(0) : (x > C(6) ? C(6) : x);
  }
};
struct Floor {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const {
    if constexpr (is_float_v<C>) return std::floor(x); else return x;
  }
};
struct Ceil {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const {
    if constexpr (is_float_v<C>) return std::ceil(x); else return x;
  }
};
// round half to even (the FPU's default rounding mode)
struct Round {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const {
    if constexpr (is_float_v<C>) return std::nearbyint(x); else return x;
  }
};
struct Trunc {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const {
    if constexpr (is_float_v<C>) return std::trunc(x); else return x;
  }
};
// clamp(x) = min(max(x, p.a), p.b); NaN stays NaN
struct Clamp {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams& p) const {
    C lo = static_cast<C>(p.a), hi = static_cast<C>(p.b);
    C y = x < lo ? lo : x;
    return y > hi ? hi : y;
  }
};
using Hardtanh = Clamp;
struct BitwiseNot {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams&) const {
    if constexpr (std::is_same_v<C, bool>) return !x; else return static_cast<C>(~x);
  }
};

// ---------------------------------------------------------------- unary: floating point
// e^x and the normal CDF Φ(x) = erfc(-x/√2)/2 (torch.special.ndtr): float
// (and the 16-bit floats, computed in float) through the vectorizable
// kernels/vector_math.h on the CPU, everything else through the C library
template <class C>
EMBER_HD C exp_of(C x) {
#ifndef __CUDA_ARCH__
  if constexpr (std::is_same_v<C, float>) return exp_float(x);
#endif
  return std::exp(x);
}
template <class C>
EMBER_HD C ndtr_of(C x) {
#ifndef __CUDA_ARCH__
  if constexpr (std::is_same_v<C, float>) return ndtr_float(x);
#endif
  return C(0.5) * std::erfc(-x * C(0.70710678118654752440));
}

#define EMBER_FLOAT_UNARY(Name, expr)                                        \
  struct Name {                                                              \
    template <class C> EMBER_HD C operator()(C x, const UnaryParams& p) const { \
      (void)p;                                                               \
      return expr;                                                           \
    }                                                                        \
  };

EMBER_FLOAT_UNARY(Exp, exp_of(x))
EMBER_FLOAT_UNARY(Exp2, std::exp2(x))
EMBER_FLOAT_UNARY(Log, std::log(x))
EMBER_FLOAT_UNARY(Log2, std::log2(x))
EMBER_FLOAT_UNARY(Log10, std::log10(x))
EMBER_FLOAT_UNARY(Log1p, std::log1p(x))
EMBER_FLOAT_UNARY(Expm1, std::expm1(x))
EMBER_FLOAT_UNARY(Sqrt, std::sqrt(x))
EMBER_FLOAT_UNARY(Rsqrt, C(1) / std::sqrt(x))
EMBER_FLOAT_UNARY(Reciprocal, C(1) / x)
EMBER_FLOAT_UNARY(Sin, std::sin(x))
EMBER_FLOAT_UNARY(Cos, std::cos(x))
EMBER_FLOAT_UNARY(Tan, std::tan(x))
EMBER_FLOAT_UNARY(Asin, std::asin(x))
EMBER_FLOAT_UNARY(Acos, std::acos(x))
EMBER_FLOAT_UNARY(Atan, std::atan(x))
EMBER_FLOAT_UNARY(Sinh, std::sinh(x))
EMBER_FLOAT_UNARY(Cosh, std::cosh(x))
EMBER_FLOAT_UNARY(Tanh, std::tanh(x))
EMBER_FLOAT_UNARY(Erf, std::erf(x))
// sigmoid(x) = 1 / (1 + e^-x); e^-x overflowing to inf gives exactly 0
EMBER_FLOAT_UNARY(Sigmoid, C(1) / (C(1) + exp_of(-x)))
// leaky_relu(x) = x if x > 0 else p.a * x
EMBER_FLOAT_UNARY(LeakyRelu, x > C(0) ? x : static_cast<C>(p.a) * x)
// elu(x) = x if x > 0 else p.a * (e^x - 1)
EMBER_FLOAT_UNARY(Elu, x > C(0) ? x : static_cast<C>(p.a) * std::expm1(x))
// celu(x) = max(0, x) + min(0, p.a * (e^(x / p.a) - 1))
EMBER_FLOAT_UNARY(Celu, x > C(0) ? x : static_cast<C>(p.a) * std::expm1(x / static_cast<C>(p.a)))
// selu(x) = scale * (x if x > 0 else alpha * (e^x - 1)), constants from Klambauer et al. 2017
EMBER_FLOAT_UNARY(Selu, C(1.0507009873554804934193349852946) *
                            (x > C(0) ? x : C(1.6732632423543772848170429916717) * std::expm1(x)))
// gelu(x) = x * Phi(x) = x/2 * (1 + erf(x / sqrt 2)) = x/2 * erfc(-x / sqrt 2)
EMBER_FLOAT_UNARY(Gelu, x * ndtr_of(x))
// gelu_tanh(x) = x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))
EMBER_FLOAT_UNARY(GeluTanh,
                  C(0.5) * x * (C(1) + std::tanh(C(0.79788456080286535588) * (x + C(0.044715) * x * x * x))))
// silu(x) = x * sigmoid(x)
EMBER_FLOAT_UNARY(Silu, x / (C(1) + exp_of(-x)))
// softplus_beta(x) = log(1 + e^(beta x)) / beta, or x where beta x > threshold; p = (beta, threshold)
EMBER_FLOAT_UNARY(Softplus, x * static_cast<C>(p.a) > static_cast<C>(p.b)
                                ? x
                                : std::log1p(std::exp(x * static_cast<C>(p.a))) / static_cast<C>(p.a))
// mish(x) = x * tanh(softplus(x)), softplus with beta 1 and threshold 20 as torch does
EMBER_FLOAT_UNARY(Mish, x * std::tanh(x > C(20) ? x : std::log1p(std::exp(x))))
// hardsigmoid(x) = clamp(x / 6 + 1/2, 0, 1)
EMBER_FLOAT_UNARY(Hardsigmoid, x <= C(-3) ? C(0) : (x >= C(3) ? C(1) : x / C(6) + C(0.5)))
// hardswish(x) = x * relu6(x + 3) / 6
EMBER_FLOAT_UNARY(Hardswish, x <= C(-3) ? C(0) : (x >= C(3) ? x : x * (x + C(3)) / C(6)))
// softsign(x) = x / (1 + |x|)
EMBER_FLOAT_UNARY(Softsign, x / (C(1) + std::fabs(x)))
// logsigmoid(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|), stable for large |x|
EMBER_FLOAT_UNARY(Logsigmoid, (x < C(0) ? x : C(0)) - std::log1p(std::exp(-std::fabs(x))))
// threshold(x) = x if x > p.a else p.b
EMBER_FLOAT_UNARY(Threshold, x > static_cast<C>(p.a) ? x : static_cast<C>(p.b))
// frac(x) = x - trunc(x)
EMBER_FLOAT_UNARY(Frac, x - std::trunc(x))
// nan_to_num: NaN -> p.a, +inf -> p.b, -inf -> p.c
EMBER_FLOAT_UNARY(NanToNum, x != x ? static_cast<C>(p.a)
                                   : (x == std::numeric_limits<C>::infinity()
                                          ? static_cast<C>(p.b)
                                          : (x == -std::numeric_limits<C>::infinity() ? static_cast<C>(p.c) : x)))
#undef EMBER_FLOAT_UNARY

// round(x, decimals = p.a) as torch: scale by 10^d, round half to even, scale back
struct RoundDecimals {
  template <class C> EMBER_HD C operator()(C x, const UnaryParams& p) const {
    C ten_pow = static_cast<C>(std::pow(10.0, std::fabs(p.a)));
    return p.a >= 0 ? std::nearbyint(x * ten_pow) / ten_pow : std::nearbyint(x / ten_pow) * ten_pow;
  }
};

// ---------------------------------------------------------------- unary: predicates (bool out)
struct IsNan {
  template <class C> EMBER_HD bool operator()(C x, const UnaryParams&) const {
    if constexpr (is_float_v<C>) return x != x; else return false;
  }
};
struct IsInf {
  template <class C> EMBER_HD bool operator()(C x, const UnaryParams&) const {
    if constexpr (is_float_v<C>) return std::isinf(x); else return false;
  }
};
struct IsFinite {
  template <class C> EMBER_HD bool operator()(C x, const UnaryParams&) const {
    if constexpr (is_float_v<C>) return std::isfinite(x); else return true;
  }
};
struct LogicalNot {
  template <class C> EMBER_HD bool operator()(C x, const UnaryParams&) const { return x == C(0); }
};

// ---------------------------------------------------------------- binary
// add(a, b, alpha) = a + alpha * b
struct Add {
  double alpha;
  template <class C> EMBER_HD C operator()(C a, C b) const {
    if (alpha == 1.0) return static_cast<C>(a + b);
    return static_cast<C>(a + static_cast<C>(alpha) * b);
  }
};
struct Sub {
  double alpha;
  template <class C> EMBER_HD C operator()(C a, C b) const {
    if (alpha == 1.0) return static_cast<C>(a - b);
    return static_cast<C>(a - static_cast<C>(alpha) * b);
  }
};
struct Mul {
  template <class C> EMBER_HD C operator()(C a, C b) const { return static_cast<C>(a * b); }
};
// true division (the front-end only sends floats here)
struct Div {
  template <class C> EMBER_HD C operator()(C a, C b) const { return a / b; }
};
// division rounded toward zero; integer b == 0 is rejected by the front-end,
// and INT_MIN / -1 wraps instead of trapping
struct DivTrunc {
  template <class C> EMBER_HD C operator()(C a, C b) const {
    if constexpr (is_float_v<C>) return std::trunc(a / b);
    else if constexpr (std::is_signed_v<C>) return b == C(-1) ? Neg{}(a, {}) : static_cast<C>(a / b);
    else return static_cast<C>(a / b);
  }
};
// division rounded toward -inf (Python's //), computed as torch does so that
// a == b * floor_divide(a, b) + remainder(a, b) holds in floating point too
struct DivFloor {
  template <class C> EMBER_HD C operator()(C a, C b) const {
    if constexpr (is_float_v<C>) {
      if (b == C(0)) return a / b;
      C mod = std::fmod(a, b);
      C div = (a - mod) / b;
      if (mod != C(0) && ((b < C(0)) != (mod < C(0)))) div -= C(1);
      if (div == C(0)) return std::copysign(C(0), a / b);
      C floordiv = std::floor(div);
      if (div - floordiv > C(0.5)) floordiv += C(1);
      return floordiv;
    } else if constexpr (std::is_signed_v<C>) {
      if (b == C(-1)) return Neg{}(a, {});
      C q = static_cast<C>(a / b);
      if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
      return q;
    } else {
      return static_cast<C>(a / b);
    }
  }
};
// a^b; integer powers by squaring (negative exponents are rejected up front)
struct Pow {
  template <class C> EMBER_HD C operator()(C a, C b) const {
    if constexpr (is_float_v<C>) {
      if (b == C(2)) return a * a;
      return std::pow(a, b);
    } else {
      C result = 1;
      C base = a;
      for (auto e = b; e > 0; e /= 2) {
        if (e & 1) result = static_cast<C>(result * base);
        base = static_cast<C>(base * base);
      }
      return result;
    }
  }
};
// maximum/minimum propagate NaN from either side
struct Maximum {
  template <class C> EMBER_HD C operator()(C a, C b) const {
    if constexpr (is_float_v<C>) { if (a != a) return a; if (b != b) return b; }
    return a > b ? a : b;
  }
};
struct Minimum {
  template <class C> EMBER_HD C operator()(C a, C b) const {
    if constexpr (is_float_v<C>) { if (a != a) return a; if (b != b) return b; }
    return a < b ? a : b;
  }
};
// fmod: remainder with the sign of a (C's fmod)
struct Fmod {
  template <class C> EMBER_HD C operator()(C a, C b) const {
    if constexpr (is_float_v<C>) return std::fmod(a, b);
    else if constexpr (std::is_signed_v<C>) return b == C(-1) ? C(0) : static_cast<C>(a % b);
    else return static_cast<C>(a % b);
  }
};
// remainder: Python's %, the sign of b
struct Remainder {
  template <class C> EMBER_HD C operator()(C a, C b) const {
    if constexpr (is_float_v<C>) {
      C r = std::fmod(a, b);
      if (r != C(0) && ((r < C(0)) != (b < C(0)))) r += b;
      return r;
    } else if constexpr (std::is_signed_v<C>) {
      if (b == C(-1)) return C(0);
      C r = static_cast<C>(a % b);
      if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<C>(r + b);
      return r;
    } else {
      return static_cast<C>(a % b);
    }
  }
};
struct Atan2 {
  template <class C> EMBER_HD C operator()(C a, C b) const { return std::atan2(a, b); }
};
struct BitwiseAnd {
  template <class C> EMBER_HD C operator()(C a, C b) const { return static_cast<C>(a & b); }
};
struct BitwiseOr {
  template <class C> EMBER_HD C operator()(C a, C b) const { return static_cast<C>(a | b); }
};
struct BitwiseXor {
  template <class C> EMBER_HD C operator()(C a, C b) const { return static_cast<C>(a ^ b); }
};
struct Eq { template <class C> EMBER_HD bool operator()(C a, C b) const { return a == b; } };
struct Ne { template <class C> EMBER_HD bool operator()(C a, C b) const { return a != b; } };
struct Lt { template <class C> EMBER_HD bool operator()(C a, C b) const { return a < b; } };
struct Le { template <class C> EMBER_HD bool operator()(C a, C b) const { return a <= b; } };
struct Gt { template <class C> EMBER_HD bool operator()(C a, C b) const { return a > b; } };
struct Ge { template <class C> EMBER_HD bool operator()(C a, C b) const { return a >= b; } };

}  // namespace ember::kernels::ops
