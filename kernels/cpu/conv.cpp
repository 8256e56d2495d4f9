// conv.cpp — convolution on the CPU: im2col + GEMM (gemm.h).
//
// For one image x (C, D, H, W) and a kernel of K = kd*kh*kw taps, im2col
// lays out every receptive field as a column: cols (C*K, L) with L the number
// of output positions, cols[c*K + k][l] = x[c][position of tap k at l] (0 in
// the padding). The convolution is then one matrix product per group:
//   y_g (O/G, L) = w_g (O/G, C/G*K) @ cols_g (C/G*K, L)
// Its adjoints reuse the same layout:
//   x_grad:  cols_g = w_g^T @ y_grad_g, then col2im adds each column back
//   w_grad:  w_grad_g += y_grad_g @ cols_g^T
// 1-D and 2-D convolutions run as 3-D ones with size-1 leading dims.
// Small images are taken a few at a time: their cols side by side make one
// (C*K, m·L) matrix and one wider, faster product (see Chunking); the
// product's (O, m·L) result is then split back into m images. Chunks of a
// batch run in parallel, each thread with its own buffers. Stride-1 "same"
// convs fill and drain cols by whole shifted planes (see rows_contiguous),
// which costs a fraction of the per-row copies. float32 3x3 stride-1 convs
// with enough channels go to winograd.cpp instead (winograd_applies), and
// depthwise convs (groups = input channels) to depthwise.cpp for the
// forward pass and, at stride 1, the gradients.
#include <algorithm>
#include <memory>
#include <vector>

#include "core/error.h"
#include "kernels/cpu/depthwise.h"
#include "kernels/cpu/gemm.h"
#include "kernels/cpu/loops.h"
#include "kernels/cpu/winograd.h"
#include "kernels/dtype_dispatch.h"
#include "kernels/kernels.h"

