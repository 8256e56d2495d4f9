// ops_creation.cpp — factories: empty/zeros/ones/full, ranges, eye, tensors
// from C++ values, and from_blob over user memory.
#include <cmath>
#include <memory>

#include "core/ops.h"
#include "core/allocator.h"
#include "core/ops_internal.h"

namespace ember {

namespace {
// A tensor made by a factory honours options.requires_grad().
Tensor finish(Tensor t, const TensorOptions& options) {
  if (options.requires_grad()) t.requires_grad_(true);
  return t;
}
}  // namespace

Tensor empty(IntArrayRef sizes, const TensorOptions& options) {
  return finish(detail::empty_tensor(sizes, options.dtype(), options.device()), options);
}

Tensor empty_strided(IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options) {
  EMBER_CHECK(sizes.size() == strides.size(), "empty_strided", "sizes ", shape_str(sizes), " and strides ",
              shape_str(strides), " differ in length");
  int64_t n = shape_numel(sizes, "empty_strided");
  int64_t extent = 1;
  for (size_t d = 0; d < sizes.size(); ++d) {
    EMBER_CHECK(strides[d] >= 0, "empty_strided", "negative strides are not supported, got ", shape_str(strides));
    extent += (sizes[d] - 1) * strides[d];
  }
  if (n == 0) extent = 0;
  size_t nbytes = static_cast<size_t>(extent) * element_size(options.dtype());
  auto storage = std::make_shared<StorageImpl>(nbytes, allocator_for(options.device()));
  return finish(Tensor(std::make_shared<TensorImpl>(std::move(storage), options.dtype(), sizes.vec(),
                                                    strides.vec(), 0)),
                options);
}

Tensor zeros(IntArrayRef sizes, const TensorOptions& options) {
  Tensor t = detail::empty_tensor(sizes, options.dtype(), options.device());
  dispatch::fill(t, 0);
  return finish(t, options);
}

Tensor ones(IntArrayRef sizes, const TensorOptions& options) {
  Tensor t = detail::empty_tensor(sizes, options.dtype(), options.device());
  dispatch::fill(t, 1);
  return finish(t, options);
}

Tensor full(IntArrayRef sizes, Scalar value, const TensorOptions& options) {
  ScalarType dtype = options.has_dtype() ? options.dtype() : value.dtype();
  Tensor t = detail::empty_tensor(sizes, dtype, options.device());
  dispatch::fill(t, value);
  return finish(t, options);
}

Tensor scalar_tensor(Scalar value, const TensorOptions& options) { return full({}, value, options); }

Tensor arange(Scalar end, const TensorOptions& options) { return arange(0, end, 1, options); }

Tensor arange(Scalar start, Scalar end, Scalar step, const TensorOptions& options) {
  bool any_float = start.is_floating_point() || end.is_floating_point() || step.is_floating_point();
  ScalarType dtype = options.has_dtype() ? options.dtype() : (any_float ? default_dtype() : kInt64);
  double s = start.to_double(), e = end.to_double(), st = step.to_double();
  EMBER_CHECK(st != 0.0, "arange", "step must be nonzero");
  EMBER_CHECK(std::isfinite(s) && std::isfinite(e), "arange", "unsupported range: ", s, " -> ", e);
  EMBER_CHECK((st > 0 && e >= s) || (st < 0 && e <= s), "arange",
              "upper bound and larger bound inconsistent with step sign (start ", s, ", end ", e, ", step ", st, ")");
  double count = std::ceil((e - s) / st);
  EMBER_CHECK(count < 9.0e15, "arange", "too many elements: ", count);
  Tensor t = detail::empty_tensor({static_cast<int64_t>(count)}, dtype, options.device());
  dispatch::arange(t, s, st);
  return finish(t, options);
}

Tensor linspace(Scalar start, Scalar end, int64_t steps, const TensorOptions& options) {
  EMBER_CHECK(steps >= 0, "linspace", "number of steps must be non-negative, got ", steps);
  Tensor t = detail::empty_tensor({steps}, options.dtype(), options.device());
  dispatch::linspace(t, start.to_double(), end.to_double());
  return finish(t, options);
}

Tensor logspace(Scalar start, Scalar end, int64_t steps, double base, const TensorOptions& options) {
  Tensor exponents = linspace(start, end, steps, TensorOptions(kFloat64).device(options.device()));
  return finish(pow(Scalar(base), exponents).to(options.dtype()), options);
}

Tensor eye(int64_t n, const TensorOptions& options) { return eye(n, n, options); }

Tensor eye(int64_t n, int64_t m, const TensorOptions& options) {
  EMBER_CHECK(n >= 0 && m >= 0, "eye", "sizes must be non-negative, got ", n, " and ", m);
  Tensor t = zeros({n, m}, TensorOptions(options.dtype()).device(options.device()));
  t.diagonal().fill_(1);
  return finish(t, options);
}

Tensor empty_like(const Tensor& t, std::optional<ScalarType> dtype) {
  return detail::empty_tensor(t.sizes(), dtype.value_or(t.scalar_type()), t.device());
}
Tensor zeros_like(const Tensor& t, std::optional<ScalarType> dtype) {
  return zeros(t.sizes(), TensorOptions(dtype.value_or(t.scalar_type())).device(t.device()));
}
Tensor ones_like(const Tensor& t, std::optional<ScalarType> dtype) {
  return ones(t.sizes(), TensorOptions(dtype.value_or(t.scalar_type())).device(t.device()));
}
Tensor full_like(const Tensor& t, Scalar value, std::optional<ScalarType> dtype) {
  return full(t.sizes(), value, TensorOptions(dtype.value_or(t.scalar_type())).device(t.device()));
}

// ---- from C++ values ----

template <Element T>
Tensor tensor(const std::vector<T>& values, IntArrayRef sizes, const TensorOptions& options) {
  Shape shape = sizes.empty() ? Shape{static_cast<int64_t>(values.size())} : sizes.vec();
  int64_t n = shape_numel(shape, "tensor");
  EMBER_CHECK(n == static_cast<int64_t>(values.size()), "tensor", "shape ", shape_str(shape), " needs ", n,
              " values, got ", values.size());
  // C++ double literals follow the default float dtype, like Python floats.
  ScalarType natural = std::is_same_v<T, double> ? default_dtype() : dtype_of<T>;
  ScalarType dtype = options.has_dtype() ? options.dtype() : natural;
  Tensor out = detail::empty_tensor(shape, dtype, options.device());
  if constexpr (std::is_same_v<T, bool>) {  // vector<bool> has no data()
    std::unique_ptr<bool[]> buf(new bool[values.size()]);
    for (size_t i = 0; i < values.size(); ++i) buf[i] = values[i];
    dispatch::copy(out, from_blob(buf.get(), shape, kBool));
  } else {
    dispatch::copy(out, from_blob(const_cast<T*>(values.data()), shape, dtype_of<T>));
  }
  return finish(out, options);
}

template <Element T>
Tensor tensor(std::initializer_list<std::initializer_list<T>> rows, const TensorOptions& options) {
  std::vector<T> values;
  int64_t cols = rows.size() ? static_cast<int64_t>(rows.begin()->size()) : 0;
  for (const auto& row : rows) {
    EMBER_CHECK(static_cast<int64_t>(row.size()) == cols, "tensor", "rows have different lengths (", cols, " and ",
                row.size(), ")");
    values.insert(values.end(), row.begin(), row.end());
  }
  return tensor(values, {static_cast<int64_t>(rows.size()), cols}, options);
}

#define EMBER_INSTANTIATE_TENSOR(T)                                                     \
  template Tensor tensor<T>(const std::vector<T>&, IntArrayRef, const TensorOptions&); \
  template Tensor tensor<T>(std::initializer_list<std::initializer_list<T>>, const TensorOptions&);
EMBER_INSTANTIATE_TENSOR(bool)
EMBER_INSTANTIATE_TENSOR(uint8_t)
EMBER_INSTANTIATE_TENSOR(int8_t)
EMBER_INSTANTIATE_TENSOR(int32_t)
EMBER_INSTANTIATE_TENSOR(int64_t)
EMBER_INSTANTIATE_TENSOR(Half)
EMBER_INSTANTIATE_TENSOR(BFloat16)
EMBER_INSTANTIATE_TENSOR(float)
EMBER_INSTANTIATE_TENSOR(double)
#undef EMBER_INSTANTIATE_TENSOR

Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options, std::function<void(void*)> deleter) {
  Shape strides = contiguous_strides(sizes);
  return from_blob(data, sizes, strides, options, std::move(deleter));
}

Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options,
                 std::function<void(void*)> deleter) {
  EMBER_CHECK(sizes.size() == strides.size(), "from_blob", "sizes ", shape_str(sizes), " and strides ",
              shape_str(strides), " differ in length");
  int64_t n = shape_numel(sizes, "from_blob");
  EMBER_CHECK(data != nullptr || n == 0, "from_blob", "data is null");
  int64_t extent = n == 0 ? 0 : 1;
  for (size_t d = 0; d < sizes.size() && n > 0; ++d) {
    EMBER_CHECK(strides[d] >= 0, "from_blob", "negative strides are not supported, got ", shape_str(strides));
    extent += (sizes[d] - 1) * strides[d];
  }
  size_t nbytes = static_cast<size_t>(extent) * element_size(options.dtype());
  auto storage = std::make_shared<StorageImpl>(data, nbytes, options.device(), std::move(deleter));
  return finish(Tensor(std::make_shared<TensorImpl>(std::move(storage), options.dtype(), sizes.vec(), strides.vec(),
                                                    0)),
                options);
}

}  // namespace ember
