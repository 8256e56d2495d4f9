// tensor.h — Tensor, the handle users hold.
//
// A Tensor is a shared_ptr to a TensorImpl: copying a Tensor is cheap and
// aliases the same data (like PyTorch). An undefined Tensor (default
// constructed) holds nothing; most methods throw on it.
//
// The methods here are thin: each forwards to a free function in the
// ops_<family>.h headers (core/ops.h lists them all), so `x.exp()` and
// `ember::exp(x)` are the same call. Methods ending in `_` work in place.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/device.h"
#include "core/dtype.h"
#include "core/error.h"
#include "core/scalar.h"
#include "core/shape.h"
#include "core/tensor_impl.h"
#include "core/tensor_options.h"

namespace ember {

namespace autograd {
class Node;
}
class TensorIndex;
class Tensor;
using TensorList = std::vector<Tensor>;

/// Options for var/std: Bessel's correction (1 = unbiased) and keepdim.
struct VarOptions {
  double correction = 1.0;
  bool keepdim = false;
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  // ---- identity and metadata ----
  bool defined() const { return impl_ != nullptr; }
  TensorImpl* impl() const { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& impl_ptr() const { return impl_; }
  bool is_same(const Tensor& other) const { return impl_ == other.impl_; }
  long use_count() const { return impl_.use_count(); }

  IntArrayRef sizes() const { return checked().sizes(); }
  IntArrayRef strides() const { return checked().strides(); }
  int64_t size(int64_t dim) const;
  int64_t stride(int64_t dim) const;
  int64_t dim() const { return checked().dim(); }
  int64_t ndimension() const { return dim(); }
  int64_t numel() const { return checked().numel(); }
  int64_t storage_offset() const { return checked().storage_offset(); }
  size_t element_size() const { return ember::element_size(scalar_type()); }
  size_t nbytes() const { return static_cast<size_t>(numel()) * element_size(); }
  ScalarType scalar_type() const { return checked().dtype(); }
  ScalarType dtype() const { return scalar_type(); }
  Device device() const { return checked().device(); }
  bool is_cpu() const { return device().is_cpu(); }
  bool is_cuda() const { return device().is_cuda(); }
  bool is_contiguous() const { return checked().is_contiguous(); }
  bool is_floating_point() const { return ember::is_floating_point(scalar_type()); }
  TensorOptions options() const { return TensorOptions(scalar_type()).device(device()); }
  const std::shared_ptr<StorageImpl>& storage() const { return checked().storage(); }
  /// Version counter shared by all views of the storage; in-place ops bump it.
  uint64_t _version() const { return storage()->version(); }

  // ---- raw data ----
  /// Address of the first element. Throws for tensors on other devices only in
  /// the typed form below (which also checks the dtype).
  void* data_ptr() const { return checked().data(); }
  template <Element T>
  T* data_ptr() const {
    EMBER_CHECK(dtype_of<T> == scalar_type(), "data_ptr", "asked for ", dtype_of<T>, " but the tensor is ",
                scalar_type());
    return static_cast<T*>(data_ptr());
  }
  template <Element T>
  T* mutable_data_ptr() const { return data_ptr<T>(); }
  /// The single value of a one-element tensor, converted to T.
  template <class T>
  T item() const { return item().to<T>(); }
  Scalar item() const;

  // ---- conversion and copies ----
  Tensor to(ScalarType dtype, bool copy = false) const;
  Tensor to(Device device, bool copy = false) const;
  Tensor to(Device device, ScalarType dtype, bool copy = false) const;
  Tensor to(const TensorOptions& options, bool copy = false) const;
  Tensor cpu() const { return to(Device::cpu()); }
  Tensor cuda(int index = 0) const { return to(Device::cuda(index)); }
  Tensor type_as(const Tensor& other) const { return to(other.scalar_type()); }
  Tensor contiguous() const;
  Tensor clone() const;
  /// Copies src into this tensor (broadcasting src, converting its dtype).
  Tensor& copy_(const Tensor& src);
  /// Makes this tensor hold other's data (memory, dtype, shape) while staying
  /// the same tensor object with the same autograd state (`param.data = x`).
  void set_data(const Tensor& other);

  // ---- autograd (the engine lives in autograd/) ----
  /// True for leaves marked requires_grad and for results of recorded ops.
  bool requires_grad() const;
  /// Marks a leaf as needing gradients (floating point only).
  Tensor& requires_grad_(bool requires_grad = true);
  Tensor& set_requires_grad(bool requires_grad) { return requires_grad_(requires_grad); }
  /// Backpropagates from this tensor (a one-element tensor needs no gradient).
  /// retain_graph defaults to create_graph, as in PyTorch. With create_graph,
  /// a leaf's .grad() refers to a graph that refers back to the leaf: reset it
  /// (`x.mutable_grad() = Tensor()`) when done, or use autograd::grad.
  void backward(const Tensor& gradient = {}, std::optional<bool> retain_graph = std::nullopt,
                bool create_graph = false) const;
  /// The accumulated gradient; undefined until a backward reaches this leaf.
  const Tensor& grad() const;
  /// Settable gradient: `x.mutable_grad() = Tensor()` resets it (zero_grad with set_to_none).
  Tensor& mutable_grad();
  /// The node that produced this tensor (null for leaves).
  std::shared_ptr<autograd::Node> grad_fn() const;
  /// A leaf: made by the user rather than by a recorded op.
  bool is_leaf() const;
  /// A view of the same data that is cut off from the graph.
  Tensor detach() const;
  Tensor& detach_();
  /// Keep .grad() for this non-leaf tensor after backward.
  void retain_grad() const;
  bool retains_grad() const;
  /// Calls hook(grad) when this tensor's gradient is computed; a defined
  /// return value replaces the gradient.
  void register_hook(std::function<Tensor(const Tensor&)> hook) const;
  /// Which output of grad_fn() this tensor is.
  uint32_t output_nr() const;

  // ---- views (share storage) ----
  Tensor view(IntArrayRef sizes) const;
  Tensor view_as(const Tensor& other) const { return view(other.sizes()); }
  Tensor reshape(IntArrayRef sizes) const;
  Tensor reshape_as(const Tensor& other) const { return reshape(other.sizes()); }
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  Tensor unflatten(int64_t dim, IntArrayRef sizes) const;
  Tensor squeeze() const;
  Tensor squeeze(int64_t dim) const;
  Tensor unsqueeze(int64_t dim) const;
  Tensor permute(IntArrayRef dims) const;
  Tensor movedim(int64_t source, int64_t destination) const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  Tensor t() const;
  Tensor mT() const { return transpose(-2, -1); }
  Tensor expand(IntArrayRef sizes) const;
  Tensor expand_as(const Tensor& other) const { return expand(other.sizes()); }
  Tensor broadcast_to(IntArrayRef sizes) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor slice(int64_t dim, std::optional<int64_t> start = std::nullopt, std::optional<int64_t> end = std::nullopt,
               int64_t step = 1) const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor diagonal(int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1) const;
  Tensor as_strided(IntArrayRef sizes, IntArrayRef strides, std::optional<int64_t> storage_offset = {}) const;
  Tensor unfold(int64_t dimension, int64_t size, int64_t step) const;
  std::vector<Tensor> split(int64_t split_size, int64_t dim = 0) const;
  std::vector<Tensor> split(IntArrayRef split_sizes, int64_t dim = 0) const;
  std::vector<Tensor> chunk(int64_t chunks, int64_t dim = 0) const;
  std::vector<Tensor> unbind(int64_t dim = 0) const;

  // ---- indexing: x.index({Slice(1, 3), None, 0, mask}) like libtorch ----
  Tensor index(const std::vector<TensorIndex>& indices) const;
  Tensor& index_put_(const std::vector<TensorIndex>& indices, const Tensor& values);
  Tensor& index_put_(const std::vector<TensorIndex>& indices, Scalar value);
  /// select(0, i): x[i]
  Tensor operator[](int64_t i) const { return select(0, i); }

  // ---- pointwise unary ----
#define EMBER_UNARY_METHOD(name) \
  Tensor name() const;           \
  Tensor& name##_();
  EMBER_UNARY_METHOD(neg) EMBER_UNARY_METHOD(abs) EMBER_UNARY_METHOD(sign) EMBER_UNARY_METHOD(exp)
  EMBER_UNARY_METHOD(exp2) EMBER_UNARY_METHOD(log) EMBER_UNARY_METHOD(log2) EMBER_UNARY_METHOD(log10)
  EMBER_UNARY_METHOD(log1p) EMBER_UNARY_METHOD(expm1) EMBER_UNARY_METHOD(sqrt) EMBER_UNARY_METHOD(rsqrt)
  EMBER_UNARY_METHOD(reciprocal) EMBER_UNARY_METHOD(square) EMBER_UNARY_METHOD(sin) EMBER_UNARY_METHOD(cos)
  EMBER_UNARY_METHOD(tan) EMBER_UNARY_METHOD(asin) EMBER_UNARY_METHOD(acos) EMBER_UNARY_METHOD(atan)
  EMBER_UNARY_METHOD(sinh) EMBER_UNARY_METHOD(cosh) EMBER_UNARY_METHOD(tanh) EMBER_UNARY_METHOD(sigmoid)
  EMBER_UNARY_METHOD(relu) EMBER_UNARY_METHOD(erf) EMBER_UNARY_METHOD(floor) EMBER_UNARY_METHOD(ceil)
  EMBER_UNARY_METHOD(trunc) EMBER_UNARY_METHOD(frac) EMBER_UNARY_METHOD(logical_not)
  EMBER_UNARY_METHOD(bitwise_not)
#undef EMBER_UNARY_METHOD
  Tensor round(int64_t decimals = 0) const;
  Tensor& round_(int64_t decimals = 0);
  Tensor isnan() const;
  Tensor isinf() const;
  Tensor isfinite() const;
  Tensor nan_to_num(std::optional<double> nan = 0.0, std::optional<double> posinf = {},
                    std::optional<double> neginf = {}) const;
  Tensor clamp(std::optional<Scalar> min, std::optional<Scalar> max = {}) const;
  Tensor clamp(const Tensor& min, const Tensor& max) const;
  Tensor& clamp_(std::optional<Scalar> min, std::optional<Scalar> max = {});
  Tensor clamp_min(Scalar min) const { return clamp(min, std::nullopt); }
  Tensor clamp_max(Scalar max) const { return clamp(std::nullopt, max); }

  // ---- pointwise binary (other may be a Tensor or a Scalar) ----
  Tensor add(const Tensor& other, Scalar alpha = 1) const;
  Tensor add(Scalar other, Scalar alpha = 1) const;
  Tensor& add_(const Tensor& other, Scalar alpha = 1);
  Tensor& add_(Scalar other, Scalar alpha = 1);
  Tensor sub(const Tensor& other, Scalar alpha = 1) const;
  Tensor sub(Scalar other, Scalar alpha = 1) const;
  Tensor& sub_(const Tensor& other, Scalar alpha = 1);
  Tensor& sub_(Scalar other, Scalar alpha = 1);
#define EMBER_BINARY_METHOD(name)       \
  Tensor name(const Tensor& other) const; \
  Tensor name(Scalar other) const;       \
  Tensor& name##_(const Tensor& other);  \
  Tensor& name##_(Scalar other);
  EMBER_BINARY_METHOD(mul) EMBER_BINARY_METHOD(pow) EMBER_BINARY_METHOD(fmod)
  EMBER_BINARY_METHOD(remainder) EMBER_BINARY_METHOD(atan2) EMBER_BINARY_METHOD(bitwise_and)
  EMBER_BINARY_METHOD(bitwise_or) EMBER_BINARY_METHOD(bitwise_xor) EMBER_BINARY_METHOD(logical_and)
  EMBER_BINARY_METHOD(logical_or) EMBER_BINARY_METHOD(logical_xor)
  EMBER_BINARY_METHOD(eq) EMBER_BINARY_METHOD(ne) EMBER_BINARY_METHOD(lt) EMBER_BINARY_METHOD(le)
  EMBER_BINARY_METHOD(gt) EMBER_BINARY_METHOD(ge)
#undef EMBER_BINARY_METHOD
  Tensor div(const Tensor& other, std::optional<std::string_view> rounding_mode = {}) const;
  Tensor div(Scalar other, std::optional<std::string_view> rounding_mode = {}) const;
  Tensor& div_(const Tensor& other, std::optional<std::string_view> rounding_mode = {});
  Tensor& div_(Scalar other, std::optional<std::string_view> rounding_mode = {});
  Tensor maximum(const Tensor& other) const;
  Tensor minimum(const Tensor& other) const;
  Tensor where(const Tensor& condition, const Tensor& other) const;
  Tensor masked_fill(const Tensor& mask, Scalar value) const;
  Tensor masked_fill(const Tensor& mask, const Tensor& value) const;
  Tensor& masked_fill_(const Tensor& mask, Scalar value);
  Tensor lerp(const Tensor& end, Scalar weight) const;
  Tensor lerp(const Tensor& end, const Tensor& weight) const;
  Tensor addcmul(const Tensor& t1, const Tensor& t2, Scalar value = 1) const;
  Tensor addcdiv(const Tensor& t1, const Tensor& t2, Scalar value = 1) const;
  Tensor& addcmul_(const Tensor& t1, const Tensor& t2, Scalar value = 1);
  Tensor& addcdiv_(const Tensor& t1, const Tensor& t2, Scalar value = 1);
  bool allclose(const Tensor& other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) const;
  Tensor isclose(const Tensor& other, double rtol = 1e-5, double atol = 1e-8, bool equal_nan = false) const;
  bool equal(const Tensor& other) const;

  // ---- reductions ----
  Tensor sum(std::optional<ScalarType> dtype = {}) const;
  Tensor sum(IntArrayRef dim, bool keepdim = false, std::optional<ScalarType> dtype = {}) const;
  Tensor mean(std::optional<ScalarType> dtype = {}) const;
  Tensor mean(IntArrayRef dim, bool keepdim = false, std::optional<ScalarType> dtype = {}) const;
  Tensor prod(std::optional<ScalarType> dtype = {}) const;
  Tensor prod(int64_t dim, bool keepdim = false, std::optional<ScalarType> dtype = {}) const;
  // No var(bool unbiased) overload: x.std(0) must mean "over dim 0", not
  // "unbiased = false" (a libtorch pitfall). Use x.std({}, false) for that.
  Tensor var() const;
  Tensor var(IntArrayRef dim, bool unbiased = true, bool keepdim = false) const;
  Tensor var(IntArrayRef dim, VarOptions options) const;
  Tensor std() const;
  Tensor std(IntArrayRef dim, bool unbiased = true, bool keepdim = false) const;
  Tensor std(IntArrayRef dim, VarOptions options) const;
  Tensor max() const;
  std::tuple<Tensor, Tensor> max(int64_t dim, bool keepdim = false) const;
  Tensor max(const Tensor& other) const { return maximum(other); }
  Tensor min() const;
  std::tuple<Tensor, Tensor> min(int64_t dim, bool keepdim = false) const;
  Tensor min(const Tensor& other) const { return minimum(other); }
  Tensor amax(IntArrayRef dim = {}, bool keepdim = false) const;
  Tensor amin(IntArrayRef dim = {}, bool keepdim = false) const;
  Tensor argmax(std::optional<int64_t> dim = {}, bool keepdim = false) const;
  Tensor argmin(std::optional<int64_t> dim = {}, bool keepdim = false) const;
  Tensor all() const;
  Tensor all(int64_t dim, bool keepdim = false) const;
  Tensor any() const;
  Tensor any(int64_t dim, bool keepdim = false) const;
  Tensor norm(Scalar p = 2) const;
  Tensor norm(Scalar p, IntArrayRef dim, bool keepdim = false) const;
  Tensor logsumexp(IntArrayRef dim, bool keepdim = false) const;
  Tensor cumsum(int64_t dim, std::optional<ScalarType> dtype = {}) const;
  Tensor cumprod(int64_t dim, std::optional<ScalarType> dtype = {}) const;
  Tensor count_nonzero(IntArrayRef dim = {}) const;
  /// Sums this (broadcast) tensor back down to `size`.
  Tensor sum_to_size(IntArrayRef size) const;
  Tensor softmax(int64_t dim, std::optional<ScalarType> dtype = {}) const;
  Tensor log_softmax(int64_t dim, std::optional<ScalarType> dtype = {}) const;

  // ---- linear algebra ----
  Tensor matmul(const Tensor& other) const;
  Tensor mm(const Tensor& other) const;
  Tensor bmm(const Tensor& other) const;
  Tensor mv(const Tensor& vec) const;
  Tensor dot(const Tensor& other) const;
  Tensor outer(const Tensor& other) const;
  Tensor tril(int64_t diagonal = 0) const;
  Tensor triu(int64_t diagonal = 0) const;
  Tensor trace() const;

  // ---- shape and indexing ops (copies) ----
  Tensor flip(IntArrayRef dims) const;
  Tensor roll(IntArrayRef shifts, IntArrayRef dims = {}) const;
  Tensor repeat(IntArrayRef repeats) const;
  Tensor repeat_interleave(int64_t repeats, std::optional<int64_t> dim = {}) const;
  Tensor repeat_interleave(const Tensor& repeats, std::optional<int64_t> dim = {}) const;
  Tensor tile(IntArrayRef reps) const;
  Tensor index_select(int64_t dim, const Tensor& index) const;
  Tensor gather(int64_t dim, const Tensor& index) const;
  Tensor scatter(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor scatter(int64_t dim, const Tensor& index, Scalar value) const;
  Tensor& scatter_(int64_t dim, const Tensor& index, const Tensor& src);
  Tensor& scatter_(int64_t dim, const Tensor& index, Scalar value);
  Tensor scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor& scatter_add_(int64_t dim, const Tensor& index, const Tensor& src);
  Tensor scatter_reduce(int64_t dim, const Tensor& index, const Tensor& src, std::string_view reduce,
                        bool include_self = true) const;
  Tensor index_add(int64_t dim, const Tensor& index, const Tensor& source, Scalar alpha = 1) const;
  Tensor& index_add_(int64_t dim, const Tensor& index, const Tensor& source, Scalar alpha = 1);
  // accumulate has no default here, so x.index_put_({mask}, v) picks the
  // TensorIndex form above instead of being ambiguous
  Tensor index_put(const TensorList& indices, const Tensor& values, bool accumulate) const;
  Tensor& index_put_(const TensorList& indices, const Tensor& values, bool accumulate);
  Tensor masked_select(const Tensor& mask) const;
  Tensor masked_scatter(const Tensor& mask, const Tensor& source) const;
  Tensor& masked_scatter_(const Tensor& mask, const Tensor& source);
  Tensor nonzero() const;
  Tensor take(const Tensor& index) const;
  std::tuple<Tensor, Tensor> topk(int64_t k, int64_t dim = -1, bool largest = true, bool sorted = true) const;
  std::tuple<Tensor, Tensor> sort(int64_t dim = -1, bool descending = false, bool stable = false) const;
  Tensor argsort(int64_t dim = -1, bool descending = false, bool stable = false) const;

  // ---- in-place fills ----
  Tensor& zero_();
  Tensor& fill_(Scalar value);
  Tensor& fill_(const Tensor& value);
  Tensor& fill_diagonal_(Scalar value, bool wrap = false);
  Tensor& uniform_(double from = 0.0, double to = 1.0);
  Tensor& normal_(double mean = 0.0, double std = 1.0);
  Tensor& bernoulli_(double p = 0.5);
  Tensor& random_(int64_t from, int64_t to);

 private:
  const TensorImpl& checked() const {
    if (!impl_) throw_undefined();
    return *impl_;
  }
  [[noreturn]] static void throw_undefined();

  std::shared_ptr<TensorImpl> impl_;
};

/// Prints like torch: tensor([[1., 2.], [3., 4.]]) with dtype/device suffixes.
std::ostream& operator<<(std::ostream& os, const Tensor& t);

}  // namespace ember