namespace ember::kernels::cpu {

namespace {

// The output positions o in [lo, hi) along one dim whose input position
// i = o·stride + offset lies inside [0, in); outside them a window reads padding.
struct ValidRange {
  int64_t lo, hi;
};
ValidRange valid_range(int64_t offset, int64_t stride, int64_t in, int64_t out) {
  int64_t lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;  // o·stride + offset >= 0
  int64_t hi = in - offset <= 0 ? 0 : (in - offset + stride - 1) / stride;  // o·stride + offset < in
  lo = std::min(lo, out);
  return {lo, std::clamp(hi, lo, out)};
}

// Calls f(row of cols, image row or nullptr when it is padding, offset, [lo, hi))
// for every (channel, kernel offset, output row): the input element of output
// column ow is input_row[ow·stride + offset], valid for ow in [lo, hi).
template <class Col, class Img, class F>
void for_each_col_row(int64_t channels, const ConvGeometry& g, Col* cols, int64_t ld, Img* img, F&& f) {
  for (int64_t c = 0; c < channels; ++c) {
    Img* plane = img + c * g.in_size();
    for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
      for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
        for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
          int64_t row = ((c * g.kernel[0] + kd) * g.kernel[1] + kh) * g.kernel[2] + kw;
          const int64_t offset = kw * g.dilation[2] - g.padding[2];
          const ValidRange w = valid_range(offset, g.stride[2], g.in[2], g.out[2]);
          for (int64_t od = 0; od < g.out[0]; ++od) {
            int64_t id = od * g.stride[0] - g.padding[0] + kd * g.dilation[0];
            for (int64_t oh = 0; oh < g.out[1]; ++oh) {
              int64_t ih = oh * g.stride[1] - g.padding[1] + kh * g.dilation[1];
              bool inside = id >= 0 && id < g.in[0] && ih >= 0 && ih < g.in[1];
              f(cols + row * ld + (od * g.out[1] + oh) * g.out[2], inside ? plane + (id * g.in[1] + ih) * g.in[2] : nullptr,
                offset, w);
            }
          }
        }
  }
}

// When every stride is 1 and an output row is as long as an input row (a
// "same"-padded conv), output index l = oh·W + ow of one (channel, tap)
// reads input index l + shift, shift = (kh·dh - ph)·W + (kw·dw - pw): the
// whole plane is one shifted block copy instead of a short copy per row. The
// block wraps into the neighbouring input row where a window reaches into
// the left or right padding; those entries are zeroed afterwards.
bool rows_contiguous(const ConvGeometry& g) {
  return g.stride[0] == 1 && g.stride[1] == 1 && g.stride[2] == 1 && g.out[2] == g.in[2];
}

struct ShiftedPlane {
  ValidRange rows, cols;  // output rows and columns whose window tap lies inside the image
  int64_t shift;          // input index minus output index
  int64_t begin, end;     // output indices of the block: the valid rows, cut so the input stays in the plane
};
ShiftedPlane shifted_plane(const ConvGeometry& g, int64_t kh, int64_t kw) {
  const int64_t H = g.in[1], W = g.in[2];
  const int64_t row_offset = kh * g.dilation[1] - g.padding[1], col_offset = kw * g.dilation[2] - g.padding[2];
  ShiftedPlane p{valid_range(row_offset, 1, H, g.out[1]), valid_range(col_offset, 1, W, g.out[2]),
                 row_offset * W + col_offset, 0, 0};
  // an image smaller than the kernel's reach can leave no valid rows; begin
  // stays inside the output plane then (it bounds the zero fill before it)
  p.begin = std::min(std::max(p.rows.lo * W, -p.shift), p.rows.hi * W);
  p.end = std::max(p.begin, std::min(p.rows.hi * W, H * W - p.shift));
  return p;
}

// Calls f(cols plane of (c, tap, od), input plane at depth id or nullptr in the
// depth padding, the ShiftedPlane of the tap) for every channel, tap and output depth.
template <class Col, class Img, class F>
void for_each_shifted_plane(int64_t channels, const ConvGeometry& g, Col* cols, int64_t ld, Img* img, F&& f) {
  const int64_t plane = g.in[1] * g.in[2], out_plane = g.out[1] * g.out[2];
  std::vector<ShiftedPlane> taps;  // by (kh, kw); the same for every channel
  for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
    for (int64_t kw = 0; kw < g.kernel[2]; ++kw) taps.push_back(shifted_plane(g, kh, kw));
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
      for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
        for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
          const int64_t row = ((c * g.kernel[0] + kd) * g.kernel[1] + kh) * g.kernel[2] + kw;
          const ShiftedPlane& p = taps[kh * g.kernel[2] + kw];
          for (int64_t od = 0; od < g.out[0]; ++od) {
            const int64_t id = od - g.padding[0] + kd * g.dilation[0];
            const bool inside = id >= 0 && id < g.in[0];
            f(cols + row * ld + od * out_plane, inside ? img + c * g.in_size() + id * plane : nullptr, p);
          }
        }
}

// Zeroes the entries of one cols plane whose window tap lies in the left or right padding.
template <class T>
void zero_padding_columns(T* o, const ConvGeometry& g, const ShiftedPlane& p) {
  const int64_t W = g.out[2];
  for (int64_t oh = p.rows.lo; oh < p.rows.hi; ++oh) {
    std::fill(o + oh * W, o + oh * W + p.cols.lo, T(0));
    std::fill(o + oh * W + p.cols.hi, o + (oh + 1) * W, T(0));
  }
}

// cols (C*K, L) from one image (C, in...); row r of cols starts at cols + r·ld
template <class T>
void im2col(const T* img, int64_t channels, const ConvGeometry& g, T* cols, int64_t ld) {
  if (rows_contiguous(g)) {
    const int64_t out_plane = g.out[1] * g.out[2];
    for_each_shifted_plane(channels, g, cols, ld, img, [&](T* o, const T* src, const ShiftedPlane& p) {
      if (src == nullptr) {
        std::fill(o, o + out_plane, T(0));
        return;
      }
      std::fill(o, o + p.begin, T(0));
      for (int64_t l = p.begin; l < p.end; ++l) o[l] = src[l + p.shift];
      std::fill(o + p.end, o + out_plane, T(0));
      zero_padding_columns(o, g, p);
    });
    return;
  }
  const int64_t OW = g.out[2], stride = g.stride[2];
  for_each_col_row(channels, g, cols, ld, img, [&](T* o, const T* src, int64_t offset, ValidRange w) {
    if (src == nullptr) {
      std::fill(o, o + OW, T(0));
      return;
    }
    std::fill(o, o + w.lo, T(0));
    if (stride == 1) {
      for (int64_t ow = w.lo; ow < w.hi; ++ow) o[ow] = src[ow + offset];  // a plain copy
    } else {
      for (int64_t ow = w.lo; ow < w.hi; ++ow) o[ow] = src[ow * stride + offset];
    }
    std::fill(o + w.hi, o + OW, T(0));
  });
}

