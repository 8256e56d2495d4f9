// ops_index.cpp — front-ends of gather/scatter, index_select/index_add,
// advanced indexing (x[idx], x[mask]) and its assignment form, masks, nonzero.
//
// Every index is bounds-checked here, before a kernel sees it, so a bad index
// is an ember::Error naming the op, never an out-of-bounds access.
//
// Advanced indexing works through flat positions: for x[i0, :, i2] the
// front-end computes, with ordinary tensor arithmetic, the row-major position
// inside x of every element of the result; reading is then a gather from the
// flattened x, and writing (index_put_) a scatter to those positions.
#include <algorithm>
#include <cmath>
#include <limits>

#include "autograd/formulas_internal.h"
#include "autograd/grad_mode.h"
#include "autograd/inplace_internal.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

using kernels::ScatterReduce;

namespace {

void check_index_dtype(const char* op, const Tensor& index) {
  detail::check_defined(op, index);
  EMBER_CHECK(index.scalar_type() == kInt64 || index.scalar_type() == kInt32, op,
              "index must be an int64 (or int32) tensor, got ", index.scalar_type());
}

// Converts to int64 and checks every entry lies in [-size, size) (negatives
// wrap) or [0, size) when negatives are not allowed.
Tensor checked_index(const char* op, const Tensor& index, int64_t size, bool allow_negative, int64_t dim) {
  check_index_dtype(op, index);
  Tensor idx = index.to(kInt64);
  if (idx.numel() == 0) return idx;
  int64_t lo = idx.amin().item<int64_t>(), hi = idx.amax().item<int64_t>();
  int64_t min_ok = allow_negative ? -size : 0;
  EMBER_CHECK_INDEX(lo >= min_ok && hi < size, op, "index ", lo < min_ok ? lo : hi, " is out of bounds for dim ", dim,
              " with size ", size);
  if (allow_negative && lo < 0) idx = where(lt(idx, 0), add(idx, size), idx);
  return idx;
}

// gather/scatter shape rule: index has x's rank and fits inside x (and src)
// in every dim except `dim`.
void check_gather_shapes(const char* op, const Tensor& x, int64_t dim, const Tensor& index, const Tensor* src) {
  EMBER_CHECK(index.dim() == x.dim() || (x.dim() == 0 && index.dim() <= 1), op,
              "index must have as many dims as the input: got ", shape_str(index.sizes()), " and ",
              shape_str(x.sizes()));
  for (int64_t d = 0; d < index.dim(); ++d) {
    if (d != dim)
      EMBER_CHECK(index.size(d) <= x.size(d), op, "index ", shape_str(index.sizes()), " is larger than the input ",
                  shape_str(x.sizes()), " in dim ", d);
    if (src)
      EMBER_CHECK(index.size(d) <= src->size(d), op, "index ", shape_str(index.sizes()), " is larger than src ",
                  shape_str(src->sizes()), " in dim ", d);
  }
}

Tensor as_at_least_1d(const Tensor& t) { return t.dim() == 0 ? t.view({1}) : t; }

}  // namespace

Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index) {
  detail::check_same_device("index_select", x, index);
  EMBER_CHECK(index.dim() <= 1, "index_select", "index must be 0-D or 1-D, got shape ", shape_str(index.sizes()));
  Tensor in = as_at_least_1d(x);
  int64_t d = wrap_dim(dim, x.dim(), "index_select");
  Tensor idx = checked_index("index_select", index, in.size(d), /*allow_negative=*/false, d).reshape({-1});
  // out = gather with the index broadcast along every other dim
  Shape out_shape = in.sizes().vec();
  out_shape[d] = idx.numel();
  Shape idx_shape(in.dim(), 1);
  idx_shape[d] = idx.numel();
  Tensor out = detail::empty_tensor(out_shape, x.scalar_type(), x.device());
  Tensor expanded = idx.view(idx_shape).expand(out_shape);
  dispatch::gather(out, in, d, expanded);
  autograd::record_gather("IndexSelectBackward0", in, out, d, expanded);
  if (x.dim() == 0) return out.view({});
  return out;
}

Tensor gather(const Tensor& x, int64_t dim, const Tensor& index) {
  detail::check_same_device("gather", x, index);
  int64_t d = wrap_dim(dim, x.dim(), "gather");
  check_gather_shapes("gather", x, d, index, nullptr);
  Tensor in = as_at_least_1d(x);
  Tensor idx = as_at_least_1d(checked_index("gather", index, in.size(d), false, d));
  Tensor out = detail::empty_tensor(idx.sizes(), x.scalar_type(), x.device());
  dispatch::gather(out, in, d, idx);
  autograd::record_gather("GatherBackward0", in, out, d, idx);
  return index.dim() == 0 ? out.view({}) : out;
}

