// functional_sampling.cpp — interpolate, pixel (un)shuffle and channel shuffle.
//
// interpolate is separable: every mode except "area" resizes one spatial dim
// at a time, and along one dim each output position o is a weighted sum of a
// few input positions ("taps"):
//   y[..., o, ...] = sum_k w_k(o) x[..., i_k(o), ...]
// On the CPU (float32, float64) each dim is one pass of a loop kernel, a
// custom autograd Function whose backward is the adjoint pass (each output
// row's gradient added back into its tap rows) and whose adjoint's backward
// is the forward pass again, so gradients of any order exist. Elsewhere the
// same sum is composed from index_select (one per tap), products and sums —
// differentiable and the same on every device. The taps and weights follow
// torch's upsample kernels
// (aten/src/ATen/native/UpSample.h) exactly, including their float32 index
// arithmetic for "nearest", so indices agree with torch bit for bit.
#include "nn/functional_sampling.h"

#include <cmath>
#include <memory>

#include "autograd/function.h"
#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/functional_pool.h"

namespace ember::nn::functional {

namespace {

// The input positions and weights that make one output position along a dim.
struct Taps {
  std::vector<std::vector<int64_t>> index;  // [tap][output position]
  std::vector<std::vector<double>> weight;  // empty for nearest (weight 1)