// adds every column of cols (C*K, L, rows ld apart) back into img (C, in...);
// may zero entries of cols
template <class T>
void col2im(T* cols, int64_t ld, int64_t channels, const ConvGeometry& g, T* img) {
  if (rows_contiguous(g)) {
    for_each_shifted_plane(channels, g, cols, ld, img, [&](T* o, T* dst, const ShiftedPlane& p) {
      if (dst == nullptr) return;
      zero_padding_columns(o, g, p);  // gradients for padding positions are dropped
      for (int64_t l = p.begin; l < p.end; ++l) dst[l + p.shift] += o[l];
    });
    return;
  }
  const int64_t stride = g.stride[2];
  for_each_col_row(channels, g, cols, ld, img, [&](const T* i, T* dst, int64_t offset, ValidRange w) {
    if (dst == nullptr) return;
    if (stride == 1) {
      for (int64_t ow = w.lo; ow < w.hi; ++ow) dst[ow + offset] += i[ow];
    } else {
      for (int64_t ow = w.lo; ow < w.hi; ++ow) dst[ow * stride + offset] += i[ow];
    }
  });
}

// A 1x1 kernel with stride 1 and no padding reads the image as it is.
bool is_pointwise(const ConvGeometry& g) {
  for (int d = 0; d < 3; ++d)
    if (g.kernel[d] != 1 || g.stride[d] != 1 || g.padding[d] != 0) return false;
  return true;
}

// Images per GEMM. One image's product (channels x L) is small when the
// output is (14 x 14: L = 196); the columns of several images side by side
// make one product about kChunkColumns wide, which the GEMM runs faster
// (measured, 32->64 3x3 on 14x14 at one thread: 8 images at once took
// 0.84x the time of 8 separate products forward, 0.79x for the input
// gradient). The chunks are shared out among the threads, so no more images
// per chunk than a thread's share. A pointwise conv reads images in place,
// one at a time.
struct Chunking {
  static constexpr int64_t kChunkColumns = 1536;
  bool pointwise;
  int threads;
  int64_t images, chunks;
  Chunking(int64_t N, int64_t L, const ConvGeometry& g)
      : pointwise(is_pointwise(g)), threads(omp_in_parallel() ? 1 : omp_get_max_threads()) {
    const int64_t share = (N + threads - 1) / threads;
    const int64_t wanted = kChunkColumns / std::max<int64_t>(L, 1);
    images = pointwise ? 1 : std::clamp<int64_t>(wanted, 1, std::max<int64_t>(share, 1));
    chunks = (N + images - 1) / images;
  }
};

// m images of (rows, L) each, from src (image after image) into dst as one
// (rows, m·L) matrix: dst[r][j·L + l] = src[j][r][l]. Returns dst.
template <class T>
const T* gather_images(const T* src, int64_t m, int64_t rows, int64_t L, T* dst) {
  for (int64_t j = 0; j < m; ++j)
    for (int64_t r = 0; r < rows; ++r) {
      const T* row = src + (j * rows + r) * L;
      std::copy(row, row + L, dst + (r * m + j) * L);
    }
  return dst;
}

// Runs body(first image, images m, cols, buffer) for every chunk, chunks in
// parallel; each thread owns a cols buffer (col_rows, images·L) and a
// buffer (rows, images·L) for gathering or splitting images.
template <class T, class Body>
void for_each_chunk(const Chunking& ch, int64_t N, int64_t L, int64_t col_rows, int64_t rows, Body&& body) {
  parallel_for(ch.chunks, 1, [&](int64_t b, int64_t e) {
    // left uninitialized: every pass writes them in full before reading (zeroing cost ~5% of a conv)
    std::unique_ptr<T[]> cols(new T[ch.pointwise ? 0 : static_cast<size_t>(col_rows * ch.images * L)]);
    std::unique_ptr<T[]> buffer(new T[ch.images > 1 ? static_cast<size_t>(rows * ch.images * L) : 0]);
    for (int64_t c = b; c < e; ++c) body(c * ch.images, std::min(ch.images, N - c * ch.images), cols.get(),
                                         buffer.get());
  });
}

