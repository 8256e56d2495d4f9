// formulas_view.cpp — derivatives of the view ops.
//
//   reshape-like (view, reshape, squeeze, unsqueeze, flatten):  dx = g.reshape(x's sizes)
//   permute / transpose:  dx = g permuted back
//   expand:               dx = g summed over the broadcast dims (the one
//                         place where broadcasting is undone)
//   strided views (narrow, slice, select, diagonal, unfold, as_strided): dx
//   is zero except where the view reads x; the positions are found by
//   applying the same view to arange(numel) shaped like x, and g is put
//   there (added, for views whose windows overlap, like unfold).
#include <numeric>

#include "autograd/formulas_internal.h"
#include "autograd/record.h"
#include "core/ops.h"

namespace ember::autograd {

namespace {

TensorOptions long_options(const Tensor& like) { return TensorOptions(kInt64).device(like.device()); }

// gradient of a view: g placed at the positions of x the view reads
Tensor place(const Tensor& g, const Tensor& positions, IntArrayRef in_sizes, bool accumulate) {
  int64_t numel = shape_numel(in_sizes);
  Tensor flat = zeros({numel}, TensorOptions(g.scalar_type()).device(g.device()));
  return index_put(flat, {positions.reshape({-1})}, g.reshape({-1}), accumulate).view(in_sizes);
}

class ReshapeBackward final : public Node {
 public:
  ReshapeBackward(const char* name, const Tensor& in) : name_(name), in_sizes_(in.sizes().vec()) {}
  std::string name() const override { return name_; }
  TensorList apply(TensorList&& grads) override { return {grads[0].reshape(in_sizes_)}; }

 private:
  const char* name_;
  Shape in_sizes_;
};

class PermuteBackward final : public Node {
 public:
  PermuteBackward(const char* name, const std::vector<int64_t>& dims) : name_(name), inverse_(dims.size()) {
    for (size_t i = 0; i < dims.size(); ++i) inverse_[dims[i]] = static_cast<int64_t>(i);
  }
  std::string name() const override { return name_; }
  TensorList apply(TensorList&& grads) override { return {grads[0].permute(inverse_)}; }

 private:
  const char* name_;
  Shape inverse_;
};

class ExpandBackward final : public Node {
 public:
  explicit ExpandBackward(const Tensor& in) : in_sizes_(in.sizes().vec()) {}
  std::string name() const override { return "ExpandBackward0"; }
  TensorList apply(TensorList&& grads) override { return {grads[0].sum_to_size(in_sizes_)}; }

 private:
  Shape in_sizes_;
};

class StridedViewBackward final : public Node {
 public:
  StridedViewBackward(const Tensor& in, const StridedViewArgs& args) : in_sizes_(in.sizes().vec()), args_(args) {}
  std::string name() const override {
    switch (args_.kind) {
      case StridedView::Narrow: return "NarrowBackward0";
      case StridedView::Slice: return "SliceBackward0";
      case StridedView::Select: return "SelectBackward0";
      case StridedView::Diagonal: return "DiagonalBackward0";
      case StridedView::Unfold: return "UnfoldBackward0";
    }
    return "ViewBackward";
  }
  TensorList apply(TensorList&& grads) override {
    Tensor index = arange(shape_numel(in_sizes_), long_options(grads[0])).view(in_sizes_);
    bool overlapping = args_.kind == StridedView::Unfold && args_.b > args_.c;  // window size > step
    return {place(grads[0], view_of(index), in_sizes_, overlapping)};
  }

 private:
  // the same view, applied to another tensor of the input's sizes
  Tensor view_of(const Tensor& t) const {
    switch (args_.kind) {
      case StridedView::Narrow: return t.narrow(args_.a, args_.b, args_.c);             // dim, start, length
      case StridedView::Slice: return t.slice(args_.a, args_.b, args_.c, args_.d);      // dim, start, end, step
      case StridedView::Select: return t.select(args_.a, args_.b);                      // dim, index
      case StridedView::Diagonal: return t.diagonal(args_.a, args_.b, args_.c);         // offset, dim1, dim2
      case StridedView::Unfold: return t.unfold(args_.a, args_.b, args_.c);             // dim, size, step
    }
    return t;
  }

  Shape in_sizes_;
  StridedViewArgs args_;
};

// as_strided addresses storage directly, so the positions come from a map of
// the input's storage span: slot -> the input element stored there.
class AsStridedBackward final : public Node {
 public:
  AsStridedBackward(const Tensor& in, const Tensor& out)
      : in_sizes_(in.sizes().vec()), in_strides_(in.strides().vec()), in_offset_(in.storage_offset()),
        out_sizes_(out.sizes().vec()), out_strides_(out.strides().vec()), out_offset_(out.storage_offset()) {}
  std::string name() const override { return "AsStridedBackward0"; }
  TensorList apply(TensorList&& grads) override {
    auto last = [](const Shape& sizes, const Shape& strides, int64_t offset) {
      for (size_t d = 0; d < sizes.size(); ++d) offset += (sizes[d] - 1) * strides[d];
      return offset;
    };
    int64_t lo = std::min(in_offset_, out_offset_);
    int64_t hi = std::max(last(in_sizes_, in_strides_, in_offset_), last(out_sizes_, out_strides_, out_offset_));
    TensorOptions longs = long_options(grads[0]);
    Tensor map = full({hi - lo + 1}, -1, longs);
    int64_t numel = shape_numel(in_sizes_);
    map.as_strided(in_sizes_, in_strides_, in_offset_ - lo).copy_(arange(numel, longs).view(in_sizes_));
    Tensor positions = map.as_strided(out_sizes_, out_strides_, out_offset_ - lo);
    EMBER_CHECK(positions.numel() == 0 || positions.amin().item<int64_t>() >= 0, "as_strided",
                "backward: the view reads memory that is not part of its input");
    return {place(grads[0], positions, in_sizes_, /*accumulate=*/true)};
  }

 private:
  Shape in_sizes_, in_strides_;
  int64_t in_offset_;
  Shape out_sizes_, out_strides_;
  int64_t out_offset_;
};

template <class NodeT, class... Args>
void record_view_node(const Tensor& in, const Tensor& out, Args&&... args) {
  if (!should_record({&in})) return;
  auto node = std::make_shared<NodeT>(std::forward<Args>(args)...);
  connect(*node, {&in});
  set_history(out, node);
}

}  // namespace

void record_reshape(const char* name, const Tensor& in, const Tensor& out) {
  record_view_node<ReshapeBackward>(in, out, name, in);
}
void record_permute(const char* name, const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims) {
  record_view_node<PermuteBackward>(in, out, name, dims);
}
void record_expand(const Tensor& in, const Tensor& out) { record_view_node<ExpandBackward>(in, out, in); }
void record_strided_view(const Tensor& in, const Tensor& out, const StridedViewArgs& args) {
  record_view_node<StridedViewBackward>(in, out, in, args);
}
void record_as_strided(const Tensor& in, const Tensor& out) { record_view_node<AsStridedBackward>(in, out, in, out); }

}  // namespace ember::autograd
