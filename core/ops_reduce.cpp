// ops_reduce.cpp — front-ends of the reductions, scans and softmax.
//
// A reduction allocates its output in "keepdim" shape (size 1 in each reduced
// dim), lets the kernel fill it, and drops those dims afterwards when
// keepdim is false, which is a free view. mean, var, norm, logsumexp and the
// softmax family are compositions of the primitive reductions.
#include <cmath>

#include "autograd/formulas_internal.h"
#include "autograd/grad_mode.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

using kernels::ReduceOp;

namespace {

// The reduced dims (all when `dims` is empty), sorted.
std::vector<int64_t> reduced_dims(const Tensor& x, IntArrayRef dims, const char* op) {
  if (dims.empty()) {
    std::vector<int64_t> all(static_cast<size_t>(x.dim()));
    for (int64_t d = 0; d < x.dim(); ++d) all[d] = d;
    return all;
  }
  std::vector<int64_t> w = wrap_dims(dims, x.dim(), op);
  if (x.dim() == 0) w.clear();  // reducing a scalar over dim 0 / -1 is the identity
  return w;
}

Shape keepdim_shape(const Tensor& x, const std::vector<int64_t>& dims) {
  Shape shape = x.sizes().vec();
  for (int64_t d : dims) shape[d] = 1;
  return shape;
}

Shape squeezed_shape(const Tensor& x, const std::vector<int64_t>& dims) {
  Shape shape;
  size_t k = 0;
  for (int64_t d = 0; d < x.dim(); ++d) {
    if (k < dims.size() && dims[k] == d) {
      ++k;
      continue;
    }
    shape.push_back(x.size(d));
  }
  return shape;
}

int64_t reduced_count(const Tensor& x, const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= x.size(d);
  return n;
}

Tensor reduce_op(const char* op, ReduceOp kind, const Tensor& x, IntArrayRef dim, bool keepdim,
                 ScalarType out_dtype) {
  detail::check_defined(op, x);
  std::vector<int64_t> dims = reduced_dims(x, dim, op);
  Tensor out = detail::empty_tensor(keepdim_shape(x, dims), out_dtype, x.device());
  dispatch::reduce(op, kind, out, x);
  if (!keepdim) out = out.view(squeezed_shape(x, dims));  // no history yet: a plain view
  switch (kind) {
    case ReduceOp::Sum: autograd::record_sum(x, out, dims, keepdim, !dim.empty()); break;
    case ReduceOp::Prod: autograd::record_prod(x, out, dims, keepdim, !dim.empty()); break;
    case ReduceOp::Max: autograd::record_amax_amin(x, out, dims, keepdim, true); break;
    case ReduceOp::Min: autograd::record_amax_amin(x, out, dims, keepdim, false); break;
    case ReduceOp::All: case ReduceOp::Any: break;  // bool results have no gradient
  }
  return out;
}

// max/min/amax/amin have no identity on empty input
void check_nonempty(const char* op, const Tensor& x, const std::vector<int64_t>& dims) {
  EMBER_CHECK(reduced_count(x, dims) > 0, op, "cannot reduce over an empty range (shape ", shape_str(x.sizes()),
              "): there is no identity for this reduction");
}

ScalarType sum_dtype(ScalarType in) { return is_integral(in, /*include_bool=*/true) ? kInt64 : in; }

}  // namespace

Tensor sum(const Tensor& x, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  detail::check_defined("sum", x);
  Tensor in = dtype ? x.to(*dtype) : x;
  return reduce_op("sum", ReduceOp::Sum, in, dim, keepdim, dtype.value_or(sum_dtype(x.scalar_type())));
}

Tensor mean(const Tensor& x, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  detail::check_defined("mean", x);
  ScalarType t = dtype.value_or(x.scalar_type());
  EMBER_CHECK(is_floating_point(t), "mean", "could not infer the output dtype: input dtype must be floating point, "
              "got ", t, " (pass dtype=)");
  int64_t n = reduced_count(x, reduced_dims(x, dim, "mean"));
  Tensor s = sum(x, dim, keepdim, t);
  return div(s, static_cast<double>(n));
}

