// dispatch.cpp — routes each kernel call to the tensor's device. This file
// holds ember's only switch on device type: adding a backend means adding a
// case here (and the kernels it names).
#include "core/dispatch.h"

namespace ember::dispatch {

kernels::TensorRef ref(const Tensor& t) { return {t.data_ptr(), t.scalar_type(), t.sizes(), t.strides()}; }

// Kernels that exist only on the CPU so far: CUDA tensors get a clear error.
#define EMBER_CPU_ONLY(op, device, ...)                                    \
  switch ((device).type) {                                                 \
    case DeviceType::CPU:                                                  \
      __VA_ARGS__;                                                         \
      return;                                                              \
    case DeviceType::CUDA:                                                 \
      break;                                                               \
  }                                                                        \
  EMBER_FAIL(op, "has no CUDA kernel yet (tensor on ", (device), ")")

void copy(const Tensor& dst, const Tensor& src) {
  if (dst.is_cpu() && src.is_cpu()) return kernels::cpu::copy(ref(dst), ref(src));
  kernels::cuda::copy(ref(dst), dst.device(), ref(src), src.device());
}

void fill(const Tensor& dst, Scalar value) {
  switch (dst.device().type) {
    case DeviceType::CPU: return kernels::cpu::fill(ref(dst), value);
    case DeviceType::CUDA: return kernels::cuda::fill(ref(dst), dst.device(), value);
  }
}

void unary(const char* op, kernels::UnaryOp kind, const Tensor& out, const Tensor& in,
           const kernels::UnaryParams& params) {
  EMBER_CPU_ONLY(op, out.device(), kernels::cpu::unary(kind, ref(out), ref(in), params));
}

void binary(const char* op, kernels::BinaryOp kind, const Tensor& out, const Tensor& a, const Tensor& b,
            double alpha) {
  EMBER_CPU_ONLY(op, out.device(), kernels::cpu::binary(kind, ref(out), ref(a), ref(b), alpha));
}

void where(const Tensor& out, const Tensor& cond, const Tensor& a, const Tensor& b) {
  EMBER_CPU_ONLY("where", out.device(), kernels::cpu::where(ref(out), ref(cond), ref(a), ref(b)));
}

void arange(const Tensor& out, double start, double step) {
  EMBER_CPU_ONLY("arange", out.device(), kernels::cpu::arange(ref(out), start, step));
}

void linspace(const Tensor& out, double start, double end) {
  EMBER_CPU_ONLY("linspace", out.device(), kernels::cpu::linspace(ref(out), start, end));
}

void reduce(const char* op, kernels::ReduceOp kind, const Tensor& out, const Tensor& in) {
  EMBER_CPU_ONLY(op, out.device(), kernels::cpu::reduce(kind, ref(out), ref(in)));
}

void arg_reduce(const char* op, bool is_max, const Tensor& values, const Tensor& indices, const Tensor& in,
                int64_t dim) {
  EMBER_CPU_ONLY(op, in.device(), kernels::cpu::arg_reduce(is_max, ref(values), ref(indices), ref(in), dim));
}

void scan(const char* op, kernels::ScanOp kind, const Tensor& out, const Tensor& in, int64_t dim) {
  EMBER_CPU_ONLY(op, in.device(), kernels::cpu::scan(kind, ref(out), ref(in), dim));
}

void softmax_lastdim(const Tensor& out, const Tensor& in) {
  EMBER_CPU_ONLY("softmax", in.device(), kernels::cpu::softmax_lastdim(ref(out), ref(in)));
}

void layer_norm_lastdim(const Tensor& out, const Tensor& in, const Tensor& weight, const Tensor& bias, double eps) {
  EMBER_CPU_ONLY("layer_norm", in.device(), {
    kernels::TensorRef w = weight.defined() ? ref(weight) : kernels::TensorRef{};
    kernels::TensorRef b = bias.defined() ? ref(bias) : kernels::TensorRef{};
    kernels::cpu::layer_norm_lastdim(ref(out), ref(in), weight.defined() ? &w : nullptr, bias.defined() ? &b : nullptr,
                                     eps);
  });
}

void gemm(const Tensor& out, const Tensor& a, const Tensor& b, double alpha, double beta) {
  EMBER_CPU_ONLY("matmul", out.device(), kernels::cpu::gemm(ref(out), ref(a), ref(b), alpha, beta));
}

void gather(const Tensor& out, const Tensor& in, int64_t dim, const Tensor& index) {
  EMBER_CPU_ONLY("gather", in.device(), kernels::cpu::gather(ref(out), ref(in), dim, ref(index)));
}

void scatter(kernels::ScatterReduce reduce, const Tensor& self, int64_t dim, const Tensor& index,
             const Tensor& src) {
  EMBER_CPU_ONLY("scatter", self.device(), kernels::cpu::scatter(reduce, ref(self), dim, ref(index), ref(src)));
}

void index_put(const Tensor& self, const Tensor& positions, const Tensor& values, bool accumulate) {
  EMBER_CPU_ONLY("index_put_", self.device(),
                 kernels::cpu::index_put(ref(self), ref(positions), ref(values), accumulate));
}

int64_t count_nonzero(const Tensor& in) {
  switch (in.device().type) {
    case DeviceType::CPU: return kernels::cpu::count_nonzero(ref(in));
    case DeviceType::CUDA: break;
  }
  EMBER_FAIL("nonzero", "has no CUDA kernel yet (tensor on ", in.device(), ")");
}

void nonzero(const Tensor& out, const Tensor& in) {
  EMBER_CPU_ONLY("nonzero", in.device(), kernels::cpu::nonzero(ref(out), ref(in)));
}

void sort(const Tensor& values, const Tensor& indices, const Tensor& in, int64_t dim, bool descending, bool stable) {
  EMBER_CPU_ONLY("sort", in.device(),
                 kernels::cpu::sort(ref(values), ref(indices), ref(in), dim, descending, stable));
}

void topk(const Tensor& values, const Tensor& indices, const Tensor& in, int64_t k, int64_t dim, bool largest,
          bool sorted) {
  EMBER_CPU_ONLY("topk", in.device(),
                 kernels::cpu::topk(ref(values), ref(indices), ref(in), k, dim, largest, sorted));
}

void searchsorted(const Tensor& out, const Tensor& sorted, const Tensor& values, bool right) {
  EMBER_CPU_ONLY("searchsorted", out.device(), kernels::cpu::searchsorted(ref(out), ref(sorted), ref(values), right));
}

void bincount(const Tensor& out, const Tensor& in, const Tensor& weights) {
  EMBER_CPU_ONLY("bincount", out.device(), {
    kernels::TensorRef w = weights.defined() ? ref(weights) : kernels::TensorRef{};
    kernels::cpu::bincount(ref(out), ref(in), weights.defined() ? &w : nullptr);
  });
}

void histc(const Tensor& out, const Tensor& in, double min, double max) {
  EMBER_CPU_ONLY("histc", out.device(), kernels::cpu::histc(ref(out), ref(in), min, max));
}

void conv_forward(const Tensor& y, const Tensor& x, const Tensor& w, const Tensor& bias,
                  const kernels::ConvGeometry& g, int64_t groups) {
  EMBER_CPU_ONLY("conv", x.device(), {
    kernels::TensorRef b = bias.defined() ? ref(bias) : kernels::TensorRef{};
    kernels::cpu::conv_forward(ref(y), ref(x), ref(w), bias.defined() ? &b : nullptr, g, groups);
  });
}

void conv_input_backward(const Tensor& x_grad, const Tensor& y_grad, const Tensor& w, const kernels::ConvGeometry& g,
                         int64_t groups) {
  EMBER_CPU_ONLY("conv", y_grad.device(), kernels::cpu::conv_input_backward(ref(x_grad), ref(y_grad), ref(w), g, groups));
}

void conv_weight_backward(const Tensor& w_grad, const Tensor& x, const Tensor& y_grad,
                          const kernels::ConvGeometry& g, int64_t groups) {
  EMBER_CPU_ONLY("conv", x.device(), kernels::cpu::conv_weight_backward(ref(w_grad), ref(x), ref(y_grad), g, groups));
}

void max_pool_forward(const Tensor& y, const Tensor& indices, const Tensor& x, const kernels::ConvGeometry& g) {
  EMBER_CPU_ONLY("max_pool", x.device(), kernels::cpu::max_pool_forward(ref(y), ref(indices), ref(x), g));
}

void avg_pool_forward(const Tensor& y, const Tensor& x, const kernels::ConvGeometry& g, bool count_include_pad,
                      int64_t divisor_override) {
  EMBER_CPU_ONLY("avg_pool", x.device(),
                 kernels::cpu::avg_pool_forward(ref(y), ref(x), g, count_include_pad, divisor_override));
}

void avg_pool_backward(const Tensor& x_grad, const Tensor& y_grad, const kernels::ConvGeometry& g,
                       bool count_include_pad, int64_t divisor_override) {
  EMBER_CPU_ONLY("avg_pool", y_grad.device(),
                 kernels::cpu::avg_pool_backward(ref(x_grad), ref(y_grad), g, count_include_pad, divisor_override));
}

void adaptive_avg_pool_forward(const Tensor& y, const Tensor& x, const kernels::ConvGeometry& g) {
  EMBER_CPU_ONLY("adaptive_avg_pool", x.device(), kernels::cpu::adaptive_avg_pool_forward(ref(y), ref(x), g));
}

void adaptive_avg_pool_backward(const Tensor& x_grad, const Tensor& y_grad, const kernels::ConvGeometry& g) {
  EMBER_CPU_ONLY("adaptive_avg_pool", y_grad.device(),
                 kernels::cpu::adaptive_avg_pool_backward(ref(x_grad), ref(y_grad), g));
}

void adaptive_max_pool_forward(const Tensor& y, const Tensor& indices, const Tensor& x,
                               const kernels::ConvGeometry& g) {
  EMBER_CPU_ONLY("adaptive_max_pool", x.device(),
                 kernels::cpu::adaptive_max_pool_forward(ref(y), ref(indices), ref(x), g));
}

void batch_norm_stats(const Tensor& mean, const Tensor& var, const Tensor& x) {
  EMBER_CPU_ONLY("batch_norm", x.device(), kernels::cpu::batch_norm_stats(ref(mean), ref(var), ref(x)));
}

void batch_norm_apply(const Tensor& y, const Tensor& x, const Tensor& scale, const Tensor& shift) {
  EMBER_CPU_ONLY("batch_norm", x.device(), kernels::cpu::batch_norm_apply(ref(y), ref(x), ref(scale), ref(shift)));
}

void batch_norm_backward_reduce(const Tensor& sum_dy, const Tensor& sum_dy_xmu, const Tensor& dy, const Tensor& x,
                                const Tensor& mean) {
  EMBER_CPU_ONLY("batch_norm_backward", x.device(),
                 kernels::cpu::batch_norm_backward_reduce(ref(sum_dy), ref(sum_dy_xmu), ref(dy), ref(x), ref(mean)));
}

void batch_norm_backward_apply(const Tensor& dx, const Tensor& dy, const Tensor& x, const Tensor& a, const Tensor& b,
                               const Tensor& k) {
  EMBER_CPU_ONLY("batch_norm_backward", x.device(),
                 kernels::cpu::batch_norm_backward_apply(ref(dx), ref(dy), ref(x), ref(a), ref(b), ref(k)));
}

void lstm_cell_forward(const Tensor& h_new, const Tensor& c_new, const Tensor& workspace, const Tensor& input_gates,
                       const Tensor& hidden_gates, const Tensor& c_prev) {
  EMBER_CPU_ONLY("lstm_cell", c_prev.device(),
                 kernels::cpu::lstm_cell_forward(ref(h_new), ref(c_new), ref(workspace), ref(input_gates),
                                                 ref(hidden_gates), ref(c_prev)));
}

void lstm_cell_backward(const Tensor& grad_gates, const Tensor& grad_c_prev, const Tensor& grad_h,
                        const Tensor& grad_c, const Tensor& workspace, const Tensor& c_prev, const Tensor& c_new) {
  EMBER_CPU_ONLY("lstm_cell", c_prev.device(),
                 kernels::cpu::lstm_cell_backward(ref(grad_gates), ref(grad_c_prev), ref(grad_h), ref(grad_c),
                                                  ref(workspace), ref(c_prev), ref(c_new)));
}

void gru_cell_forward(const Tensor& h_new, const Tensor& workspace, const Tensor& input_gates,
                      const Tensor& hidden_gates, const Tensor& h_prev) {
  EMBER_CPU_ONLY("gru_cell", h_prev.device(),
                 kernels::cpu::gru_cell_forward(ref(h_new), ref(workspace), ref(input_gates), ref(hidden_gates),
                                                ref(h_prev)));
}

void gru_cell_backward(const Tensor& grad_input_gates, const Tensor& grad_hidden_gates, const Tensor& grad_h_prev,
                       const Tensor& grad_h, const Tensor& workspace, const Tensor& h_prev) {
  EMBER_CPU_ONLY("gru_cell", h_prev.device(),
                 kernels::cpu::gru_cell_backward(ref(grad_input_gates), ref(grad_hidden_gates), ref(grad_h_prev),
                                                 ref(grad_h), ref(workspace), ref(h_prev)));
}

void uniform(const Tensor& out, kernels::PhiloxState state, double low, double high) {
  EMBER_CPU_ONLY("uniform_", out.device(), kernels::cpu::uniform(ref(out), state, low, high));
}

void normal(const Tensor& out, kernels::PhiloxState state, double mean, double std) {
  EMBER_CPU_ONLY("normal_", out.device(), kernels::cpu::normal(ref(out), state, mean, std));
}

void bernoulli(const Tensor& out, const Tensor& p, kernels::PhiloxState state) {
  EMBER_CPU_ONLY("bernoulli", out.device(), kernels::cpu::bernoulli(ref(out), ref(p), state));
}

void randint(const Tensor& out, kernels::PhiloxState state, int64_t low, int64_t high) {
  EMBER_CPU_ONLY("randint", out.device(), kernels::cpu::randint(ref(out), state, low, high));
}

}  // namespace ember::dispatch
