// shape.h — sizes and strides: the Shape vector, IntArrayRef (a non-owning view
// used for arguments, so `zeros({2, 3})` and `zeros(v)` both work), and the
// shape arithmetic every op needs: broadcasting, contiguous strides, dim
// wrapping.
//
// Strides are in elements, never bytes, and are never negative.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <vector>

namespace ember {

using Shape = std::vector<int64_t>;

/// A read-only view of int64 values. Never store one: it may point into a
/// temporary initializer list.
class IntArrayRef {
 public:
  constexpr IntArrayRef() = default;
  constexpr IntArrayRef(const int64_t* data, size_t size) : data_(data), size_(size) {}
  IntArrayRef(const std::vector<int64_t>& v) : data_(v.data()), size_(v.size()) {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"  // by design: the list outlives the call
#endif
  constexpr IntArrayRef(std::initializer_list<int64_t> l) : data_(l.begin()), size_(l.size()) {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
  constexpr IntArrayRef(const int64_t& single) : data_(&single), size_(1) {}

  constexpr const int64_t* data() const { return data_; }
  constexpr size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  constexpr const int64_t* begin() const { return data_; }
  constexpr const int64_t* end() const { return data_ + size_; }
  constexpr int64_t operator[](size_t i) const { return data_[i]; }
  constexpr int64_t front() const { return data_[0]; }
  constexpr int64_t back() const { return data_[size_ - 1]; }
  Shape vec() const { return Shape(begin(), end()); }

  friend bool operator==(IntArrayRef a, IntArrayRef b);

 private:
  const int64_t* data_ = nullptr;
  size_t size_ = 0;
};

/// "(3, 4)"; a 0-d shape prints as "()".
std::string shape_str(IntArrayRef s);
std::ostream& operator<<(std::ostream& os, IntArrayRef s);

/// Product of sizes; throws if it overflows int64 or a size is negative.
int64_t shape_numel(IntArrayRef sizes, const char* op = "shape");

/// Row-major strides for `sizes`.
Shape contiguous_strides(IntArrayRef sizes);

/// Wraps a possibly negative dim into [0, ndim). ndim 0 accepts -1 and 0
/// (PyTorch treats a scalar as having one dim for this purpose).
int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op);

/// NumPy broadcasting of two shapes, aligned at the right.
Shape broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op);

/// Sorted, wrapped, de-duplicated dims; an empty list means "all dims".
std::vector<int64_t> wrap_dims(IntArrayRef dims, int64_t ndim, const char* op);

}  // namespace ember