// The (C·K, m·L) columns of images [n0, n0 + m) of x: im2col of each image
// side by side in cols, or, for a pointwise conv (m = 1), the image itself.
template <class T>
const T* chunk_columns(const T* x, int64_t n0, int64_t m, int64_t C, const ConvGeometry& g, bool pointwise, T* cols) {
  if (pointwise) return x + n0 * C * g.in_size();
  const int64_t L = g.out_size();
  for (int64_t j = 0; j < m; ++j) im2col(x + (n0 + j) * C * g.in_size(), C, g, cols + j * L, m * L);
  return cols;
}

}  // namespace

void conv_forward(const TensorRef& y, const TensorRef& x, const TensorRef& w, const TensorRef* bias,
                  const ConvGeometry& g, int64_t groups) {
  if (winograd_applies(g, groups, x.sizes[1], w.sizes[0], x.dtype))
    return winograd_forward(static_cast<float*>(y.data), static_cast<const float*>(x.data),
                            static_cast<const float*>(w.data), bias ? static_cast<const float*>(bias->data) : nullptr,
                            x.sizes[0], x.sizes[1], w.sizes[0], g);
  if (depthwise_applies(g, groups, x.sizes[1], x.dtype)) return depthwise_forward(y, x, w, bias, g);
  dispatch_float32_64(x.dtype, "conv", [&]<class T>() {
    const int64_t N = x.sizes[0], C = x.sizes[1], O = w.sizes[0];
    const int64_t Cg = C / groups, Og = O / groups, CgK = Cg * g.kernel_size(), L = g.out_size();
    const T* wp = static_cast<const T*>(w.data);
    const T* bp = bias ? static_cast<const T*>(bias->data) : nullptr;
    T* yp = static_cast<T*>(y.data);
    const Chunking ch(N, L, g);
    for_each_chunk<T>(ch, N, L, groups * CgK, O, [&](int64_t n0, int64_t m, T* cols, T* out) {
      const int64_t ld = m * L;
      const T* colp = chunk_columns(static_cast<const T*>(x.data), n0, m, C, g, ch.pointwise, cols);
      T* outp = m == 1 ? yp + n0 * O * L : out;
      for (int64_t grp = 0; grp < groups; ++grp)  // Y (Og, m·L) = W (Og, CgK) @ X (CgK, m·L)
        gemm_strided<T>(Og, ld, CgK, T(1), wp + grp * Og * CgK, CgK, 1, colp + grp * CgK * ld, ld, 1, T(0),
                        outp + grp * Og * ld, ld);
      if (m == 1 && bp == nullptr) return;  // the product went straight to y
      for (int64_t j = 0; j < m; ++j)       // (O, m·L) -> m images (O, L), plus the bias
        for (int64_t o = 0; o < O; ++o) {
          const T* src = outp + o * ld + j * L;
          T* dst = yp + ((n0 + j) * O + o) * L;
          const T add = bp ? bp[o] : T(0);
          for (int64_t l = 0; l < L; ++l) dst[l] = src[l] + add;
        }
    });
  });
}

