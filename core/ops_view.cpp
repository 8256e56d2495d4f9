// ops_view.cpp — ops that return a view: a new TensorImpl on the same
// storage with other sizes, strides and offset. No data moves, so writing
// through a view writes the original (x.t()[0][1] is x[1][0]).
//
// reshape returns a view when the strides allow one (view's stride rule
// below) and copies otherwise.
#include <algorithm>
#include <numeric>

#include "autograd/formulas_internal.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

namespace {

// A new TensorImpl over base's storage; it remembers the tensor that owns the
// memory (for in-place ops on views under autograd).
Tensor make_view(const Tensor& base, Shape sizes, Shape strides, int64_t offset) {
  auto impl = std::make_shared<TensorImpl>(base.storage(), base.scalar_type(), std::move(sizes), std::move(strides),
                                           offset);
  impl->set_view_base(base.impl()->is_view() ? base.impl()->view_base() : base.impl_ptr());
  return Tensor(std::move(impl));
}

using autograd::StridedView;

// Resolves one -1 in `sizes` so the product equals numel.
Shape infer_size(IntArrayRef sizes, int64_t numel, const char* op) {
  Shape out = sizes.vec();
  int64_t known = 1;
  std::optional<size_t> infer;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == -1) {
      EMBER_CHECK(!infer, op, "only one dimension can be inferred, got shape ", shape_str(sizes));
      infer = i;
    } else {
      EMBER_CHECK(out[i] >= 0, op, "invalid shape dimension ", out[i], " in ", shape_str(sizes));
      known *= out[i];
    }
  }
  if (infer) {
    EMBER_CHECK(known != 0 && numel % known == 0, op, "shape ", shape_str(sizes), " is invalid for input of size ",
                numel);
    out[*infer] = numel / known;
  } else {
    EMBER_CHECK(known == numel, op, "shape ", shape_str(sizes), " is invalid for input of size ", numel);
  }
  return out;
}

