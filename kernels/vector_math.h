// vector_math.h — e^x and erfc(x) for float as plain branch-free arithmetic,
// so that a loop of them compiles to vector instructions (std::exp and
// std::erf are library calls the compiler cannot vectorize without
// -ffast-math). Float only; doubles keep the C library.
//
// exp_float, Cephes' expf:
//   e^x = 2^n · e^r,   n = round(x · log2 e),   r = x - n · ln 2,   |r| <= ln2 / 2
// with ln 2 split into a short head (exact in float) and a tail, so r is
// exact; e^r = 1 + r + r² · P(r), P a degree-5 minimax polynomial (relative
// error about 1e-7, within an ulp or two of the correctly rounded result).
// 2^n is built from exponent bits in two halves, so results down in the
// subnormal range (n to -150) come out right. Overflow gives inf, deep
// underflow 0, NaN stays NaN.
//
// erfc_float, Numerical Recipes' erfcc (a Chebyshev fit whose relative error
// is below 1.2e-7 for every z >= 0):
//   erfc(z) = t · exp(-z² + Q(t)),   t = 1 / (1 + z/2),   Q of degree 9
// and erfc(-z) = 2 - erfc(z). In float the rounding of z² adds to that:
// measured relative error 4e-7 for |z| < 1, 1.2e-6 at 4, 4e-6 at 9. Unlike
// 1 + erf(z), erfc keeps that relative accuracy deep in the tail, which is
// what gelu needs for negative inputs.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace ember::kernels {

inline float exp_float(float x) {
  const bool nan = x != x;
  // clamp to where the formula is valid; NaN is replaced here and restored below
  const float xc = nan ? 0.0f : (x < -104.0f ? -104.0f : (x > 89.0f ? 89.0f : x));
  const float n = std::floor(xc * 1.44269504088896341f + 0.5f);
  const float r = (xc - n * 0.693359375f) - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * r * r + r + 1.0f;
  const int32_t ni = static_cast<int32_t>(n), n1 = ni >> 1, n2 = ni - n1;
  const float y = er * std::bit_cast<float>((n1 + 127) << 23) * std::bit_cast<float>((n2 + 127) << 23);
  if (nan) return x;
  if (x > 88.72283935546875f) return std::numeric_limits<float>::infinity();
  return x < -103.97208f ? 0.0f : y;
}

inline float erfc_float(float x) {
  const float z = std::fabs(x);
  const float t = 1.0f / (1.0f + 0.5f * z);
  float q = 0.17087277f;
  q = q * t - 0.82215223f;
  q = q * t + 1.48851587f;
  q = q * t - 1.13520398f;
  q = q * t + 0.27886807f;
  q = q * t - 0.18628806f;
  q = q * t + 0.09678418f;
  q = q * t + 0.37409196f;
  q = q * t + 1.00002368f;
  q = q * t - 1.26551223f;
  const float tail = t * exp_float(-z * z + q);  // erfc(|x|)
  return x < 0.0f ? 2.0f - tail : tail;
}

}  // namespace ember::kernels
