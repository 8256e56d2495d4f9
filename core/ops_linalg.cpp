// ops_linalg.cpp — matrix products (matmul's rank rules on top of one batched
// GEMM kernel), triangles, trace and cdist.
#include "autograd/formulas_internal.h"
#include "autograd/grad_mode.h"
#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

namespace {

void check_matmul_dtypes(const char* op, const Tensor& a, const Tensor& b) {
  detail::check_same_device(op, a, b);
  EMBER_CHECK(a.scalar_type() == b.scalar_type(), op, "expected both operands to have the same dtype, got ",
              a.scalar_type(), " and ", b.scalar_type());
  EMBER_CHECK(a.scalar_type() != kBool, op, "is not defined for bool tensors");
}

// The GEMM kernel needs each matrix to have a unit stride along rows or
// columns; anything else (a slice with a step, an expanded matrix) is copied.
Tensor gemm_ready(const Tensor& m) {
  int64_t rs = m.stride(-2), cs = m.stride(-1);
  bool ok = (cs == 1 && (rs >= m.size(-1) || m.size(-2) == 1)) || (rs == 1 && (cs >= m.size(-2) || m.size(-1) == 1));
  return ok ? m : m.contiguous();
}

// out (B, n, m) = alpha * a (B, n, k) @ b (B, k, m) + beta * out (or the same
// without the batch dim); the views
// made here only feed the kernel, so no graph is recorded for them (each
// front-end records one node for the whole product)
void batched_gemm(const Tensor& out, const Tensor& a, const Tensor& b, double alpha, double beta) {
  NoGradGuard no_grad;
  dispatch::gemm(out, gemm_ready(a), gemm_ready(b), alpha, beta);
}

// addmm/baddbmm: input must broadcast to the product's shape
void check_input_broadcasts(const char* op, const Tensor& input, const Tensor& out) {
  detail::check_defined(op, input);
  EMBER_CHECK(IntArrayRef(broadcast_shapes(input.sizes(), out.sizes(), op)) == out.sizes(), op, "input of shape ",
              shape_str(input.sizes()), " cannot be broadcast to the product's shape ", shape_str(out.sizes()));
}

[[noreturn]] void shape_error(const char* op, const Tensor& a, const Tensor& b) {
  EMBER_FAIL(op, "shapes ", shape_str(a.sizes()), " and ", shape_str(b.sizes()), " cannot be multiplied");
}

}  // namespace

Tensor mm(const Tensor& a, const Tensor& b) {
  check_matmul_dtypes("mm", a, b);
  EMBER_CHECK(a.dim() == 2 && b.dim() == 2, "mm", "expects 2-D tensors, got shapes ", shape_str(a.sizes()), " and ",
              shape_str(b.sizes()));
  if (a.size(1) != b.size(0)) shape_error("mm", a, b);
  Tensor out = detail::empty_tensor({a.size(0), b.size(1)}, a.scalar_type(), a.device());
  {
    NoGradGuard no_grad;
    batched_gemm(out, a, b, 1.0, 0.0);
  }
  autograd::record_mm(a, b, out);
  return out;
}

Tensor bmm(const Tensor& a, const Tensor& b) {
  check_matmul_dtypes("bmm", a, b);
  EMBER_CHECK(a.dim() == 3 && b.dim() == 3, "bmm", "expects 3-D tensors, got shapes ", shape_str(a.sizes()),
              " and ", shape_str(b.sizes()));
  EMBER_CHECK(a.size(0) == b.size(0), "bmm", "batch sizes differ: ", shape_str(a.sizes()), " and ",
              shape_str(b.sizes()));
  if (a.size(2) != b.size(1)) shape_error("bmm", a, b);
  Tensor out = detail::empty_tensor({a.size(0), a.size(1), b.size(2)}, a.scalar_type(), a.device());
  batched_gemm(out, a, b, 1.0, 0.0);
  autograd::record_bmm(a, b, out);
  return out;
}

