// functional_grid_sample.cpp — affine_grid and grid_sample (spatial
// transformers), as compositions of differentiable tensor ops.
//
// grid_sample reads input (N, C, H, W) at real positions given by a grid of
// normalized coordinates in [-1, 1] (x along W, y along H; and z along D for
// a 5-D input). Each position is mapped to pixel units, folded into the
// input by padding_mode, then
//   bilinear: y = sum over the 4 neighbours (y_i, x_j) of w_i(y) w_j(x) input[y_i, x_j]
//             with w(x0) = x0 + 1 - x, w(x0 + 1) = x - x0, x0 = floor(x)
//             (8 neighbours, trilinear, for a 5-D input)
//   nearest:  y = input[round(y), round(x)]   (round half to even, as torch)
//   bicubic:  y = sum over the 4 x 4 neighbours of c_i(y) c_j(x) input[y_i, x_j]
//             with Keys' cubic weights (4-D only); padding_mode folds each
//             neighbour's position rather than the sampled one, as torch
// Neighbours outside the input read as 0. The reads are gathers from the
// flattened input (gather's backward is a scatter-add, giving the input
// gradient); the grid gradient flows through the weights and the
// coordinate maps, as in torch's hand-written kernel
// (aten/src/ATen/native/GridSampler.h), and is zero for "nearest".
#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/functional_sampling.h"

