// ops_shape.cpp — ops that build a new tensor by rearranging values: cat and
// stack, flip, roll, repeat/tile, repeat_interleave and pad. Most are
// compositions of views and copies; flip copies from a view with negative
// strides that only the copy kernel ever sees.
#include <algorithm>

#include "autograd/formulas_internal.h"
#include "autograd/grad_mode.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

namespace {
// cat under the name of the op the user called (hstack and vstack are cats),
// so that errors name that op
Tensor cat_impl(const TensorList& tensors, int64_t dim, const char* op) {
  EMBER_CHECK(!tensors.empty(), op, "expects a non-empty list of tensors");
  // 1-D empty tensors are skipped, as torch does for legacy code
  std::vector<const Tensor*> parts;
  for (const Tensor& t : tensors) {
    detail::check_defined(op, t);
    if (!(t.dim() == 1 && t.numel() == 0)) parts.push_back(&t);
  }
  if (parts.empty()) return tensors[0].clone();
  const Tensor& ref = *parts[0];
  EMBER_CHECK(ref.dim() > 0, op, "zero-dimensional tensors cannot be concatenated");
  int64_t d = wrap_dim(dim, ref.dim(), op);
  ScalarType dtype = ref.scalar_type();
  int64_t total = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Tensor& t = *parts[i];
    detail::check_same_device(op, ref, t);
    EMBER_CHECK(t.dim() == ref.dim(), op, "tensors must have the same number of dims: got ", shape_str(ref.sizes()),
                " and ", shape_str(t.sizes()), " (tensor ", i, ")");
    for (int64_t k = 0; k < ref.dim(); ++k)
      EMBER_CHECK(k == d || t.size(k) == ref.size(k), op, "sizes must match except in dim ", d, ": got ",
                  shape_str(ref.sizes()), " and ", shape_str(t.sizes()), " (tensor ", i, ")");
    dtype = promote_types(dtype, t.scalar_type());
    total += t.size(d);
  }
  Shape shape = ref.sizes().vec();
  shape[d] = total;
  Tensor out = detail::empty_tensor(shape, dtype, ref.device());
  int64_t offset = 0;
  TensorList inputs;
  for (const Tensor* t : parts) {
    // a raw view of the output (out has no history yet, so narrow records nothing)
    dispatch::copy(out.narrow(d, offset, t->size(d)), *t);
    offset += t->size(d);
    inputs.push_back(*t);
  }
  autograd::record_cat(inputs, out, d);
  return out;
}
}  // namespace

Tensor cat(const TensorList& tensors, int64_t dim) { return cat_impl(tensors, dim, "cat"); }

Tensor stack(const TensorList& tensors, int64_t dim) {
  EMBER_CHECK(!tensors.empty(), "stack", "expects a non-empty list of tensors");
  detail::check_defined("stack", tensors[0]);
  int64_t d = wrap_dim(dim, tensors[0].dim() + 1, "stack");
  std::vector<Tensor> parts;
  for (size_t i = 0; i < tensors.size(); ++i) {
    detail::check_defined("stack", tensors[i]);
    EMBER_CHECK(tensors[i].sizes() == tensors[0].sizes(), "stack", "expects each tensor to be equal size, but got ",
                shape_str(tensors[0].sizes()), " at entry 0 and ", shape_str(tensors[i].sizes()), " at entry ", i);
    parts.push_back(tensors[i].unsqueeze(d));
  }
  return cat(parts, d);
}

Tensor hstack(const TensorList& tensors) {
  EMBER_CHECK(!tensors.empty(), "hstack", "expects a non-empty list of tensors");
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(t.dim() == 0 ? t.view({1}) : t);
  return cat_impl(parts, parts[0].dim() == 1 ? 0 : 1, "hstack");
}

Tensor vstack(const TensorList& tensors) {
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(t.dim() == 0 ? t.view({1, 1}) : t.dim() == 1 ? t.unsqueeze(0) : t);
  return cat_impl(parts, 0, "vstack");
}