Tensor addmm(const Tensor& input, const Tensor& a, const Tensor& b, Scalar beta, Scalar alpha) {
  check_matmul_dtypes("addmm", a, b);
  EMBER_CHECK(a.dim() == 2 && b.dim() == 2, "addmm", "expects 2-D matrices, got shapes ", shape_str(a.sizes()),
              " and ", shape_str(b.sizes()));
  if (a.size(1) != b.size(0)) shape_error("addmm", a, b);
  Tensor out = detail::empty_tensor({a.size(0), b.size(1)}, a.scalar_type(), a.device());
  check_input_broadcasts("addmm", input, out);
  double bv = beta.to_double();
  {
    NoGradGuard no_grad;
    if (bv != 0.0) dispatch::copy(out, broadcast_to(input.to(a.scalar_type()), out.sizes()));
    batched_gemm(out, a, b, alpha.to_double(), bv);
  }
  autograd::record_addmm(input, a, b, out, bv, alpha.to_double());
  return out;
}

Tensor baddbmm(const Tensor& input, const Tensor& a, const Tensor& b, Scalar beta, Scalar alpha) {
  check_matmul_dtypes("baddbmm", a, b);
  EMBER_CHECK(a.dim() == 3 && b.dim() == 3 && a.size(0) == b.size(0), "baddbmm",
              "expects 3-D tensors with equal batch sizes, got ", shape_str(a.sizes()), " and ", shape_str(b.sizes()));
  if (a.size(2) != b.size(1)) shape_error("baddbmm", a, b);
  Tensor out = detail::empty_tensor({a.size(0), a.size(1), b.size(2)}, a.scalar_type(), a.device());
  check_input_broadcasts("baddbmm", input, out);
  double bv = beta.to_double();
  {
    NoGradGuard no_grad;
    if (bv != 0.0) dispatch::copy(out, broadcast_to(input.to(a.scalar_type()), out.sizes()));
    batched_gemm(out, a, b, alpha.to_double(), bv);
  }
  autograd::record_addmm(input, a, b, out, bv, alpha.to_double());
  return out;
}

Tensor mv(const Tensor& mat, const Tensor& vec) {
  check_matmul_dtypes("mv", mat, vec);
  EMBER_CHECK(mat.dim() == 2 && vec.dim() == 1, "mv", "expects a matrix and a vector, got shapes ",
              shape_str(mat.sizes()), " and ", shape_str(vec.sizes()));
  if (mat.size(1) != vec.size(0)) shape_error("mv", mat, vec);
  return mm(mat, vec.unsqueeze(1)).squeeze(1);
}

Tensor dot(const Tensor& a, const Tensor& b) {
  check_matmul_dtypes("dot", a, b);
  EMBER_CHECK(a.dim() == 1 && b.dim() == 1, "dot", "expects 1-D tensors, got shapes ", shape_str(a.sizes()),
              " and ", shape_str(b.sizes()));
  EMBER_CHECK(a.size(0) == b.size(0), "dot", "vectors have different lengths: ", a.size(0), " and ", b.size(0));
  return mm(a.unsqueeze(0), b.unsqueeze(1)).view({});
}

Tensor outer(const Tensor& a, const Tensor& b) {
  EMBER_CHECK(a.dim() == 1 && b.dim() == 1, "outer", "expects 1-D tensors, got shapes ", shape_str(a.sizes()),
              " and ", shape_str(b.sizes()));
  return mul(a.unsqueeze(1), b.unsqueeze(0));
}

