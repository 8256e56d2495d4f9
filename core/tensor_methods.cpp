// tensor_methods.cpp — Tensor's op methods: each forwards to the free function
// of the same name (x.exp() is ember::exp(x)). The in-place binary methods
// live with their ops in ops_pointwise.cpp, the in-place index ops in
// ops_index.cpp, the random fills in ops_random.cpp.
#include "autograd/inplace_internal.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

// ---- views ----
Tensor Tensor::view(IntArrayRef sizes) const { return ember::view(*this, sizes); }
Tensor Tensor::reshape(IntArrayRef sizes) const { return ember::reshape(*this, sizes); }
Tensor Tensor::flatten(int64_t start_dim, int64_t end_dim) const { return ember::flatten(*this, start_dim, end_dim); }
Tensor Tensor::unflatten(int64_t dim, IntArrayRef sizes) const { return ember::unflatten(*this, dim, sizes); }
Tensor Tensor::squeeze() const { return ember::squeeze(*this); }
Tensor Tensor::squeeze(int64_t dim) const { return ember::squeeze(*this, dim); }
Tensor Tensor::unsqueeze(int64_t dim) const { return ember::unsqueeze(*this, dim); }
Tensor Tensor::permute(IntArrayRef dims) const { return ember::permute(*this, dims); }
Tensor Tensor::movedim(int64_t source, int64_t destination) const { return ember::movedim(*this, source, destination); }
Tensor Tensor::transpose(int64_t dim0, int64_t dim1) const { return ember::transpose(*this, dim0, dim1); }
Tensor Tensor::t() const { return ember::t(*this); }
Tensor Tensor::expand(IntArrayRef sizes) const { return ember::expand(*this, sizes); }
Tensor Tensor::broadcast_to(IntArrayRef sizes) const { return ember::broadcast_to(*this, sizes); }
Tensor Tensor::narrow(int64_t dim, int64_t start, int64_t length) const { return ember::narrow(*this, dim, start, length); }
Tensor Tensor::slice(int64_t dim, std::optional<int64_t> start, std::optional<int64_t> end, int64_t step) const {
  return ember::slice(*this, dim, start, end, step);
}
Tensor Tensor::select(int64_t dim, int64_t index) const { return ember::select(*this, dim, index); }
Tensor Tensor::diagonal(int64_t offset, int64_t dim1, int64_t dim2) const {
  return ember::diagonal(*this, offset, dim1, dim2);
}
Tensor Tensor::as_strided(IntArrayRef sizes, IntArrayRef strides, std::optional<int64_t> storage_offset) const {
  return ember::as_strided(*this, sizes, strides, storage_offset);
}
Tensor Tensor::unfold(int64_t dimension, int64_t size, int64_t step) const {
  return ember::unfold(*this, dimension, size, step);
}
std::vector<Tensor> Tensor::split(int64_t split_size, int64_t dim) const { return ember::split(*this, split_size, dim); }
std::vector<Tensor> Tensor::split(IntArrayRef split_sizes, int64_t dim) const {
  return ember::split(*this, split_sizes, dim);
}
std::vector<Tensor> Tensor::chunk(int64_t chunks, int64_t dim) const { return ember::chunk(*this, chunks, dim); }
std::vector<Tensor> Tensor::unbind(int64_t dim) const { return ember::unbind(*this, dim); }

// ---- pointwise unary ----
#define EMBER_FORWARD_UNARY(name)                            \
  Tensor Tensor::name() const { return ember::name(*this); } \
  Tensor& Tensor::name##_() { return ember::name##_(*this); }