namespace {

// The checked int64 index and src (in x's dtype), seen as at least 1-D.
struct ScatterArgs {
  int64_t dim;
  Tensor index, src;
};

ScatterArgs prepare_scatter(const char* op, const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  detail::check_same_device(op, x, index);
  detail::check_same_device(op, x, src);
  int64_t d = wrap_dim(dim, x.dim(), op);
  check_gather_shapes(op, x, d, index, &src);
  int64_t size = x.dim() == 0 ? 1 : x.size(d);
  return {d, as_at_least_1d(checked_index(op, index, size, false, d)), as_at_least_1d(src.to(x.scalar_type()))};
}

// out = x with src scattered along dim (the out-of-place primitive, recorded)
Tensor scatter_op(const char* op, ScatterReduce reduce, const Tensor& x, int64_t dim, const Tensor& index,
                  const Tensor& src) {
  ScatterArgs a = prepare_scatter(op, x, dim, index, src);
  Tensor out;
  {
    NoGradGuard no_grad;
    out = x.clone();
    dispatch::scatter(reduce, as_at_least_1d(out), a.dim, a.index, a.src);
  }
  autograd::record_scatter(reduce, x, a.src, out, a.dim, a.index);
  return out;
}

// self[index] (op)= src in place; through autograd when a graph is involved
Tensor& scatter_inplace(const char* op, ScatterReduce reduce, Tensor& self, int64_t dim, const Tensor& index,
                        const Tensor& src) {
  if (autograd::inplace_needs_grad(self, {&src}))
    return autograd::apply_inplace(
        op, self, [&](const Tensor& old) { return scatter_op(op, reduce, old, dim, index, src); });
  ScatterArgs a = prepare_scatter(op, self, dim, index, src);
  detail::check_inplace(op, self, self.scalar_type(), {&src, &index});
  dispatch::scatter(reduce, as_at_least_1d(self), a.dim, a.index, a.src);
  detail::bump_version(self);
  return self;
}

Tensor filled_like_index(const Tensor& self, const Tensor& index, Scalar value) {
  return full(index.sizes(), value, TensorOptions(self.scalar_type()).device(self.device()));
}

}  // namespace

Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_inplace("scatter_", ScatterReduce::Assign, *this, dim, index, src);
}
Tensor& Tensor::scatter_(int64_t dim, const Tensor& index, Scalar value) {
  return scatter_inplace("scatter_", ScatterReduce::Assign, *this, dim, index, filled_like_index(*this, index, value));
}
Tensor& Tensor::scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_inplace("scatter_add_", ScatterReduce::Sum, *this, dim, index, src);
}

Tensor scatter(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_op("scatter", ScatterReduce::Assign, x, dim, index, src);
}
Tensor scatter(const Tensor& x, int64_t dim, const Tensor& index, Scalar value) {
  detail::check_defined("scatter", x);
  return scatter_op("scatter", ScatterReduce::Assign, x, dim, index, filled_like_index(x, index, value));
}
Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src) {
  return scatter_op("scatter_add", ScatterReduce::Sum, x, dim, index, src);
}

namespace {
// The largest / smallest value a dtype holds (the identities of amin / amax).
Scalar dtype_highest(ScalarType t) {
  switch (t) {
    case kBool: return Scalar(true);
    case kUInt8: return Scalar(255);
    case kInt8: return Scalar(127);
    case kInt32: return Scalar(std::numeric_limits<int32_t>::max());
    case kInt64: return Scalar(std::numeric_limits<int64_t>::max());
    default: return Scalar(INFINITY);
  }
}
Scalar dtype_lowest(ScalarType t) {
  switch (t) {
    case kBool: return Scalar(false);
    case kUInt8: return Scalar(0);
    case kInt8: return Scalar(-128);
    case kInt32: return Scalar(std::numeric_limits<int32_t>::lowest());
    case kInt64: return Scalar(std::numeric_limits<int64_t>::lowest());
    default: return Scalar(-INFINITY);
  }
}
}  // namespace

