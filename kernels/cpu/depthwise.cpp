// depthwise.cpp — depthwise convolution (groups == input channels)
// computed directly: the forward pass, and at stride 1 the gradients. With
// M = O / C output channels per input channel, output channel o reads
// input channel c = o / M only:
//
//   y[n, o, i, j] = b[o] + Σ_{p,q} w[o, p, q] · x[n, c, i·sh - ph + p·dh, j·sw - pw + q·dw]
//
// Each input plane is copied once into a buffer with its padding written
// out as zeros (PaddedPlane), so every tap of every window reads inside it.
// At stride 1 in float, kLanes outputs of a row sum all taps in registers
// (float_vec.h); otherwise an output row takes one multiply-add loop per
// tap. The im2col path it replaces ran a one-row GEMM per channel on K
// copies of the input (depthwise 3x3, 64 channels on 32x32, batch 64, 1
// thread: im2col 7.2 ms, a loop per tap and row 5.1-5.3, the register sums
// 2.6-2.8; torch 3.9-4.4). Left to the auto-vectorizer, the tap loop inside
// the row's vector loop took 23.9 ms. Input planes run in parallel, each
// writing its M output planes.
//
// The input gradient at stride 1 (padding at most (k - 1)·d) is itself a
// depthwise forward pass: y_grad correlated with the kernel turned by 180°,
// padding (k - 1)·d - p, summed over the M outputs of each input channel
// (the benchmark's conv fwd+bwd: 22.2 -> 15.1-15.6 ms at 1 thread). The
// weight gradient in float at stride 1 sums, per tap, the products of
// y_grad's plane and the shifted padded x plane in vector registers over
// the whole batch (13.8 -> 12.0 ms, best of five). Leaves out: the other
// strides' gradients and float64's weight gradient (im2col + GEMM; plain
// scatter and per-row dot loops measured no faster than it), and 3-D convs.
#include "kernels/cpu/depthwise.h"

#include <algorithm>
#include <type_traits>
#include <vector>

#include "kernels/cpu/float_vec.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"

