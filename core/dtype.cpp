// dtype.cpp — dtype names, sizes and the promotion lattice.
#include "core/dtype.h"

#include <atomic>
#include <ostream>

#include "core/error.h"

namespace ember {

size_t element_size(ScalarType t) {
  switch (t) {
    case kBool: case kUInt8: case kInt8: return 1;
    case kFloat16: case kBFloat16: return 2;
    case kInt32: case kFloat32: return 4;
    case kInt64: case kFloat64: return 8;
  }
  EMBER_FAIL("element_size", "unknown dtype ", static_cast<int>(t));
}

std::string_view dtype_name(ScalarType t) {
  switch (t) {
    case kBool: return "bool";
    case kUInt8: return "uint8";
    case kInt8: return "int8";
    case kInt32: return "int32";
    case kInt64: return "int64";
    case kFloat16: return "float16";
    case kBFloat16: return "bfloat16";
    case kFloat32: return "float32";
    case kFloat64: return "float64";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& os, ScalarType t) { return os << dtype_name(t); }

// PyTorch's promotion table restricted to ember's dtypes. Rows and columns in
// enum order: b1 u1 i1 i4 i8 f2 bf f4 f8. Differences from torch: u1 + i1 gives
// i4 (torch: int16, which ember lacks).
ScalarType promote_types(ScalarType a, ScalarType b) {
  constexpr ScalarType b1 = kBool, u1 = kUInt8, i1 = kInt8, i4 = kInt32, i8 = kInt64, f2 = kFloat16,
                       bf = kBFloat16, f4 = kFloat32, f8 = kFloat64;
  static constexpr ScalarType table[kNumScalarTypes][kNumScalarTypes] = {
      /* b1 */ {b1, u1, i1, i4, i8, f2, bf, f4, f8},
      /* u1 */ {u1, u1, i4, i4, i8, f2, bf, f4, f8},
      /* i1 */ {i1, i4, i1, i4, i8, f2, bf, f4, f8},
      /* i4 */ {i4, i4, i4, i4, i8, f2, bf, f4, f8},
      /* i8 */ {i8, i8, i8, i8, i8, f2, bf, f4, f8},
      /* f2 */ {f2, f2, f2, f2, f2, f2, f4, f4, f8},
      /* bf */ {bf, bf, bf, bf, bf, f4, bf, f4, f8},
      /* f4 */ {f4, f4, f4, f4, f4, f4, f4, f4, f8},
      /* f8 */ {f8, f8, f8, f8, f8, f8, f8, f8, f8},
  };
  return table[static_cast<int>(a)][static_cast<int>(b)];
}

bool can_cast(ScalarType from, ScalarType to) {
  if (is_floating_point(from) && is_integral(to, /*include_bool=*/true)) return false;
  if (from != kBool && to == kBool) return false;
  return true;
}

namespace {
std::atomic<ScalarType> g_default_dtype{kFloat32};
}

ScalarType default_dtype() { return g_default_dtype.load(std::memory_order_relaxed); }

void set_default_dtype(ScalarType t) {
  EMBER_CHECK(t == kFloat32 || t == kFloat64, "set_default_dtype",
              "only float32 and float64 can be the default dtype, got ", t);
  g_default_dtype.store(t, std::memory_order_relaxed);
}

}  // namespace ember