Tensor scatter_reduce(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                      bool include_self) {
  detail::check_defined("scatter_reduce", x);
  ScatterReduce r;
  Scalar identity;
  if (reduce == "sum" || reduce == "mean") {
    r = ScatterReduce::Sum;
    identity = 0;
  } else if (reduce == "prod") {
    r = ScatterReduce::Prod;
    identity = 1;
  } else if (reduce == "amax") {
    r = ScatterReduce::Amax;
    identity = dtype_lowest(x.scalar_type());
  } else if (reduce == "amin") {
    r = ScatterReduce::Amin;
    identity = dtype_highest(x.scalar_type());
  } else {
    EMBER_FAIL("scatter_reduce", "reduce must be sum, prod, mean, amax or amin, got '", reduce, "'");
  }
  // without self, every scattered-to position starts from the identity
  Tensor out = include_self ? x : scatter(x, dim, index, identity);
  out = scatter_op("scatter_reduce", r, out, dim, index, src);
  if (reduce == "mean") {
    // divide by how many values landed in each position (+1 for self)
    TensorOptions o = TensorOptions(x.scalar_type()).device(x.device());
    Tensor count = full(x.sizes(), include_self ? 1 : 0, o);
    count.scatter_add_(dim, index, ones(index.sizes(), o));
    count = clamp(count, Scalar(1));
    out = x.is_floating_point() ? div(out, count) : div(out, count, "floor");
  }
  return out;
}

namespace {
// index_add as a scatter-add: index[i] names the slice of x that receives
// alpha * source's slice i, so the index is broadcast over source's shape
ScatterArgs index_add_args(const char* op, const Tensor& x, int64_t dim, const Tensor& index, const Tensor& source,
                           Scalar alpha) {
  detail::check_same_device(op, x, source);
  EMBER_CHECK(index.dim() <= 1, op, "index must be 0-D or 1-D, got shape ", shape_str(index.sizes()));
  int64_t d = wrap_dim(dim, x.dim(), op);
  Tensor src = as_at_least_1d(source);
  Tensor target = as_at_least_1d(x);
  EMBER_CHECK(src.dim() == target.dim(), op, "source ", shape_str(source.sizes()),
              " must have the same number of dims as self ", shape_str(x.sizes()));
  EMBER_CHECK(src.size(d) == index.numel(), op, "source has ", src.size(d), " slices along dim ", d,
              " but index has ", index.numel(), " entries");
  for (int64_t k = 0; k < target.dim(); ++k)
    EMBER_CHECK(k == d || src.size(k) == target.size(k), op, "source ", shape_str(source.sizes()), " and self ",
                shape_str(x.sizes()), " differ in dim ", k);
  Tensor idx = checked_index(op, index, target.size(d), false, d).reshape({-1});
  Shape idx_shape(target.dim(), 1);
  idx_shape[d] = idx.numel();
  Tensor scaled = alpha.to_double() == 1.0 ? src : ember::mul(src, alpha);
  return {d, idx.view(idx_shape).expand(src.sizes()), scaled};
}
}  // namespace

Tensor& Tensor::index_add_(int64_t dim, const Tensor& index, const Tensor& source, Scalar alpha) {
  ScatterArgs a = index_add_args("index_add_", *this, dim, index, source, alpha);
  return scatter_inplace("index_add_", ScatterReduce::Sum, *this, a.dim, a.index, a.src);
}

Tensor index_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& source, Scalar alpha) {
  ScatterArgs a = index_add_args("index_add", x, dim, index, source, alpha);
  return scatter_op("index_add", ScatterReduce::Sum, x, a.dim, a.index, a.src);
}

// ---------------------------------------------------------------- advanced indexing

