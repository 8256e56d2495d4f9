// pooling.cpp — pooling layers (see pooling.h).
#include "nn/modules/pooling.h"

#include "nn/functional_pool.h"

namespace ember::nn {

namespace F = functional;

#define EMBER_DEFINE_POOL_MODULES(n)                                                                          \
  Tensor MaxPool##n##d::forward(const Tensor& input) {                                                        \
    return F::max_pool##n##d(input, kernel_size, options.stride, options.padding, options.dilation,          \
                             options.ceil_mode);                                                               \
  }                                                                                                           \
  std::tuple<Tensor, Tensor> MaxPool##n##d::forward_with_indices(const Tensor& input) {                      \
    return F::max_pool##n##d##_with_indices(input, kernel_size, options.stride, options.padding,             \
                                            options.dilation, options.ceil_mode);                             \
  }                                                                                                           \
  std::string MaxPool##n##d::extra_repr() const {                                                             \
    return "kernel_size=" + shape_str(kernel_size) +                                                          \
           ", stride=" + shape_str(options.stride.empty() ? kernel_size : options.stride) +                   \
           ", padding=" + shape_str(options.padding) + ", dilation=" + shape_str(options.dilation) +          \
           ", ceil_mode=" + (options.ceil_mode ? "true" : "false");                                           \
  }                                                                                                           \
  Tensor AvgPool##n##d::forward(const Tensor& input) {                                                        \
    return F::avg_pool##n##d(input, kernel_size, options.stride, options.padding, options.ceil_mode,         \
                             options.count_include_pad, options.divisor_override);                            \
  }                                                                                                           \
  std::string AvgPool##n##d::extra_repr() const {                                                             \
    return "kernel_size=" + shape_str(kernel_size) +                                                          \
           ", stride=" + shape_str(options.stride.empty() ? kernel_size : options.stride) +                   \
           ", padding=" + shape_str(options.padding);                                                         \
  }                                                                                                           \
  Tensor AdaptiveAvgPool##n##d::forward(const Tensor& input) {                                                \
    return F::adaptive_avg_pool##n##d(input, output_size);                                                    \
  }                                                                                                           \
  Tensor AdaptiveMaxPool##n##d::forward(const Tensor& input) {                                                \
    return F::adaptive_max_pool##n##d(input, output_size);                                                    \
  }                                                                                                           \
  Tensor MaxUnpool##n##d::forward(const Tensor& input, const Tensor& indices, IntArrayRef output_size) {      \
    return F::max_unpool##n##d(input, indices, kernel_size, stride, padding, output_size);                    \
  }
EMBER_DEFINE_POOL_MODULES(1)
EMBER_DEFINE_POOL_MODULES(2)
EMBER_DEFINE_POOL_MODULES(3)
#undef EMBER_DEFINE_POOL_MODULES

}  // namespace ember::nn
