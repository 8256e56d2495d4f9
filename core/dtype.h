// dtype.h — ScalarType (ember's dtypes), their properties, and PyTorch's type
// promotion rules.
//
// The nine dtypes: bool, uint8, int8, int32, int64, float16, bfloat16,
// float32, float64. There is no int16, uint16/32/64 or complex: where PyTorch
// would promote to int16 (uint8 with int8), ember promotes to int32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string_view>

#include "core/half.h"

namespace ember {

enum class ScalarType : int8_t {
  Bool,
  UInt8,
  Int8,
  Int32,
  Int64,
  Float16,
  BFloat16,
  Float32,
  Float64,
};
inline constexpr int kNumScalarTypes = 9;

using Dtype = ScalarType;

inline constexpr ScalarType kBool = ScalarType::Bool;
inline constexpr ScalarType kUInt8 = ScalarType::UInt8;
inline constexpr ScalarType kByte = ScalarType::UInt8;
inline constexpr ScalarType kInt8 = ScalarType::Int8;
inline constexpr ScalarType kChar = ScalarType::Int8;
inline constexpr ScalarType kInt32 = ScalarType::Int32;
inline constexpr ScalarType kInt = ScalarType::Int32;
inline constexpr ScalarType kInt64 = ScalarType::Int64;
inline constexpr ScalarType kLong = ScalarType::Int64;
inline constexpr ScalarType kFloat16 = ScalarType::Float16;
inline constexpr ScalarType kHalf = ScalarType::Float16;
inline constexpr ScalarType kBFloat16 = ScalarType::BFloat16;
inline constexpr ScalarType kFloat32 = ScalarType::Float32;
inline constexpr ScalarType kFloat = ScalarType::Float32;
inline constexpr ScalarType kFloat64 = ScalarType::Float64;
inline constexpr ScalarType kDouble = ScalarType::Float64;

/// Bytes per element.
size_t element_size(ScalarType t);
/// "float32", "int64", ... (NumPy/PyTorch spelling without the "torch." prefix).
std::string_view dtype_name(ScalarType t);
std::ostream& operator<<(std::ostream& os, ScalarType t);

constexpr bool is_floating_point(ScalarType t) {
  return t == kFloat16 || t == kBFloat16 || t == kFloat32 || t == kFloat64;
}
constexpr bool is_integral(ScalarType t, bool include_bool = false) {
  return t == kUInt8 || t == kInt8 || t == kInt32 || t == kInt64 || (include_bool && t == kBool);
}
constexpr bool is_reduced_float(ScalarType t) { return t == kFloat16 || t == kBFloat16; }

/// The dtype both a and b convert to without losing range (torch.promote_types).
ScalarType promote_types(ScalarType a, ScalarType b);

/// Whether an op result of dtype `from` may be written into a tensor of dtype
/// `to` by an in-place op (torch.can_cast): no float into int, no int into bool.
bool can_cast(ScalarType from, ScalarType to);

/// The dtype of factories given Python floats (torch.get_default_dtype()).
ScalarType default_dtype();
/// Sets the default floating dtype; only float32 and float64 are accepted.
void set_default_dtype(ScalarType t);

/// The C++ type for each dtype, and the dtype for each C++ type.
template <ScalarType T> struct cpp_type;
template <> struct cpp_type<kBool> { using type = bool; };
template <> struct cpp_type<kUInt8> { using type = uint8_t; };
template <> struct cpp_type<kInt8> { using type = int8_t; };
template <> struct cpp_type<kInt32> { using type = int32_t; };
template <> struct cpp_type<kInt64> { using type = int64_t; };
template <> struct cpp_type<kFloat16> { using type = Half; };
template <> struct cpp_type<kBFloat16> { using type = BFloat16; };
template <> struct cpp_type<kFloat32> { using type = float; };
template <> struct cpp_type<kFloat64> { using type = double; };

template <class T> inline constexpr ScalarType dtype_of = ScalarType::Float32;  // specialized below
template <> inline constexpr ScalarType dtype_of<bool> = kBool;
template <> inline constexpr ScalarType dtype_of<uint8_t> = kUInt8;
template <> inline constexpr ScalarType dtype_of<int8_t> = kInt8;
template <> inline constexpr ScalarType dtype_of<int32_t> = kInt32;
template <> inline constexpr ScalarType dtype_of<int64_t> = kInt64;
template <> inline constexpr ScalarType dtype_of<Half> = kFloat16;
template <> inline constexpr ScalarType dtype_of<BFloat16> = kBFloat16;
template <> inline constexpr ScalarType dtype_of<float> = kFloat32;
template <> inline constexpr ScalarType dtype_of<double> = kFloat64;

template <class T>
concept Element = std::is_same_v<T, bool> || std::is_same_v<T, uint8_t> || std::is_same_v<T, int8_t> ||
                  std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t> || std::is_same_v<T, Half> ||
                  std::is_same_v<T, BFloat16> || std::is_same_v<T, float> || std::is_same_v<T, double>;

}  // namespace ember
