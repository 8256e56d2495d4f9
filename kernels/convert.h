// convert.h — converting one element between ember's dtypes.
//
// The 16-bit floats go through float. Conversion to bool is "!= 0" (NaN is
// true). Float to integer truncates toward zero; out-of-range values are
// undefined in C++ and give whatever the hardware gives, as in PyTorch.
#pragma once

#include <type_traits>

#include "core/half.h"

namespace ember::kernels {

template <class T>
inline constexpr bool is_reduced_float_v = std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>;

template <class D, class S>
EMBER_HD inline D convert(S s) {
  if constexpr (std::is_same_v<D, S>) {
    return s;
  } else if constexpr (is_reduced_float_v<S>) {
    return convert<D>(static_cast<float>(s));
  } else if constexpr (is_reduced_float_v<D>) {
    return D(static_cast<float>(s));
  } else if constexpr (std::is_same_v<D, bool>) {
    return s != S(0);
  } else {
    return static_cast<D>(s);
  }
}

}  // namespace ember::kernels
