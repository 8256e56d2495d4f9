// formulas_internal.h — how op front-ends attach their backward formulas.
//
// Each record_* function is called by a front-end right after it computed
// `out`; it does nothing unless grad mode is on and an input requires grad.
// The formulas themselves live in autograd/formulas_<family>.cpp, written
// with ordinary differentiable ops, so that create_graph=true records the
// backward pass too (higher-order gradients).
//
// Internal: included by core/ops_*.cpp and autograd/*.cpp only.
#pragma once

#include <string_view>
#include <vector>

#include "core/tensor.h"
#include "kernels/kernels.h"

namespace ember::autograd {

// ---- pointwise (formulas_pointwise.cpp) ----
void record_unary(kernels::UnaryOp op, const Tensor& in, const Tensor& out, const kernels::UnaryParams& p);
/// a and b already have out's shape and dtype (the front-end broadcast and
/// converted them through recorded ops).
void record_binary(kernels::BinaryOp op, const Tensor& a, const Tensor& b, const Tensor& out, double alpha);
void record_where(const Tensor& cond, const Tensor& a, const Tensor& b, const Tensor& out);
/// dtype / device conversion and plain copies
void record_to(const Tensor& in, const Tensor& out);
void record_clone(const Tensor& in, const Tensor& out);

// ---- reductions (formulas_reduce.cpp); dims are wrapped and sorted ----
// dim_given: the caller named dims (torch's SumBackward1) rather than reducing everything (SumBackward0)
void record_sum(const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims, bool keepdim, bool dim_given);
void record_prod(const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims, bool keepdim, bool dim_given);
void record_amax_amin(const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims, bool keepdim,
                      bool is_max);
/// values = in gathered at `indices` along dim (max/min with dim, sort, topk)
void record_index_values(std::string_view name, const Tensor& in, const Tensor& values, const Tensor& indices,
                         int64_t dim, bool keepdim);
void record_scan(kernels::ScanOp op, const Tensor& in, const Tensor& out, int64_t dim);
void record_norm(const Tensor& in, const Tensor& out, double p, const std::vector<int64_t>& dims, bool keepdim);

// ---- linear algebra (formulas_linalg.cpp) ----
void record_mm(const Tensor& a, const Tensor& b, const Tensor& out);
void record_bmm(const Tensor& a, const Tensor& b, const Tensor& out);
/// out = beta * input + alpha * a @ b (mm when a, b are 2-D, bmm when 3-D)
void record_addmm(const Tensor& input, const Tensor& a, const Tensor& b, const Tensor& out, double beta,
                  double alpha);

// ---- views (formulas_view.cpp) ----
/// The view ops whose gradient is a scatter back into the input's shape.
enum class StridedView { Narrow, Slice, Select, Diagonal, Unfold };
struct StridedViewArgs {
  StridedView kind;
  int64_t a = 0, b = 0, c = 0, d = 0;  // per kind: see formulas_view.cpp
};
void record_reshape(const char* name, const Tensor& in, const Tensor& out);
void record_permute(const char* name, const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims);
void record_expand(const Tensor& in, const Tensor& out);
void record_strided_view(const Tensor& in, const Tensor& out, const StridedViewArgs& args);
void record_as_strided(const Tensor& in, const Tensor& out);

// ---- shape and indexing (formulas_index.cpp) ----
void record_cat(const TensorList& inputs, const Tensor& out, int64_t dim);
void record_flip(const Tensor& in, const Tensor& out, const std::vector<int64_t>& dims);
void record_pad(const Tensor& in, const Tensor& out, const std::vector<int64_t>& pad);
void record_gather(const char* name, const Tensor& in, const Tensor& out, int64_t dim, const Tensor& index);
/// out = self with src scattered along dim at index (reduce: assign, sum,
/// prod, amax, amin); out is a new tensor, self the old values
void record_scatter(kernels::ScatterReduce reduce, const Tensor& self, const Tensor& src, const Tensor& out,
                    int64_t dim, const Tensor& index);
/// out = x with values written (or added) at flat positions
void record_index_put(const Tensor& x, const Tensor& values, const Tensor& out, const Tensor& positions,
                      bool accumulate);

// ---- pooling (formulas_pool.cpp); tensors are (planes, *spatial) ----
void record_max_pool(const char* name, const Tensor& x, const Tensor& values, const Tensor& indices);
/// adjoint: `out` came from the backward kernel (avg_pool_planes_backward)
void record_avg_pool(const Tensor& x, const Tensor& out, const kernels::ConvGeometry& g, bool count_include_pad,
                     int64_t divisor_override, bool adjoint);
void record_adaptive_avg_pool(const Tensor& x, const Tensor& out, const kernels::ConvGeometry& g, bool adjoint);

}  // namespace ember::autograd
