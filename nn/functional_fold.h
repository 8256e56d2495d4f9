// functional_fold.h — unfold (im2col) and fold (col2im) as functions
// (torch.nn.functional.unfold / fold) over image-like 4-D inputs (or 3-D
// without the batch dim). A single number for kernel_size, dilation, padding
// or stride applies to both spatial dims.
#pragma once

#include "core/tensor.h"

namespace ember::nn::functional {

/// Every kernel-sized block of input (N, C, H, W) as a column:
/// (N, C * kh * kw, L), L the number of block positions; column rows run
/// over channels, then kernel rows, then kernel columns.
Tensor unfold(const Tensor& input, IntArrayRef kernel_size, IntArrayRef dilation = 1, IntArrayRef padding = 0,
              IntArrayRef stride = 1);
/// The adjoint of unfold: sums the columns of input (N, C * kh * kw, L) back
/// into an image (N, C, *output_size); overlapping blocks add up.
Tensor fold(const Tensor& input, IntArrayRef output_size, IntArrayRef kernel_size, IntArrayRef dilation = 1,
            IntArrayRef padding = 0, IntArrayRef stride = 1);

}  // namespace ember::nn::functional
