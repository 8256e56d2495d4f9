// formulas_index.cpp — derivatives of the ops that join, reorder and index.
//
//   cat:          each input gets its slice of g
//   flip:         g flipped back
//   pad:          g cropped (pad with the negated amounts)
//   gather:       g added back at the gathered positions (scatter_add)
//   scatter:      the overwritten positions of self get 0, src gets g gathered
//   index_put:    like scatter, through flat positions
#include "autograd/formulas_internal.h"
#include "autograd/record.h"
#include "autograd/saved_tensor.h"
#include "core/ops.h"

namespace ember::autograd {

using kernels::ScatterReduce;

namespace {

class CatBackward final : public Node {
 public:
  CatBackward(const TensorList& inputs, int64_t dim) : dim_(dim) {
    for (const Tensor& t : inputs) {
      sizes_.push_back(t.size(dim));
      dtypes_.push_back(t.scalar_type());
    }
  }
  std::string name() const override { return "CatBackward0"; }
  TensorList apply(TensorList&& grads) override {
    TensorList out;
    int64_t offset = 0;
    for (size_t i = 0; i < sizes_.size(); ++i) {
      out.push_back(grads[0].narrow(dim_, offset, sizes_[i]).to(dtypes_[i]));
      offset += sizes_[i];
    }
    return out;
  }

 private:
  int64_t dim_;
  std::vector<int64_t> sizes_;
  std::vector<ScalarType> dtypes_;
};

class FlipBackward final : public Node {
 public:
  explicit FlipBackward(std::vector<int64_t> dims) : dims_(std::move(dims)) {}
  std::string name() const override { return "FlipBackward0"; }
  TensorList apply(TensorList&& grads) override { return {flip(grads[0], dims_)}; }

 private:
  std::vector<int64_t> dims_;
};

class PadBackward final : public Node {
 public:
  explicit PadBackward(const std::vector<int64_t>& pad) {
    for (int64_t p : pad) crop_.push_back(-p);
  }
  std::string name() const override { return "ConstantPadNdBackward0"; }
  TensorList apply(TensorList&& grads) override { return {ember::pad(grads[0], crop_)}; }

 private:
  Shape crop_;
};

class GatherBackward final : public Node {
 public:
  GatherBackward(const char* name, const Tensor& in, int64_t dim, const Tensor& index)
      : name_(name), in_sizes_(in.sizes().vec()), dim_(dim), index_(index, false) {}
  std::string name() const override { return name_; }
  void release_saved() override { index_.reset(); }
  TensorList apply(TensorList&& grads) override {
    const Tensor& g = grads[0];
    Tensor index = index_.unpack(shared_from_this());
    Tensor z = zeros(in_sizes_, TensorOptions(g.scalar_type()).device(g.device()));
    if (in_sizes_.empty()) return {scatter_add(z.view({1}), 0, index.reshape({-1}), g.reshape({-1})).view({})};
    return {scatter_add(z, dim_, index, g)};
  }