EMBER_FORWARD_UNARY(neg)
EMBER_FORWARD_UNARY(abs)
EMBER_FORWARD_UNARY(sign)
EMBER_FORWARD_UNARY(exp)
EMBER_FORWARD_UNARY(exp2)
EMBER_FORWARD_UNARY(log)
EMBER_FORWARD_UNARY(log2)
EMBER_FORWARD_UNARY(log10)
EMBER_FORWARD_UNARY(log1p)
EMBER_FORWARD_UNARY(expm1)
EMBER_FORWARD_UNARY(sqrt)
EMBER_FORWARD_UNARY(rsqrt)
EMBER_FORWARD_UNARY(reciprocal)
EMBER_FORWARD_UNARY(square)
EMBER_FORWARD_UNARY(sin)
EMBER_FORWARD_UNARY(cos)
EMBER_FORWARD_UNARY(tan)
EMBER_FORWARD_UNARY(asin)
EMBER_FORWARD_UNARY(acos)
EMBER_FORWARD_UNARY(atan)
EMBER_FORWARD_UNARY(sinh)
EMBER_FORWARD_UNARY(cosh)
EMBER_FORWARD_UNARY(tanh)
EMBER_FORWARD_UNARY(sigmoid)
EMBER_FORWARD_UNARY(relu)
EMBER_FORWARD_UNARY(erf)
EMBER_FORWARD_UNARY(floor)
EMBER_FORWARD_UNARY(ceil)
EMBER_FORWARD_UNARY(trunc)
EMBER_FORWARD_UNARY(frac)
EMBER_FORWARD_UNARY(logical_not)
EMBER_FORWARD_UNARY(bitwise_not)
#undef EMBER_FORWARD_UNARY

Tensor Tensor::round(int64_t decimals) const { return ember::round(*this, decimals); }
Tensor& Tensor::round_(int64_t decimals) { return ember::round_(*this, decimals); }
Tensor Tensor::isnan() const { return ember::isnan(*this); }
Tensor Tensor::isinf() const { return ember::isinf(*this); }
Tensor Tensor::isfinite() const { return ember::isfinite(*this); }
Tensor Tensor::nan_to_num(std::optional<double> nan, std::optional<double> posinf, std::optional<double> neginf) const {
  return ember::nan_to_num(*this, nan, posinf, neginf);
}
Tensor Tensor::clamp(std::optional<Scalar> min, std::optional<Scalar> max) const { return ember::clamp(*this, min, max); }
Tensor Tensor::clamp(const Tensor& min, const Tensor& max) const { return ember::clamp(*this, min, max); }
Tensor& Tensor::clamp_(std::optional<Scalar> min, std::optional<Scalar> max) { return ember::clamp_(*this, min, max); }

// ---- pointwise binary ----
Tensor Tensor::add(const Tensor& other, Scalar alpha) const { return ember::add(*this, other, alpha); }
Tensor Tensor::add(Scalar other, Scalar alpha) const { return ember::add(*this, other, alpha); }
Tensor Tensor::sub(const Tensor& other, Scalar alpha) const { return ember::sub(*this, other, alpha); }
Tensor Tensor::sub(Scalar other, Scalar alpha) const { return ember::sub(*this, other, alpha); }
#define EMBER_FORWARD_BINARY(name)                                                   \
  Tensor Tensor::name(const Tensor& other) const { return ember::name(*this, other); } \
  Tensor Tensor::name(Scalar other) const { return ember::name(*this, other); }
