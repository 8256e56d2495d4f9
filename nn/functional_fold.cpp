// functional_fold.cpp — unfold and fold from pads and strided slices.
//
// With the input padded, kernel tap (i, j) of the block at output position
// (r, c) reads pixel (i dh + r sh, j dw + c sw). So for a fixed tap, the
// values over all block positions are one strided slice of the padded image:
//   taps(i, j) = x_pad[:, :, i dh :: sh, j dw :: sw]   (oh x ow of them)
// unfold stacks the kh kw slices; fold places each slice back (spread out by
// the stride, shifted by the tap's offset) and sums — the adjoint, exactly
// what col2im does, in the same order of taps. Both are built from
// differentiable views and pads, so gradients of any order come for free.
#include "nn/functional_fold.h"

#include <array>

#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember::nn::functional {

namespace {

struct FoldGeometry {
  std::array<int64_t, 2> kernel, dilation, padding, stride;
  std::array<int64_t, 2> padded;  // image size with the padding
  std::array<int64_t, 2> blocks;  // block positions along each dim
};

std::array<int64_t, 2> pair(IntArrayRef v, const char* op, const char* what) {
  EMBER_CHECK(v.size() == 1 || v.size() == 2, op, what, " needs 1 or 2 values, got ", shape_str(v));
  return {v[0], v.back()};
}

FoldGeometry geometry(const char* op, int64_t height, int64_t width, IntArrayRef kernel_size, IntArrayRef dilation,
                      IntArrayRef padding, IntArrayRef stride) {
  FoldGeometry g{pair(kernel_size, op, "kernel_size"),
                 pair(dilation, op, "dilation"),
                 pair(padding, op, "padding"),
                 pair(stride, op, "stride"),
                 {},
                 {}};
  int64_t size[2] = {height, width};
  for (size_t d = 0; d < 2; ++d) {
    EMBER_CHECK(g.kernel[d] > 0 && g.dilation[d] > 0 && g.stride[d] > 0 && g.padding[d] >= 0, op,
                "kernel_size, dilation and stride must be positive and padding non-negative");
    g.padded[d] = size[d] + 2 * g.padding[d];
    int64_t span = g.dilation[d] * (g.kernel[d] - 1) + 1;  // extent of one block
    g.blocks[d] = g.padded[d] >= span ? (g.padded[d] - span) / g.stride[d] + 1 : 0;
    EMBER_CHECK(g.blocks[d] > 0, op, "a block of extent ", span, " does not fit the padded size ", g.padded[d],
                " of spatial dim ", d);
  }
  return g;
}

}  // namespace

Tensor unfold(const Tensor& input, IntArrayRef kernel_size, IntArrayRef dilation, IntArrayRef padding,
              IntArrayRef stride) {
  ember::detail::check_defined("unfold", input);
  EMBER_CHECK(input.dim() == 3 || input.dim() == 4, "unfold", "expected input (N, C, H, W) or (C, H, W), got ",
              shape_str(input.sizes()));
  Tensor x = input.dim() == 4 ? input : input.unsqueeze(0);
  FoldGeometry g = geometry("unfold", x.size(2), x.size(3), kernel_size, dilation, padding, stride);
  Tensor padded = pad(x, {g.padding[1], g.padding[1], g.padding[0], g.padding[0]});
  TensorList taps;
  for (int64_t i = 0; i < g.kernel[0]; ++i)
    for (int64_t j = 0; j < g.kernel[1]; ++j) {
      int64_t top = i * g.dilation[0], left = j * g.dilation[1];
      taps.push_back(padded.slice(2, top, top + g.stride[0] * (g.blocks[0] - 1) + 1, g.stride[0])
                         .slice(3, left, left + g.stride[1] * (g.blocks[1] - 1) + 1, g.stride[1]));
    }
  // (N, C, K, oh, ow) -> (N, C K, L)
  Tensor cols = stack(taps, 2).reshape({x.size(0), -1, g.blocks[0] * g.blocks[1]});
  return input.dim() == 4 ? cols : cols.squeeze(0);
}

Tensor fold(const Tensor& input, IntArrayRef output_size, IntArrayRef kernel_size, IntArrayRef dilation,
            IntArrayRef padding, IntArrayRef stride) {
  ember::detail::check_defined("fold", input);
  EMBER_CHECK(input.dim() == 2 || input.dim() == 3, "fold",
              "expected input (N, C * kh * kw, L) or (C * kh * kw, L), got ", shape_str(input.sizes()));
  auto out_hw = pair(output_size, "fold", "output_size");
  Tensor cols = input.dim() == 3 ? input : input.unsqueeze(0);
  FoldGeometry g = geometry("fold", out_hw[0], out_hw[1], kernel_size, dilation, padding, stride);
  int64_t taps = g.kernel[0] * g.kernel[1];
  EMBER_CHECK(cols.size(1) % taps == 0, "fold", "dim 1 of input ", shape_str(input.sizes()),
              " is not divisible by the kernel's ", taps, " taps");
  EMBER_CHECK(cols.size(2) == g.blocks[0] * g.blocks[1], "fold", "input ", shape_str(input.sizes()), " has ",
              cols.size(2), " blocks, but output_size ", shape_str(output_size), " holds ", g.blocks[0], " x ",
              g.blocks[1]);
  const int64_t n = cols.size(0), c = cols.size(1) / taps;
  const int64_t oh = g.blocks[0], ow = g.blocks[1], sh = g.stride[0], sw = g.stride[1];
  Tensor blocks = cols.reshape({n, c, g.kernel[0], g.kernel[1], oh, ow});
  Tensor image;
  for (int64_t i = 0; i < g.kernel[0]; ++i)
    for (int64_t j = 0; j < g.kernel[1]; ++j) {
      // spread the tap's values out by the stride: (oh, ow) -> (oh sh, ow sw), value (r, c) at (r sh, c sw)
      Tensor t = blocks.select(3, j).select(2, i).reshape({n, c, oh, 1, ow, 1});
      t = pad(t, {0, sw - 1, 0, 0, 0, sh - 1}).reshape({n, c, oh * sh, ow * sw});
      // then shift by the tap's offset into the padded image (negative pads crop the stride's tail)
      int64_t top = i * g.dilation[0], left = j * g.dilation[1];
      t = pad(t, {left, g.padded[1] - left - ow * sw, top, g.padded[0] - top - oh * sh});
      image = image.defined() ? image + t : t;
    }
  image = pad(image, {-g.padding[1], -g.padding[1], -g.padding[0], -g.padding[0]});
  return input.dim() == 3 ? image : image.squeeze(0);
}

}  // namespace ember::nn::functional