Tensor prod(const Tensor& x, std::optional<int64_t> dim, bool keepdim, std::optional<ScalarType> dtype) {
  detail::check_defined("prod", x);
  Tensor in = dtype ? x.to(*dtype) : x;
  ScalarType out = dtype.value_or(sum_dtype(x.scalar_type()));
  if (!dim) return reduce_op("prod", ReduceOp::Prod, in, {}, false, out);
  return reduce_op("prod", ReduceOp::Prod, in, *dim, keepdim, out);
}

std::tuple<Tensor, Tensor> var_mean(const Tensor& x, IntArrayRef dim, double correction, bool keepdim) {
  detail::check_defined("var", x);
  EMBER_CHECK(x.is_floating_point(), "var", "expected a floating point tensor, got ", x.scalar_type());
  std::vector<int64_t> dims = reduced_dims(x, dim, "var");
  int64_t n = reduced_count(x, dims);
  // two passes: the mean, then the mean squared deviation, divided by N - correction
  Tensor m = mean(x, dim, /*keepdim=*/true);
  Tensor dev = sub(x, m);
  Tensor v = div(sum(mul(dev, dev), dim, keepdim), std::max(0.0, static_cast<double>(n) - correction));
  return {v, keepdim ? m : m.view(squeezed_shape(x, dims))};
}

Tensor var(const Tensor& x, IntArrayRef dim, double correction, bool keepdim) {
  return std::get<0>(var_mean(x, dim, correction, keepdim));
}

std::tuple<Tensor, Tensor> std_mean(const Tensor& x, IntArrayRef dim, double correction, bool keepdim) {
  auto [v, m] = var_mean(x, dim, correction, keepdim);
  return {sqrt(v), m};
}

Tensor std(const Tensor& x, IntArrayRef dim, double correction, bool keepdim) {
  return sqrt(var(x, dim, correction, keepdim));
}

Tensor amax(const Tensor& x, IntArrayRef dim, bool keepdim) {
  detail::check_defined("amax", x);
  check_nonempty("amax", x, reduced_dims(x, dim, "amax"));
  return reduce_op("amax", ReduceOp::Max, x, dim, keepdim, x.scalar_type());
}

Tensor amin(const Tensor& x, IntArrayRef dim, bool keepdim) {
  detail::check_defined("amin", x);
  check_nonempty("amin", x, reduced_dims(x, dim, "amin"));
  return reduce_op("amin", ReduceOp::Min, x, dim, keepdim, x.scalar_type());
}

Tensor max(const Tensor& x) {
  detail::check_defined("max", x);
  EMBER_CHECK(x.numel() > 0, "max", "cannot take the max of an empty tensor; pass a dim");
  return amax(x);
}

Tensor min(const Tensor& x) {
  detail::check_defined("min", x);
  EMBER_CHECK(x.numel() > 0, "min", "cannot take the min of an empty tensor; pass a dim");
  return amin(x);
}

namespace {
std::tuple<Tensor, Tensor> arg_reduce(const char* op, bool is_max, const Tensor& x, int64_t dim, bool keepdim) {
  detail::check_defined(op, x);
  Tensor in = x.dim() == 0 ? x.view({1}) : x;
  int64_t d = wrap_dim(dim, x.dim(), op);
  EMBER_CHECK(in.size(d) > 0, op, "cannot reduce over dim ", d, " of size 0 (shape ", shape_str(x.sizes()), ")");
  std::vector<int64_t> dims{d};
  Shape kshape = keepdim_shape(in, dims);
  Tensor values = detail::empty_tensor(kshape, x.scalar_type(), x.device());
  Tensor indices = detail::empty_tensor(kshape, kInt64, x.device());
  dispatch::arg_reduce(op, is_max, values, indices, in, d);
  if (!keepdim) {
    Shape s = squeezed_shape(in, dims);
    values = values.view(s);
    indices = indices.view(s);
  }
  autograd::record_index_values(is_max ? "MaxBackward0" : "MinBackward0", in, values, indices, d, keepdim);
  if (x.dim() == 0) return {values.view({}), indices.view({})};
  return {values, indices};
}
}  // namespace

