// pool.cpp — pooling on the CPU: max (with the argmax of each window), average
// and its adjoint, and adaptive average/max pooling.
//
// Every (image, channel) plane is pooled on its own, so the input is seen as
// P planes of the spatial sizes (up to 3 dims; 1-D and 2-D use size-1
// leading dims) and planes run in parallel. Max pooling treats padding as
// -inf (it never wins); its indices are flat positions in the input plane,
// as in PyTorch, so the backward pass is a scatter-add.
#include <cmath>
#include <limits>

#include "core/error.h"
#include "kernels/cpu/loops.h"
#include "kernels/dtype_dispatch.h"
#include "kernels/kernels.h"

namespace ember::kernels::cpu {

namespace {

// calls f(window start per dim, window end per dim (exclusive, clipped), out index)
template <class F>
void for_each_window(const ConvGeometry& g, F&& f) {
  int64_t o = 0;
  for (int64_t od = 0; od < g.out[0]; ++od)
    for (int64_t oh = 0; oh < g.out[1]; ++oh)
      for (int64_t ow = 0; ow < g.out[2]; ++ow, ++o) {
        int64_t start[3] = {od * g.stride[0] - g.padding[0], oh * g.stride[1] - g.padding[1],
                            ow * g.stride[2] - g.padding[2]};
        f(start, o);
      }
}

// adaptive cell i of `out` over `in`: [floor(i in / out), ceil((i + 1) in / out))
int64_t adaptive_start(int64_t i, int64_t in, int64_t out) { return (i * in) / out; }
int64_t adaptive_end(int64_t i, int64_t in, int64_t out) { return ((i + 1) * in + out - 1) / out; }

}  // namespace

namespace {
// Whether every window is a 2-D window wholly inside the input (no padding,
// no dilation, no ceil-mode overhang): MaxPool2d(k, s) as CNNs use it.
bool plain_2d_windows(const ConvGeometry& g) {
  bool plain = g.kernel[0] == 1 && g.in[0] == 1 && g.out[0] == 1;
  for (int d = 1; d < 3; ++d)
    plain = plain && g.padding[d] == 0 && g.dilation[d] == 1 && (g.out[d] - 1) * g.stride[d] + g.kernel[d] <= g.in[d];
  return plain;
}

// The plain 2-D case without bounds checks; the same argmax rule as the
// general loop. For each output row, the kernel offsets (kh, kw) are the
// outer loops and the output columns the inner one, so the inner loop has
// independent iterations and compiles to vector compares and blends
// (random data makes a per-window `if (v > best)` mispredict half the time).
template <class T>
void max_pool_plane_2d(const T* plane, T* yp, int64_t* ip, const ConvGeometry& g) {
  const int64_t W = g.in[2], OW = g.out[2], sh = g.stride[1], sw = g.stride[2];
  for (int64_t oh = 0; oh < g.out[1]; ++oh) {
    T* best = yp + oh * OW;
    int64_t* best_i = ip + oh * OW;
    for (int64_t ow = 0; ow < OW; ++ow) {
      best_i[ow] = oh * sh * W + ow * sw;
      best[ow] = plane[best_i[ow]];
    }
    for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
      for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
        const int64_t offset = (oh * sh + kh) * W + kw;
        for (int64_t ow = 0; ow < OW; ++ow) {
          T v = plane[offset + ow * sw];
          // a larger value wins, and a NaN wins unless an earlier NaN already did
          bool take = v > best[ow] || (v != v && best[ow] == best[ow]);
          best[ow] = take ? v : best[ow];
          best_i[ow] = take ? offset + ow * sw : best_i[ow];
        }
      }
  }
}
// The 2x2, stride-2 case (the classic halving pool): each output row reads
// two input rows, and the four candidates of a window are compared in the
// order (0,0), (0,1), (1,0), (1,1) with the same rule as above.
template <class T>
void max_pool_plane_2x2(const T* plane, T* yp, int64_t* ip, const ConvGeometry& g) {
  const int64_t W = g.in[2], OW = g.out[2];
  for (int64_t oh = 0; oh < g.out[1]; ++oh) {
    const int64_t top = 2 * oh * W;
    T* best = yp + oh * OW;
    int64_t* best_i = ip + oh * OW;
    for (int64_t ow = 0; ow < OW; ++ow) {
      const int64_t p = top + 2 * ow;
      T b = plane[p];
      int64_t bi = p;
      for (int64_t q : {p + 1, p + W, p + W + 1}) {
        T v = plane[q];
        bool take = v > b || (v != v && b == b);
        b = take ? v : b;
        bi = take ? q : bi;
      }
      best[ow] = b;
      best_i[ow] = bi;
    }
  }
}

}  // namespace

