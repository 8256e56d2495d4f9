// half.h — the two 16-bit floating types: Half (IEEE binary16) and BFloat16.
//
// Both are storage types: arithmetic converts to float, computes, and rounds
// back (round-to-nearest-even), which is what PyTorch's CPU kernels do too.
// The conversions are plain bit manipulation so the same code runs on CUDA
// (EMBER_HD marks functions usable on host and device).
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__CUDACC__)
#define EMBER_HD __host__ __device__
#else
#define EMBER_HD
#endif

namespace ember {

namespace detail {
EMBER_HD inline uint32_t float_bits(float f) {
#if defined(__CUDA_ARCH__)
  return __float_as_uint(f);
#else
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
#endif
}
EMBER_HD inline float bits_float(uint32_t u) {
#if defined(__CUDA_ARCH__)
  return __uint_as_float(u);
#else
  float f;
  std::memcpy(&f, &u, 4);
  return f;
#endif
}
}  // namespace detail

/// IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits.
struct Half {
  uint16_t bits = 0;

  Half() = default;
  EMBER_HD Half(float f) : bits(from_float(f)) {}
  EMBER_HD operator float() const { return to_float(bits); }

  static EMBER_HD Half from_bits(uint16_t b) {
    Half h;
    h.bits = b;
    return h;
  }

  // float -> half, round to nearest even. Overflow gives inf, NaN stays NaN.
  static EMBER_HD uint16_t from_float(float f) {
    uint32_t x = detail::float_bits(f);
    uint32_t sign = (x >> 16) & 0x8000u;
    x &= 0x7fffffffu;
    if (x >= 0x7f800000u) return sign | (x > 0x7f800000u ? 0x7e00u : 0x7c00u);  // NaN / inf
    if (x >= 0x477ff000u) return sign | 0x7c00u;  // rounds to >= 65520: inf
    if (x < 0x38800000u) {                        // below 2^-14: subnormal half (or zero)
      if (x < 0x33000000u) return sign;           // below half of the smallest subnormal
      uint32_t mant = (x & 0x7fffffu) | 0x800000u;
      int shift = 126 - static_cast<int>(x >> 23);  // 14..24
      uint32_t half_mant = mant >> shift;
      uint32_t rest = mant & ((1u << shift) - 1);
      uint32_t halfway = 1u << (shift - 1);
      if (rest > halfway || (rest == halfway && (half_mant & 1))) ++half_mant;
      return sign | half_mant;
    }
    // normal: rebias exponent 127 -> 15, keep 10 mantissa bits, round to nearest even
    uint32_t h = ((x - 0x38000000u) >> 13);
    uint32_t rest = x & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1))) ++h;
    return static_cast<uint16_t>(sign | h);
  }

  static EMBER_HD float to_float(uint16_t h) {
    uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    uint32_t exp = (h >> 10) & 0x1f;
    uint32_t mant = h & 0x3ff;
    uint32_t x;
    if (exp == 0x1f) {
      x = sign | 0x7f800000u | (mant << 13);  // inf / NaN
    } else if (exp == 0) {
      if (mant == 0) {
        x = sign;
      } else {  // subnormal: value = mant * 2^-24
        float v = static_cast<float>(mant) * 5.9604644775390625e-8f;
        return sign ? -v : v;
      }
    } else {
      x = sign | ((exp + 112) << 23) | (mant << 13);
    }
    return detail::bits_float(x);
  }
};

/// bfloat16: the upper 16 bits of a float32 (8 exponent bits, 7 mantissa bits).
struct BFloat16 {
  uint16_t bits = 0;

  BFloat16() = default;
  EMBER_HD BFloat16(float f) : bits(from_float(f)) {}
  EMBER_HD operator float() const { return detail::bits_float(static_cast<uint32_t>(bits) << 16); }

  static EMBER_HD BFloat16 from_bits(uint16_t b) {
    BFloat16 h;
    h.bits = b;
    return h;
  }

  // float -> bfloat16: drop the low 16 bits, round to nearest even; NaN stays quiet NaN.
  static EMBER_HD uint16_t from_float(float f) {
    uint32_t x = detail::float_bits(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40);
    uint32_t rounding = 0x7fffu + ((x >> 16) & 1);
    return static_cast<uint16_t>((x + rounding) >> 16);
  }
};

}  // namespace ember