namespace ember::kernels::cpu {

bool depthwise_applies(const ConvGeometry& g, int64_t groups, int64_t in_channels, Dtype dtype) {
  return groups > 1 && groups == in_channels && g.in[0] == 1 && g.kernel[0] == 1 && g.padding[0] == 0 &&
         g.out[0] == 1 && (dtype == kFloat32 || dtype == kFloat64);
}

namespace {

// A plane with its padding written out as zeros, so that every window reads
// inside it: output (i, j), tap k = (p, q) reads
//   padded[i·sh·cols + j·sw + offset[k]],  offset[k] = p·dh·cols + q·dw,
// input element (r, c) sitting at (r + ph, c + pw). Its size covers exactly
// the rows and columns some window reads.
struct PaddedPlane {
  int64_t rows, cols;
  std::vector<int64_t> offset;  // by tap
  explicit PaddedPlane(const ConvGeometry& g)
      : rows((g.out[1] - 1) * g.stride[1] + (g.kernel[1] - 1) * g.dilation[1] + 1),
        cols((g.out[2] - 1) * g.stride[2] + (g.kernel[2] - 1) * g.dilation[2] + 1) {
    for (int64_t p = 0; p < g.kernel[1]; ++p)
      for (int64_t q = 0; q < g.kernel[2]; ++q) offset.push_back(p * g.dilation[1] * cols + q * g.dilation[2]);
  }
  int64_t size() const { return rows * cols; }
  // The input rows/columns that land inside: [0, n) with n = min(in, size - pad).
  int64_t in_rows(const ConvGeometry& g) const { return std::clamp<int64_t>(rows - g.padding[1], 0, g.in[1]); }
  int64_t in_cols(const ConvGeometry& g) const { return std::clamp<int64_t>(cols - g.padding[2], 0, g.in[2]); }
};

// dst (padded) = the input plane src surrounded by zeros. Rows are short
// (a libc memmove per row cost a fifth of the conv), so plain loops.
template <class T>
void pad_plane(const T* src, const ConvGeometry& g, const PaddedPlane& pp, T* dst) {
  const int64_t rows = pp.in_rows(g), cols = pp.in_cols(g), top = g.padding[1], left = g.padding[2];
  std::fill(dst, dst + std::min(top, pp.rows) * pp.cols, T(0));  // rows above the input
  for (int64_t r = 0; r < rows; ++r) {
    T* out = dst + (r + top) * pp.cols;
    const T* in = src + r * g.in[2];
    for (int64_t c = 0; c < std::min(left, pp.cols); ++c) out[c] = T(0);
#pragma omp simd
    for (int64_t c = 0; c < cols; ++c) out[left + c] = in[c];
    for (int64_t c = left + cols; c < pp.cols; ++c) out[c] = T(0);
  }
  std::fill(dst + std::min(top + rows, pp.rows) * pp.cols, dst + pp.size(), T(0));  // rows below it
}

// Output plane out (OH, OW) = b0 + Σ_k w[k] · padded[i·cols + j + offset[k]]
// for a float conv of stride 1: kLanes outputs of a row at a time, the
// taps' sum in two registers (each waits on half the taps' FMAs). The
// padded plane has kLanes floats of zero slack at its end, so a row's last
// vector may read past the row; only its first OW - j lanes are stored.
void forward_plane_vec(float* out, const float* padded, int64_t cols, const float* w, const int64_t* offset,
                       int64_t taps, int64_t OH, int64_t OW, float b0) {
  using simd::kLanes;
  using simd::Vec;
  for (int64_t i = 0; i < OH; ++i) {
    const float* row = padded + i * cols;
    float* dst = out + i * OW;
    for (int64_t j = 0; j < OW; j += kLanes) {
      Vec even = Vec{} + b0, odd = Vec{};
      int64_t k = 0;
      for (; k + 1 < taps; k += 2) {
        even += w[k] * simd::load(row + offset[k] + j);
        odd += w[k + 1] * simd::load(row + offset[k + 1] + j);
      }
      if (k < taps) even += w[k] * simd::load(row + offset[k] + j);
      const Vec acc = even + odd;
      if (j + kLanes <= OW) {
        simd::store(dst + j, acc);
      } else {
        float lanes[kLanes];
        simd::store(lanes, acc);
        std::copy(lanes, lanes + (OW - j), dst + j);
      }
    }
  }
}

// One output plane (OH, OW) from its padded input plane, row by row and tap by tap:
//   out[i, j] = b0 + Σ_k w[k] · padded[i·sh·cols + j·sw + offset[k]]
template <class T>
void forward_plane(T* out, const T* padded, const PaddedPlane& pp, const T* w, const ConvGeometry& g, T b0) {
  const int64_t K = g.kernel_size(), OH = g.out[1], OW = g.out[2], sh = g.stride[1], sw = g.stride[2];
  const int64_t* offset = pp.offset.data();
  if constexpr (std::is_same_v<T, float>) {
    if (sh == 1 && sw == 1) return forward_plane_vec(out, padded, pp.cols, w, offset, K, OH, OW, b0);
  }
  for (int64_t i = 0; i < OH; ++i) {
    const T* row = padded + i * sh * pp.cols;
    T* dst = out + i * OW;
    std::fill(dst, dst + OW, b0);
    for (int64_t k = 0; k < K; ++k)
      for (int64_t j = 0; j < OW; ++j) dst[j] += w[k] * row[offset[k] + j * sw];
  }
}

// Adds Σ_{i,j} grad[i, j] · padded[i·cols + j + offset] over a float output
// plane (OH, OW) of stride 1 to a DotSums: kLanes products at a time into
// four vector sums, so that no FMA waits on the one before; a row's tail
// goes to a double. The vector sums' lanes are added up once, at the end
// (added up per plane, they cost about as much as the products).
struct DotSums {
  simd::Vec v[4] = {};
  double tail = 0;
  double total() const {
    double t = tail;
    for (const simd::Vec& s : v)
      for (int l = 0; l < simd::kLanes; ++l) t += s[l];
    return t;
  }
};
void add_plane_dot(const float* grad, const float* padded, int64_t cols, int64_t offset, int64_t OH, int64_t OW,
                   DotSums& sums) {
  using simd::kLanes;
  int64_t count = 0;
  for (int64_t i = 0; i < OH; ++i) {
    const float* g = grad + i * OW;
    const float* x = padded + i * cols + offset;
    int64_t j = 0;
    for (; j + kLanes <= OW; j += kLanes, ++count) sums.v[count & 3] += simd::load(g + j) * simd::load(x + j);
    for (; j < OW; ++j) sums.tail += static_cast<double>(g[j]) * x[j];
  }
}

}  // namespace

void depthwise_forward(const TensorRef& y, const TensorRef& x, const TensorRef& w, const TensorRef* bias,
                       const ConvGeometry& g) {
  dispatch_float32_64(x.dtype, "conv", [&]<class T>() {
    const int64_t N = x.sizes[0], C = x.sizes[1], O = w.sizes[0], M = O / C, K = g.kernel_size();
    const T* xp = static_cast<const T*>(x.data);
    const T* wp = static_cast<const T*>(w.data);
    const T* bp = bias ? static_cast<const T*>(bias->data) : nullptr;
    T* yp = static_cast<T*>(y.data);
    const PaddedPlane pp(g);
    parallel_for(N * C, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(M * g.out_size() * K, 1)),
                 [&](int64_t b, int64_t e) {
                   std::vector<T> padded(static_cast<size_t>(pp.size() + simd::kLanes));  // zero slack at the end
                   for (int64_t plane = b; plane < e; ++plane) {  // plane = n·C + c
                     pad_plane(xp + plane * g.in_size(), g, pp, padded.data());
                     for (int64_t m = 0; m < M; ++m) {
                       const int64_t o = (plane % C) * M + m;
                       const T* wo = wp + o * K;
                       const T b0 = bp ? bp[o] : T(0);
                       T* out = yp + ((plane / C) * O + o) * g.out_size();
                       forward_plane(out, padded.data(), pp, wo, g, b0);
                     }
                   }
                 });
  });
}

