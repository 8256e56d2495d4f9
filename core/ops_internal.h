// ops_internal.h — helpers shared by the op front-ends (core/ops_*.cpp):
// allocation, argument checks, in-place safety checks.
//
// Internal: not installed, not included by public headers.
#pragma once

#include <initializer_list>

#include "core/dispatch.h"
#include "core/tensor.h"

namespace ember::detail {

/// A fresh contiguous tensor (uninitialized memory).
Tensor empty_tensor(IntArrayRef sizes, ScalarType dtype, Device device);

/// Throws "[op] expected a defined tensor" for default-constructed tensors.
void check_defined(const char* op, const Tensor& t);
/// Throws unless every tensor is on `a`'s device.
void check_same_device(const char* op, const Tensor& a, const Tensor& b);

/// A 0-d tensor holding `value` converted to dtype.
Tensor scalar_to_tensor(Scalar value, ScalarType dtype, Device device);

/// For ops that write into `self`: the result dtype must be castable to
/// self's dtype, self must not have several elements on one memory location
/// (an expanded tensor), and self must not partially overlap an input (which
/// would read values already overwritten).
void check_inplace(const char* op, const Tensor& self, ScalarType result_dtype,
                   std::initializer_list<const Tensor*> inputs);
/// Throws when `out` has a broadcast (stride 0) dim of size > 1.
void check_no_internal_overlap(const char* op, const Tensor& out);

/// Marks self's storage as modified (autograd's version counter).
inline void bump_version(const Tensor& t) { t.storage()->bump_version(); }

/// Whether a row-wise op over the last dim (softmax, layer_norm) may take the
/// fused kernels of kernels/cpu/row_norm.cpp: no gradient is recorded for any
/// of `inputs` (the first is the input; undefined ones are skipped), all are
/// contiguous CPU float32/float64 tensors of one dtype, and `dim` is the last.
bool fused_lastdim(std::initializer_list<const Tensor*> inputs, int64_t dim);

/// Float dtype for ops that turn integers into floats (exp, sqrt, mean, ...).
inline ScalarType to_float_dtype(ScalarType t) { return is_floating_point(t) ? t : default_dtype(); }

}  // namespace ember::detail
