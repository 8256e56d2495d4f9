// ops_view.h — ops whose result shares storage with the input (no copy), plus
// reshape, which copies only when a view is impossible.
#pragma once

#include <optional>

#include "core/tensor.h"

namespace ember {

Tensor view(const Tensor& x, IntArrayRef sizes);
Tensor reshape(const Tensor& x, IntArrayRef sizes);
Tensor flatten(const Tensor& x, int64_t start_dim = 0, int64_t end_dim = -1);
Tensor unflatten(const Tensor& x, int64_t dim, IntArrayRef sizes);
Tensor squeeze(const Tensor& x);
Tensor squeeze(const Tensor& x, int64_t dim);
Tensor unsqueeze(const Tensor& x, int64_t dim);
Tensor permute(const Tensor& x, IntArrayRef dims);
Tensor movedim(const Tensor& x, int64_t source, int64_t destination);
Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1);
Tensor t(const Tensor& x);
Tensor expand(const Tensor& x, IntArrayRef sizes);
Tensor broadcast_to(const Tensor& x, IntArrayRef sizes);
std::vector<Tensor> broadcast_tensors(const TensorList& tensors);
Tensor narrow(const Tensor& x, int64_t dim, int64_t start, int64_t length);
/// x[start:end:step] along dim; start/end are clamped like Python slices.
Tensor slice(const Tensor& x, int64_t dim, std::optional<int64_t> start = {}, std::optional<int64_t> end = {},
             int64_t step = 1);
Tensor select(const Tensor& x, int64_t dim, int64_t index);
Tensor diagonal(const Tensor& x, int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1);
/// Raw view; the view must stay inside the storage (checked).
Tensor as_strided(const Tensor& x, IntArrayRef sizes, IntArrayRef strides, std::optional<int64_t> storage_offset = {});
/// All windows of `size` with step `step` along dimension, as a new last dim.
Tensor unfold(const Tensor& x, int64_t dimension, int64_t size, int64_t step);
std::vector<Tensor> split(const Tensor& x, int64_t split_size, int64_t dim = 0);
std::vector<Tensor> split(const Tensor& x, IntArrayRef split_sizes, int64_t dim = 0);
std::vector<Tensor> chunk(const Tensor& x, int64_t chunks, int64_t dim = 0);
std::vector<Tensor> unbind(const Tensor& x, int64_t dim = 0);
/// Views that broadcast each 1-D input over a grid; indexing "ij" or "xy".
std::vector<Tensor> meshgrid(const TensorList& tensors, std::string_view indexing = "ij");

}  // namespace ember