EMBER_FORWARD_BINARY(mul)
EMBER_FORWARD_BINARY(pow)
EMBER_FORWARD_BINARY(fmod)
EMBER_FORWARD_BINARY(remainder)
EMBER_FORWARD_BINARY(atan2)
EMBER_FORWARD_BINARY(bitwise_and)
EMBER_FORWARD_BINARY(bitwise_or)
EMBER_FORWARD_BINARY(bitwise_xor)
EMBER_FORWARD_BINARY(logical_and)
EMBER_FORWARD_BINARY(logical_or)
EMBER_FORWARD_BINARY(logical_xor)
EMBER_FORWARD_BINARY(eq)
EMBER_FORWARD_BINARY(ne)
EMBER_FORWARD_BINARY(lt)
EMBER_FORWARD_BINARY(le)
EMBER_FORWARD_BINARY(gt)
EMBER_FORWARD_BINARY(ge)
#undef EMBER_FORWARD_BINARY
Tensor Tensor::div(const Tensor& other, std::optional<std::string_view> rounding_mode) const {
  return ember::div(*this, other, rounding_mode);
}
Tensor Tensor::div(Scalar other, std::optional<std::string_view> rounding_mode) const {
  return ember::div(*this, other, rounding_mode);
}
Tensor Tensor::maximum(const Tensor& other) const { return ember::maximum(*this, other); }
Tensor Tensor::minimum(const Tensor& other) const { return ember::minimum(*this, other); }
Tensor Tensor::where(const Tensor& condition, const Tensor& other) const { return ember::where(condition, *this, other); }
Tensor Tensor::masked_fill(const Tensor& mask, Scalar value) const { return ember::masked_fill(*this, mask, value); }
Tensor Tensor::masked_fill(const Tensor& mask, const Tensor& value) const {
  return ember::masked_fill(*this, mask, value);
}
Tensor Tensor::lerp(const Tensor& end, Scalar weight) const { return ember::lerp(*this, end, weight); }
Tensor Tensor::lerp(const Tensor& end, const Tensor& weight) const { return ember::lerp(*this, end, weight); }
Tensor Tensor::addcmul(const Tensor& t1, const Tensor& t2, Scalar value) const {
  return ember::addcmul(*this, t1, t2, value);
}
Tensor Tensor::addcdiv(const Tensor& t1, const Tensor& t2, Scalar value) const {
  return ember::addcdiv(*this, t1, t2, value);
}
bool Tensor::allclose(const Tensor& other, double rtol, double atol, bool equal_nan) const {
  return ember::allclose(*this, other, rtol, atol, equal_nan);
}
Tensor Tensor::isclose(const Tensor& other, double rtol, double atol, bool equal_nan) const {
  return ember::isclose(*this, other, rtol, atol, equal_nan);
}
bool Tensor::equal(const Tensor& other) const { return ember::equal(*this, other); }

// ---- reductions ----
Tensor Tensor::sum(std::optional<ScalarType> dtype) const { return ember::sum(*this, {}, false, dtype); }
Tensor Tensor::sum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::sum(*this, dim, keepdim, dtype);
}
Tensor Tensor::mean(std::optional<ScalarType> dtype) const { return ember::mean(*this, {}, false, dtype); }
Tensor Tensor::mean(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::mean(*this, dim, keepdim, dtype);
}
Tensor Tensor::prod(std::optional<ScalarType> dtype) const { return ember::prod(*this, std::nullopt, false, dtype); }
Tensor Tensor::prod(int64_t dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return ember::prod(*this, dim, keepdim, dtype);
}
Tensor Tensor::var() const { return ember::var(*this); }
Tensor Tensor::var(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return ember::var(*this, dim, unbiased ? 1.0 : 0.0, keepdim);
}
Tensor Tensor::var(IntArrayRef dim, VarOptions o) const { return ember::var(*this, dim, o.correction, o.keepdim); }
Tensor Tensor::std() const { return ember::std(*this); }
Tensor Tensor::std(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return ember::std(*this, dim, unbiased ? 1.0 : 0.0, keepdim);
}
Tensor Tensor::std(IntArrayRef dim, VarOptions o) const { return ember::std(*this, dim, o.correction, o.keepdim); }
Tensor Tensor::max() const { return ember::max(*this); }
std::tuple<Tensor, Tensor> Tensor::max(int64_t dim, bool keepdim) const { return ember::max(*this, dim, keepdim); }
Tensor Tensor::min() const { return ember::min(*this); }
std::tuple<Tensor, Tensor> Tensor::min(int64_t dim, bool keepdim) const { return ember::min(*this, dim, keepdim); }
Tensor Tensor::amax(IntArrayRef dim, bool keepdim) const { return ember::amax(*this, dim, keepdim); }
Tensor Tensor::amin(IntArrayRef dim, bool keepdim) const { return ember::amin(*this, dim, keepdim); }
Tensor Tensor::argmax(std::optional<int64_t> dim, bool keepdim) const { return ember::argmax(*this, dim, keepdim); }
Tensor Tensor::argmin(std::optional<int64_t> dim, bool keepdim) const { return ember::argmin(*this, dim, keepdim); }
Tensor Tensor::all() const { return ember::all(*this); }
Tensor Tensor::all(int64_t dim, bool keepdim) const { return ember::all(*this, dim, keepdim); }
Tensor Tensor::any() const { return ember::any(*this); }
Tensor Tensor::any(int64_t dim, bool keepdim) const { return ember::any(*this, dim, keepdim); }
Tensor Tensor::norm(Scalar p) const { return ember::norm(*this, p); }
Tensor Tensor::norm(Scalar p, IntArrayRef dim, bool keepdim) const { return ember::norm(*this, p, dim, keepdim); }
Tensor Tensor::logsumexp(IntArrayRef dim, bool keepdim) const { return ember::logsumexp(*this, dim, keepdim); }
Tensor Tensor::cumsum(int64_t dim, std::optional<ScalarType> dtype) const { return ember::cumsum(*this, dim, dtype); }
Tensor Tensor::cumprod(int64_t dim, std::optional<ScalarType> dtype) const { return ember::cumprod(*this, dim, dtype); }
Tensor Tensor::count_nonzero(IntArrayRef dim) const { return ember::count_nonzero(*this, dim); }
Tensor Tensor::sum_to_size(IntArrayRef size) const { return ember::sum_to_size(*this, size); }
Tensor Tensor::softmax(int64_t dim, std::optional<ScalarType> dtype) const { return ember::softmax(*this, dim, dtype); }
Tensor Tensor::log_softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return ember::log_softmax(*this, dim, dtype);
}

