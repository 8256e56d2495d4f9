// pooling.h — pooling layers over nn/functional_pool.h: MaxPool1d/2d/3d,
// AvgPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d, MaxUnpool1d/2d/3d.
#pragma once

#include <optional>

#include "nn/module.h"

namespace ember::nn {

struct MaxPoolOptions {
  Shape stride = {};  // empty: the kernel size
  Shape padding = {0};
  Shape dilation = {1};
  bool ceil_mode = false;
};

struct AvgPoolOptions {
  Shape stride = {};
  Shape padding = {0};
  bool ceil_mode = false;
  bool count_include_pad = true;
  std::optional<int64_t> divisor_override;
};

#define EMBER_DECLARE_POOL_MODULES(n)                                                                     \
  class MaxPool##n##d : public Module {                                                                   \
   public:                                                                                                \
    MaxPool##n##d(Shape kernel_size, MaxPoolOptions options = {})                                         \
        : Module("MaxPool" #n "d"), kernel_size(std::move(kernel_size)), options(std::move(options)) {}   \
    Tensor forward(const Tensor& input) override;                                                         \
    /** (output, indices) for MaxUnpool */                                                                \
    std::tuple<Tensor, Tensor> forward_with_indices(const Tensor& input);                                 \
    std::string extra_repr() const override;                                                              \
    Shape kernel_size;                                                                                    \
    MaxPoolOptions options;                                                                               \
  };                                                                                                      \
  class AvgPool##n##d : public Module {                                                                   \
   public:                                                                                                \
    AvgPool##n##d(Shape kernel_size, AvgPoolOptions options = {})                                         \
        : Module("AvgPool" #n "d"), kernel_size(std::move(kernel_size)), options(std::move(options)) {}   \
    Tensor forward(const Tensor& input) override;                                                         \
    std::string extra_repr() const override;                                                              \
    Shape kernel_size;                                                                                    \
    AvgPoolOptions options;                                                                               \
  };                                                                                                      \
  class AdaptiveAvgPool##n##d : public Module {                                                           \
   public:                                                                                                \
    explicit AdaptiveAvgPool##n##d(Shape output_size)                                                     \
        : Module("AdaptiveAvgPool" #n "d"), output_size(std::move(output_size)) {}                        \
    Tensor forward(const Tensor& input) override;                                                         \
    std::string extra_repr() const override { return "output_size=" + shape_str(output_size); }           \
    Shape output_size;                                                                                    \
  };                                                                                                      \
  class AdaptiveMaxPool##n##d : public Module {                                                           \
   public:                                                                                                \
    explicit AdaptiveMaxPool##n##d(Shape output_size)                                                     \
        : Module("AdaptiveMaxPool" #n "d"), output_size(std::move(output_size)) {}                        \
    Tensor forward(const Tensor& input) override;                                                         \
    std::string extra_repr() const override { return "output_size=" + shape_str(output_size); }           \
    Shape output_size;                                                                                    \
  };                                                                                                      \
  class MaxUnpool##n##d : public Module {                                                                 \
   public:                                                                                                \
    MaxUnpool##n##d(Shape kernel_size, Shape stride = {}, Shape padding = {0})                            \
        : Module("MaxUnpool" #n "d"), kernel_size(std::move(kernel_size)), stride(std::move(stride)),     \
          padding(std::move(padding)) {}                                                                  \
    Tensor forward(const Tensor& input, const Tensor& indices, IntArrayRef output_size = {});             \
    Shape kernel_size, stride, padding;                                                                   \
  };
EMBER_DECLARE_POOL_MODULES(1)
EMBER_DECLARE_POOL_MODULES(2)
EMBER_DECLARE_POOL_MODULES(3)
#undef EMBER_DECLARE_POOL_MODULES

}  // namespace ember::nn