  /// `taps` taps per output position, index 0 and weight 0 (or no weights)
  Taps(size_t taps, int64_t out, bool weighted)
      : index(taps, std::vector<int64_t>(static_cast<size_t>(out), 0)),
        weight(weighted ? taps : 0, std::vector<double>(static_cast<size_t>(out), 0.0)) {}
};

// torch's compute_scales_value: input / output positions per output step
double scales_value(std::optional<double> scale, int64_t in, int64_t out) {
  return scale && *scale > 0 ? 1.0 / *scale : static_cast<double>(in) / static_cast<double>(out);
}

// torch's area_pixel_compute_scale
double area_pixel_scale(int64_t in, int64_t out, bool align_corners, std::optional<double> scale) {
  if (align_corners) return out > 1 ? static_cast<double>(in - 1) / static_cast<double>(out - 1) : 0.0;
  return scales_value(scale, in, out);
}

// torch's area_pixel_compute_source_index: the real input coordinate of
// output position o. Without align_corners pixel centers line up:
// src + 0.5 = scale (o + 0.5); linear modes clamp src at 0, cubic does not.
double source_index(double scale, int64_t o, bool align_corners, bool cubic) {
  if (align_corners) return scale * static_cast<double>(o);
  double src = scale * (static_cast<double>(o) + 0.5) - 0.5;
  return (!cubic && src < 0) ? 0.0 : src;
}

// nearest: i = min(floor(o * scale), in - 1); nearest-exact uses o + 0.5.
// torch computes this in float32 (and shortcuts equal and doubled sizes).
Taps nearest_taps(int64_t in, int64_t out, std::optional<double> scale, bool exact) {
  Taps t(1, out, /*weighted=*/false);
  float s = scale && *scale > 0 ? static_cast<float>(1.0 / *scale) : static_cast<float>(in) / static_cast<float>(out);
  for (int64_t o = 0; o < out; ++o) {
    int64_t i;
    if (exact)
      i = static_cast<int64_t>(std::floor((static_cast<float>(o) + 0.5f) * s));
    else if (out == in)
      i = o;
    else if (out == 2 * in)
      i = o >> 1;
    else
      i = static_cast<int64_t>(std::floor(static_cast<float>(o) * s));
    t.index[0][static_cast<size_t>(o)] = std::min(i, in - 1);
  }
  return t;
}

// linear: y = (1 - l) x[i0] + l x[i1], i0 = floor(src), i1 = min(i0 + 1, in - 1), l = src - i0
Taps linear_taps(int64_t in, int64_t out, std::optional<double> scale, bool align_corners) {
  Taps t(2, out, /*weighted=*/true);
  double ratio = area_pixel_scale(in, out, align_corners, scale);
  for (int64_t o = 0; o < out; ++o) {
    auto k = static_cast<size_t>(o);
    if (out == in) {  // torch's shortcut: equal sizes copy
      t.index[0][k] = t.index[1][k] = o;
      t.weight[0][k] = 1.0;
      t.weight[1][k] = 0.0;
      continue;
    }
    double src = source_index(ratio, o, align_corners, /*cubic=*/false);
    int64_t i0 = std::min(static_cast<int64_t>(src), in - 1);
    double l = std::clamp(src - static_cast<double>(i0), 0.0, 1.0);
    t.index[0][k] = i0;
    t.index[1][k] = i0 < in - 1 ? i0 + 1 : i0;
    t.weight[0][k] = 1.0 - l;
    t.weight[1][k] = l;
  }
  return t;
}

// bicubic: four taps i0 - 1 .. i0 + 2 (clamped to the input) with Keys'
// cubic convolution kernel, A = -0.75 as in torch:
//   W(d) = (A + 2)|d|^3 - (A + 3)|d|^2 + 1          for |d| <= 1
//   W(d) = A|d|^3 - 5A|d|^2 + 8A|d| - 4A            for 1 < |d| < 2
Taps cubic_taps(int64_t in, int64_t out, std::optional<double> scale, bool align_corners) {
  constexpr double A = -0.75;
  auto near = [](double d) { return ((A + 2) * d - (A + 3)) * d * d + 1; };
  auto far = [](double d) { return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A; };
  Taps t(4, out, /*weighted=*/true);
  double ratio = area_pixel_scale(in, out, align_corners, scale);
  for (int64_t o = 0; o < out; ++o) {
    auto k = static_cast<size_t>(o);
    double src = source_index(ratio, o, align_corners, /*cubic=*/true);
    double base = std::floor(src);
    double f = src - base;
    double w[4] = {far(f + 1), near(f), near(1 - f), far(2 - f)};
    for (size_t j = 0; j < 4; ++j) {
      t.index[j][k] = std::clamp(static_cast<int64_t>(base) - 1 + static_cast<int64_t>(j), int64_t{0}, in - 1);
      t.weight[j][k] = w[j];
    }
  }
  return t;
}

// antialias (bilinear and bicubic, as PIL and torch): when shrinking by a
// factor s > 1 the filter is stretched by s, so every input pixel under an
// output pixel counts (no aliasing). Output o, centered at c = s (o + 0.5),
// reads the pixels j with |j + 0.5 - c| < support = (taps / 2) s, each weighted
// by filter((j + 0.5 - c) / s), normalized to sum 1. Filters: the triangle
// 1 - |d| (bilinear) and Keys' cubic with A = -0.5 (bicubic, torch's choice
// here). When enlarging, s is clamped to 1 in the filter and support.
Taps antialias_taps(int64_t in, int64_t out, std::optional<double> scale, bool align_corners, bool cubic) {
  auto filter = [cubic](double d) {
    d = std::abs(d);
    if (!cubic) return d < 1 ? 1 - d : 0.0;
    constexpr double A = -0.5;
    if (d < 1) return ((A + 2) * d - (A + 3)) * d * d + 1;
    if (d < 2) return (((d - 5) * d + 8) * d - 4) * A;
    return 0.0;
  };
  const double s = area_pixel_scale(in, out, align_corners, scale);
  const double half_width = cubic ? 2.0 : 1.0;
  const double support = s >= 1 ? half_width * s : half_width;
  const double inv = s >= 1 ? 1.0 / s : 1.0;
  std::vector<std::vector<std::pair<int64_t, double>>> rows(static_cast<size_t>(out));
  size_t width = 1;
  for (int64_t o = 0; o < out; ++o) {
    double center = s * (static_cast<double>(o) + 0.5);
    int64_t lo = std::max<int64_t>(static_cast<int64_t>(center - support + 0.5), 0);
    int64_t hi = std::min<int64_t>(static_cast<int64_t>(center + support + 0.5), in);
    double total = 0;
    auto& row = rows[static_cast<size_t>(o)];
    for (int64_t j = lo; j < hi; ++j) {
      row.emplace_back(j, filter((static_cast<double>(j) - center + 0.5) * inv));
      total += row.back().second;
    }
    if (total != 0)
      for (auto& tap : row) tap.second /= total;
    width = std::max(width, row.size());
  }
  // a fixed number of taps per output: short rows are padded with weight 0
  Taps t(width, out, /*weighted=*/true);
  for (size_t o = 0; o < rows.size(); ++o)
    for (size_t k = 0; k < rows[o].size(); ++k) {
      t.index[k][o] = rows[o][k].first;
      t.weight[k][o] = rows[o][k].second;
    }
  return t;
}

// The loop kernel on x viewed as (outer, in, inner) around the resized dim:
//   forward: y[b, o, :]      = sum_k w_k(o) x[b, i_k(o), :]
//   adjoint: x_grad[b, i, :] = sum over (o, k) with i_k(o) = i of w_k(o) y_grad[b, o, :]
template <class T>
void resample_pass(const T* src, T* dst, int64_t outer, int64_t src_len, int64_t dst_len, int64_t inner,
                   const Taps& taps, bool adjoint) {
  const int64_t out = static_cast<int64_t>(taps.index[0].size());
  std::vector<std::vector<T>> weights(taps.index.size(), std::vector<T>(static_cast<size_t>(out), T(1)));
  for (size_t k = 0; k < taps.weight.size(); ++k)
    for (size_t o = 0; o < static_cast<size_t>(out); ++o) weights[k][o] = static_cast<T>(taps.weight[k][o]);
#pragma omp parallel for if (outer * out * inner > 32768)
  for (int64_t b = 0; b < outer; ++b) {
    const T* s = src + b * src_len * inner;
    T* d = dst + b * dst_len * inner;
    for (size_t k = 0; k < taps.index.size(); ++k) {
      const int64_t* index = taps.index[k].data();
      const T* w = weights[k].data();
      if (inner == 1) {  // resizing the last dim: one element per row
        if (adjoint)
          for (int64_t o = 0; o < out; ++o) d[index[o]] += w[o] * s[o];
        else
          for (int64_t o = 0; o < out; ++o) d[o] = (k == 0 ? T(0) : d[o]) + w[o] * s[index[o]];
        continue;
      }
      for (int64_t o = 0; o < out; ++o) {
        if (adjoint) {
          const T* g = s + o * inner;
          T* acc = d + index[o] * inner;
          for (int64_t j = 0; j < inner; ++j) acc[j] += w[o] * g[j];
        } else {
          const T* row = s + index[o] * inner;
          T* y = d + o * inner;
          if (k == 0)
            for (int64_t j = 0; j < inner; ++j) y[j] = w[o] * row[j];
          else
            for (int64_t j = 0; j < inner; ++j) y[j] += w[o] * row[j];
        }
      }
    }
  }
}

// One resized dim as a Function: the forward pass (adjoint = false) maps
// size in -> out along dim, the adjoint pass maps out -> `size`.
struct ResampleDim : autograd::Function<ResampleDim> {
  static Tensor forward(autograd::AutogradContext* ctx, const Tensor& x, int64_t dim,
                        const std::shared_ptr<const Taps>& taps, int64_t size, bool adjoint) {
    Tensor src = x.contiguous();
    const int64_t src_len = src.size(dim);
    const int64_t dst_len = adjoint ? size : static_cast<int64_t>(taps->index[0].size());
    Shape shape = src.sizes().vec();
    shape[static_cast<size_t>(dim)] = dst_len;
    int64_t outer = 1, inner = 1;
    for (int64_t d = 0; d < dim; ++d) outer *= shape[static_cast<size_t>(d)];
    for (int64_t d = dim + 1; d < src.dim(); ++d) inner *= shape[static_cast<size_t>(d)];
    TensorOptions options(src.scalar_type());
    Tensor dst = adjoint ? zeros(shape, options) : empty(shape, options);  // the adjoint accumulates
    if (src.scalar_type() == kFloat32)
      resample_pass(src.data_ptr<float>(), dst.data_ptr<float>(), outer, src_len, dst_len, inner, *taps, adjoint);
    else
      resample_pass(src.data_ptr<double>(), dst.data_ptr<double>(), outer, src_len, dst_len, inner, *taps, adjoint);
    ctx->saved_data["dim"] = dim;
    ctx->saved_data["taps"] = taps;
    ctx->saved_data["size"] = src_len;
    ctx->saved_data["adjoint"] = adjoint;
    return dst;
  }