void max_pool_forward(const TensorRef& y, const TensorRef& indices, const TensorRef& x, const ConvGeometry& g) {
  dispatch_float32_64(x.dtype, "max_pool", [&]<class T>() {
    const int64_t P = x.sizes[0], in = g.in_size(), out = g.out_size();
    const T* xp = static_cast<const T*>(x.data);
    T* yp = static_cast<T*>(y.data);
    int64_t* ip = static_cast<int64_t*>(indices.data);
    const bool plain = plain_2d_windows(g);
    const bool halving = plain && g.kernel[1] == 2 && g.kernel[2] == 2 && g.stride[1] == 2 && g.stride[2] == 2;
    parallel_for(P, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(out * g.kernel_size(), 1)),
                 [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; ++p) {
        const T* plane = xp + p * in;
        if (halving) {
          max_pool_plane_2x2(plane, yp + p * out, ip + p * out, g);
          continue;
        }
        if (plain) {
          max_pool_plane_2d(plane, yp + p * out, ip + p * out, g);
          continue;
        }
        for_each_window(g, [&](const int64_t* s, int64_t o) {
          T best = -std::numeric_limits<T>::infinity();
          int64_t best_i = -1;
          for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
            int64_t d = s[0] + kd * g.dilation[0];
            if (d < 0 || d >= g.in[0]) continue;
            for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
              int64_t h = s[1] + kh * g.dilation[1];
              if (h < 0 || h >= g.in[1]) continue;
              for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                int64_t w = s[2] + kw * g.dilation[2];
                if (w < 0 || w >= g.in[2]) continue;
                int64_t idx = (d * g.in[1] + h) * g.in[2] + w;
                T v = plane[idx];
                if (best_i < 0 || v > best || std::isnan(v)) {  // NaN wins, like torch
                  best = v;
                  best_i = idx;
                  if (std::isnan(v)) goto done;
                }
              }
            }
          }
        done:
          yp[p * out + o] = best;
          ip[p * out + o] = best_i;
        });
      }
    });
  });
}

namespace {
// the divisor of one average-pool window
int64_t avg_divisor(const ConvGeometry& g, const int64_t* s, bool count_include_pad, int64_t divisor_override) {
  if (divisor_override > 0) return divisor_override;
  int64_t count = 1;
  for (int d = 0; d < 3; ++d) {
    int64_t lo = s[d], hi = s[d] + (g.kernel[d] - 1) * g.dilation[d] + 1;
    if (count_include_pad) {
      // the window is clipped to the padded input, not to the input
      hi = std::min(hi, g.in[d] + g.padding[d]);
      count *= hi - lo;
    } else {
      count *= std::min(hi, g.in[d]) - std::max<int64_t>(lo, 0);
    }
  }
  return std::max<int64_t>(count, 1);
}
}  // namespace

void avg_pool_forward(const TensorRef& y, const TensorRef& x, const ConvGeometry& g, bool count_include_pad,
                      int64_t divisor_override) {
  dispatch_float32_64(x.dtype, "avg_pool", [&]<class T>() {
    const int64_t P = x.sizes[0], in = g.in_size(), out = g.out_size();
    const T* xp = static_cast<const T*>(x.data);
    T* yp = static_cast<T*>(y.data);
    parallel_for(P, 1, [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; ++p) {
        const T* plane = xp + p * in;
        for_each_window(g, [&](const int64_t* s, int64_t o) {
          T sum = 0;
          for (int64_t d = std::max<int64_t>(s[0], 0); d < std::min(s[0] + g.kernel[0], g.in[0]); ++d)
            for (int64_t h = std::max<int64_t>(s[1], 0); h < std::min(s[1] + g.kernel[1], g.in[1]); ++h)
              for (int64_t w = std::max<int64_t>(s[2], 0); w < std::min(s[2] + g.kernel[2], g.in[2]); ++w)
                sum += plane[(d * g.in[1] + h) * g.in[2] + w];
          yp[p * out + o] = sum / static_cast<T>(avg_divisor(g, s, count_include_pad, divisor_override));
        });
      }
    });
  });
}

void avg_pool_backward(const TensorRef& x_grad, const TensorRef& y_grad, const ConvGeometry& g,
                       bool count_include_pad, int64_t divisor_override) {
  dispatch_float32_64(y_grad.dtype, "avg_pool backward", [&]<class T>() {
    const int64_t P = x_grad.sizes[0], in = g.in_size(), out = g.out_size();
    const T* gp = static_cast<const T*>(y_grad.data);
    T* xp = static_cast<T*>(x_grad.data);
    parallel_for(P, 1, [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; ++p) {
        T* plane = xp + p * in;
        std::fill(plane, plane + in, T(0));
        for_each_window(g, [&](const int64_t* s, int64_t o) {
          T share = gp[p * out + o] / static_cast<T>(avg_divisor(g, s, count_include_pad, divisor_override));
          for (int64_t d = std::max<int64_t>(s[0], 0); d < std::min(s[0] + g.kernel[0], g.in[0]); ++d)
            for (int64_t h = std::max<int64_t>(s[1], 0); h < std::min(s[1] + g.kernel[1], g.in[1]); ++h)
              for (int64_t w = std::max<int64_t>(s[2], 0); w < std::min(s[2] + g.kernel[2], g.in[2]); ++w)
                plane[(d * g.in[1] + h) * g.in[2] + w] += share;
        });
      }
    });
  });
}