// Strides that let `new_sizes` view memory laid out as (old_sizes, old_strides),
// or nothing if no such strides exist. Walks both shapes from the innermost
// dim, matching "chunks" of old dims that are contiguous with each other
// against runs of new dims with the same element count (PyTorch's rule).
std::optional<Shape> view_strides(IntArrayRef old_sizes, IntArrayRef old_strides, IntArrayRef new_sizes) {
  Shape new_strides(new_sizes.size());
  if (old_sizes.empty()) {
    std::fill(new_strides.begin(), new_strides.end(), 1);
    return new_strides;
  }
  int64_t numel = shape_numel(old_sizes);
  if (numel == 0) return contiguous_strides(new_sizes);
  int64_t view_d = static_cast<int64_t>(new_sizes.size()) - 1;
  int64_t chunk_base_stride = old_strides.back();
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t tensor_d = static_cast<int64_t>(old_sizes.size()) - 1; tensor_d >= 0; --tensor_d) {
    tensor_numel *= old_sizes[tensor_d];
    bool chunk_ends = tensor_d == 0 || (old_sizes[tensor_d - 1] != 1 &&
                                        old_strides[tensor_d - 1] != tensor_numel * chunk_base_stride);
    if (chunk_ends) {
      while (view_d >= 0 && (view_numel < tensor_numel || new_sizes[view_d] == 1)) {
        new_strides[view_d] = view_numel * chunk_base_stride;
        view_numel *= new_sizes[view_d];
        --view_d;
      }
      if (view_numel != tensor_numel) return std::nullopt;
      if (tensor_d > 0) {
        chunk_base_stride = old_strides[tensor_d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return std::nullopt;
  return new_strides;
}

}  // namespace

Tensor view(const Tensor& x, IntArrayRef sizes) {
  detail::check_defined("view", x);
  Shape shape = infer_size(sizes, x.numel(), "view");
  auto strides = view_strides(x.sizes(), x.strides(), shape);
  EMBER_CHECK(strides.has_value(), "view", "shape ", shape_str(shape),
              " is not compatible with the input's size and stride (", shape_str(x.sizes()), ", ",
              shape_str(x.strides()), "): at least one dimension spans two memory chunks; use reshape() instead");
  Tensor out = make_view(x, shape, *strides, x.storage_offset());
  autograd::record_reshape("ViewBackward0", x, out);
  return out;
}

Tensor reshape(const Tensor& x, IntArrayRef sizes) {
  detail::check_defined("reshape", x);
  Shape shape = infer_size(sizes, x.numel(), "reshape");
  if (auto strides = view_strides(x.sizes(), x.strides(), shape)) {
    Tensor out = make_view(x, shape, *strides, x.storage_offset());
    autograd::record_reshape("ViewBackward0", x, out);
    return out;
  }
  return view(x.clone(), shape);
}

Tensor flatten(const Tensor& x, int64_t start_dim, int64_t end_dim) {
  detail::check_defined("flatten", x);
  if (x.dim() == 0) return reshape(x, {1});
  int64_t s = wrap_dim(start_dim, x.dim(), "flatten"), e = wrap_dim(end_dim, x.dim(), "flatten");
  EMBER_CHECK(s <= e, "flatten", "start_dim ", start_dim, " comes after end_dim ", end_dim);
  Shape shape(x.sizes().begin(), x.sizes().begin() + s);
  int64_t merged = 1;
  for (int64_t d = s; d <= e; ++d) merged *= x.size(d);
  shape.push_back(merged);
  shape.insert(shape.end(), x.sizes().begin() + e + 1, x.sizes().end());
  return reshape(x, shape);
}

Tensor unflatten(const Tensor& x, int64_t dim, IntArrayRef sizes) {
  detail::check_defined("unflatten", x);
  int64_t d = wrap_dim(dim, x.dim(), "unflatten");
  EMBER_CHECK(!sizes.empty(), "unflatten", "sizes must be non-empty");
  Shape inner = infer_size(sizes, x.size(d), "unflatten");
  Shape shape(x.sizes().begin(), x.sizes().begin() + d);
  shape.insert(shape.end(), inner.begin(), inner.end());
  shape.insert(shape.end(), x.sizes().begin() + d + 1, x.sizes().end());
  return view(x, shape);
}

Tensor squeeze(const Tensor& x) {
  detail::check_defined("squeeze", x);
  Shape sizes, strides;
  for (int64_t d = 0; d < x.dim(); ++d) {
    if (x.size(d) == 1) continue;
    sizes.push_back(x.size(d));
    strides.push_back(x.stride(d));
  }
  Tensor out = make_view(x, sizes, strides, x.storage_offset());
  autograd::record_reshape("SqueezeBackward0", x, out);
  return out;
}

Tensor squeeze(const Tensor& x, int64_t dim) {
  detail::check_defined("squeeze", x);
  int64_t d = wrap_dim(dim, x.dim(), "squeeze");
  Shape sizes = x.sizes().vec(), strides = x.strides().vec();
  if (x.dim() > 0 && x.size(d) == 1) {
    sizes.erase(sizes.begin() + d);
    strides.erase(strides.begin() + d);
  }
  Tensor out = make_view(x, sizes, strides, x.storage_offset());
  autograd::record_reshape("SqueezeBackward1", x, out);
  return out;
}

Tensor unsqueeze(const Tensor& x, int64_t dim) {
  detail::check_defined("unsqueeze", x);
  int64_t d = wrap_dim(dim, x.dim() + 1, "unsqueeze");
  Shape sizes = x.sizes().vec(), strides = x.strides().vec();
  int64_t stride = d < x.dim() ? sizes[d] * strides[d] : 1;
  sizes.insert(sizes.begin() + d, 1);
  strides.insert(strides.begin() + d, stride);
  Tensor out = make_view(x, sizes, strides, x.storage_offset());
  autograd::record_reshape("UnsqueezeBackward0", x, out);
  return out;
}

Tensor permute(const Tensor& x, IntArrayRef dims) {
  detail::check_defined("permute", x);
  EMBER_CHECK(static_cast<int64_t>(dims.size()) == x.dim(), "permute", "number of dims ", shape_str(dims),
              " doesn't match the tensor's ", x.dim(), " dims");
  Shape sizes(dims.size()), strides(dims.size());
  std::vector<int64_t> wrapped(dims.size());
  std::vector<bool> seen(dims.size(), false);
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t d = wrap_dim(dims[i], x.dim(), "permute");
    EMBER_CHECK(!seen[d], "permute", "dim ", d, " repeats in ", shape_str(dims));
    seen[d] = true;
    wrapped[i] = d;
    sizes[i] = x.size(d);
    strides[i] = x.stride(d);
  }
  Tensor out = make_view(x, sizes, strides, x.storage_offset());
  autograd::record_permute("PermuteBackward0", x, out, wrapped);
  return out;
}

Tensor movedim(const Tensor& x, int64_t source, int64_t destination) {
  int64_t s = wrap_dim(source, x.dim(), "movedim"), d = wrap_dim(destination, x.dim(), "movedim");
  Shape order;
  for (int64_t i = 0; i < x.dim(); ++i)
    if (i != s) order.push_back(i);
  order.insert(order.begin() + d, s);
  return permute(x, order);
}

Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1) {
  detail::check_defined("transpose", x);
  if (x.dim() == 0) {
    wrap_dim(dim0, 0, "transpose");
    wrap_dim(dim1, 0, "transpose");
    Tensor out = make_view(x, {}, {}, x.storage_offset());
    autograd::record_reshape("TransposeBackward0", x, out);
    return out;
  }
  int64_t a = wrap_dim(dim0, x.dim(), "transpose"), b = wrap_dim(dim1, x.dim(), "transpose");
  Shape sizes = x.sizes().vec(), strides = x.strides().vec();
  std::swap(sizes[a], sizes[b]);
  std::swap(strides[a], strides[b]);
  Tensor out = make_view(x, sizes, strides, x.storage_offset());
  std::vector<int64_t> perm(static_cast<size_t>(x.dim()));
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[a], perm[b]);
  autograd::record_permute("TransposeBackward0", x, out, perm);
  return out;
}