bool depthwise_input_backward_applies(const ConvGeometry& g, int64_t groups, int64_t in_channels, Dtype dtype) {
  if (!depthwise_applies(g, groups, in_channels, dtype)) return false;
  for (int d = 1; d < 3; ++d)
    if (g.stride[d] != 1 || g.padding[d] > (g.kernel[d] - 1) * g.dilation[d]) return false;
  return true;
}

void depthwise_input_backward(const TensorRef& x_grad, const TensorRef& y_grad, const TensorRef& w,
                              const ConvGeometry& g) {
  // x_grad[n, c] = Σ_m y_grad[n, cM + m] correlated with w[cM + m] turned by
  // 180°, padding (k - 1)·d - p, stride 1: the forward pass of the transposed
  // geometry t, whose planes in are y_grad's and whose planes out are x's
  ConvGeometry t = g;
  for (int d = 1; d < 3; ++d) {
    t.in[d] = g.out[d];
    t.out[d] = g.in[d];
    t.padding[d] = (g.kernel[d] - 1) * g.dilation[d] - g.padding[d];
  }
  dispatch_float32_64(y_grad.dtype, "conv backward", [&]<class T>() {
    const int64_t N = x_grad.sizes[0], C = x_grad.sizes[1], O = w.sizes[0], M = O / C, K = g.kernel_size();
    const T* gp = static_cast<const T*>(y_grad.data);
    const T* wp = static_cast<const T*>(w.data);
    T* xp = static_cast<T*>(x_grad.data);
    const PaddedPlane pp(t);
    parallel_for(N * C, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(M * t.out_size() * K, 1)),
                 [&](int64_t b, int64_t e) {
                   std::vector<T> padded(static_cast<size_t>(pp.size() + simd::kLanes));  // zero slack at the end
                   std::vector<T> turned(static_cast<size_t>(K)), part(static_cast<size_t>(M > 1 ? t.out_size() : 0));
                   for (int64_t plane = b; plane < e; ++plane) {  // plane = n·C + c
                     T* grad = xp + plane * t.out_size();
                     for (int64_t m = 0; m < M; ++m) {
                       const int64_t o = (plane % C) * M + m;
                       for (int64_t k = 0; k < K; ++k) turned[k] = wp[o * K + K - 1 - k];  // (p, q) -> (kh-1-p, kw-1-q)
                       pad_plane(gp + ((plane / C) * O + o) * t.in_size(), t, pp, padded.data());
                       forward_plane(m == 0 ? grad : part.data(), padded.data(), pp, turned.data(), t, T(0));
                       if (m > 0)
                         for (int64_t i = 0; i < t.out_size(); ++i) grad[i] += part[i];
                     }
                   }
                 });
  });
}

bool depthwise_weight_backward_applies(const ConvGeometry& g, int64_t groups, int64_t in_channels, Dtype dtype) {
  return depthwise_applies(g, groups, in_channels, dtype) && dtype == kFloat32 && g.stride[1] == 1 &&
         g.stride[2] == 1;
}

void depthwise_weight_backward(const TensorRef& w_grad, const TensorRef& x, const TensorRef& y_grad,
                               const ConvGeometry& g) {
  // w_grad[o, k] = Σ_n Σ_{i,j} y_grad[n, o, i, j] · padded x[n, c][i·cols + j + offset[k]]
  const int64_t N = x.sizes[0], C = x.sizes[1], O = w_grad.sizes[0], M = O / C, K = g.kernel_size();
  const float* xp = static_cast<const float*>(x.data);
  const float* gp = static_cast<const float*>(y_grad.data);
  float* wp = static_cast<float*>(w_grad.data);
  const PaddedPlane pp(g);
  parallel_for(C, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(N * M * g.out_size() * K, 1)),
               [&](int64_t b, int64_t e) {
                 std::vector<float> padded(static_cast<size_t>(pp.size() + simd::kLanes));
                 std::vector<DotSums> sums(static_cast<size_t>(M * K));
                 for (int64_t c = b; c < e; ++c) {  // input channel c, its M outputs, over the batch
                   std::fill(sums.begin(), sums.end(), DotSums{});
                   for (int64_t n = 0; n < N; ++n) {
                     pad_plane(xp + (n * C + c) * g.in_size(), g, pp, padded.data());
                     for (int64_t m = 0; m < M; ++m) {
                       const float* grad = gp + (n * O + c * M + m) * g.out_size();
                       for (int64_t k = 0; k < K; ++k)
                         add_plane_dot(grad, padded.data(), pp.cols, pp.offset[k], g.out[1], g.out[2], sums[m * K + k]);
                     }
                   }
                   for (int64_t k = 0; k < M * K; ++k) wp[c * M * K + k] = static_cast<float>(sums[k].total());
                 }
               });
}

}  // namespace ember::kernels::cpu
