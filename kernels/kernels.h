// kernels.h — the backend contract: every kernel ember has, as plain functions
// on raw memory described by TensorRef (pointer + dtype + sizes + strides).
//
// Kernels know nothing of autograd, broadcasting or type promotion: the op
// front-ends in core/ have already checked arguments, broadcast operands to
// the output's sizes (stride 0 where a dim is broadcast), cast inputs to the
// dtype the op computes in, and allocated the output. A kernel only loops.
//
// kernels::cpu implements all of them (kernels/cpu/*.cpp, Eigen + OpenMP).
// kernels::cuda implements memory, copies and fills for now
// (kernels/cuda/*); core/dispatch.cpp says which op lacks a CUDA kernel.
//
// This header is internal: it is not installed and public headers never
// include it.
#pragma once

#include <cstdint>

#include "core/device.h"
#include "core/dtype.h"
#include "core/scalar.h"
#include "core/shape.h"

namespace ember {
class Allocator;
}

namespace ember::kernels {

/// Raw view of a tensor for kernels. `data` points at element (0, 0, ...).
/// Strides are in elements and may be 0 (broadcast) or, for kernels' own
/// use (flip), negative.
struct TensorRef {
  void* data;
  ScalarType dtype;
  IntArrayRef sizes;
  IntArrayRef strides;

