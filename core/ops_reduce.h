// ops_reduce.h — reductions over any set of dims (an empty dim list means all
// dims), scans, and the softmax family.
#pragma once

#include <optional>
#include <tuple>

#include "core/tensor.h"

namespace ember {

/// Sum; bool and integer inputs accumulate in int64 unless dtype says otherwise.
Tensor sum(const Tensor& x, IntArrayRef dim = {}, bool keepdim = false, std::optional<ScalarType> dtype = {});
/// Mean of a floating tensor (or of x.to(dtype)).
Tensor mean(const Tensor& x, IntArrayRef dim = {}, bool keepdim = false, std::optional<ScalarType> dtype = {});
Tensor prod(const Tensor& x, std::optional<int64_t> dim = {}, bool keepdim = false,
            std::optional<ScalarType> dtype = {});
/// Variance with Bessel's correction: sum((x - mean)^2) / (N - correction).
Tensor var(const Tensor& x, IntArrayRef dim = {}, double correction = 1.0, bool keepdim = false);
Tensor std(const Tensor& x, IntArrayRef dim = {}, double correction = 1.0, bool keepdim = false);
/// Both at once: (var, mean) / (std, mean), like torch.var_mean.
std::tuple<Tensor, Tensor> var_mean(const Tensor& x, IntArrayRef dim = {}, double correction = 1.0,
                                    bool keepdim = false);
std::tuple<Tensor, Tensor> std_mean(const Tensor& x, IntArrayRef dim = {}, double correction = 1.0,
                                    bool keepdim = false);
Tensor amax(const Tensor& x, IntArrayRef dim = {}, bool keepdim = false);
Tensor amin(const Tensor& x, IntArrayRef dim = {}, bool keepdim = false);
/// Largest value over everything (NaN if any element is NaN).
Tensor max(const Tensor& x);
Tensor min(const Tensor& x);
/// (values, indices) along one dim; ties give the first index.
std::tuple<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim = false);
std::tuple<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim = false);
/// Index of the max over the flattened tensor, or along dim.
Tensor argmax(const Tensor& x, std::optional<int64_t> dim = {}, bool keepdim = false);
Tensor argmin(const Tensor& x, std::optional<int64_t> dim = {}, bool keepdim = false);
Tensor all(const Tensor& x, IntArrayRef dim = {}, bool keepdim = false);
Tensor any(const Tensor& x, IntArrayRef dim = {}, bool keepdim = false);
/// Vector p-norm: (sum |x|^p)^(1/p); p may be inf/-inf; "fro" is p = 2.
Tensor norm(const Tensor& x, Scalar p = 2, IntArrayRef dim = {}, bool keepdim = false);
/// log(sum(exp(x))) computed as max + log(sum(exp(x - max))).
Tensor logsumexp(const Tensor& x, IntArrayRef dim, bool keepdim = false);
Tensor count_nonzero(const Tensor& x, IntArrayRef dim = {});
/// Sums x over the dims that broadcasting to x's shape added or stretched,
/// so the result has `size` (the inverse of expand).
Tensor sum_to_size(const Tensor& x, IntArrayRef size);
Tensor cumsum(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype = {});
Tensor cumprod(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype = {});
/// exp(x - max) / sum(exp(x - max)) along dim.
Tensor softmax(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype = {});
/// (x - max) - log(sum(exp(x - max))) along dim.
Tensor log_softmax(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype = {});

}  // namespace ember