Tensor matmul(const Tensor& a, const Tensor& b) {
  check_matmul_dtypes("matmul", a, b);
  EMBER_CHECK(a.dim() >= 1 && b.dim() >= 1, "matmul", "both arguments need at least 1 dim, got shapes ",
              shape_str(a.sizes()), " and ", shape_str(b.sizes()));
  int64_t da = a.dim(), db = b.dim();
  if (a.size(-1) != (db == 1 ? b.size(0) : b.size(-2))) shape_error("matmul", a, b);
  if (da == 1 && db == 1) return dot(a, b);
  if (da == 2 && db == 1) return mv(a, b);
  if (da == 1 && db == 2) return mm(a.unsqueeze(0), b).squeeze(0);
  if (da == 2 && db == 2) return mm(a, b);
  if (da >= 3 && db <= 2) {
    // (..., n, k) @ (k, m): fold the batch into the rows, one big GEMM
    Tensor b2 = db == 1 ? b.unsqueeze(1) : b;
    Shape out_shape(a.sizes().begin(), a.sizes().end() - 1);
    out_shape.push_back(b2.size(1));
    Tensor r = mm(a.reshape({-1, a.size(-1)}), b2).view(out_shape);
    return db == 1 ? r.squeeze(-1) : r;
  }
  // general case: broadcast the batch dims, then one batched GEMM
  Tensor a2 = da == 1 ? a.unsqueeze(0) : a;
  Tensor b2 = db == 1 ? b.unsqueeze(1) : b;
  Shape batch = broadcast_shapes(IntArrayRef(a2.sizes().data(), a2.dim() - 2),
                                 IntArrayRef(b2.sizes().data(), b2.dim() - 2), "matmul");
  int64_t n = a2.size(-2), k = a2.size(-1), m = b2.size(-1);
  int64_t B = shape_numel(batch);
  Shape ea = batch, eb = batch;
  ea.insert(ea.end(), {n, k});
  eb.insert(eb.end(), {k, m});
  Tensor A = a2.expand(ea).reshape({B, n, k});
  Tensor Bm = b2.expand(eb).reshape({B, k, m});
  Tensor out = bmm(A, Bm);
  Shape out_shape = batch;
  if (da > 1) out_shape.push_back(n);
  if (db > 1) out_shape.push_back(m);
  return out.view(out_shape);
}

namespace {
// mask[i][j] = (j - i) <= diagonal for tril, >= for triu, over the last two dims
Tensor triangle(const char* op, const Tensor& x, int64_t diagonal, bool lower) {
  detail::check_defined(op, x);
  EMBER_CHECK(x.dim() >= 2, op, "expects a tensor with at least 2 dims, got shape ", shape_str(x.sizes()));
  int64_t n = x.size(-2), m = x.size(-1);
  TensorOptions o = TensorOptions(kInt64).device(x.device());
  Tensor offset = sub(arange(m, o).view({1, m}), arange(n, o).view({n, 1}));  // j - i
  Tensor mask = lower ? le(offset, diagonal) : ge(offset, diagonal);
  return where(mask, x, zeros({}, TensorOptions(x.scalar_type()).device(x.device())));
}
}  // namespace

Tensor tril(const Tensor& x, int64_t diagonal) { return triangle("tril", x, diagonal, true); }
Tensor triu(const Tensor& x, int64_t diagonal) { return triangle("triu", x, diagonal, false); }

Tensor trace(const Tensor& x) {
  detail::check_defined("trace", x);
  EMBER_CHECK(x.dim() == 2, "trace", "expects a matrix, got shape ", shape_str(x.sizes()));
  return sum(x.diagonal());
}

// dist[.., p, r] = || x1[.., p, :] - x2[.., r, :] ||_p
Tensor cdist(const Tensor& x1, const Tensor& x2, double p) {
  detail::check_same_device("cdist", x1, x2);
  EMBER_CHECK(x1.dim() >= 2 && x2.dim() >= 2, "cdist", "expects at least 2-D inputs, got shapes ",
              shape_str(x1.sizes()), " and ", shape_str(x2.sizes()));
  EMBER_CHECK(x1.size(-1) == x2.size(-1), "cdist", "inputs must have the same number of columns, got shapes ",
              shape_str(x1.sizes()), " and ", shape_str(x2.sizes()));
  EMBER_CHECK(x1.is_floating_point() && x2.is_floating_point(), "cdist", "expects floating point inputs, got ",
              x1.scalar_type(), " and ", x2.scalar_type());
  EMBER_CHECK(p >= 0, "cdist", "p must be non-negative, got ", p);
  Tensor diff = sub(x1.unsqueeze(-2), x2.unsqueeze(-3));  // (.., P, R, M)
  return norm(diff, p, {-1});
}

}  // namespace ember
