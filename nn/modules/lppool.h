// lppool.h — LPPool1d and LPPool2d layers over nn/functional_lp_pool.h.
#pragma once

#include "nn/module.h"

namespace ember::nn {

struct LPPoolOptions {
  Shape stride = {};  // empty: the kernel size
  bool ceil_mode = false;
};

class LPPool1d : public Module {
 public:
  LPPool1d(double norm_type, int64_t kernel_size, LPPoolOptions options = {})
      : Module("LPPool1d"), norm_type(norm_type), kernel_size(kernel_size), options(std::move(options)) {}
  Tensor forward(const Tensor& input) override;
  double norm_type;
  int64_t kernel_size;
  LPPoolOptions options;
};

class LPPool2d : public Module {
 public:
  LPPool2d(double norm_type, Shape kernel_size, LPPoolOptions options = {})
      : Module("LPPool2d"), norm_type(norm_type), kernel_size(std::move(kernel_size)), options(std::move(options)) {}
  Tensor forward(const Tensor& input) override;
  double norm_type;
  Shape kernel_size;
  LPPoolOptions options;
};

}  // namespace ember::nn