  static TensorList backward(autograd::AutogradContext* ctx, TensorList grad_outputs) {
    auto& d = ctx->saved_data;
    Tensor g = ResampleDim::apply(grad_outputs[0], std::any_cast<int64_t>(d.at("dim")),
                                  std::any_cast<std::shared_ptr<const Taps>>(d.at("taps")),
                                  std::any_cast<int64_t>(d.at("size")), !std::any_cast<bool>(d.at("adjoint")));
    return {g, Tensor(), Tensor(), Tensor(), Tensor()};
  }
};

// y = sum_k w_k x.index_select(dim, i_k), the weights broadcast along dim
Tensor apply_taps(const Tensor& x, int64_t dim, const Taps& taps) {
  if (x.device().is_cpu() && (x.scalar_type() == kFloat32 || x.scalar_type() == kFloat64))
    return ResampleDim::apply(x, dim, std::make_shared<const Taps>(taps), int64_t{0}, false);
  TensorOptions index_options = TensorOptions(kInt64).device(x.device());
  Shape weight_shape(static_cast<size_t>(x.dim()), 1);
  weight_shape[static_cast<size_t>(dim)] = static_cast<int64_t>(taps.index[0].size());
  Tensor y;
  for (size_t j = 0; j < taps.index.size(); ++j) {
    Tensor picked = x.index_select(dim, tensor(taps.index[j], {}, index_options));
    if (taps.weight.empty()) return picked;
    Tensor w = tensor(taps.weight[j], {}, TensorOptions(kFloat64).device(x.device())).to(x.scalar_type());
    Tensor term = picked * w.reshape(weight_shape);
    y = y.defined() ? y + term : term;
  }
  return y;
}

// one value per spatial dim: a single value is repeated, else counts must match
template <class T>
std::vector<T> per_dim(const std::vector<T>& values, int64_t spatial, const char* what) {
  if (values.size() == 1) return std::vector<T>(static_cast<size_t>(spatial), values[0]);
  EMBER_CHECK(static_cast<int64_t>(values.size()) == spatial, "interpolate", what, " has ", values.size(),
              " values but the input has ", spatial, " spatial dims");
  return values;
}

}  // namespace

Tensor interpolate(const Tensor& input, const InterpolateOptions& o) {
  ember::detail::check_defined("interpolate", input);
  EMBER_CHECK(input.is_floating_point(), "interpolate", "input must be floating point, got ", input.scalar_type());
  EMBER_CHECK(input.dim() >= 3 && input.dim() <= 5, "interpolate",
              "expected a batched input (N, C, d1[, d2[, d3]]), got shape ", shape_str(input.sizes()));
  const int64_t spatial = input.dim() - 2;
  const std::string& mode = o.mode;
  const bool linear_mode = mode == "linear" || mode == "bilinear" || mode == "bicubic" || mode == "trilinear";
  EMBER_CHECK(linear_mode || mode == "nearest" || mode == "nearest-exact" || mode == "area", "interpolate",
              "unknown mode '", mode, "' (nearest, nearest-exact, linear, bilinear, bicubic, trilinear, area)");
  EMBER_CHECK(linear_mode || !o.align_corners, "interpolate",
              "align_corners can only be set with the interpolating modes linear, bilinear, bicubic, trilinear");
  int64_t mode_dims = mode == "linear"                            ? 1
                      : (mode == "bilinear" || mode == "bicubic") ? 2
                      : mode == "trilinear"                       ? 3
                                                                  : 0;
  EMBER_CHECK(mode_dims == 0 || mode_dims == spatial, "interpolate", "mode '", mode, "' needs a ", mode_dims + 2,
              "-D input, got shape ", shape_str(input.sizes()));
  EMBER_CHECK(o.size.empty() != o.scale_factor.empty(), "interpolate", "give exactly one of size and scale_factor");
  EMBER_CHECK(!o.antialias || ((mode == "bilinear" || mode == "bicubic") && spatial == 2), "interpolate",
              "antialias needs mode 'bilinear' or 'bicubic' on a 4-D input, got '", mode, "'");
  EMBER_CHECK(!(o.recompute_scale_factor.value_or(false) && !o.size.empty()), "interpolate",
              "recompute_scale_factor needs scale_factor, not size");

  // output sizes, and the scales the kernels see (none when sizes rule)
  Shape out_size;
  std::vector<std::optional<double>> scales(static_cast<size_t>(spatial));
  if (!o.size.empty()) {
    out_size = per_dim(o.size, spatial, "size");
  } else {
    std::vector<double> factors = per_dim(o.scale_factor, spatial, "scale_factor");
    bool recompute = o.recompute_scale_factor.value_or(false) || mode == "area";
    for (int64_t d = 0; d < spatial; ++d) {
      double f = factors[static_cast<size_t>(d)];
      EMBER_CHECK(f > 0, "interpolate", "scale_factor must be positive, got ", f);
      out_size.push_back(static_cast<int64_t>(std::floor(static_cast<double>(input.size(d + 2)) * f)));
      if (!recompute) scales[static_cast<size_t>(d)] = f;
    }
  }
  for (int64_t s : out_size)
    EMBER_CHECK(s > 0, "interpolate", "output size ", shape_str(out_size), " must be positive (input ",
                shape_str(input.sizes()), ")");

  if (mode == "area") {
    if (spatial == 1) return adaptive_avg_pool1d(input, out_size);
    if (spatial == 2) return adaptive_avg_pool2d(input, out_size);
    return adaptive_avg_pool3d(input, out_size);
  }
  const bool align_corners = o.align_corners.value_or(false);
  Tensor y = input;
  for (int64_t d = 0; d < spatial; ++d) {
    int64_t in = input.size(d + 2), out = out_size[static_cast<size_t>(d)];
    EMBER_CHECK(in > 0, "interpolate", "input ", shape_str(input.sizes()), " has an empty spatial dim");
    auto scale = scales[static_cast<size_t>(d)];
    Taps taps = mode == "nearest" || mode == "nearest-exact" ? nearest_taps(in, out, scale, mode == "nearest-exact")
                : o.antialias       ? antialias_taps(in, out, scale, align_corners, mode == "bicubic")
                : mode == "bicubic" ? cubic_taps(in, out, scale, align_corners)
                                    : linear_taps(in, out, scale, align_corners);
    y = apply_taps(y, d + 2, taps);
  }
  return y;
}

Tensor pixel_shuffle(const Tensor& input, int64_t r) {
  ember::detail::check_defined("pixel_shuffle", input);
  EMBER_CHECK(input.dim() >= 3, "pixel_shuffle", "expected (*, C r^2, H, W), got shape ", shape_str(input.sizes()));
  EMBER_CHECK(r > 0, "pixel_shuffle", "upscale_factor must be positive, got ", r);
  int64_t c = input.size(-3), h = input.size(-2), w = input.size(-1);
  EMBER_CHECK(c % (r * r) == 0, "pixel_shuffle", "channels ", c, " of input ", shape_str(input.sizes()),
              " are not divisible by upscale_factor^2 = ", r * r);
  // (*, C, r, r, H, W) -> (*, C, H, r, W, r) -> (*, C, H r, W r)
  Shape batch(input.sizes().begin(), input.sizes().end() - 3);
  int64_t b = static_cast<int64_t>(batch.size());
  Shape split = batch;
  split.insert(split.end(), {c / (r * r), r, r, h, w});
  Shape order;
  for (int64_t i = 0; i < b; ++i) order.push_back(i);
  order.insert(order.end(), {b, b + 3, b + 1, b + 4, b + 2});
  Shape out = batch;
  out.insert(out.end(), {c / (r * r), h * r, w * r});
  return input.reshape(split).permute(order).reshape(out);
}

Tensor pixel_unshuffle(const Tensor& input, int64_t r) {
  ember::detail::check_defined("pixel_unshuffle", input);
  EMBER_CHECK(input.dim() >= 3, "pixel_unshuffle", "expected (*, C, H r, W r), got shape ", shape_str(input.sizes()));
  EMBER_CHECK(r > 0, "pixel_unshuffle", "downscale_factor must be positive, got ", r);
  int64_t c = input.size(-3), h = input.size(-2), w = input.size(-1);
  EMBER_CHECK(h % r == 0 && w % r == 0, "pixel_unshuffle", "spatial sizes of input ", shape_str(input.sizes()),
              " are not divisible by downscale_factor ", r);
  // (*, C, H, r, W, r) -> (*, C, r, r, H, W) -> (*, C r^2, H, W)
  Shape batch(input.sizes().begin(), input.sizes().end() - 3);
  int64_t b = static_cast<int64_t>(batch.size());
  Shape split = batch;
  split.insert(split.end(), {c, h / r, r, w / r, r});
  Shape order;
  for (int64_t i = 0; i < b; ++i) order.push_back(i);
  order.insert(order.end(), {b, b + 2, b + 4, b + 1, b + 3});
  Shape out = batch;
  out.insert(out.end(), {c * r * r, h / r, w / r});
  return input.reshape(split).permute(order).reshape(out);
}

Tensor channel_shuffle(const Tensor& input, int64_t groups) {
  ember::detail::check_defined("channel_shuffle", input);
  EMBER_CHECK(input.dim() >= 3, "channel_shuffle", "expected (N, C, *), got shape ", shape_str(input.sizes()));
  EMBER_CHECK(groups > 0 && input.size(1) % groups == 0, "channel_shuffle", "channels ", input.size(1),
              " are not divisible by groups ", groups);
  // (N, g, C / g, *) -> (N, C / g, g, *) -> (N, C, *)
  Shape split = input.sizes().vec();
  split[1] = input.size(1) / groups;
  split.insert(split.begin() + 1, groups);
  return input.reshape(split).transpose(1, 2).reshape(input.sizes());
}

}  // namespace ember::nn::functional