Tensor t(const Tensor& x) {
  detail::check_defined("t", x);
  EMBER_CHECK(x.dim() <= 2, "t", "expects a tensor with <= 2 dimensions, got ", x.dim(), " (shape ",
              shape_str(x.sizes()), "); use transpose() or mT()");
  if (x.dim() == 2) return transpose(x, 0, 1);
  Tensor out = make_view(x, x.sizes().vec(), x.strides().vec(), x.storage_offset());
  autograd::record_reshape("TBackward0", x, out);
  return out;
}

Tensor expand(const Tensor& x, IntArrayRef sizes) {
  detail::check_defined("expand", x);
  int64_t n = static_cast<int64_t>(sizes.size());
  EMBER_CHECK(n >= x.dim(), "expand", "the number of sizes ", shape_str(sizes),
              " must be at least the number of dims of the tensor ", shape_str(x.sizes()));
  Shape out_sizes(n), out_strides(n);
  for (int64_t i = n - 1; i >= 0; --i) {
    int64_t d = i - (n - x.dim());  // the matching dim of x, < 0 for new leading dims
    int64_t want = sizes[i];
    if (d < 0) {
      EMBER_CHECK(want >= 0, "expand", "size ", want, " is invalid for a new leading dim in ", shape_str(sizes));
      out_sizes[i] = want;
      out_strides[i] = 0;
      continue;
    }
    int64_t have = x.size(d);
    if (want == -1) want = have;
    EMBER_CHECK(have == want || have == 1, "expand", "the expanded size ", want, " must match the existing size ",
                have, " at non-singleton dim ", i, " (shape ", shape_str(x.sizes()), " to ", shape_str(sizes), ")");
    out_sizes[i] = want;
    out_strides[i] = have == want ? x.stride(d) : 0;
  }
  Tensor out = make_view(x, out_sizes, out_strides, x.storage_offset());
  autograd::record_expand(x, out);
  return out;
}