std::tuple<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim) {
  return arg_reduce("max", true, x, dim, keepdim);
}
std::tuple<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim) {
  return arg_reduce("min", false, x, dim, keepdim);
}

Tensor argmax(const Tensor& x, std::optional<int64_t> dim, bool keepdim) {
  if (!dim) return std::get<1>(arg_reduce("argmax", true, reshape(x, {-1}), 0, false));
  return std::get<1>(arg_reduce("argmax", true, x, *dim, keepdim));
}
Tensor argmin(const Tensor& x, std::optional<int64_t> dim, bool keepdim) {
  if (!dim) return std::get<1>(arg_reduce("argmin", false, reshape(x, {-1}), 0, false));
  return std::get<1>(arg_reduce("argmin", false, x, *dim, keepdim));
}

Tensor all(const Tensor& x, IntArrayRef dim, bool keepdim) {
  return reduce_op("all", ReduceOp::All, x, dim, keepdim, kBool);
}
Tensor any(const Tensor& x, IntArrayRef dim, bool keepdim) {
  return reduce_op("any", ReduceOp::Any, x, dim, keepdim, kBool);
}

namespace {
// the forward value of the p-norm, without recording (norm has its own backward)
Tensor norm_value(const Tensor& x, double pv, IntArrayRef dim, bool keepdim) {
  if (pv == 2.0) return sqrt(sum(mul(x, x), dim, keepdim));
  if (pv == 1.0) return sum(abs(x), dim, keepdim);
  if (std::isinf(pv)) {
    if (x.numel() == 0) return sum(abs(x), dim, keepdim);  // empty: 0, like torch
    return pv > 0 ? amax(abs(x), dim, keepdim) : amin(abs(x), dim, keepdim);
  }
  if (pv == 0.0) return sum(ne(x, 0).to(x.scalar_type()), dim, keepdim);
  // (sum |x|^p)^(1/p)
  return pow(sum(pow(abs(x), pv), dim, keepdim), 1.0 / pv);
}
}  // namespace

// ||x||_p with a dedicated backward: at a zero vector the composite formula
// would divide by zero; the gradient there is 0, as in PyTorch.
Tensor norm(const Tensor& x, Scalar p, IntArrayRef dim, bool keepdim) {
  detail::check_defined("norm", x);
  EMBER_CHECK(x.is_floating_point(), "norm", "input dtype must be floating point, got ", x.scalar_type());
  double pv = p.to_double();
  Tensor out;
  {
    NoGradGuard no_grad;
    out = norm_value(x, pv, dim, keepdim);
  }
  autograd::record_norm(x, out, pv, reduced_dims(x, dim, "norm"), keepdim);
  return out;
}

namespace {
// amax with keepdim, outside the graph: the shift that keeps exp() finite
Tensor detached_amax(const Tensor& x, IntArrayRef dim) {
  NoGradGuard no_grad;
  return amax(x, dim, /*keepdim=*/true);
}
}  // namespace

Tensor logsumexp(const Tensor& x, IntArrayRef dim, bool keepdim) {
  detail::check_defined("logsumexp", x);
  Tensor xf = x.to(detail::to_float_dtype(x.scalar_type()));
  if (xf.numel() == 0) return log(sum(exp(xf), dim, keepdim));
  // log sum exp(x) = m + log sum exp(x - m), with m = max; an infinite m
  // (all -inf, or some +inf) is replaced by 0 so that x - m stays defined
  // m is a constant shift (d/dm of the result is exactly 0): computed without a graph
  Tensor m = detached_amax(xf, dim);
  Tensor m_safe = where(isinf(m), Scalar(0.0), m);
  Tensor s = log(sum(exp(sub(xf, m_safe)), dim, /*keepdim=*/true));
  Tensor out = add(s, m_safe);
  if (keepdim) return out;
  return out.view(squeezed_shape(xf, reduced_dims(xf, dim, "logsumexp")));
}

