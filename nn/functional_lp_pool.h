// functional_lp_pool.h — power-average pooling (torch.nn.functional.lp_pool1d
// / lp_pool2d): (sum over the window of x^p)^(1/p), no padding.
#pragma once

#include "core/tensor.h"

namespace ember::nn::functional {

/// stride defaults to the kernel size
Tensor lp_pool1d(const Tensor& input, double norm_type, int64_t kernel_size, IntArrayRef stride = {},
                 bool ceil_mode = false);
Tensor lp_pool2d(const Tensor& input, double norm_type, IntArrayRef kernel_size, IntArrayRef stride = {},
                 bool ceil_mode = false);

}  // namespace ember::nn::functional