Tensor broadcast_to(const Tensor& x, IntArrayRef sizes) {
  detail::check_defined("broadcast_to", x);
  Shape target = broadcast_shapes(x.sizes(), sizes, "broadcast_to");
  EMBER_CHECK(IntArrayRef(target) == sizes, "broadcast_to", "shape ", shape_str(x.sizes()),
              " cannot be broadcast to ", shape_str(sizes));
  if (x.sizes() == sizes) return x;  // already that shape: no view, no graph node
  return expand(x, sizes);
}

std::vector<Tensor> broadcast_tensors(const TensorList& tensors) {
  Shape shape;
  for (const Tensor& t : tensors) shape = broadcast_shapes(shape, t.sizes(), "broadcast_tensors");
  std::vector<Tensor> out;
  for (const Tensor& t : tensors) out.push_back(expand(t, shape));
  return out;
}

Tensor narrow(const Tensor& x, int64_t dim, int64_t start, int64_t length) {
  detail::check_defined("narrow", x);
  EMBER_CHECK(x.dim() > 0, "narrow", "cannot be applied to a 0-dim tensor");
  int64_t d = wrap_dim(dim, x.dim(), "narrow");
  int64_t size = x.size(d);
  EMBER_CHECK(start >= -size && start <= size, "narrow", "start ", start, " is out of range for dim ", d,
              " of size ", size);
  if (start < 0) start += size;
  EMBER_CHECK(length >= 0 && start + length <= size, "narrow", "start (", start, ") + length (", length,
              ") exceeds dimension size (", size, ")");
  Shape sizes = x.sizes().vec();
  sizes[d] = length;
  Tensor out = make_view(x, sizes, x.strides().vec(), x.storage_offset() + start * x.stride(d));
  autograd::record_strided_view(x, out, {StridedView::Narrow, d, start, length});
  return out;
}

Tensor slice(const Tensor& x, int64_t dim, std::optional<int64_t> start, std::optional<int64_t> end, int64_t step) {
  detail::check_defined("slice", x);
  EMBER_CHECK(x.dim() > 0, "slice", "cannot slice a 0-dim tensor");
  EMBER_CHECK(step > 0, "slice", "step must be positive, got ", step);
  int64_t d = wrap_dim(dim, x.dim(), "slice");
  int64_t size = x.size(d);
  // Python slice semantics: negative counts from the end, out of range clamps
  auto clamp_index = [size](int64_t i) {
    if (i < 0) i += size;
    return std::clamp<int64_t>(i, 0, size);
  };
  int64_t s = start ? clamp_index(*start) : 0;
  int64_t e = end ? clamp_index(*end) : size;
  int64_t len = e > s ? (e - s + step - 1) / step : 0;
  Shape sizes = x.sizes().vec(), strides = x.strides().vec();
  sizes[d] = len;
  strides[d] *= step;
  Tensor out = make_view(x, sizes, strides, x.storage_offset() + s * x.stride(d));
  autograd::record_strided_view(x, out, {StridedView::Slice, d, s, e, step});
  return out;
}

Tensor select(const Tensor& x, int64_t dim, int64_t index) {
  detail::check_defined("select", x);
  EMBER_CHECK(x.dim() > 0, "select", "cannot select from a 0-dim tensor");
  int64_t d = wrap_dim(dim, x.dim(), "select");
  int64_t size = x.size(d);
  EMBER_CHECK_INDEX(index >= -size && index < size, "select", "index ", index, " is out of bounds for dimension ", d,
              " with size ", size);
  if (index < 0) index += size;
  Shape sizes = x.sizes().vec(), strides = x.strides().vec();
  sizes.erase(sizes.begin() + d);
  strides.erase(strides.begin() + d);
  Tensor out = make_view(x, sizes, strides, x.storage_offset() + index * x.stride(d));
  autograd::record_strided_view(x, out, {StridedView::Select, d, index});
  return out;
}

