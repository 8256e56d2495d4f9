// inplace.cpp — see inplace_internal.h.
#include "autograd/inplace_internal.h"

#include "autograd/grad_mode.h"
#include "autograd/node.h"
#include "autograd/record.h"
#include "autograd/saved_tensor.h"
#include "core/dispatch.h"
#include "core/ops.h"

namespace ember::autograd {

namespace {

// For each element of `view`, its row-major index inside `base` (they share
// storage): map base's storage span slot -> base element, then read the map
// through the view's geometry.
Tensor positions_in_base(const Tensor& base, const Tensor& view) {
  NoGradGuard no_grad;
  auto last = [](const Tensor& t) {
    int64_t off = t.storage_offset();
    for (int64_t d = 0; d < t.dim(); ++d) off += (t.size(d) - 1) * t.stride(d);
    return off;
  };
  int64_t lo = std::min(base.storage_offset(), view.storage_offset());
  int64_t hi = std::max(last(base), last(view));
  TensorOptions longs = TensorOptions(kInt64).device(base.device());
  Tensor map = full({hi - lo + 1}, -1, longs);
  map.as_strided(base.sizes(), base.strides(), base.storage_offset() - lo)
      .copy_(arange(base.numel(), longs).view(base.sizes()));
  return map.as_strided(view.sizes(), view.strides(), view.storage_offset() - lo).contiguous();
}

// The base's new history after an in-place op on one of its views.
class CopySlices final : public Node {
 public:
  CopySlices(const Tensor& base, const Tensor& positions)
      : base_sizes_(base.sizes().vec()), positions_(positions, false) {}
  std::string name() const override { return "CopySlices"; }
  void release_saved() override { positions_.reset(); }
  // edges: [base's old history, the op's result]
  TensorList apply(TensorList&& grads) override {
    Tensor positions = positions_.unpack(shared_from_this());
    Tensor flat = grads[0].reshape({-1});
    Tensor pos = positions.reshape({-1});
    Tensor region = gather(flat, 0, pos).view(positions.sizes());
    Tensor zero = zeros({pos.numel()}, TensorOptions(flat.scalar_type()).device(flat.device()));
    Tensor rest = index_put(flat, {pos}, zero).view(base_sizes_);
    return {rest, region};
  }

 private:
  Shape base_sizes_;
  SavedTensor positions_;
};

// The view's history after the op: a view of the base's new history.
class ViewOfBase final : public Node {
 public:
  ViewOfBase(const Tensor& base, const Tensor& positions)
      : base_sizes_(base.sizes().vec()), positions_(positions, false) {}
  std::string name() const override { return "AsStridedBackward0"; }
  void release_saved() override { positions_.reset(); }
  TensorList apply(TensorList&& grads) override {
    Tensor positions = positions_.unpack(shared_from_this());
    Tensor flat = zeros({shape_numel(base_sizes_)}, TensorOptions(grads[0].scalar_type()).device(grads[0].device()));
    return {index_put(flat, {positions.reshape({-1})}, grads[0].reshape({-1}), /*accumulate=*/true)
                .view(base_sizes_)};
  }

 private:
  Shape base_sizes_;
  SavedTensor positions_;
};

bool is_leaf_requiring_grad(const Tensor& t) {
  const AutogradMeta* meta = t.impl()->autograd_meta();
  return meta != nullptr && meta->requires_grad && !meta->grad_fn;
}

}  // namespace

bool inplace_needs_grad(const Tensor& self, std::initializer_list<const Tensor*> others) {
  if (!is_grad_enabled()) return false;
  if (self.requires_grad()) return true;
  if (self.impl()->is_view() && Tensor(self.impl()->view_base()).requires_grad()) return true;
  for (const Tensor* t : others)
    if (t != nullptr && t->defined() && t->requires_grad()) return true;
  return false;
}

Tensor& apply_inplace(const char* op, Tensor& self, const std::function<Tensor(const Tensor&)>& compute,
                      bool needs_old_value) {
  EMBER_CHECK(!is_leaf_requiring_grad(self), op,
              "a leaf tensor that requires grad is being used in an in-place operation; "
              "wrap the update in NoGradGuard");
  Tensor base = self.impl()->is_view() ? Tensor(self.impl()->view_base()) : Tensor();
  EMBER_CHECK(!base.defined() || !is_leaf_requiring_grad(base), op,
              "a view of a leaf tensor that requires grad is being used in an in-place operation");

  // The op's formula may save its input; that must be a copy, not self's
  // memory, which is about to be overwritten.
  Tensor result = compute(needs_old_value ? self.clone() : self);
  if (result.scalar_type() != self.scalar_type()) result = result.to(self.scalar_type());
  if (result.requires_grad() && !result.grad_fn()) result = result.clone();  // a leaf cannot become self's grad_fn
  {
    NoGradGuard no_grad;
    dispatch::copy(self, result);
  }
  self.storage()->bump_version();

  if (!base.defined()) {
    AutogradMeta& meta = self.impl()->ensure_autograd_meta();
    meta.grad_fn = result.grad_fn();
    meta.output_nr = result.defined() && result.impl()->autograd_meta() ? result.impl()->autograd_meta()->output_nr : 0;
    return self;
  }
  // self is a view: base's history = CopySlices(base's old history, result)
  Tensor positions = positions_in_base(base, self);
  auto copy_slices = std::make_shared<CopySlices>(base, positions);
  connect(*copy_slices, {&base, &result});
  set_history(base, copy_slices);
  auto view_node = std::make_shared<ViewOfBase>(base, positions);
  connect(*view_node, {&base});
  set_history(self, view_node);
  return self;
}

}  // namespace ember::autograd
