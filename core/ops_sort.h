// ops_sort.h — ordering ops: sort, topk, unique, searching and counting.
// NaN sorts after every number (as in PyTorch and NumPy).
#pragma once

#include <optional>
#include <tuple>

#include "core/tensor.h"

namespace ember {

std::tuple<Tensor, Tensor> sort(const Tensor& x, int64_t dim = -1, bool descending = false, bool stable = false);
Tensor argsort(const Tensor& x, int64_t dim = -1, bool descending = false, bool stable = false);
std::tuple<Tensor, Tensor> topk(const Tensor& x, int64_t k, int64_t dim = -1, bool largest = true,
                                bool sorted = true);

struct UniqueResult {
  Tensor values;   // the distinct values, ascending when sorted
  Tensor inverse;  // for each input element, its index into values (shaped like the input)
  Tensor counts;   // how often each value occurs
};
/// The distinct elements of the flattened tensor (torch.unique without dim).
UniqueResult unique(const Tensor& x, bool sorted = true, bool return_inverse = false, bool return_counts = false);
/// Counts of each non-negative integer; with weights, sums of weights.
Tensor bincount(const Tensor& x, const Tensor& weights = {}, int64_t minlength = 0);
/// Histogram with `bins` equal bins over [min, max] (min = max = 0: the data range).
Tensor histc(const Tensor& x, int64_t bins = 100, double min = 0.0, double max = 0.0);
/// Index where each value would be inserted into the sorted last dim of
/// sorted_sequence (right: after equal values).
Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool right = false);

}  // namespace ember
