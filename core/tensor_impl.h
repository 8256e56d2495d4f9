// tensor_impl.h — TensorImpl: what a Tensor handle points to.
//
// A TensorImpl is a strided view of a storage: element (i0, i1, ...) lives at
// storage.data + (offset + i0*stride0 + i1*stride1 + ...) * element_size.
// Views (transpose, slice, expand, ...) are new TensorImpls on the same
// storage with other sizes/strides/offset.
//
// Autograd metadata (requires_grad, grad, grad_fn) sits behind a pointer that
// stays null for the plain tensors most ops create, so they pay nothing for it.
#pragma once

#include <memory>

#include "core/dtype.h"
#include "core/shape.h"
#include "core/storage.h"

namespace ember {

namespace autograd {
struct AutogradMeta;
}

class TensorImpl {
 public:
  TensorImpl(std::shared_ptr<StorageImpl> storage, ScalarType dtype, Shape sizes, Shape strides, int64_t offset);
  ~TensorImpl();
  TensorImpl(const TensorImpl&) = delete;
  TensorImpl& operator=(const TensorImpl&) = delete;

  const std::shared_ptr<StorageImpl>& storage() const { return storage_; }
  ScalarType dtype() const { return dtype_; }
  const Shape& sizes() const { return sizes_; }
  const Shape& strides() const { return strides_; }
  int64_t storage_offset() const { return offset_; }
  int64_t numel() const { return numel_; }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  Device device() const { return storage_->device(); }
  bool is_contiguous() const { return is_contiguous_; }

  /// Address of element (0, 0, ...).
  void* data() const {
    return static_cast<char*>(storage_->data()) + offset_ * static_cast<int64_t>(element_size(dtype_));
  }

  /// Replaces sizes/strides/offset in place (used by resize-style ops and the
  /// in-place view ops such as squeeze_).
  void set_geometry(Shape sizes, Shape strides, int64_t offset);
  /// Points this tensor at other memory and dtype, keeping its identity and
  /// autograd state (Module::to moves parameters this way, so optimizers
  /// holding them see the move).
  void set_data(std::shared_ptr<StorageImpl> storage, ScalarType dtype, Shape sizes, Shape strides, int64_t offset);

  /// For a view: the tensor that owns the memory it views (never itself a
  /// view). In-place ops on a view use it to update the base's history.
  const std::shared_ptr<TensorImpl>& view_base() const { return view_base_; }
  bool is_view() const { return view_base_ != nullptr; }
  void set_view_base(std::shared_ptr<TensorImpl> base) { view_base_ = std::move(base); }

  autograd::AutogradMeta* autograd_meta() const { return autograd_meta_.get(); }
  /// Creates the metadata on first use.
  autograd::AutogradMeta& ensure_autograd_meta();

  /// Number of live TensorImpls in the process (leak tests use it).
  static int64_t live_count();

 private:
  void refresh();

  std::shared_ptr<StorageImpl> storage_;
  ScalarType dtype_;
  Shape sizes_;
  Shape strides_;
  int64_t offset_;
  int64_t numel_ = 0;
  bool is_contiguous_ = false;
  std::shared_ptr<TensorImpl> view_base_;
  std::unique_ptr<autograd::AutogradMeta> autograd_meta_;
};

}  // namespace ember
