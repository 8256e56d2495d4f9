// ops_creation.h — factories: tensors from sizes, ranges, values and memory.
// Random factories (rand, randn, ...) are in ops_random.h.
#pragma once

#include <functional>
#include <initializer_list>
#include <vector>

#include "core/tensor.h"

namespace ember {

Tensor empty(IntArrayRef sizes, const TensorOptions& options = {});
/// An uninitialized tensor with explicit strides (its storage covers them).
Tensor empty_strided(IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options = {});
Tensor zeros(IntArrayRef sizes, const TensorOptions& options = {});
Tensor ones(IntArrayRef sizes, const TensorOptions& options = {});
/// Without a dtype in options, the dtype follows the value: bool, int64 or float.
Tensor full(IntArrayRef sizes, Scalar value, const TensorOptions& options = {});
/// A 0-d tensor holding one value (dtype from the value unless given).
Tensor scalar_tensor(Scalar value, const TensorOptions& options = {});

/// Values start, start+step, ... < end. Integer arguments give int64, otherwise
/// the default float dtype.
Tensor arange(Scalar end, const TensorOptions& options = {});
Tensor arange(Scalar start, Scalar end, Scalar step = 1, const TensorOptions& options = {});
Tensor linspace(Scalar start, Scalar end, int64_t steps, const TensorOptions& options = {});
Tensor logspace(Scalar start, Scalar end, int64_t steps, double base = 10.0, const TensorOptions& options = {});
Tensor eye(int64_t n, const TensorOptions& options = {});
Tensor eye(int64_t n, int64_t m, const TensorOptions& options = {});

Tensor empty_like(const Tensor& t, std::optional<ScalarType> dtype = {});
Tensor zeros_like(const Tensor& t, std::optional<ScalarType> dtype = {});
Tensor ones_like(const Tensor& t, std::optional<ScalarType> dtype = {});
Tensor full_like(const Tensor& t, Scalar value, std::optional<ScalarType> dtype = {});

/// A tensor holding copies of `values` with the given sizes (1-D by default).
template <Element T>
Tensor tensor(const std::vector<T>& values, IntArrayRef sizes = {}, const TensorOptions& options = {});
template <Element T>
Tensor tensor(std::initializer_list<T> values, const TensorOptions& options = {}) {
  return tensor(std::vector<T>(values), {}, options);
}
/// 2-D from nested lists: tensor({{1., 2.}, {3., 4.}}).
template <Element T>
Tensor tensor(std::initializer_list<std::initializer_list<T>> rows, const TensorOptions& options = {});

/// Wraps existing memory without copying. The memory must outlive the tensor
/// (or pass a deleter, which runs when the last view is gone).
Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options = {},
                 std::function<void(void*)> deleter = {});
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options = {},
                 std::function<void(void*)> deleter = {});

}  // namespace ember