Tensor sum_to_size(const Tensor& x, IntArrayRef size) {
  detail::check_defined("sum_to_size", x);
  int64_t lead = x.dim() - static_cast<int64_t>(size.size());
  EMBER_CHECK(lead >= 0, "sum_to_size", "size ", shape_str(size), " has more dims than the tensor ",
              shape_str(x.sizes()));
  std::vector<int64_t> dims;
  for (int64_t d = 0; d < x.dim(); ++d) {
    if (d < lead) {
      dims.push_back(d);
      continue;
    }
    int64_t want = size[d - lead];
    EMBER_CHECK(want == x.size(d) || want == 1, "sum_to_size", "size ", shape_str(size),
                " is not expandable to the tensor's shape ", shape_str(x.sizes()));
    if (want == 1 && x.size(d) != 1) dims.push_back(d);
  }
  if (dims.empty()) return x.sizes() == size ? x : x.view(size);
  return sum(x, dims, /*keepdim=*/true).view(size);
}

Tensor count_nonzero(const Tensor& x, IntArrayRef dim) {
  detail::check_defined("count_nonzero", x);
  reduced_dims(x, dim, "count_nonzero");  // range check under this op's name
  return sum(ne(x, 0), dim);
}

namespace {
Tensor scan_op(const char* op, kernels::ScanOp kind, const Tensor& x, int64_t dim, std::optional<ScalarType> dtype) {
  detail::check_defined(op, x);
  int64_t d = wrap_dim(dim, x.dim(), op);
  ScalarType out_dtype = dtype.value_or(sum_dtype(x.scalar_type()));
  Tensor in = x.dim() == 0 ? x.view({1}) : x;
  Tensor out = detail::empty_tensor(in.sizes(), out_dtype, x.device());
  Tensor src = dtype ? in.to(*dtype) : in;
  dispatch::scan(op, kind, out, src, d);
  autograd::record_scan(kind, src, out, d);
  return x.dim() == 0 ? out.view({}) : out;
}
}  // namespace

Tensor cumsum(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype) {
  return scan_op("cumsum", kernels::ScanOp::Sum, x, dim, dtype);
}
Tensor cumprod(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype) {
  return scan_op("cumprod", kernels::ScanOp::Prod, x, dim, dtype);
}

// softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m), m = max_j x_j (so no exp overflows)
Tensor softmax(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype) {
  detail::check_defined("softmax", x);
  Tensor in = dtype ? x.to(*dtype) : x;
  EMBER_CHECK(in.is_floating_point(), "softmax", "expected a floating point tensor, got ", in.scalar_type());
  dim = wrap_dim(dim, in.dim(), "softmax");
  if (in.numel() == 0) return in.clone();
  if (detail::fused_lastdim({&in}, dim)) {  // one pass over memory, no graph to record
    Tensor out = empty_like(in);
    dispatch::softmax_lastdim(out, in);
    return out;
  }
  // subtracting the max changes nothing mathematically, so it needs no gradient
  Tensor e = exp(sub(in, detached_amax(in, dim)));
  return div(e, sum(e, dim, /*keepdim=*/true));
}

// log_softmax(x)_i = (x_i - m) - log sum_j exp(x_j - m)
Tensor log_softmax(const Tensor& x, int64_t dim, std::optional<ScalarType> dtype) {
  detail::check_defined("log_softmax", x);
  Tensor in = dtype ? x.to(*dtype) : x;
  EMBER_CHECK(in.is_floating_point(), "log_softmax", "expected a floating point tensor, got ", in.scalar_type());
  wrap_dim(dim, in.dim(), "log_softmax");
  if (in.numel() == 0) return in.clone();
  Tensor shifted = sub(in, detached_amax(in, dim));
  return sub(shifted, log(sum(exp(shifted), dim, /*keepdim=*/true)));
}

}  // namespace ember