Tensor flip(const Tensor& x, IntArrayRef dims) {
  detail::check_defined("flip", x);
  std::vector<int64_t> ds = wrap_dims(dims, x.dim(), "flip");
  // a view that walks the flipped dims backwards: start at the last element
  // of each, with the stride negated
  Shape strides = x.strides().vec();
  int64_t offset = x.storage_offset();
  for (int64_t d : ds) {
    if (x.dim() == 0 || x.size(d) == 0) continue;
    offset += (x.size(d) - 1) * strides[d];
    strides[d] = -strides[d];
  }
  Tensor reversed(std::make_shared<TensorImpl>(x.storage(), x.scalar_type(), x.sizes().vec(), strides, offset));
  Tensor out = detail::empty_tensor(x.sizes(), x.scalar_type(), x.device());
  dispatch::copy(out, reversed);
  autograd::record_flip(x, out, ds);
  return out;
}

Tensor roll(const Tensor& x, IntArrayRef shifts, IntArrayRef dims) {
  detail::check_defined("roll", x);
  if (dims.empty()) {
    EMBER_CHECK(shifts.size() == 1, "roll", "without dims, shifts must have one element, got ", shape_str(shifts));
    return roll(x.flatten(), shifts, {0}).view(x.sizes());
  }
  EMBER_CHECK(shifts.size() == dims.size(), "roll", "shifts ", shape_str(shifts), " and dims ", shape_str(dims),
              " must have the same length");
  Tensor out = x;
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t d = wrap_dim(dims[i], x.dim(), "roll");
    int64_t n = x.size(d);
    if (n == 0) continue;
    int64_t s = ((shifts[i] % n) + n) % n;
    if (s == 0) continue;
    // the last s elements move to the front
    out = cat({out.narrow(d, n - s, s), out.narrow(d, 0, n - s)}, d);
  }
  return out.is_same(x) ? x.clone() : out;
}

Tensor repeat(const Tensor& x, IntArrayRef repeats) {
  detail::check_defined("repeat", x);
  EMBER_CHECK(static_cast<int64_t>(repeats.size()) >= x.dim(), "repeat", "number of repeats ", shape_str(repeats),
              " can't be smaller than the number of dims ", x.dim());
  for (int64_t r : repeats) EMBER_CHECK(r >= 0, "repeat", "repeats must be non-negative, got ", shape_str(repeats));
  // view x as (1, s0, 1, s1, ...), expand to (r0, s0, r1, s1, ...), then merge pairs
  size_t n = repeats.size();
  Shape padded(n - x.dim(), 1);
  padded.insert(padded.end(), x.sizes().begin(), x.sizes().end());
  Shape interleaved, expanded, result;
  for (size_t i = 0; i < n; ++i) {
    interleaved.insert(interleaved.end(), {1, padded[i]});
    expanded.insert(expanded.end(), {repeats[i], padded[i]});
    result.push_back(repeats[i] * padded[i]);
  }
  return x.reshape(interleaved).expand(expanded).contiguous().view(result);
}

Tensor tile(const Tensor& x, IntArrayRef reps) {
  detail::check_defined("tile", x);
  Shape r(std::max<int64_t>(0, x.dim() - static_cast<int64_t>(reps.size())), 1);
  r.insert(r.end(), reps.begin(), reps.end());
  return repeat(x, r);
}

Tensor repeat_interleave(const Tensor& x, int64_t repeats, std::optional<int64_t> dim) {
  detail::check_defined("repeat_interleave", x);
  EMBER_CHECK(repeats >= 0, "repeat_interleave", "repeats must be non-negative, got ", repeats);
  Tensor in = dim ? x : x.flatten();
  int64_t d = dim ? wrap_dim(*dim, x.dim(), "repeat_interleave") : 0;
  int64_t n = in.dim() == 0 ? 1 : in.size(d);
  Tensor index = arange(n, TensorOptions(kInt64).device(x.device())).unsqueeze(1).expand({n, repeats}).reshape({-1});
  return index_select(in, d, index);
}

