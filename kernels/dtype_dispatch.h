// dtype_dispatch.h — the one place that turns a runtime ScalarType into a C++
// type. Kernels write their loop once as a templated lambda:
//
//   dispatch_floating(t, "exp", [&]<class T>() { loop<T>(...); });
//
// and an unsupported dtype throws "[exp] does not support int64".
// compute_t<T> is the type arithmetic happens in: float for the 16-bit floats,
// T itself otherwise.
#pragma once

#include <type_traits>

#include "core/dtype.h"
#include "core/error.h"

namespace ember::kernels {

template <class T>
using compute_t = std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

#define EMBER_DTYPE_CASE(enum_value, cpp)  \
  case ScalarType::enum_value:             \
    return f.template operator()<cpp>();

template <class F>
decltype(auto) dispatch_all(ScalarType t, const char* op, F&& f) {
  switch (t) {
    EMBER_DTYPE_CASE(Bool, bool)
    EMBER_DTYPE_CASE(UInt8, uint8_t)
    EMBER_DTYPE_CASE(Int8, int8_t)
    EMBER_DTYPE_CASE(Int32, int32_t)
    EMBER_DTYPE_CASE(Int64, int64_t)
    EMBER_DTYPE_CASE(Float16, Half)
    EMBER_DTYPE_CASE(BFloat16, BFloat16)
    EMBER_DTYPE_CASE(Float32, float)
    EMBER_DTYPE_CASE(Float64, double)
  }
  EMBER_FAIL(op, "unknown dtype");
}

/// float32 and float64 only: kernels written for full-precision floats
/// (convolution, pooling, normalization, recurrent cells), whose front-ends convert or refuse
/// other dtypes.
template <class F>
decltype(auto) dispatch_float32_64(ScalarType t, const char* op, F&& f) {
  switch (t) {
    EMBER_DTYPE_CASE(Float32, float)
    EMBER_DTYPE_CASE(Float64, double)
    default: break;
  }
  EMBER_FAIL(op, "supports float32 and float64 on the CPU, got ", t);
}

/// Every dtype but bool.
template <class F>
decltype(auto) dispatch_numeric(ScalarType t, const char* op, F&& f) {
  switch (t) {
    EMBER_DTYPE_CASE(UInt8, uint8_t)
    EMBER_DTYPE_CASE(Int8, int8_t)
    EMBER_DTYPE_CASE(Int32, int32_t)
    EMBER_DTYPE_CASE(Int64, int64_t)
    EMBER_DTYPE_CASE(Float16, Half)
    EMBER_DTYPE_CASE(BFloat16, BFloat16)
    EMBER_DTYPE_CASE(Float32, float)
    EMBER_DTYPE_CASE(Float64, double)
    default: break;
  }
  EMBER_FAIL(op, "does not support ", t);
}

template <class F>
decltype(auto) dispatch_floating(ScalarType t, const char* op, F&& f) {
  switch (t) {
    EMBER_DTYPE_CASE(Float16, Half)
    EMBER_DTYPE_CASE(BFloat16, BFloat16)
    EMBER_DTYPE_CASE(Float32, float)
    EMBER_DTYPE_CASE(Float64, double)
    default: break;
  }
  EMBER_FAIL(op, "expected a floating point tensor, got ", t);
}

/// bool and the integer dtypes.
template <class F>
decltype(auto) dispatch_integral(ScalarType t, const char* op, F&& f) {
  switch (t) {
    EMBER_DTYPE_CASE(Bool, bool)
    EMBER_DTYPE_CASE(UInt8, uint8_t)
    EMBER_DTYPE_CASE(Int8, int8_t)
    EMBER_DTYPE_CASE(Int32, int32_t)
    EMBER_DTYPE_CASE(Int64, int64_t)
    default: break;
  }
  EMBER_FAIL(op, "expected an integer or bool tensor, got ", t);
}

#undef EMBER_DTYPE_CASE

}  // namespace ember::kernels