Tensor diagonal(const Tensor& x, int64_t offset, int64_t dim1, int64_t dim2) {
  detail::check_defined("diagonal", x);
  EMBER_CHECK(x.dim() >= 2, "diagonal", "needs at least 2 dims, got shape ", shape_str(x.sizes()));
  int64_t a = wrap_dim(dim1, x.dim(), "diagonal"), b = wrap_dim(dim2, x.dim(), "diagonal");
  EMBER_CHECK(a != b, "diagonal", "dim1 and dim2 cannot be the same dim (", a, ")");
  int64_t start = x.storage_offset();
  int64_t len;
  if (offset >= 0) {
    len = std::max<int64_t>(std::min(x.size(a), x.size(b) - offset), 0);
    if (len > 0) start += offset * x.stride(b);
  } else {
    len = std::max<int64_t>(std::min(x.size(a) + offset, x.size(b)), 0);
    if (len > 0) start -= offset * x.stride(a);
  }
  Shape sizes, strides;
  for (int64_t d = 0; d < x.dim(); ++d) {
    if (d == a || d == b) continue;
    sizes.push_back(x.size(d));
    strides.push_back(x.stride(d));
  }
  sizes.push_back(len);
  strides.push_back(x.stride(a) + x.stride(b));
  Tensor out = make_view(x, sizes, strides, start);
  autograd::record_strided_view(x, out, {StridedView::Diagonal, offset, a, b});
  return out;
}

Tensor as_strided(const Tensor& x, IntArrayRef sizes, IntArrayRef strides, std::optional<int64_t> storage_offset) {
  detail::check_defined("as_strided", x);
  EMBER_CHECK(sizes.size() == strides.size(), "as_strided", "sizes ", shape_str(sizes), " and strides ",
              shape_str(strides), " differ in length");
  int64_t offset = storage_offset.value_or(x.storage_offset());
  EMBER_CHECK(offset >= 0, "as_strided", "negative storage offset ", offset);
  int64_t n = shape_numel(sizes, "as_strided");
  int64_t last = offset;
  for (size_t d = 0; d < sizes.size(); ++d) {
    EMBER_CHECK(strides[d] >= 0, "as_strided", "negative strides are not supported, got ", shape_str(strides));
    last += (sizes[d] - 1) * strides[d];
  }
  int64_t storage_elems = static_cast<int64_t>(x.storage()->nbytes() / x.element_size());
  EMBER_CHECK(n == 0 || last < storage_elems, "as_strided", "view (sizes ", shape_str(sizes), ", strides ",
              shape_str(strides), ", offset ", offset, ") reaches element ", last, " but the storage holds only ",
              storage_elems);
  Tensor out = make_view(x, sizes.vec(), strides.vec(), offset);
  autograd::record_as_strided(x, out);
  return out;
}

Tensor unfold(const Tensor& x, int64_t dimension, int64_t size, int64_t step) {
  detail::check_defined("unfold", x);
  int64_t d = wrap_dim(dimension, x.dim(), "unfold");
  int64_t dim_size = x.dim() == 0 ? 1 : x.size(d);
  EMBER_CHECK(size >= 0 && size <= dim_size, "unfold", "size ", size, " exceeds the size ", dim_size, " of dim ", d);
  EMBER_CHECK(step > 0, "unfold", "step must be positive, got ", step);
  Shape sizes = x.sizes().vec(), strides = x.strides().vec();
  if (x.dim() == 0) {
    Tensor out = make_view(x, {size}, {1}, x.storage_offset());
    autograd::record_as_strided(x, out);
    return out;
  }
  sizes[d] = (dim_size - size) / step + 1;
  int64_t inner_stride = strides[d];
  strides[d] *= step;
  sizes.push_back(size);
  strides.push_back(inner_stride);
  Tensor out = make_view(x, sizes, strides, x.storage_offset());
  autograd::record_strided_view(x, out, {StridedView::Unfold, d, size, step});
  return out;
}

