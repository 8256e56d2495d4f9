// ops_linalg.h — matrix products and the triangle/diagonal helpers.
#pragma once

#include <string_view>

#include "core/tensor.h"

namespace ember {

/// torch.matmul's rank rules: 1-D x 1-D is a dot product, a 1-D operand is
/// treated as a row (left) or column (right) vector and its dim is removed from
/// the result, and leading batch dims broadcast.
Tensor matmul(const Tensor& a, const Tensor& b);
/// (n, k) @ (k, m)
Tensor mm(const Tensor& a, const Tensor& b);
/// (b, n, k) @ (b, k, m)
Tensor bmm(const Tensor& a, const Tensor& b);
/// beta * input + alpha * (a @ b), input broadcast to (n, m)
Tensor addmm(const Tensor& input, const Tensor& a, const Tensor& b, Scalar beta = 1, Scalar alpha = 1);
/// beta * input + alpha * bmm(a, b)
Tensor baddbmm(const Tensor& input, const Tensor& a, const Tensor& b, Scalar beta = 1, Scalar alpha = 1);
Tensor mv(const Tensor& mat, const Tensor& vec);
Tensor dot(const Tensor& a, const Tensor& b);
Tensor outer(const Tensor& a, const Tensor& b);
/// Einstein summation, e.g. einsum("bij,bjk->bik", {a, b}); supports "..." and
/// an implicit output (the letters used once, in alphabetical order).
Tensor einsum(std::string_view equation, const TensorList& operands);
/// Lower / upper triangle of the last two dims; other entries are zero.
Tensor tril(const Tensor& x, int64_t diagonal = 0);
Tensor triu(const Tensor& x, int64_t diagonal = 0);
Tensor trace(const Tensor& x);
/// Pairwise p-norm distances between the rows of x1 (.., P, M) and x2 (.., R, M).
Tensor cdist(const Tensor& x1, const Tensor& x2, double p = 2.0);

}  // namespace ember