void conv_input_backward(const TensorRef& x_grad, const TensorRef& y_grad, const TensorRef& w,
                         const ConvGeometry& g, int64_t groups) {
  if (winograd_applies(g, groups, x_grad.sizes[1], w.sizes[0], y_grad.dtype))
    return winograd_input_backward(static_cast<float*>(x_grad.data), static_cast<const float*>(y_grad.data),
                                   static_cast<const float*>(w.data), x_grad.sizes[0], x_grad.sizes[1], w.sizes[0], g);
  if (depthwise_input_backward_applies(g, groups, x_grad.sizes[1], y_grad.dtype))
    return depthwise_input_backward(x_grad, y_grad, w, g);
  dispatch_float32_64(y_grad.dtype, "conv backward", [&]<class T>() {
    const int64_t N = x_grad.sizes[0], C = x_grad.sizes[1], O = w.sizes[0];
    const int64_t Cg = C / groups, Og = O / groups, CgK = Cg * g.kernel_size(), L = g.out_size();
    const T* gp = static_cast<const T*>(y_grad.data);
    const T* wp = static_cast<const T*>(w.data);
    T* xp = static_cast<T*>(x_grad.data);
    const Chunking ch(N, L, g);
    for_each_chunk<T>(ch, N, L, groups * CgK, O, [&](int64_t n0, int64_t m, T* cols, T* grad) {
      const int64_t ld = m * L;
      const T* gch = m == 1 ? gp + n0 * O * L : gather_images(gp + n0 * O * L, m, O, L, grad);
      T* colp = ch.pointwise ? xp + n0 * C * g.in_size() : cols;  // pointwise: the image's gradient
      for (int64_t grp = 0; grp < groups; ++grp)  // X (CgK, m·L) = W^T (CgK, Og) @ G (Og, m·L)
        gemm_strided<T>(CgK, ld, Og, T(1), wp + grp * Og * CgK, 1, CgK, gch + grp * Og * ld, ld, 1, T(0),
                        colp + grp * CgK * ld, ld);
      if (ch.pointwise) return;
      for (int64_t j = 0; j < m; ++j) {
        T* img = xp + (n0 + j) * C * g.in_size();
        std::fill(img, img + C * g.in_size(), T(0));
        col2im(cols + j * L, ld, C, g, img);
      }
    });
  });
}

void conv_weight_backward(const TensorRef& w_grad, const TensorRef& x, const TensorRef& y_grad,
                          const ConvGeometry& g, int64_t groups) {
  if (winograd_applies(g, groups, x.sizes[1], w_grad.sizes[0], x.dtype))
    return winograd_weight_backward(static_cast<float*>(w_grad.data), static_cast<const float*>(x.data),
                                    static_cast<const float*>(y_grad.data), x.sizes[0], x.sizes[1], w_grad.sizes[0], g);
  if (depthwise_weight_backward_applies(g, groups, x.sizes[1], x.dtype))
    return depthwise_weight_backward(w_grad, x, y_grad, g);
  dispatch_float32_64(x.dtype, "conv backward", [&]<class T>() {
    const int64_t N = x.sizes[0], C = x.sizes[1], O = w_grad.sizes[0];
    const int64_t Cg = C / groups, Og = O / groups, CgK = Cg * g.kernel_size(), L = g.out_size();
    const T* gp = static_cast<const T*>(y_grad.data);
    T* wp = static_cast<T*>(w_grad.data);
    const int64_t wsize = O * CgK;
    const Chunking ch(N, L, g);
    // each thread sums its chunks into a private buffer; the buffers are added at the end
    std::vector<std::vector<T>> partial(ch.threads, std::vector<T>(static_cast<size_t>(wsize), T(0)));
    for_each_chunk<T>(ch, N, L, groups * CgK, O, [&](int64_t n0, int64_t m, T* cols, T* grad) {
      const int64_t ld = m * L;
      const T* colp = chunk_columns(static_cast<const T*>(x.data), n0, m, C, g, ch.pointwise, cols);
      const T* gch = m == 1 ? gp + n0 * O * L : gather_images(gp + n0 * O * L, m, O, L, grad);
      // the thread's own sum (inside an outer parallel region there is one, whatever that thread's number)
      T* sum = partial[ch.threads == 1 ? 0 : omp_get_thread_num()].data();
      for (int64_t grp = 0; grp < groups; ++grp)  // W (Og, CgK) += G (Og, m·L) @ X^T (m·L, CgK)
        gemm_strided<T>(Og, CgK, ld, T(1), gch + grp * Og * ld, ld, 1, colp + grp * CgK * ld, 1, ld, T(1),
                        sum + grp * Og * CgK, CgK);
    });
    for (int64_t i = 0; i < wsize; ++i) {
      T s = 0;
      for (const std::vector<T>& p : partial) s += p[i];
      wp[i] = s;
    }
  });
}

}  // namespace ember::kernels::cpu