namespace {

// For x[indices]: the shape of the result and, for each of its elements, the
// row-major position of the element of x it refers to.
struct IndexPlan {
  Shape shape;
  Tensor positions;  // int64, shaped like the result
};

IndexPlan plan_index(const char* op, const Tensor& x, const TensorList& indices) {
  EMBER_CHECK(static_cast<int64_t>(indices.size()) <= x.dim(), op, "too many indices (", indices.size(),
              ") for a tensor of ", x.dim(), " dims");
  // expand bool masks into one int64 index per dim they cover
  std::vector<Tensor> per_dim(static_cast<size_t>(x.dim()));
  int64_t d = 0;
  for (const Tensor& ix : indices) {
    if (!ix.defined()) {
      ++d;
      continue;
    }
    detail::check_same_device(op, x, ix);
    if (ix.scalar_type() == kBool || ix.scalar_type() == kUInt8) {
      EMBER_CHECK(d + ix.dim() <= x.dim(), op, "mask of shape ", shape_str(ix.sizes()), " does not fit tensor ",
                  shape_str(x.sizes()), " at dim ", d);
      for (int64_t k = 0; k < ix.dim(); ++k)
        EMBER_CHECK(ix.size(k) == x.size(d + k), op, "the shape of the mask ", shape_str(ix.sizes()),
                    " does not match the shape of the indexed tensor ", shape_str(x.sizes()), " at dim ", d + k);
      Tensor nz = nonzero(ix.to(kBool));  // (count, mask dims)
      for (int64_t k = 0; k < ix.dim(); ++k) per_dim[d + k] = nz.select(1, k);
      if (ix.dim() == 0) {  // x[True] adds a dim of size 1, x[False] of size 0
        EMBER_FAIL(op, "0-dim bool indices are not supported");
      }
      d += ix.dim();
    } else {
      EMBER_CHECK(!ix.is_floating_point(), op, "tensors used as indices must be int64, int32, bool or uint8, got ",
                  ix.scalar_type());
      per_dim[d] = checked_index(op, ix, x.size(d), /*allow_negative=*/true, d);
      ++d;
    }
  }
  std::vector<int64_t> indexed;
  for (int64_t k = 0; k < x.dim(); ++k)
    if (per_dim[k].defined()) indexed.push_back(k);
  EMBER_CHECK(!indexed.empty(), op, "no tensor indices given");
  Shape bshape;
  for (int64_t k : indexed) bshape = broadcast_shapes(bshape, per_dim[k].sizes(), op);
  bool adjacent = indexed.back() - indexed.front() + 1 == static_cast<int64_t>(indexed.size());
  // result layout: the broadcast index dims go where the indexed dims were
  // when those were adjacent, else to the front
  int64_t insert_at = adjacent ? indexed.front() : 0;
  std::vector<int64_t> rest;
  for (int64_t k = 0; k < x.dim(); ++k)
    if (!per_dim[k].defined()) rest.push_back(k);
  Shape shape;
  std::vector<int64_t> rest_axis(x.dim(), -1);  // result axis of each remaining dim
  size_t r = 0;
  for (; r < rest.size() && rest[r] < insert_at; ++r) {
    rest_axis[rest[r]] = static_cast<int64_t>(shape.size());
    shape.push_back(x.size(rest[r]));
  }
  int64_t b_axis = static_cast<int64_t>(shape.size());
  shape.insert(shape.end(), bshape.begin(), bshape.end());
  for (; r < rest.size(); ++r) {
    rest_axis[rest[r]] = static_cast<int64_t>(shape.size());
    shape.push_back(x.size(rest[r]));
  }
  // position = sum over dims of coordinate * row-major stride of x
  Shape cstrides = contiguous_strides(x.sizes());
  TensorOptions o = TensorOptions(kInt64).device(x.device());
  Tensor pos = zeros({}, o);
  int64_t nd = static_cast<int64_t>(shape.size());
  for (int64_t k = 0; k < x.dim(); ++k) {
    Shape view_shape(nd, 1);
    Tensor coord;
    if (per_dim[k].defined()) {
      coord = broadcast_to(per_dim[k], bshape);
      for (size_t j = 0; j < bshape.size(); ++j) view_shape[b_axis + j] = bshape[j];
    } else {
      coord = arange(x.size(k), o);
      view_shape[rest_axis[k]] = x.size(k);
    }
    pos = add(pos, mul(coord.reshape(view_shape), cstrides[k]));
  }
  return {shape, broadcast_to(pos, shape)};
}

}  // namespace

Tensor index(const Tensor& x, const TensorList& indices) {
  detail::check_defined("index", x);
  IndexPlan plan = plan_index("index", x, indices);
  // a gather from the flattened tensor: its backward scatters back
  return gather(x.reshape({-1}), 0, plan.positions.reshape({-1})).view(plan.shape);
}