namespace ember::nn::functional {

namespace {

// torch's linspace_from_neg_one: pixel centers in [-1, 1], shrunk by
// (n - 1) / n without align_corners so that the image edges sit at +-1
Tensor normalized_positions(int64_t n, bool align_corners, const TensorOptions& options) {
  if (n <= 1) return zeros({n}, options);
  Tensor r = linspace(-1.0, 1.0, n, options);
  return align_corners ? r : r * (static_cast<double>(n - 1) / static_cast<double>(n));
}

// torch's reflect_coordinates: folds x into [low, high] (given doubled, so
// half-pixel bounds stay integral) by reflecting at the bounds repeatedly:
//   a = |x - low|, k = floor(a / span), e = a - k span;  even k: low + e, odd k: high - e
Tensor reflect(const Tensor& x, int64_t twice_low, int64_t twice_high) {
  if (twice_low == twice_high) return zeros_like(x);
  double low = static_cast<double>(twice_low) / 2, span = static_cast<double>(twice_high - twice_low) / 2;
  Tensor a = (x - low).abs();
  Tensor extra = fmod(a, span);
  Tensor flips = floor(a.detach() / span);
  return where(fmod(flips, 2.0).eq(0), extra + low, (span + low) - extra);
}

// normalized coordinate -> pixel units
//   align_corners: -1 and 1 are the centers of the first and last pixel
//   otherwise:     -1 and 1 are their outer edges
Tensor unnormalize(const Tensor& coord, int64_t size, bool align_corners) {
  return align_corners ? (coord + 1) * (static_cast<double>(size - 1) / 2)
                       : ((coord + 1) * static_cast<double>(size) - 1) / 2;
}

// a pixel position folded into [0, size - 1] by padding_mode ("zeros" leaves it)
Tensor apply_padding(const Tensor& x, int64_t size, const std::string& padding_mode, bool align_corners) {
  if (padding_mode == "border") return x.clamp(0.0, static_cast<double>(size - 1));
  if (padding_mode == "reflection") {
    Tensor r = align_corners ? reflect(x, 0, 2 * (size - 1)) : reflect(x, -1, 2 * size - 1);
    return r.clamp(0.0, static_cast<double>(size - 1));
  }
  return x;
}

// Keys' cubic convolution weights of the 4 taps floor(p) - 1 .. floor(p) + 2
// at fraction t = p - floor(p), A = -0.75 as in torch (see interpolate)
TensorList cubic_weights(const Tensor& t) {
  constexpr double A = -0.75;
  auto near = [](const Tensor& d) { return ((A + 2) * d - (A + 3)) * d * d + 1; };
  auto far = [](const Tensor& d) { return ((A * d - 5 * A) * d + 8 * A) * d - 4 * A; };
  return {far(t + 1), near(t), near(1 - t), far(2 - t)};
}

// weight * input[:, :, p_0, p_1, ...] for pixel positions p_d (N, *out), one
// per spatial dim, and 0 where the position lies outside the input
Tensor read_corner(const Tensor& flat, IntArrayRef sizes, const TensorList& positions, const Tensor& weight) {
  Tensor inside, index;
  for (size_t d = 0; d < positions.size(); ++d) {
    const Tensor& p = positions[d];
    const double last = static_cast<double>(sizes[d] - 1);
    Tensor in_dim = logical_and(p.ge(0), p.le(last));
    // NaN positions are outside; clamping keeps every index in bounds
    Tensor i = where(isnan(p), Scalar(0.0), p).clamp(0.0, last).to(kInt64);
    inside = inside.defined() ? logical_and(inside, in_dim) : in_dim;
    index = index.defined() ? index * sizes[d] + i : i;  // row-major flat position
  }
  const int64_t n = flat.size(0), c = flat.size(1);
  Shape out_shape = weight.sizes().vec();
  out_shape.insert(out_shape.begin() + 1, c);
  Tensor values = flat.gather(2, index.reshape({n, 1, -1}).expand({n, c, index.numel() / n})).reshape(out_shape);
  return values * where(inside, weight, Scalar(0.0)).unsqueeze(1);
}

}  // namespace

Tensor affine_grid(const Tensor& theta, IntArrayRef size, bool align_corners) {
  ember::detail::check_defined("affine_grid", theta);
  EMBER_CHECK(theta.is_floating_point(), "affine_grid", "theta must be floating point, got ", theta.scalar_type());
  EMBER_CHECK(size.size() == 4 || size.size() == 5, "affine_grid", "size must be (N, C, H, W) or (N, C, D, H, W), got ",
              shape_str(size));
  const int64_t spatial = static_cast<int64_t>(size.size()) - 2;
  EMBER_CHECK(theta.dim() == 3 && theta.size(0) == size[0] && theta.size(1) == spatial && theta.size(2) == spatial + 1,
              "affine_grid", "theta ", shape_str(theta.sizes()), " must be (N, ", spatial, ", ", spatial + 1,
              ") for size ", shape_str(size));
  TensorOptions options = TensorOptions(theta.scalar_type()).device(theta.device());
  // base grid (*spatial, spatial + 1) of homogeneous points (x, y[, z], 1)
  Shape dims(size.begin() + 2, size.end());
  TensorList columns;
  for (int64_t k = spatial - 1; k >= 0; --k) {  // x runs along the last dim
    Shape view(static_cast<size_t>(spatial), 1);
    view[static_cast<size_t>(k)] = dims[static_cast<size_t>(k)];
    columns.push_back(
        normalized_positions(dims[static_cast<size_t>(k)], align_corners, options).reshape(view).expand(dims));
  }
  columns.push_back(ones(dims, options));
  Tensor base = stack(columns, -1).reshape({1, -1, spatial + 1});
  // each point p maps to theta p: (N, points, spatial + 1) @ (N, spatial + 1, spatial)
  Shape out{size[0]};
  out.insert(out.end(), dims.begin(), dims.end());
  out.push_back(spatial);
  return base.expand({size[0], base.size(1), spatial + 1}).bmm(theta.transpose(1, 2)).reshape(out);
}

Tensor grid_sample(const Tensor& input, const Tensor& grid, const std::string& mode, const std::string& padding_mode,
                   bool align_corners) {
  ember::detail::check_same_device("grid_sample", input, grid);
  EMBER_CHECK(mode == "bilinear" || mode == "nearest" || mode == "bicubic", "grid_sample",
              "mode must be 'bilinear', 'nearest' or 'bicubic', got '", mode, "'");
  EMBER_CHECK(padding_mode == "zeros" || padding_mode == "border" || padding_mode == "reflection", "grid_sample",
              "padding_mode must be 'zeros', 'border' or 'reflection', got '", padding_mode, "'");
  const int64_t spatial = input.dim() - 2;
  EMBER_CHECK((spatial == 2 || spatial == 3) && grid.dim() == input.dim() && grid.size(-1) == spatial &&
                  grid.size(0) == input.size(0),
              "grid_sample", "expected input (N, C, H, W) with grid (N, Ho, Wo, 2), or (N, C, D, H, W) with grid ",
              "(N, Do, Ho, Wo, 3), got ", shape_str(input.sizes()), " and ", shape_str(grid.sizes()));
  EMBER_CHECK(mode != "bicubic" || spatial == 2, "grid_sample", "mode 'bicubic' needs a 4-D input, got ",
              shape_str(input.sizes()));
  EMBER_CHECK(input.is_floating_point() && input.scalar_type() == grid.scalar_type(), "grid_sample",
              "input and grid must share a floating dtype, got ", input.scalar_type(), " and ", grid.scalar_type());
  Shape sizes(input.sizes().begin() + 2, input.sizes().end());
  for (int64_t s : sizes)
    EMBER_CHECK(s > 0, "grid_sample", "input ", shape_str(input.sizes()), " has an empty spatial dim");
  // pixel positions per spatial dim (D,) H, W; the grid lists them in reverse: x (along W) first
  TensorList pos;
  Tensor flat = input.reshape({input.size(0), input.size(1), -1});
  if (mode == "bicubic") {
    // 4 x 4 taps around each position; padding_mode folds every tap, not the position
    TensorList base, weights;
    for (int64_t d = 0; d < 2; ++d) {
      Tensor p = unnormalize(grid.select(-1, 1 - d), sizes[static_cast<size_t>(d)], align_corners);
      base.push_back(floor(p.detach()));
      weights.push_back(stack(cubic_weights(p - base.back())));
    }
    Tensor out;
    for (int64_t i = 0; i < 4; ++i)
      for (int64_t j = 0; j < 4; ++j) {
        Tensor yy = apply_padding(base[0] + static_cast<double>(i - 1), sizes[0], padding_mode, align_corners);
        Tensor xx = apply_padding(base[1] + static_cast<double>(j - 1), sizes[1], padding_mode, align_corners);
        Tensor term = read_corner(flat, sizes, {yy, xx}, weights[0][i] * weights[1][j]);
        out = out.defined() ? out + term : term;
      }
    return out;
  }
  for (int64_t d = 0; d < spatial; ++d)
    pos.push_back(
        apply_padding(unnormalize(grid.select(-1, spatial - 1 - d), sizes[static_cast<size_t>(d)], align_corners),
                      sizes[static_cast<size_t>(d)], padding_mode, align_corners));
  if (mode == "nearest") {
    TensorList rounded;
    for (const Tensor& p : pos) rounded.push_back(round(p.detach()));
    return read_corner(flat, sizes, rounded, ones_like(pos[0]));
  }
  // the 2^spatial neighbours: along dim d, p0 = floor(p) with weight p0 + 1 - p, p0 + 1 with weight p - p0
  TensorList low, high, w_low, w_high;
  for (const Tensor& p : pos) {
    low.push_back(floor(p.detach()));
    high.push_back(low.back() + 1);
    w_low.push_back(high.back() - p);
    w_high.push_back(p - low.back());
  }
  Tensor out;
  for (int64_t corner = 0; corner < (int64_t{1} << spatial); ++corner) {
    TensorList at;
    Tensor weight;
    for (int64_t d = 0; d < spatial; ++d) {
      bool up = (corner >> (spatial - 1 - d)) & 1;  // the last dim (x) varies fastest
      at.push_back(up ? high[static_cast<size_t>(d)] : low[static_cast<size_t>(d)]);
      const Tensor& w = up ? w_high[static_cast<size_t>(d)] : w_low[static_cast<size_t>(d)];
      weight = weight.defined() ? weight * w : w;
    }
    Tensor term = read_corner(flat, sizes, at, weight);
    out = out.defined() ? out + term : term;
  }
  return out;
}

}  // namespace ember::nn::functional