// ---- linear algebra ----
Tensor Tensor::matmul(const Tensor& other) const { return ember::matmul(*this, other); }
Tensor Tensor::mm(const Tensor& other) const { return ember::mm(*this, other); }
Tensor Tensor::bmm(const Tensor& other) const { return ember::bmm(*this, other); }
Tensor Tensor::mv(const Tensor& vec) const { return ember::mv(*this, vec); }
Tensor Tensor::dot(const Tensor& other) const { return ember::dot(*this, other); }
Tensor Tensor::outer(const Tensor& other) const { return ember::outer(*this, other); }
Tensor Tensor::tril(int64_t diagonal) const { return ember::tril(*this, diagonal); }
Tensor Tensor::triu(int64_t diagonal) const { return ember::triu(*this, diagonal); }
Tensor Tensor::trace() const { return ember::trace(*this); }

// ---- shape and indexing ----
Tensor Tensor::flip(IntArrayRef dims) const { return ember::flip(*this, dims); }
Tensor Tensor::roll(IntArrayRef shifts, IntArrayRef dims) const { return ember::roll(*this, shifts, dims); }
Tensor Tensor::repeat(IntArrayRef repeats) const { return ember::repeat(*this, repeats); }
Tensor Tensor::repeat_interleave(int64_t repeats, std::optional<int64_t> dim) const {
  return ember::repeat_interleave(*this, repeats, dim);
}
Tensor Tensor::repeat_interleave(const Tensor& repeats, std::optional<int64_t> dim) const {
  return ember::repeat_interleave(*this, repeats, dim);
}
Tensor Tensor::tile(IntArrayRef reps) const { return ember::tile(*this, reps); }
Tensor Tensor::index_select(int64_t dim, const Tensor& index) const { return ember::index_select(*this, dim, index); }
Tensor Tensor::gather(int64_t dim, const Tensor& index) const { return ember::gather(*this, dim, index); }
Tensor Tensor::scatter(int64_t dim, const Tensor& index, const Tensor& src) const {
  return ember::scatter(*this, dim, index, src);
}
Tensor Tensor::scatter(int64_t dim, const Tensor& index, Scalar value) const {
  return ember::scatter(*this, dim, index, value);
}
Tensor Tensor::scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const {
  return ember::scatter_add(*this, dim, index, src);
}
Tensor Tensor::scatter_reduce(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                              bool include_self) const {
  return ember::scatter_reduce(*this, dim, index, src, reduce, include_self);
}
Tensor Tensor::index_add(int64_t dim, const Tensor& index, const Tensor& source, Scalar alpha) const {
  return ember::index_add(*this, dim, index, source, alpha);
}
Tensor Tensor::index_put(const TensorList& indices, const Tensor& values, bool accumulate) const {
  return ember::index_put(*this, indices, values, accumulate);
}
Tensor& Tensor::index_put_(const TensorList& indices, const Tensor& values, bool accumulate) {
  return ember::index_put_(*this, indices, values, accumulate);
}
Tensor Tensor::masked_select(const Tensor& mask) const { return ember::masked_select(*this, mask); }
Tensor Tensor::masked_scatter(const Tensor& mask, const Tensor& source) const {
  return ember::masked_scatter(*this, mask, source);
}
Tensor Tensor::nonzero() const { return ember::nonzero(*this); }
Tensor Tensor::take(const Tensor& index) const { return ember::take(*this, index); }
std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  return ember::topk(*this, k, dim, largest, sorted);
}
std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending, bool stable) const {
  return ember::sort(*this, dim, descending, stable);
}
Tensor Tensor::argsort(int64_t dim, bool descending, bool stable) const {
  return ember::argsort(*this, dim, descending, stable);
}