namespace {
// calls f(start[3], end[3], out index) for each adaptive cell
template <class F>
void for_each_cell(const ConvGeometry& g, F&& f) {
  int64_t o = 0;
  for (int64_t od = 0; od < g.out[0]; ++od)
    for (int64_t oh = 0; oh < g.out[1]; ++oh)
      for (int64_t ow = 0; ow < g.out[2]; ++ow, ++o) {
        int64_t s[3] = {adaptive_start(od, g.in[0], g.out[0]), adaptive_start(oh, g.in[1], g.out[1]),
                        adaptive_start(ow, g.in[2], g.out[2])};
        int64_t t[3] = {adaptive_end(od, g.in[0], g.out[0]), adaptive_end(oh, g.in[1], g.out[1]),
                        adaptive_end(ow, g.in[2], g.out[2])};
        f(s, t, o);
      }
}
}  // namespace

void adaptive_avg_pool_forward(const TensorRef& y, const TensorRef& x, const ConvGeometry& g) {
  dispatch_float32_64(x.dtype, "adaptive_avg_pool", [&]<class T>() {
    const int64_t P = x.sizes[0], in = g.in_size(), out = g.out_size();
    const T* xp = static_cast<const T*>(x.data);
    T* yp = static_cast<T*>(y.data);
    parallel_for(P, 1, [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; ++p) {
        const T* plane = xp + p * in;
        for_each_cell(g, [&](const int64_t* s, const int64_t* t, int64_t o) {
          T sum = 0;
          for (int64_t d = s[0]; d < t[0]; ++d)
            for (int64_t h = s[1]; h < t[1]; ++h)
              for (int64_t w = s[2]; w < t[2]; ++w) sum += plane[(d * g.in[1] + h) * g.in[2] + w];
          yp[p * out + o] = sum / static_cast<T>((t[0] - s[0]) * (t[1] - s[1]) * (t[2] - s[2]));
        });
      }
    });
  });
}

void adaptive_avg_pool_backward(const TensorRef& x_grad, const TensorRef& y_grad, const ConvGeometry& g) {
  dispatch_float32_64(y_grad.dtype, "adaptive_avg_pool backward", [&]<class T>() {
    const int64_t P = x_grad.sizes[0], in = g.in_size(), out = g.out_size();
    const T* gp = static_cast<const T*>(y_grad.data);
    T* xp = static_cast<T*>(x_grad.data);
    parallel_for(P, 1, [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; ++p) {
        T* plane = xp + p * in;
        std::fill(plane, plane + in, T(0));
        for_each_cell(g, [&](const int64_t* s, const int64_t* t, int64_t o) {
          T share = gp[p * out + o] / static_cast<T>((t[0] - s[0]) * (t[1] - s[1]) * (t[2] - s[2]));
          for (int64_t d = s[0]; d < t[0]; ++d)
            for (int64_t h = s[1]; h < t[1]; ++h)
              for (int64_t w = s[2]; w < t[2]; ++w) plane[(d * g.in[1] + h) * g.in[2] + w] += share;
        });
      }
    });
  });
}

void adaptive_max_pool_forward(const TensorRef& y, const TensorRef& indices, const TensorRef& x,
                               const ConvGeometry& g) {
  dispatch_float32_64(x.dtype, "adaptive_max_pool", [&]<class T>() {
    const int64_t P = x.sizes[0], in = g.in_size(), out = g.out_size();
    const T* xp = static_cast<const T*>(x.data);
    T* yp = static_cast<T*>(y.data);
    int64_t* ip = static_cast<int64_t*>(indices.data);
    parallel_for(P, 1, [&](int64_t b, int64_t e) {
      for (int64_t p = b; p < e; ++p) {
        const T* plane = xp + p * in;
        for_each_cell(g, [&](const int64_t* s, const int64_t* t, int64_t o) {
          T best = -std::numeric_limits<T>::infinity();
          int64_t best_i = -1;
          for (int64_t d = s[0]; d < t[0]; ++d)
            for (int64_t h = s[1]; h < t[1]; ++h)
              for (int64_t w = s[2]; w < t[2]; ++w) {
                int64_t idx = (d * g.in[1] + h) * g.in[2] + w;
                if (best_i < 0 || plane[idx] > best || std::isnan(plane[idx])) {
                  best = plane[idx];
                  best_i = idx;
                }
              }
          yp[p * out + o] = best;
          ip[p * out + o] = best_i;
        });
      }
    });
  });
}

}  // namespace ember::kernels::cpu