Tensor repeat_interleave(const Tensor& x, const Tensor& repeats, std::optional<int64_t> dim) {
  detail::check_defined("repeat_interleave", x);
  detail::check_defined("repeat_interleave", repeats);
  EMBER_CHECK(!repeats.is_floating_point() && repeats.dim() <= 1, "repeat_interleave",
              "repeats must be a 0-D or 1-D integer tensor, got ", repeats.scalar_type(), " of shape ",
              shape_str(repeats.sizes()));
  Tensor in = dim ? x : x.flatten();
  int64_t d = dim ? wrap_dim(*dim, x.dim(), "repeat_interleave") : 0;
  int64_t n = in.dim() == 0 ? 1 : in.size(d);
  Tensor r = repeats.to(Device::cpu(), kInt64).contiguous();
  if (r.numel() == 1) r = r.reshape({1}).expand({n}).contiguous();
  EMBER_CHECK(r.numel() == n, "repeat_interleave", "repeats has ", r.numel(), " entries but dim ", d, " has size ",
              n);
  std::vector<int64_t> index;
  const int64_t* rp = r.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    EMBER_CHECK(rp[i] >= 0, "repeat_interleave", "repeats must be non-negative, got ", rp[i]);
    index.insert(index.end(), static_cast<size_t>(rp[i]), i);
  }
  return index_select(in, d, tensor(index, {}, TensorOptions(kInt64).device(x.device())));
}

Tensor pad(const Tensor& x, IntArrayRef pad, std::string_view mode, double value) {
  detail::check_defined("pad", x);
  EMBER_CHECK(pad.size() % 2 == 0, "pad", "padding length must be even, got ", pad.size());
  int64_t np = static_cast<int64_t>(pad.size()) / 2;
  EMBER_CHECK(np <= x.dim(), "pad", "padding ", shape_str(pad), " covers more dims than the input has (",
              shape_str(x.sizes()), ")");
  EMBER_CHECK(mode == "constant" || mode == "reflect" || mode == "replicate" || mode == "circular", "pad",
              "mode must be constant, reflect, replicate or circular, got '", mode, "'");
  // pad[2i], pad[2i+1] apply to dim (ndim - 1 - i)
  if (mode == "constant") {
    Shape shape = x.sizes().vec();
    for (int64_t i = 0; i < np; ++i) {
      int64_t d = x.dim() - 1 - i;
      shape[d] += pad[2 * i] + pad[2 * i + 1];
      EMBER_CHECK(shape[d] >= 0, "pad", "padding ", shape_str(pad), " makes dim ", d, " of ", shape_str(x.sizes()),
                  " negative");
    }
    Tensor out = full(shape, value, TensorOptions(x.scalar_type()).device(x.device()));
    {
      NoGradGuard no_grad;  // the narrows below only address memory for the copy
      Tensor src = x, dst = out;
      for (int64_t i = 0; i < np; ++i) {  // negative padding crops
        int64_t d = x.dim() - 1 - i, left = pad[2 * i], right = pad[2 * i + 1];
        int64_t src_start = std::max<int64_t>(0, -left), src_end = x.size(d) - std::max<int64_t>(0, -right);
        int64_t len = std::max<int64_t>(0, src_end - src_start);
        src = src.narrow(d, std::min(src_start, x.size(d)), len);
        dst = dst.narrow(d, std::max<int64_t>(0, left), len);
      }
      dispatch::copy(dst, src);
    }
    autograd::record_pad(x, out, pad.vec());
    return out;
  }
  // reflect / replicate / circular: gather along each padded dim with an index
  // built from the source positions
  Tensor out = x;
  for (int64_t i = 0; i < np; ++i) {
    int64_t d = x.dim() - 1 - i, left = pad[2 * i], right = pad[2 * i + 1];
    int64_t n = x.size(d);
    EMBER_CHECK(left >= 0 && right >= 0, "pad", "negative padding is only supported in constant mode");
    if (mode == "reflect")
      EMBER_CHECK(left < n && right < n, "pad", "reflect padding (", left, ", ", right,
                  ") must be smaller than the dim size ", n);
    if (mode == "circular")
      EMBER_CHECK(left <= n && right <= n, "pad", "circular padding (", left, ", ", right,
                  ") must not exceed the dim size ", n);
    if (mode == "replicate") EMBER_CHECK(n > 0, "pad", "cannot replicate-pad an empty dim");
    std::vector<int64_t> index;
    for (int64_t j = -left; j < n + right; ++j) {
      int64_t k = j;
      if (mode == "reflect") k = j < 0 ? -j : (j >= n ? 2 * (n - 1) - j : j);
      else if (mode == "replicate") k = std::clamp<int64_t>(j, 0, n - 1);
      else k = ((j % n) + n) % n;
      index.push_back(k);
    }
    out = index_select(out, d, tensor(index, {}, TensorOptions(kInt64).device(x.device())));
  }
  return out;
}

}  // namespace ember
