// lppool.cpp — LPPool1d and LPPool2d (see lppool.h).
#include "nn/modules/lppool.h"

#include "nn/functional_lp_pool.h"

namespace ember::nn {

Tensor LPPool1d::forward(const Tensor& input) {
  return functional::lp_pool1d(input, norm_type, kernel_size, options.stride, options.ceil_mode);
}

Tensor LPPool2d::forward(const Tensor& input) {
  return functional::lp_pool2d(input, norm_type, kernel_size, options.stride, options.ceil_mode);
}

}  // namespace ember::nn