namespace {

// out = x with values written (or added) at flat row-major positions: the
// recorded primitive behind index_put and masked_scatter. values is 1-D, one
// per position.
Tensor put_op(const char* op, const Tensor& x, const Tensor& positions, const Tensor& values, bool accumulate) {
  Tensor out;
  {
    NoGradGuard no_grad;
    out = x.clone();
    dispatch::index_put(out, positions, values, accumulate);
  }
  autograd::record_index_put(x, values, out, positions, accumulate);
  return out;
}

void put_inplace(const char* op, Tensor& x, const Tensor& positions, const Tensor& values, bool accumulate) {
  if (autograd::inplace_needs_grad(x, {&values})) {
    autograd::apply_inplace(op, x, [&](const Tensor& old) { return put_op(op, old, positions, values, accumulate); });
    return;
  }
  detail::check_inplace(op, x, values.scalar_type(), {&values});
  dispatch::index_put(x, positions, values, accumulate);
  detail::bump_version(x);
}

// flat positions and matching 1-D values for x[indices] = values
std::pair<Tensor, Tensor> put_args(const char* op, const Tensor& x, const TensorList& indices, const Tensor& values) {
  detail::check_same_device(op, x, values);
  IndexPlan plan = plan_index(op, x, indices);
  Shape vshape = broadcast_shapes(values.sizes(), plan.shape, op);
  EMBER_CHECK(IntArrayRef(vshape) == plan.shape, op, "values of shape ", shape_str(values.sizes()),
              " cannot be broadcast to the indexed shape ", shape_str(plan.shape));
  EMBER_CHECK(can_cast(values.scalar_type(), x.scalar_type()), op, "values of dtype ", values.scalar_type(),
              " can't be cast to the tensor's dtype ", x.scalar_type());
  Tensor v = broadcast_to(values.to(x.scalar_type()), plan.shape).contiguous().reshape({-1});
  return {plan.positions.contiguous().reshape({-1}), v};
}

// flat positions of mask's true entries and the first that many source values
std::pair<Tensor, Tensor> masked_args(const char* op, const Tensor& x, const Tensor& mask, const Tensor& source) {
  detail::check_same_device(op, x, mask);
  detail::check_same_device(op, x, source);
  EMBER_CHECK(mask.scalar_type() == kBool, op, "mask must be a bool tensor, got ", mask.scalar_type());
  Tensor m = broadcast_to(mask, x.sizes()).contiguous().reshape({-1});
  Tensor positions = nonzero(m).reshape({-1});
  int64_t count = positions.numel();
  EMBER_CHECK(count <= source.numel(), op, "mask has ", count, " true entries but source has only ", source.numel(),
              " elements");
  return {positions, source.reshape({-1}).narrow(0, 0, count).to(x.scalar_type())};
}

}  // namespace

Tensor& index_put_(Tensor& x, const TensorList& indices, const Tensor& values, bool accumulate) {
  auto [positions, v] = put_args("index_put_", x, indices, values);
  put_inplace("index_put_", x, positions, v, accumulate);
  return x;
}

Tensor index_put(const Tensor& x, const TensorList& indices, const Tensor& values, bool accumulate) {
  auto [positions, v] = put_args("index_put", x, indices, values);
  return put_op("index_put", x, positions, v, accumulate);
}

Tensor masked_select(const Tensor& x, const Tensor& mask) {
  detail::check_same_device("masked_select", x, mask);
  EMBER_CHECK(mask.scalar_type() == kBool, "masked_select", "mask must be a bool tensor, got ", mask.scalar_type());
  // flattened, so that 0-d operands select too (a 0-d bool index is not supported)
  Shape shape = broadcast_shapes(x.sizes(), mask.sizes(), "masked_select");
  return index(broadcast_to(x, shape).reshape({-1}), {broadcast_to(mask, shape).reshape({-1})});
}

Tensor& Tensor::masked_scatter_(const Tensor& mask, const Tensor& source) {
  auto [positions, v] = masked_args("masked_scatter_", *this, mask, source);
  put_inplace("masked_scatter_", *this, positions, v, false);
  return *this;
}

Tensor masked_scatter(const Tensor& x, const Tensor& mask, const Tensor& source) {
  auto [positions, v] = masked_args("masked_scatter", x, mask, source);
  return put_op("masked_scatter", x, positions, v, false);
}

Tensor nonzero(const Tensor& x) {
  detail::check_defined("nonzero", x);
  int64_t count = dispatch::count_nonzero(x);
  Tensor out = detail::empty_tensor({count, x.dim()}, kInt64, x.device());
  if (count > 0) dispatch::nonzero(out, x);
  return out;
}

Tensor take(const Tensor& x, const Tensor& index) {
  detail::check_same_device("take", x, index);
  Tensor idx = checked_index("take", index, x.numel(), /*allow_negative=*/true, 0);
  return gather(x.reshape({-1}), 0, idx.reshape({-1})).view(index.sizes());
}

}  // namespace ember