// ---- fills ----
Tensor& Tensor::zero_() { return fill_(0); }

Tensor& Tensor::fill_(Scalar value) {
  detail::check_defined("fill_", *this);
  detail::check_no_internal_overlap("fill_", *this);
  if (autograd::inplace_needs_grad(*this, {})) {
    // a constant: the old history gets a zero gradient, as torch's FillBackward
    return autograd::apply_inplace("fill_", *this, [&](const Tensor& old) {
      return ember::where(full(old.sizes(), true, TensorOptions(kBool).device(old.device())),
                          full({}, value, TensorOptions(old.scalar_type()).device(old.device())), old);
    }, /*needs_old_value=*/false);
  }
  dispatch::fill(*this, value);
  detail::bump_version(*this);
  return *this;
}

Tensor& Tensor::fill_(const Tensor& value) {
  EMBER_CHECK(value.dim() == 0, "fill_", "expects a 0-dim value tensor, got shape ", shape_str(value.sizes()));
  return fill_(value.item());
}

// torch semantics: the main diagonal of a 2-D (or all-dims-equal) tensor; with
// wrap, a tall matrix restarts the diagonal every (cols + 1) rows
Tensor& Tensor::fill_diagonal_(Scalar value, bool wrap) {
  detail::check_defined("fill_diagonal_", *this);
  EMBER_CHECK(dim() >= 2, "fill_diagonal_", "dimensions must be larger than 1, got shape ", shape_str(sizes()));
  if (dim() > 2)
    for (int64_t d = 1; d < dim(); ++d)
      EMBER_CHECK(size(d) == size(0), "fill_diagonal_", "all dimensions of input must be of equal length, got ",
                  shape_str(sizes()));
  int64_t step = 0;
  for (int64_t d = 0; d < dim(); ++d) step += stride(d);
  int64_t n = size(0);
  for (int64_t d = 1; d < dim(); ++d) n = std::min(n, size(d));
  if (dim() == 2 && wrap && size(0) > size(1) + 1) {
    // the flat diagonal positions i * (cols + 1) of the row-major matrix, over all rows
    int64_t rows = size(0), cols = size(1);
    for (int64_t block = 0; block * (cols + 1) < rows; ++block) {
      int64_t r0 = block * (cols + 1);
      int64_t len = std::min(cols, rows - r0);
      narrow(0, r0, len).diagonal().fill_(value);
    }
    return *this;
  }
  ember::as_strided(*this, {n}, {step}, storage_offset()).fill_(value);
  return *this;
}

}  // namespace ember