std::vector<Tensor> split(const Tensor& x, int64_t split_size, int64_t dim) {
  detail::check_defined("split", x);
  int64_t d = wrap_dim(dim, x.dim(), "split");
  int64_t size = x.size(d);
  EMBER_CHECK(split_size > 0 || (split_size == 0 && size == 0), "split", "split_size must be positive, got ",
              split_size);
  std::vector<Tensor> out;
  if (size == 0) return {x};
  for (int64_t start = 0; start < size; start += split_size)
    out.push_back(narrow(x, d, start, std::min(split_size, size - start)));
  return out;
}

std::vector<Tensor> split(const Tensor& x, IntArrayRef split_sizes, int64_t dim) {
  detail::check_defined("split", x);
  int64_t d = wrap_dim(dim, x.dim(), "split");
  int64_t total = 0;
  for (int64_t s : split_sizes) {
    EMBER_CHECK(s >= 0, "split", "split sizes must be non-negative, got ", shape_str(split_sizes));
    total += s;
  }
  EMBER_CHECK(total == x.size(d), "split", "split sizes ", shape_str(split_sizes), " sum to ", total,
              " but dim ", d, " has size ", x.size(d));
  std::vector<Tensor> out;
  int64_t start = 0;
  for (int64_t s : split_sizes) {
    out.push_back(narrow(x, d, start, s));
    start += s;
  }
  return out;
}

std::vector<Tensor> chunk(const Tensor& x, int64_t chunks, int64_t dim) {
  detail::check_defined("chunk", x);
  EMBER_CHECK(chunks > 0, "chunk", "number of chunks must be positive, got ", chunks);
  int64_t d = wrap_dim(dim, x.dim(), "chunk");
  int64_t size = x.size(d);
  int64_t split_size = (size + chunks - 1) / chunks;
  if (split_size == 0) {
    std::vector<Tensor> out;
    for (int64_t i = 0; i < std::min<int64_t>(chunks, 1); ++i) out.push_back(narrow(x, d, 0, 0));
    return out;
  }
  return split(x, split_size, d);
}

std::vector<Tensor> unbind(const Tensor& x, int64_t dim) {
  detail::check_defined("unbind", x);
  int64_t d = wrap_dim(dim, x.dim(), "unbind");
  std::vector<Tensor> out;
  for (int64_t i = 0; i < x.size(d); ++i) out.push_back(select(x, d, i));
  return out;
}

std::vector<Tensor> meshgrid(const TensorList& tensors, std::string_view indexing) {
  EMBER_CHECK(indexing == "ij" || indexing == "xy", "meshgrid", "indexing must be 'ij' or 'xy', got '", indexing,
              "'");
  EMBER_CHECK(!tensors.empty(), "meshgrid", "expects at least one tensor");
  Shape shape;
  for (const Tensor& t : tensors) {
    EMBER_CHECK(t.dim() <= 1, "meshgrid", "expects 0-D or 1-D tensors, got shape ", shape_str(t.sizes()));
    shape.push_back(t.numel());
  }
  bool swap = indexing == "xy" && tensors.size() >= 2;
  if (swap) std::swap(shape[0], shape[1]);
  std::vector<Tensor> out;
  for (size_t i = 0; i < tensors.size(); ++i) {
    size_t axis = i;
    if (swap && i < 2) axis = 1 - i;
    Shape view_shape(shape.size(), 1);
    view_shape[axis] = tensors[i].numel();
    out.push_back(expand(reshape(tensors[i], view_shape), shape));
  }
  return out;
}

}  // namespace ember
