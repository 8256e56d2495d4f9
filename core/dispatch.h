// dispatch.h — the bridge from op front-ends to kernels: takes Tensors, turns
// them into kernels::TensorRef, and picks the device's kernel. dispatch.cpp
// holds the only switch on device type in ember.
//
// Internal: used by core/ops_*.cpp; not installed.
#pragma once

#include "core/tensor.h"
#include "kernels/kernels.h"

namespace ember::dispatch {

kernels::TensorRef ref(const Tensor& t);

void copy(const Tensor& dst, const Tensor& src);
void fill(const Tensor& dst, Scalar value);
void unary(const char* op, kernels::UnaryOp kind, const Tensor& out, const Tensor& in,
           const kernels::UnaryParams& params = {});
void binary(const char* op, kernels::BinaryOp kind, const Tensor& out, const Tensor& a, const Tensor& b,
            double alpha = 1.0);
void where(const Tensor& out, const Tensor& cond, const Tensor& a, const Tensor& b);
void arange(const Tensor& out, double start, double step);
void linspace(const Tensor& out, double start, double end);
void reduce(const char* op, kernels::ReduceOp kind, const Tensor& out, const Tensor& in);
void arg_reduce(const char* op, bool is_max, const Tensor& values, const Tensor& indices, const Tensor& in,
                int64_t dim);
void scan(const char* op, kernels::ScanOp kind, const Tensor& out, const Tensor& in, int64_t dim);
void softmax_lastdim(const Tensor& out, const Tensor& in);
void layer_norm_lastdim(const Tensor& out, const Tensor& in, const Tensor& weight, const Tensor& bias, double eps);
void gemm(const Tensor& out, const Tensor& a, const Tensor& b, double alpha, double beta);
void gather(const Tensor& out, const Tensor& in, int64_t dim, const Tensor& index);
void scatter(kernels::ScatterReduce reduce, const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
void index_put(const Tensor& self, const Tensor& positions, const Tensor& values, bool accumulate);
int64_t count_nonzero(const Tensor& in);
void nonzero(const Tensor& out, const Tensor& in);
void sort(const Tensor& values, const Tensor& indices, const Tensor& in, int64_t dim, bool descending, bool stable);
void topk(const Tensor& values, const Tensor& indices, const Tensor& in, int64_t k, int64_t dim, bool largest,
          bool sorted);
void searchsorted(const Tensor& out, const Tensor& sorted, const Tensor& values, bool right);
void bincount(const Tensor& out, const Tensor& in, const Tensor& weights);
void histc(const Tensor& out, const Tensor& in, double min, double max);
void conv_forward(const Tensor& y, const Tensor& x, const Tensor& w, const Tensor& bias,
                  const kernels::ConvGeometry& g, int64_t groups);
void conv_input_backward(const Tensor& x_grad, const Tensor& y_grad, const Tensor& w, const kernels::ConvGeometry& g,
                         int64_t groups);
void conv_weight_backward(const Tensor& w_grad, const Tensor& x, const Tensor& y_grad,
                          const kernels::ConvGeometry& g, int64_t groups);
void max_pool_forward(const Tensor& y, const Tensor& indices, const Tensor& x, const kernels::ConvGeometry& g);
void avg_pool_forward(const Tensor& y, const Tensor& x, const kernels::ConvGeometry& g, bool count_include_pad,
                      int64_t divisor_override);
void avg_pool_backward(const Tensor& x_grad, const Tensor& y_grad, const kernels::ConvGeometry& g,
                       bool count_include_pad, int64_t divisor_override);
void adaptive_avg_pool_forward(const Tensor& y, const Tensor& x, const kernels::ConvGeometry& g);
void adaptive_avg_pool_backward(const Tensor& x_grad, const Tensor& y_grad, const kernels::ConvGeometry& g);
void adaptive_max_pool_forward(const Tensor& y, const Tensor& indices, const Tensor& x,
                               const kernels::ConvGeometry& g);
void batch_norm_stats(const Tensor& mean, const Tensor& var, const Tensor& x);
void batch_norm_apply(const Tensor& y, const Tensor& x, const Tensor& scale, const Tensor& shift);
void batch_norm_backward_reduce(const Tensor& sum_dy, const Tensor& sum_dy_xmu, const Tensor& dy, const Tensor& x,
                                const Tensor& mean);
void batch_norm_backward_apply(const Tensor& dx, const Tensor& dy, const Tensor& x, const Tensor& a, const Tensor& b,
                               const Tensor& k);
void lstm_cell_forward(const Tensor& h_new, const Tensor& c_new, const Tensor& workspace, const Tensor& input_gates,
                       const Tensor& hidden_gates, const Tensor& c_prev);
void lstm_cell_backward(const Tensor& grad_gates, const Tensor& grad_c_prev, const Tensor& grad_h,
                        const Tensor& grad_c, const Tensor& workspace, const Tensor& c_prev, const Tensor& c_new);
void gru_cell_forward(const Tensor& h_new, const Tensor& workspace, const Tensor& input_gates,
                      const Tensor& hidden_gates, const Tensor& h_prev);
void gru_cell_backward(const Tensor& grad_input_gates, const Tensor& grad_hidden_gates, const Tensor& grad_h_prev,
                       const Tensor& grad_h, const Tensor& workspace, const Tensor& h_prev);
void uniform(const Tensor& out, kernels::PhiloxState state, double low, double high);
void normal(const Tensor& out, kernels::PhiloxState state, double mean, double std);
void bernoulli(const Tensor& out, const Tensor& p, kernels::PhiloxState state);
void randint(const Tensor& out, kernels::PhiloxState state, int64_t low, int64_t high);

}  // namespace ember::dispatch
