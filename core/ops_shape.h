// ops_shape.h — ops that rearrange values into a new tensor: joining, tiling,
// flipping, rolling and padding.
#pragma once

#include <optional>
#include <string_view>

#include "core/tensor.h"

namespace ember {

Tensor cat(const TensorList& tensors, int64_t dim = 0);
inline Tensor concat(const TensorList& tensors, int64_t dim = 0) { return cat(tensors, dim); }
Tensor stack(const TensorList& tensors, int64_t dim = 0);
Tensor hstack(const TensorList& tensors);
Tensor vstack(const TensorList& tensors);
Tensor flip(const Tensor& x, IntArrayRef dims);
/// Rolls by shifts along dims; without dims, the flattened tensor is rolled.
Tensor roll(const Tensor& x, IntArrayRef shifts, IntArrayRef dims = {});
Tensor repeat(const Tensor& x, IntArrayRef repeats);
Tensor tile(const Tensor& x, IntArrayRef reps);
Tensor repeat_interleave(const Tensor& x, int64_t repeats, std::optional<int64_t> dim = {});
Tensor repeat_interleave(const Tensor& x, const Tensor& repeats, std::optional<int64_t> dim = {});
/// pad = (left_last, right_last, left_second_last, right_second_last, ...), as F.pad.
/// mode: "constant", "reflect", "replicate" or "circular".
Tensor pad(const Tensor& x, IntArrayRef pad, std::string_view mode = "constant", double value = 0.0);

}  // namespace ember
