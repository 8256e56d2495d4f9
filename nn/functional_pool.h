// functional_pool.h — pooling as functions (torch.nn.functional): max
// pooling (with indices, ceil_mode, dilation), average pooling
// (count_include_pad, divisor_override), adaptive average/max pooling and
// max unpooling, in 1, 2 and 3 spatial dims. Inputs may omit the batch dim.
// stride defaults to the kernel size.
#pragma once

#include <optional>
#include <tuple>

#include "core/tensor.h"

namespace ember::nn::functional {

#define EMBER_DECLARE_POOL(n)                                                                                   \
  Tensor max_pool##n##d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},                  \
                        IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);             \
  std::tuple<Tensor, Tensor> max_pool##n##d_with_indices(const Tensor& input, IntArrayRef kernel_size,          \
                                                         IntArrayRef stride = {}, IntArrayRef padding = 0,      \
                                                         IntArrayRef dilation = 1, bool ceil_mode = false);     \
  Tensor avg_pool##n##d(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = {},                  \
                        IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true,         \
                        std::optional<int64_t> divisor_override = std::nullopt);                                \
  Tensor adaptive_avg_pool##n##d(const Tensor& input, IntArrayRef output_size);                                 \
  Tensor adaptive_max_pool##n##d(const Tensor& input, IntArrayRef output_size);                                 \
  std::tuple<Tensor, Tensor> adaptive_max_pool##n##d_with_indices(const Tensor& input, IntArrayRef output_size); \
  /** places x at the positions of `indices` from max_pool##n##d_with_indices, zeros elsewhere */               \
  Tensor max_unpool##n##d(const Tensor& input, const Tensor& indices, IntArrayRef kernel_size,                  \
                          IntArrayRef stride = {}, IntArrayRef padding = 0, IntArrayRef output_size = {});
EMBER_DECLARE_POOL(1)
EMBER_DECLARE_POOL(2)
EMBER_DECLARE_POOL(3)
#undef EMBER_DECLARE_POOL

}  // namespace ember::nn::functional
