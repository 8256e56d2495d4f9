// ops_index.h — gathering and scattering by index tensors, and masks.
#pragma once

#include <string_view>

#include "core/tensor.h"

namespace ember {

Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index);
/// out[i][j] = x[index[i][j]][j] (dim 0), index shaped like the output.
Tensor gather(const Tensor& x, int64_t dim, const Tensor& index);
/// Copy of x with x[index[i][j]][j] = src[i][j] (dim 0).
Tensor scatter(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src);
Tensor scatter(const Tensor& x, int64_t dim, const Tensor& index, Scalar value);
Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src);
/// reduce: "sum", "prod", "mean", "amax" or "amin".
Tensor scatter_reduce(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src,
                      std::string_view reduce, bool include_self = true);
/// x with x.select(dim, index[i]) += alpha * source.select(dim, i)
Tensor index_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& source, Scalar alpha = 1);
/// Advanced indexing x[i0, i1, ...] with int64 or bool tensors (undefined entries = ":").
Tensor index(const Tensor& x, const TensorList& indices);
/// Copy of x with x[indices] = values (or += with accumulate).
Tensor index_put(const Tensor& x, const TensorList& indices, const Tensor& values, bool accumulate = false);
Tensor& index_put_(Tensor& x, const TensorList& indices, const Tensor& values, bool accumulate = false);
/// 1-D tensor of the elements where mask (broadcast to x) is true.
Tensor masked_select(const Tensor& x, const Tensor& mask);
/// Copy of x where the true positions of mask take consecutive values of source.
Tensor masked_scatter(const Tensor& x, const Tensor& mask, const Tensor& source);
/// (n, ndim) int64 indices of the non-zero elements, in row-major order.
Tensor nonzero(const Tensor& x);
/// x.flatten()[index]
Tensor take(const Tensor& x, const Tensor& index);

}  // namespace ember
