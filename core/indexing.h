// indexing.h — libtorch-style indexing: x.index({Slice(1, 3), None, 0, mask})
// is Python's x[1:3, None, 0, mask].
//
// A TensorIndex is one entry: an integer (select), a Slice, None (new axis),
// Ellipsis, or a tensor (int64 positions or a bool mask: advanced indexing).
#pragma once

#include <optional>
#include <type_traits>

#include "core/tensor.h"

namespace ember {
namespace indexing {

/// Python's start:stop:step; any part may be omitted (None).
struct Slice {
  std::optional<int64_t> start, stop;
  int64_t step = 1;
  Slice(std::optional<int64_t> start_ = std::nullopt, std::optional<int64_t> stop_ = std::nullopt,
        std::optional<int64_t> step_ = std::nullopt)
      : start(start_), stop(stop_), step(step_.value_or(1)) {}
};

struct EllipsisIndexType {};
inline constexpr std::nullopt_t None = std::nullopt;
inline constexpr EllipsisIndexType Ellipsis{};

}  // namespace indexing

class TensorIndex {
 public:
  enum class Kind { None, Ellipsis, Integer, Slice, Tensor };

  TensorIndex(std::nullopt_t) : kind_(Kind::None) {}
  TensorIndex(indexing::EllipsisIndexType) : kind_(Kind::Ellipsis) {}
  template <class I>
    requires std::is_integral_v<I> && (!std::is_same_v<I, bool>)
  TensorIndex(I i) : kind_(Kind::Integer), integer_(static_cast<int64_t>(i)) {}
  TensorIndex(indexing::Slice s) : kind_(Kind::Slice), slice_(s) {}
  TensorIndex(Tensor t) : kind_(Kind::Tensor), tensor_(std::move(t)) {}

  Kind kind() const { return kind_; }
  int64_t integer() const { return integer_; }
  const indexing::Slice& slice() const { return slice_; }
  const Tensor& tensor() const { return tensor_; }

 private:
  Kind kind_;
  int64_t integer_ = 0;
  indexing::Slice slice_;
  Tensor tensor_;
};

}  // namespace ember
