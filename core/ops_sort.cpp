// ops_sort.cpp — front-ends of sort, topk, unique, bincount, histc and
// searchsorted. unique is a composition: sort, mark where the sorted values
// change, and number the runs.
#include <cmath>

#include "autograd/formulas_internal.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

std::tuple<Tensor, Tensor> sort(const Tensor& x, int64_t dim, bool descending, bool stable) {
  detail::check_defined("sort", x);
  Tensor in = x.dim() == 0 ? x.view({1}) : x;
  int64_t d = wrap_dim(dim, x.dim(), "sort");
  Tensor values = detail::empty_tensor(in.sizes(), x.scalar_type(), x.device());
  Tensor indices = detail::empty_tensor(in.sizes(), kInt64, x.device());
  if (in.numel() > 0) dispatch::sort(values, indices, in, d, descending, stable);
  autograd::record_index_values("SortBackward0", in, values, indices, d, /*keepdim=*/true);
  if (x.dim() == 0) return {values.view({}), indices.view({})};
  return {values, indices};
}

Tensor argsort(const Tensor& x, int64_t dim, bool descending, bool stable) {
  return std::get<1>(sort(x, dim, descending, stable));
}

std::tuple<Tensor, Tensor> topk(const Tensor& x, int64_t k, int64_t dim, bool largest, bool sorted) {
  detail::check_defined("topk", x);
  Tensor in = x.dim() == 0 ? x.view({1}) : x;
  int64_t d = wrap_dim(dim, x.dim(), "topk");
  EMBER_CHECK(k >= 0 && k <= in.size(d), "topk", "k (", k, ") is out of range for dim ", d, " of size ", in.size(d));
  Shape shape = in.sizes().vec();
  shape[d] = k;
  Tensor values = detail::empty_tensor(shape, x.scalar_type(), x.device());
  Tensor indices = detail::empty_tensor(shape, kInt64, x.device());
  if (values.numel() > 0) dispatch::topk(values, indices, in, k, d, largest, sorted);
  autograd::record_index_values("TopkBackward0", in, values, indices, d, /*keepdim=*/true);
  if (x.dim() == 0) return {values.view({}), indices.view({})};
  return {values, indices};
}

UniqueResult unique(const Tensor& x, bool sorted, bool return_inverse, bool return_counts) {
  detail::check_defined("unique", x);
  (void)sorted;  // the values always come out sorted
  TensorOptions longs = TensorOptions(kInt64).device(x.device());
  Tensor flat = x.reshape({-1});
  int64_t n = flat.numel();
  if (n == 0) return {flat.clone(), zeros(x.sizes(), longs), zeros({0}, longs)};
  auto [values, order] = sort(flat, 0, false, true);
  // starts[i] = 1 where a new value begins in the sorted sequence
  Tensor starts = ones({n}, TensorOptions(kBool).device(x.device()));
  if (n > 1) starts.narrow(0, 1, n - 1).copy_(ne(values.narrow(0, 1, n - 1), values.narrow(0, 0, n - 1)));
  UniqueResult r;
  r.values = masked_select(values, starts);
  if (return_inverse || return_counts) {
    Tensor run = sub(cumsum(starts, 0), 1);  // the run index of each sorted element
    if (return_inverse) {
      Tensor inverse = empty({n}, longs);
      inverse.scatter_(0, order, run);
      r.inverse = inverse.view(x.sizes());
    }
    if (return_counts) r.counts = bincount(run, {}, r.values.numel());
  }
  return r;
}

Tensor bincount(const Tensor& x, const Tensor& weights, int64_t minlength) {
  detail::check_defined("bincount", x);
  EMBER_CHECK(x.dim() == 1 && is_integral(x.scalar_type()), "bincount",
              "expects a 1-D integer tensor, got ", x.scalar_type(), " of shape ", shape_str(x.sizes()));
  EMBER_CHECK(minlength >= 0, "bincount", "minlength must be non-negative, got ", minlength);
  Tensor in = x.to(kInt64).contiguous();
  int64_t length = minlength;
  if (in.numel() > 0) {
    EMBER_CHECK(in.amin().item<int64_t>() >= 0, "bincount", "input must contain non-negative values, got ",
                in.amin().item<int64_t>());
    length = std::max(length, in.amax().item<int64_t>() + 1);
  }
  Tensor w;
  ScalarType out_dtype = kInt64;
  if (weights.defined()) {
    EMBER_CHECK(weights.sizes() == x.sizes(), "bincount", "weights ", shape_str(weights.sizes()),
                " must have the shape of the input ", shape_str(x.sizes()));
    // as torch: float32 weights sum in float32, any other weights in float64
    out_dtype = weights.scalar_type() == kFloat32 ? kFloat32 : kFloat64;
    w = weights.to(out_dtype).contiguous();
  }
  Tensor out = detail::empty_tensor({length}, out_dtype, x.device());
  dispatch::bincount(out, in, w);
  return out;
}

Tensor histc(const Tensor& x, int64_t bins, double min, double max) {
  detail::check_defined("histc", x);
  EMBER_CHECK(x.is_floating_point(), "histc", "expects a floating point tensor, got ", x.scalar_type());
  EMBER_CHECK(bins > 0, "histc", "bins must be positive, got ", bins);
  EMBER_CHECK(min <= max, "histc", "max (", max, ") must be larger than or equal to min (", min, ")");
  Tensor in = x.contiguous();
  if (min == max && in.numel() > 0) {
    min = in.amin().item<double>();
    max = in.amax().item<double>();
  }
  if (min == max) {  // all values equal (or no data): widen the range by one, as torch does
    min -= 1;
    max += 1;
  }
  EMBER_CHECK(std::isfinite(min) && std::isfinite(max), "histc", "range [", min, ", ", max, "] is not finite");
  Tensor out = detail::empty_tensor({bins}, x.scalar_type(), x.device());
  dispatch::histc(out, in, min, max);
  return out;
}

Tensor searchsorted(const Tensor& sorted_sequence, const Tensor& values, bool right) {
  detail::check_same_device("searchsorted", sorted_sequence, values);
  EMBER_CHECK(sorted_sequence.dim() >= 1, "searchsorted", "sorted_sequence must have at least 1 dim");
  ScalarType c = promote_types(sorted_sequence.scalar_type(), values.scalar_type());
  int64_t m = sorted_sequence.size(-1);
  Tensor seq = sorted_sequence.to(c).contiguous();
  Tensor vals = values.to(c).contiguous();
  Tensor seq2, vals2;
  if (sorted_sequence.dim() == 1) {
    seq2 = seq.view({1, m});
    vals2 = vals.reshape({1, -1});
  } else {
    EMBER_CHECK(values.dim() == sorted_sequence.dim(), "searchsorted", "values ", shape_str(values.sizes()),
                " must have the leading dims of sorted_sequence ", shape_str(sorted_sequence.sizes()));
    for (int64_t d = 0; d + 1 < values.dim(); ++d)
      EMBER_CHECK(values.size(d) == sorted_sequence.size(d), "searchsorted", "values ", shape_str(values.sizes()),
                  " and sorted_sequence ", shape_str(sorted_sequence.sizes()), " differ in leading dim ", d);
    seq2 = seq.reshape({-1, m});
    vals2 = vals.reshape({seq2.size(0), values.size(-1)});
  }
  Tensor out = detail::empty_tensor(vals2.sizes(), kInt64, values.device());
  if (out.numel() > 0) dispatch::searchsorted(out, seq2, vals2, right);
  return out.view(values.sizes());
}

}  // namespace ember
