// indexing.cpp — Tensor::index / index_put_ with TensorIndex lists.
//
// Basic entries (integers, slices, None, Ellipsis) become views, one after
// another; tensor entries are then applied together as advanced indexing
// (ember::index / index_put_), which copies.
#include "core/indexing.h"

#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

namespace {

struct BasicResult {
  Tensor view;           // x after all basic indexing
  TensorList advanced;   // one entry per dim of `view`: undefined or an index tensor
  bool has_advanced = false;
};

BasicResult apply_basic(const Tensor& x, const std::vector<TensorIndex>& indices, const char* op) {
  detail::check_defined(op, x);
  // dims consumed by entries other than None / Ellipsis
  int64_t consumed = 0;
  int ellipses = 0;
  for (const TensorIndex& i : indices) {
    switch (i.kind()) {
      case TensorIndex::Kind::Integer:
      case TensorIndex::Kind::Slice: ++consumed; break;
      case TensorIndex::Kind::Tensor:
        consumed += i.tensor().scalar_type() == kBool ? std::max<int64_t>(i.tensor().dim(), 1) : 1;
        break;
      case TensorIndex::Kind::Ellipsis: ++ellipses; break;
      case TensorIndex::Kind::None: break;
    }
  }
  EMBER_CHECK(ellipses <= 1, op, "an index can only have a single ellipsis");
  EMBER_CHECK(consumed <= x.dim(), op, "too many indices for a tensor of ", x.dim(), " dims (", consumed,
              " given)");
  BasicResult r{x, {}, false};
  int64_t dim = 0;
  for (const TensorIndex& i : indices) {
    switch (i.kind()) {
      case TensorIndex::Kind::Integer:
        r.view = r.view.select(dim, i.integer());
        break;
      case TensorIndex::Kind::Slice:
        r.view = r.view.slice(dim, i.slice().start, i.slice().stop, i.slice().step);
        r.advanced.emplace_back();
        ++dim;
        break;
      case TensorIndex::Kind::None:
        r.view = r.view.unsqueeze(dim);
        r.advanced.emplace_back();
        ++dim;
        break;
      case TensorIndex::Kind::Ellipsis: {
        int64_t skip = x.dim() - consumed;
        for (int64_t k = 0; k < skip; ++k) r.advanced.emplace_back();
        dim += skip;
        break;
      }
      case TensorIndex::Kind::Tensor: {
        const Tensor& t = i.tensor();
        r.advanced.push_back(t);
        r.has_advanced = true;
        dim += t.scalar_type() == kBool ? std::max<int64_t>(t.dim(), 1) : 1;  // a mask covers its dims
        break;
      }
    }
  }
  return r;
}

}  // namespace

Tensor Tensor::index(const std::vector<TensorIndex>& indices) const {
  BasicResult r = apply_basic(*this, indices, "index");
  return r.has_advanced ? ember::index(r.view, r.advanced) : r.view;
}

Tensor& Tensor::index_put_(const std::vector<TensorIndex>& indices, const Tensor& values) {
  BasicResult r = apply_basic(*this, indices, "index_put_");
  if (r.has_advanced) {
    ember::index_put_(r.view, r.advanced, values);
    return *this;
  }
  r.view.copy_(values);
  return *this;
}

Tensor& Tensor::index_put_(const std::vector<TensorIndex>& indices, Scalar value) {
  BasicResult r = apply_basic(*this, indices, "index_put_");
  Tensor v = detail::scalar_to_tensor(value, scalar_type(), device());
  if (r.has_advanced) {
    ember::index_put_(r.view, r.advanced, v);
    return *this;
  }
  r.view.copy_(v);
  return *this;
}

}  // namespace ember