  int64_t ndim() const { return static_cast<int64_t>(sizes.size()); }
  int64_t numel() const {
    int64_t n = 1;
    for (int64_t s : sizes) n *= s;
    return n;
  }
};

// ---- elementwise op tables (the functors are in kernels/elementwise_ops.h) ----

enum class UnaryOp : int8_t {
  // valid on integers too
  Neg, Abs, Sign, Square, Relu, Relu6, Floor, Ceil, Round, Trunc, Clamp, Hardtanh, BitwiseNot,
  // floating point only
  Exp, Exp2, Log, Log2, Log10, Log1p, Expm1, Sqrt, Rsqrt, Reciprocal, Sin, Cos, Tan, Asin, Acos, Atan,
  Sinh, Cosh, Tanh, Sigmoid, LeakyRelu, Elu, Celu, Selu, Gelu, GeluTanh, Silu, Mish, Softplus,
  Hardsigmoid, Hardswish, Softsign, Logsigmoid, Threshold, Erf, RoundDecimals, Frac, NanToNum,
  // bool output
  IsNan, IsInf, IsFinite, LogicalNot,
};

/// Parameters of the parameterized unary ops (slope, alpha, min/max, ...);
/// each op's functor documents which fields it reads.
struct UnaryParams {
  double a = 0.0;
  double b = 0.0;
  double c = 0.0;
};

enum class BinaryOp : int8_t {
  Add, Sub, Mul, Div, DivTrunc, DivFloor, Pow, Maximum, Minimum, Fmod, Remainder, Atan2,
  BitwiseAnd, BitwiseOr, BitwiseXor,
  // bool output
  Eq, Ne, Lt, Le, Gt, Ge,
};

enum class ReduceOp : int8_t { Sum, Prod, Max, Min, All, Any };
enum class ScanOp : int8_t { Sum, Prod };
/// How scatter combines: plain assignment or a reduction with the old value.
enum class ScatterReduce : int8_t { Assign, Sum, Prod, Amax, Amin };

/// Where a random kernel starts in a Philox stream (see core/generator.h).
struct PhiloxState {
  uint64_t seed;
  uint64_t offset;  // counter of the first 128-bit block this op may use
};

/// The geometry of a convolution or pooling window over up to 3 spatial
/// dims (1-D and 2-D problems use size 1 in the leading dims).
struct ConvGeometry {
  int64_t in[3] = {1, 1, 1};        // input spatial sizes (D, H, W)
  int64_t out[3] = {1, 1, 1};       // output spatial sizes
  int64_t kernel[3] = {1, 1, 1};
  int64_t stride[3] = {1, 1, 1};
  int64_t padding[3] = {0, 0, 0};
  int64_t dilation[3] = {1, 1, 1};
  int64_t in_size() const { return in[0] * in[1] * in[2]; }
  int64_t out_size() const { return out[0] * out[1] * out[2]; }
  int64_t kernel_size() const { return kernel[0] * kernel[1] * kernel[2]; }
};

namespace cpu {

// memory
/// dst = src converted to dst's dtype; same sizes, any strides.
void copy(const TensorRef& dst, const TensorRef& src);
void fill(const TensorRef& dst, Scalar value);

// elementwise: every operand already has out's sizes
void unary(UnaryOp op, const TensorRef& out, const TensorRef& in, const UnaryParams& p);
/// out = a op b; a and b share a dtype; out has it too except for comparisons (bool).
/// alpha scales b for Add and Sub.
void binary(BinaryOp op, const TensorRef& out, const TensorRef& a, const TensorRef& b, double alpha);
/// out = cond ? a : b
void where(const TensorRef& out, const TensorRef& cond, const TensorRef& a, const TensorRef& b);
/// out[i] = start + i * step (flat index i, row-major).
void arange(const TensorRef& out, double start, double step);
/// torch.linspace's symmetric formula: the first half counts up from start,
/// the second half counts down from end.
void linspace(const TensorRef& out, double start, double end);

// reductions: out has in's ndim with size 1 in every reduced dim
void reduce(ReduceOp op, const TensorRef& out, const TensorRef& in);
/// values/indices along `dim` (keepdim-shaped); first index wins ties; NaN wins.
void arg_reduce(bool is_max, const TensorRef& values, const TensorRef& indices, const TensorRef& in, int64_t dim);
/// Inclusive scan along dim; out's dtype may be wider than in's.
void scan(ScanOp op, const TensorRef& out, const TensorRef& in, int64_t dim);
// softmax / layer norm over the last dim of contiguous float32/64 rows, fused
// (no autograd: the front-ends compose primitive ops when recording)
void softmax_lastdim(const TensorRef& out, const TensorRef& in);
/// weight and bias (the last dim's size) may be null.
void layer_norm_lastdim(const TensorRef& out, const TensorRef& in, const TensorRef* weight, const TensorRef* bias,
                        double eps);

// linear algebra
/// out[b] = alpha * a[b] @ b[b] + beta * out[b]; 3-D operands (B, M, K) (B, K, N)
/// (B, M, N), or 2-D ones (one product); batch stride 0 broadcasts; each
/// matrix has one unit stride.
void gemm(const TensorRef& out, const TensorRef& a, const TensorRef& b, double alpha, double beta);

// convolution (all operands contiguous; x (N, C, *in), w (O, C/groups, *kernel))
/// y (N, O, *out) = conv(x, w) + bias (bias may be null)
void conv_forward(const TensorRef& y, const TensorRef& x, const TensorRef& w, const TensorRef* bias,
                  const ConvGeometry& g, int64_t groups);
/// The adjoint of conv_forward in x: x_grad (N, C, *in) = conv^T(y_grad, w). It is also
/// the transposed convolution, with the roles of in and out swapped by the caller.
void conv_input_backward(const TensorRef& x_grad, const TensorRef& y_grad, const TensorRef& w,
                         const ConvGeometry& g, int64_t groups);
/// w_grad (O, C/groups, *kernel) = sum over the batch of y_grad (x) x-windows
void conv_weight_backward(const TensorRef& w_grad, const TensorRef& x, const TensorRef& y_grad,
                          const ConvGeometry& g, int64_t groups);

// pooling over (N*C) planes: x (P, *in), y (P, *out), contiguous
/// max over each window; indices are flat positions in the input plane (-inf padding)
void max_pool_forward(const TensorRef& y, const TensorRef& indices, const TensorRef& x, const ConvGeometry& g);
/// mean over each window; divisor = window size (count_include_pad) or the
/// number of in-bounds elements; divisor_override if > 0
void avg_pool_forward(const TensorRef& y, const TensorRef& x, const ConvGeometry& g, bool count_include_pad,
                      int64_t divisor_override);
/// the adjoint of avg_pool_forward: spreads each y_grad over its window
void avg_pool_backward(const TensorRef& x_grad, const TensorRef& y_grad, const ConvGeometry& g,
                       bool count_include_pad, int64_t divisor_override);
/// adaptive pooling: output cell i covers [floor(i*in/out), ceil((i+1)*in/out))
void adaptive_avg_pool_forward(const TensorRef& y, const TensorRef& x, const ConvGeometry& g);
void adaptive_avg_pool_backward(const TensorRef& x_grad, const TensorRef& y_grad, const ConvGeometry& g);
void adaptive_max_pool_forward(const TensorRef& y, const TensorRef& indices, const TensorRef& x,
                               const ConvGeometry& g);

// batch normalization over x viewed as (N, C, S), contiguous; per-channel
// vectors have C entries of x's dtype (float32/float64)
/// mean = Σx / M and the biased var = Σ(x - mean)² / M per channel (M = N·S)
void batch_norm_stats(const TensorRef& mean, const TensorRef& var, const TensorRef& x);
/// y = x · scale[c] + shift[c]
void batch_norm_apply(const TensorRef& y, const TensorRef& x, const TensorRef& scale, const TensorRef& shift);
/// sum_dy[c] = Σ dy, sum_dy_xmu[c] = Σ dy · (x - mean[c])
void batch_norm_backward_reduce(const TensorRef& sum_dy, const TensorRef& sum_dy_xmu, const TensorRef& dy,
                                const TensorRef& x, const TensorRef& mean);
/// dx = dy · a[c] + x · b[c] + k[c]
void batch_norm_backward_apply(const TensorRef& dx, const TensorRef& dy, const TensorRef& x, const TensorRef& a,
                               const TensorRef& b, const TensorRef& k);

// recurrent cells, pointwise part (kernels/cpu/rnn.cpp): every operand is a
// contiguous (rows, width) block; the gate products are the caller's GEMMs
/// LSTM: from input_gates + hidden_gates (rows, 4H; i, f, g, o) and c_prev
/// (rows, H), writes c_new, h_new and the activated gates to workspace (rows, 4H).
void lstm_cell_forward(const TensorRef& h_new, const TensorRef& c_new, const TensorRef& workspace,
                       const TensorRef& input_gates, const TensorRef& hidden_gates, const TensorRef& c_prev);
/// grad_gates (rows, 4H; the gradient of both gate inputs) and grad_c_prev
/// (may alias grad_c) from grad_h and grad_c of the step's outputs.
void lstm_cell_backward(const TensorRef& grad_gates, const TensorRef& grad_c_prev, const TensorRef& grad_h,
                        const TensorRef& grad_c, const TensorRef& workspace, const TensorRef& c_prev,
                        const TensorRef& c_new);
/// GRU: from input_gates, hidden_gates (rows, 3H; r, z, n) and h_prev, writes
/// h_new and workspace (rows, 4H) = r, z, n and the hidden n-gate.
void gru_cell_forward(const TensorRef& h_new, const TensorRef& workspace, const TensorRef& input_gates,
                      const TensorRef& hidden_gates, const TensorRef& h_prev);
/// The gate gradients and the direct part of grad_h_prev (z dh; may alias grad_h).
void gru_cell_backward(const TensorRef& grad_input_gates, const TensorRef& grad_hidden_gates,
                       const TensorRef& grad_h_prev, const TensorRef& grad_h, const TensorRef& workspace,
                       const TensorRef& h_prev);

// indexing (indices are int64 and already bounds-checked by the front-end)
/// out[..i..] = in[..index[..i..]..] with index shaped like out (torch.gather).
void gather(const TensorRef& out, const TensorRef& in, int64_t dim, const TensorRef& index);
/// self[..index[..i..]..] (op)= src[..i..] over index's sizes (torch.scatter_).
void scatter(ScatterReduce reduce, const TensorRef& self, int64_t dim, const TensorRef& index, const TensorRef& src);
/// self.flatten()[positions[k]] = values[k] (+= with accumulate); positions
/// are row-major logical indices into self, which may be strided.
void index_put(const TensorRef& self, const TensorRef& positions, const TensorRef& values, bool accumulate);
int64_t count_nonzero(const TensorRef& in);
/// out (count, ndim) int64: the multi-indices of non-zero elements in row-major order.
void nonzero(const TensorRef& out, const TensorRef& in);

// ordering
void sort(const TensorRef& values, const TensorRef& indices, const TensorRef& in, int64_t dim, bool descending,
          bool stable);
void topk(const TensorRef& values, const TensorRef& indices, const TensorRef& in, int64_t k, int64_t dim,
          bool largest, bool sorted);
/// out[..., j] = insertion index of values[..., j] into sorted[..., :] (last dim).
void searchsorted(const TensorRef& out, const TensorRef& sorted, const TensorRef& values, bool right);
/// out[v] += weights ? weights[i] : 1 for each v = in[i].
void bincount(const TensorRef& out, const TensorRef& in, const TensorRef* weights);
/// Histogram of in over [min, max] into out's bins (values outside ignored).
void histc(const TensorRef& out, const TensorRef& in, double min, double max);

// random (Philox4x32-10; the same seed gives the same values on every device)
void uniform(const TensorRef& out, PhiloxState state, double low, double high);
void normal(const TensorRef& out, PhiloxState state, double mean, double std);
/// out[i] = uniform() < p[i]; p has out's sizes (stride 0 for a scalar p).
void bernoulli(const TensorRef& out, const TensorRef& p, PhiloxState state);
/// Integers uniform on [low, high).
void randint(const TensorRef& out, PhiloxState state, int64_t low, int64_t high);

}  // namespace cpu

namespace cuda {
/// The caching device allocator for one GPU.
Allocator* allocator(int device);
/// dst = src where either side (or both) is on a GPU; same sizes, any strides and dtypes.
void copy(const TensorRef& dst, Device dst_device, const TensorRef& src, Device src_device);
void fill(const TensorRef& dst, Device device, Scalar value);
}  // namespace cuda

}  // namespace ember::kernels