 private:
  const char* name_;
  Shape in_sizes_;
  int64_t dim_;
  SavedTensor index_;
};

class ScatterBackward final : public Node {
 public:
  ScatterBackward(ScatterReduce reduce, const Tensor& self, const Tensor& src, const Tensor& out, int64_t dim,
                  const Tensor& index)
      : reduce_(reduce), dim_(dim), index_(index, false) {
    if (reduce == ScatterReduce::Prod || reduce == ScatterReduce::Amax || reduce == ScatterReduce::Amin) {
      self_ = SavedTensor(self, false);
      src_ = SavedTensor(src, false);
      out_ = SavedTensor(out, true);
    }
  }
  std::string name() const override {
    switch (reduce_) {
      case ScatterReduce::Assign: return "ScatterBackward0";
      case ScatterReduce::Sum: return "ScatterAddBackward0";
      default: return "ScatterReduceBackward0";
    }
  }
  void release_saved() override {
    index_.reset();
    self_.reset();
    src_.reset();
    out_.reset();
  }
  TensorList apply(TensorList&& grads) override {
    const Tensor& g = grads[0];
    Tensor index_ = this->index_.unpack(shared_from_this());  // shadows the member on purpose
    switch (reduce_) {
      case ScatterReduce::Assign:  // overwritten positions of self get nothing
        return {scatter(g, dim_, index_, Scalar(0)), gather(g, dim_, index_)};
      case ScatterReduce::Sum:
        return {g, gather(g, dim_, index_)};
      case ScatterReduce::Prod: {  // out = self * prod(src at each position)
        auto self = shared_from_this();
        Tensor s = self_.unpack(self), src = src_.unpack(self), y = out_.unpack(self);
        return {g * y / s, gather(g * y, dim_, index_) / src};
      }
      case ScatterReduce::Amax: case ScatterReduce::Amin: {
        // the gradient is shared by every value (from self or src) equal to the result
        auto self = shared_from_this();
        Tensor s = self_.unpack(self), src = src_.unpack(self), y = out_.unpack(self);
        Tensor self_hit = eq(s, y).to(g.scalar_type());
        Tensor src_hit = eq(src, gather(y, dim_, index_)).to(g.scalar_type());
        Tensor count = scatter_add(self_hit, dim_, index_, src_hit);
        Tensor share = g / count;
        return {self_hit * share, src_hit * gather(share, dim_, index_)};
      }
    }
    EMBER_FAIL("backward", name(), " has no derivative");
  }

 private:
  ScatterReduce reduce_;
  int64_t dim_;
  SavedTensor index_;
  SavedTensor self_, src_, out_;
};

class IndexPutBackward final : public Node {
 public:
  IndexPutBackward(const Tensor& positions, bool accumulate) : positions_(positions, false), accumulate_(accumulate) {}
  std::string name() const override { return "IndexPutBackward0"; }
  void release_saved() override { positions_.reset(); }
  TensorList apply(TensorList&& grads) override {
    const Tensor& g = grads[0];
    Tensor positions = positions_.unpack(shared_from_this());
    Tensor flat = g.reshape({-1});
    Tensor g_values = gather(flat, 0, positions);
    if (accumulate_) return {g, g_values};
    Tensor zero = zeros({positions.numel()}, TensorOptions(g.scalar_type()).device(g.device()));
    return {index_put(flat, {positions}, zero).view(g.sizes()), g_values};
  }

 private:
  SavedTensor positions_;  // int64 flat positions, never requires grad
  bool accumulate_;
};

}  // namespace

void record_cat(const TensorList& inputs, const Tensor& out, int64_t dim) {
  if (!out.is_floating_point() || !should_record(inputs)) return;
  auto node = std::make_shared<CatBackward>(inputs, dim);
  connect(*node, inputs);
  set_history(out, node);
}

void record_flip(const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<FlipBackward>(dims);
  connect(*node, {&in});
  set_history(out, node);
}

void record_pad(const Tensor& in, const Tensor& out, const std::vector<int64_t>& pad) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<PadBackward>(pad);
  connect(*node, {&in});
  set_history(out, node);
}

void record_gather(const char* name, const Tensor& in, const Tensor& out, int64_t dim, const Tensor& index) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<GatherBackward>(name, in, dim, index);
  connect(*node, {&in});
  set_history(out, node);
}

void record_scatter(ScatterReduce reduce, const Tensor& self, const Tensor& src, const Tensor& out, int64_t dim,
                    const Tensor& index) {
  if (!out.is_floating_point() || !should_record({&self, &src})) return;
  auto node = std::make_shared<ScatterBackward>(reduce, self, src, out, dim, index);
  connect(*node, {&self, &src});
  set_history(out, node);
}

void record_index_put(const Tensor& x, const Tensor& values, const Tensor& out, const Tensor& positions,
                      bool accumulate) {
  if (!out.is_floating_point() || !should_record({&x, &values})) return;
  auto node = std::make_shared<IndexPutBackward>(positions, accumulate);
  connect(*node, {&x, &values});
  set_history(out, node);
}

}  // namespace ember::autograd
