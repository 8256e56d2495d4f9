// formulas_reduce.cpp — derivatives of reductions and scans.
//
// A reduction's gradient has the output's shape; it is first given back the
// reduced dims (size 1, "keepdim" shape) and then broadcast over the input:
//   sum:        dx = g                                (every element counts once)
//   prod:       dx = g * prod(others)                 (zero-safe, see below)
//   amax/amin:  dx = g * [x == max] / #ties
//   max(dim):   dx = g scattered to the argmax
//   norm:       dx = g * x |x|^(p-2) / ||x||^(p-1)    (0 where the norm is 0)
#include <cmath>

#include "autograd/formulas_internal.h"
#include "autograd/record.h"
#include "autograd/saved_tensor.h"
#include "core/ops.h"

namespace ember::autograd {

namespace {

// Puts back the reduced dims (size 1) that keepdim=false removed.
Tensor restore_dims(const Tensor& t, const std::vector<int64_t>& dims, bool keepdim) {
  if (keepdim) return t;
  Tensor r = t;
  for (int64_t d : dims) r = r.unsqueeze(d);
  return r;
}

// A node that remembers which dims were reduced and the input's sizes.
class ReductionNode : public Node {
 public:
  ReductionNode(const Tensor& in, std::vector<int64_t> dims, bool keepdim)
      : in_sizes_(in.sizes().vec()), dims_(std::move(dims)), keepdim_(keepdim) {}

 protected:
  Tensor expand_grad(const Tensor& g) const { return restore_dims(g, dims_, keepdim_).expand(in_sizes_); }
  Tensor keep(const Tensor& t) const { return restore_dims(t, dims_, keepdim_); }

  Shape in_sizes_;
  std::vector<int64_t> dims_;
  bool keepdim_;
};

class SumBackward final : public ReductionNode {
 public:
  SumBackward(const Tensor& in, std::vector<int64_t> dims, bool keepdim, bool dim_given)
      : ReductionNode(in, std::move(dims), keepdim), dim_given_(dim_given) {}
  std::string name() const override { return dim_given_ ? "SumBackward1" : "SumBackward0"; }
  TensorList apply(TensorList&& grads) override { return {expand_grad(grads[0])}; }

 private:
  bool dim_given_;
};

class ProdBackward final : public ReductionNode {
 public:
  ProdBackward(const Tensor& in, const Tensor& out, std::vector<int64_t> dims, bool keepdim, bool dim_given)
      : ReductionNode(in, std::move(dims), keepdim), in_(in, false), out_(out, true), dim_given_(dim_given) {}
  std::string name() const override { return dim_given_ ? "ProdBackward1" : "ProdBackward0"; }
  void release_saved() override {
    in_.reset();
    out_.reset();
  }
  // d prod / dx_i = product of the other elements. Without zeros that is
  // prod / x_i; with exactly one zero in a group, the zero's entry is the
  // product of the rest and the others get 0; with two zeros, all get 0.
  TensorList apply(TensorList&& grads) override {
    Tensor x = in_.unpack(shared_from_this()), y = keep(out_.unpack(shared_from_this()));
    Tensor g = expand_grad(grads[0]);
    Tensor is_zero = eq(x, 0);
    Tensor zeros_in_group = keep(sum(is_zero, dims_, keepdim_));
    Tensor prod_nonzero = keep(prod_over(where(is_zero, Scalar(1.0), x)));
    Tensor others = where(eq(zeros_in_group, 0), y / x,
                          where(logical_and(eq(zeros_in_group, 1), is_zero), prod_nonzero, Scalar(0.0)));
    return {g * others};
  }

 private:
  Tensor prod_over(const Tensor& t) const {
    return dims_.size() == 1 ? prod(t, dims_[0], keepdim_) : prod(t);
  }
  SavedTensor in_, out_;
  bool dim_given_;
};

class ExtremumBackward final : public ReductionNode {
 public:
  ExtremumBackward(const Tensor& in, const Tensor& out, std::vector<int64_t> dims, bool keepdim, bool is_max)
      : ReductionNode(in, std::move(dims), keepdim), in_(in, false), out_(out, true), is_max_(is_max) {}
  std::string name() const override { return is_max_ ? "AmaxBackward0" : "AminBackward0"; }
  void release_saved() override {
    in_.reset();
    out_.reset();
  }
  // the gradient is shared equally by all elements equal to the extremum
  TensorList apply(TensorList&& grads) override {
    Tensor x = in_.unpack(shared_from_this()), y = keep(out_.unpack(shared_from_this()));
    Tensor mask = eq(x, y).to(x.scalar_type());
    Tensor count = sum(mask, dims_, /*keepdim=*/true);
    return {expand_grad(grads[0]) * mask / count};
  }

 private:
  SavedTensor in_, out_;
  bool is_max_;
};

// values = x gathered at indices along dim: the gradient goes back to those positions
class IndexValuesBackward final : public Node {
 public:
  IndexValuesBackward(std::string_view name, const Tensor& in, const Tensor& indices, int64_t dim, bool keepdim)
      : name_(name), in_sizes_(in.sizes().vec()), indices_(indices, false), dim_(dim), keepdim_(keepdim) {}
  std::string name() const override { return name_; }
  void release_saved() override { indices_.reset(); }
  TensorList apply(TensorList&& grads) override {
    Tensor g = grads[0], idx = indices_.unpack(shared_from_this());
    if (!keepdim_ && static_cast<int64_t>(in_sizes_.size()) > g.dim()) {
      g = g.unsqueeze(dim_);
      idx = idx.unsqueeze(dim_);
    }
    if (in_sizes_.empty()) return {g.reshape({})};
    return {zeros(in_sizes_, TensorOptions(g.scalar_type()).device(g.device())).scatter(dim_, idx, g)};
  }

