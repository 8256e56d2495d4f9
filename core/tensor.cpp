// tensor.cpp — TensorImpl bookkeeping and the Tensor methods that are not
// ops: metadata access, item(), to(), contiguous(), clone(), copy_() and the
// requires_grad flag.
#include "core/tensor.h"

#include <atomic>

#include "autograd/autograd_meta.h"
#include "autograd/formulas_internal.h"
#include "autograd/inplace_internal.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

namespace {
std::atomic<int64_t> g_live_impls{0};
}

// ---------------------------------------------------------------- TensorImpl

TensorImpl::TensorImpl(std::shared_ptr<StorageImpl> storage, ScalarType dtype, Shape sizes, Shape strides,
                       int64_t offset)
    : storage_(std::move(storage)), dtype_(dtype), sizes_(std::move(sizes)), strides_(std::move(strides)),
      offset_(offset) {
  refresh();
  g_live_impls.fetch_add(1, std::memory_order_relaxed);
}

TensorImpl::~TensorImpl() { g_live_impls.fetch_sub(1, std::memory_order_relaxed); }

int64_t TensorImpl::live_count() { return g_live_impls.load(std::memory_order_relaxed); }

void TensorImpl::set_geometry(Shape sizes, Shape strides, int64_t offset) {
  sizes_ = std::move(sizes);
  strides_ = std::move(strides);
  offset_ = offset;
  refresh();
}

void TensorImpl::set_data(std::shared_ptr<StorageImpl> storage, ScalarType dtype, Shape sizes, Shape strides,
                          int64_t offset) {
  storage_ = std::move(storage);
  dtype_ = dtype;
  view_base_.reset();
  set_geometry(std::move(sizes), std::move(strides), offset);
}

// numel and the contiguity flag are cached: every op asks for them.
void TensorImpl::refresh() {
  numel_ = 1;
  for (int64_t s : sizes_) numel_ *= s;
  is_contiguous_ = true;
  int64_t expected = 1;
  for (size_t d = sizes_.size(); d-- > 0;) {
    if (sizes_[d] != 1 && strides_[d] != expected) {
      is_contiguous_ = false;
      break;
    }
    expected *= sizes_[d];
  }
}

autograd::AutogradMeta& TensorImpl::ensure_autograd_meta() {
  if (!autograd_meta_) autograd_meta_ = std::make_unique<autograd::AutogradMeta>();
  return *autograd_meta_;
}

// ---------------------------------------------------------------- Tensor

void Tensor::throw_undefined() { EMBER_FAIL("Tensor", "the tensor is undefined (default-constructed)"); }

int64_t Tensor::size(int64_t dim) const {
  const TensorImpl& t = checked();
  return t.sizes()[wrap_dim(dim, t.dim(), "size")];
}

int64_t Tensor::stride(int64_t dim) const {
  const TensorImpl& t = checked();
  return t.strides()[wrap_dim(dim, t.dim(), "stride")];
}

Scalar Tensor::item() const {
  EMBER_CHECK(numel() == 1, "item", "a tensor with ", numel(), " elements cannot be converted to a scalar (shape ",
              shape_str(sizes()), ")");
  Tensor host = is_cpu() ? *this : to(Device::cpu());
  const void* p = host.data_ptr();
  switch (scalar_type()) {
    case kBool: return Scalar(*static_cast<const bool*>(p));
    case kUInt8: return Scalar(*static_cast<const uint8_t*>(p));
    case kInt8: return Scalar(*static_cast<const int8_t*>(p));
    case kInt32: return Scalar(*static_cast<const int32_t*>(p));
    case kInt64: return Scalar(*static_cast<const int64_t*>(p));
    case kFloat16: return Scalar(static_cast<float>(*static_cast<const Half*>(p)));
    case kBFloat16: return Scalar(static_cast<float>(*static_cast<const BFloat16*>(p)));
    case kFloat32: return Scalar(*static_cast<const float*>(p));
    case kFloat64: return Scalar(*static_cast<const double*>(p));
  }
  EMBER_FAIL("item", "unknown dtype");
}

Tensor Tensor::to(ScalarType dtype, bool copy) const { return to(device(), dtype, copy); }
Tensor Tensor::to(Device device, bool copy) const { return to(device, scalar_type(), copy); }
Tensor Tensor::to(const TensorOptions& options, bool copy) const {
  return to(options.device(), options.has_dtype() ? options.dtype() : scalar_type(), copy);
}

Tensor Tensor::to(Device target, ScalarType dtype, bool copy) const {
  checked();
  if (!copy && target == device() && dtype == scalar_type()) return *this;
  if (target.is_cuda()) {
    EMBER_CHECK(cuda::is_available(), "to", "cannot move a tensor to ", target, ": ", cuda::unavailable_reason());
    EMBER_CHECK(target.index < cuda::device_count(), "to", "CUDA device ", int(target.index),
                " does not exist (", cuda::device_count(), " visible)");
  }
  Tensor out = detail::empty_tensor(sizes(), dtype, target);
  dispatch::copy(out, *this);
  autograd::record_to(*this, out);
  return out;
}

void Tensor::set_data(const Tensor& other) {
  detail::check_defined("set_data", other);
  const TensorImpl& o = *other.impl();
  checked();
  impl_->set_data(o.storage(), o.dtype(), o.sizes(), o.strides(), o.storage_offset());
}

Tensor Tensor::contiguous() const {
  if (is_contiguous()) return *this;
  return clone();
}

Tensor Tensor::clone() const {
  Tensor out = detail::empty_tensor(sizes(), scalar_type(), device());
  dispatch::copy(out, *this);
  autograd::record_clone(*this, out);
  return out;
}

Tensor& Tensor::copy_(const Tensor& src) {
  detail::check_defined("copy_", src);
  Tensor s = ember::broadcast_to(src, sizes());
  detail::check_inplace("copy_", *this, scalar_type(), {&s});
  if (is_same(src)) return *this;
  if (autograd::inplace_needs_grad(*this, {&src})) {
    // the new value is src alone: self's old history gets no gradient
    return autograd::apply_inplace("copy_", *this, [&](const Tensor&) { return s.to(scalar_type()); },
                                   /*needs_old_value=*/false);
  }
  dispatch::copy(*this, s);
  detail::bump_version(*this);
  return *this;
}

}  // namespace ember
