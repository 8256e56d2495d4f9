// ops_internal.cpp — shared front-end helpers (see ops_internal.h).
#include "core/ops_internal.h"

#include <algorithm>
#include <vector>

#include "autograd/record.h"
#include "core/allocator.h"

namespace ember::detail {

Tensor empty_tensor(IntArrayRef sizes, ScalarType dtype, Device device) {
  int64_t n = shape_numel(sizes, "empty");
  size_t nbytes = static_cast<size_t>(n) * element_size(dtype);
  auto storage = std::make_shared<StorageImpl>(nbytes, allocator_for(device));
  return Tensor(std::make_shared<TensorImpl>(std::move(storage), dtype, sizes.vec(), contiguous_strides(sizes), 0));
}

void check_defined(const char* op, const Tensor& t) {
  EMBER_CHECK(t.defined(), op, "expected a defined tensor, got an undefined one");
}

bool fused_lastdim(std::initializer_list<const Tensor*> inputs, int64_t dim) {
  const Tensor& x = **inputs.begin();
  if (dim != x.dim() - 1 || autograd::should_record(inputs)) return false;
  for (const Tensor* t : inputs)
    if (t->defined() && !(t->is_cpu() && t->is_contiguous() && t->scalar_type() == x.scalar_type() &&
                          (t->scalar_type() == kFloat32 || t->scalar_type() == kFloat64)))
      return false;
  return true;
}

void check_same_device(const char* op, const Tensor& a, const Tensor& b) {
  check_defined(op, a);
  check_defined(op, b);
  EMBER_CHECK(a.device() == b.device(), op, "expected all tensors on the same device, got ", a.device(), " and ",
              b.device());
}

Tensor scalar_to_tensor(Scalar value, ScalarType dtype, Device device) {
  Tensor t = empty_tensor({}, dtype, device);
  dispatch::fill(t, value);
  return t;
}

namespace {
// [first, last] byte range a tensor touches inside its storage
std::pair<int64_t, int64_t> byte_range(const Tensor& t) {
  int64_t lo = t.storage_offset(), hi = t.storage_offset();
  for (int64_t d = 0; d < t.dim(); ++d) hi += (t.size(d) - 1) * t.stride(d);
  int64_t es = static_cast<int64_t>(t.element_size());
  return {lo * es, (hi + 1) * es - 1};
}

// Whether the tensor covers a dense block of memory exactly once, in some dim
// order (contiguous up to a permutation, like a transpose).
bool non_overlapping_and_dense(const Tensor& t) {
  std::vector<int64_t> dims;
  for (int64_t d = 0; d < t.dim(); ++d)
    if (t.size(d) != 1) dims.push_back(d);
  std::sort(dims.begin(), dims.end(), [&](int64_t a, int64_t b) { return t.stride(a) < t.stride(b); });
  int64_t expected = 1;
  for (int64_t d : dims) {
    if (t.stride(d) != expected) return false;
    expected *= t.size(d);
  }
  return true;
}
}  // namespace

void check_no_internal_overlap(const char* op, const Tensor& out) {
  for (int64_t d = 0; d < out.dim(); ++d)
    EMBER_CHECK(!(out.stride(d) == 0 && out.size(d) > 1), op,
                "cannot write in place into a tensor where several elements share one memory location "
                "(an expanded tensor, shape ",
                shape_str(out.sizes()), " strides ", shape_str(out.strides()), "); clone() it first");
}

void check_inplace(const char* op, const Tensor& self, ScalarType result_dtype,
                   std::initializer_list<const Tensor*> inputs) {
  EMBER_CHECK(can_cast(result_dtype, self.scalar_type()), op, "result type ", result_dtype,
              " can't be cast to the desired output type ", self.scalar_type());
  check_no_internal_overlap(op, self);
  if (self.numel() == 0) return;
  auto [lo, hi] = byte_range(self);
  for (const Tensor* in : inputs) {
    if (in == nullptr || !in->defined() || in->numel() == 0) continue;
    if (in->storage() != self.storage()) continue;
    bool same_view = in->storage_offset() == self.storage_offset() && in->sizes() == self.sizes() &&
                     in->strides() == self.strides() && in->scalar_type() == self.scalar_type();
    if (same_view) continue;
    // Like PyTorch, only decide when both sides are dense; interleaved views
    // such as x[::2] and x[1::2] may legitimately share a byte range.
    if (!non_overlapping_and_dense(self) || !non_overlapping_and_dense(*in)) continue;
    auto [ilo, ihi] = byte_range(*in);
    EMBER_CHECK(ihi < lo || ilo > hi, op,
                "some elements of the input tensor and the written-to tensor refer to a single memory location; "
                "clone() the input first");
  }
}

}  // namespace ember::detail