 private:
  std::string name_;
  Shape in_sizes_;
  SavedTensor indices_;  // int64, never requires grad
  int64_t dim_;
  bool keepdim_;
};

class ScanBackward final : public Node {
 public:
  ScanBackward(kernels::ScanOp op, const Tensor& in, const Tensor& out, int64_t dim)
      : op_(op), dim_(dim), in_sizes_(in.sizes().vec()) {
    if (op == kernels::ScanOp::Prod) {
      in_ = SavedTensor(in, false);
      out_ = SavedTensor(out, true);
    }
  }
  std::string name() const override { return op_ == kernels::ScanOp::Sum ? "CumsumBackward0" : "CumprodBackward0"; }
  void release_saved() override {
    in_.reset();
    out_.reset();
  }
  TensorList apply(TensorList&& grads) override {
    const Tensor& g = grads[0];
    if (in_sizes_.empty()) return {g};
    // cumsum: dx_k = sum_{j >= k} g_j, a reversed cumulative sum
    if (op_ == kernels::ScanOp::Sum) return {reverse_cumsum(g)};
    Tensor x = in_.unpack(shared_from_this()), y = out_.unpack(shared_from_this());
    // cumprod: dx_k = sum_{j >= k} g_j y_j / x_k when x has no zeros
    if (!eq(x, 0).any().item<bool>()) return {reverse_cumsum(g * y) / x};
    // with zeros: dx_k = sum_{j >= k} g_j prod_{i <= j, i != k} x_i, one position at a time
    int64_t n = x.size(dim_);
    TensorList parts;
    for (int64_t k = 0; k < n; ++k) {
      Tensor ones_at_k = ones_like(x.narrow(dim_, k, 1));
      Tensor x_without_k = cat({x.narrow(dim_, 0, k), ones_at_k, x.narrow(dim_, k + 1, n - k - 1)}, dim_);
      Tensor partial = (g * cumprod(x_without_k, dim_)).narrow(dim_, k, n - k);
      parts.push_back(sum(partial, {dim_}, /*keepdim=*/true));
    }
    return {cat(parts, dim_)};
  }

 private:
  Tensor reverse_cumsum(const Tensor& t) const { return flip(cumsum(flip(t, {dim_}), dim_), {dim_}); }

  kernels::ScanOp op_;
  int64_t dim_;
  Shape in_sizes_;
  SavedTensor in_, out_;
};

class NormBackward final : public ReductionNode {
 public:
  NormBackward(const Tensor& in, const Tensor& out, double p, std::vector<int64_t> dims, bool keepdim)
      : ReductionNode(in, std::move(dims), keepdim), in_(in, false), out_(out, true), p_(p) {}
  std::string name() const override { return "NormBackward1"; }
  void release_saved() override {
    in_.reset();
    out_.reset();
  }
  TensorList apply(TensorList&& grads) override {
    Tensor x = in_.unpack(shared_from_this()), n = keep(out_.unpack(shared_from_this()));
    Tensor g = expand_grad(grads[0]);
    if (p_ == 0.0) return {zeros_like(x)};
    if (p_ == 1.0) return {g * sign(x)};  // d sum|x| = sign(x)
    if (std::isinf(p_)) {                  // like amax(|x|): shared by the elements reaching it
      Tensor mask = eq(abs(x), n).to(x.scalar_type());
      return {g * sign(x) * mask / sum(mask, dims_, /*keepdim=*/true)};
    }
    // d ||x||_p / dx = x |x|^(p-2) / ||x||^(p-1); a zero norm has zero gradient
    Tensor scale = p_ == 2.0 ? x / n : x * pow(abs(x), p_ - 2) / pow(n, p_ - 1);
    return {where(eq(n, 0), Scalar(0.0), g * scale)};
  }

 private:
  SavedTensor in_, out_;
  double p_;
};

}  // namespace

void record_sum(const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims, bool keepdim, bool dim_given) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<SumBackward>(in, dims, keepdim, dim_given);
  connect(*node, {&in});
  set_history(out, node);
}

void record_prod(const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims, bool keepdim, bool dim_given) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<ProdBackward>(in, out, dims, keepdim, dim_given);
  connect(*node, {&in});
  set_history(out, node);
}

void record_amax_amin(const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims, bool keepdim,
                      bool is_max) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<ExtremumBackward>(in, out, dims, keepdim, is_max);
  connect(*node, {&in});
  set_history(out, node);
}

void record_index_values(std::string_view name, const Tensor& in, const Tensor& values, const Tensor& indices,
                         int64_t dim, bool keepdim) {
  if (!values.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<IndexValuesBackward>(name, in, indices, dim, keepdim);
  connect(*node, {&in});
  set_history(values, node);
}

void record_scan(kernels::ScanOp op, const Tensor& in, const Tensor& out, int64_t dim) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<ScanBackward>(op, in, out, dim);
  connect(*node, {&in});
  set_history(out, node);
}

void record_norm(const Tensor& in, const Tensor& out, double p, const std::vector<int64_t>& dims, bool keepdim) {
  if (!out.is_floating_point() || !should_record({&in})) return;
  auto node = std::make_shared<NormBackward>(in, out, p, dims, keepdim);
  connect(*node, {&in});
  set_history(out, node);
}

}  // namespace ember::autograd
