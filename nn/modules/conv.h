// conv.h — Conv1d/2d/3d and ConvTranspose1d/2d/3d layers.
//
// Options apply to every spatial dim when given one value. padding may also
// be "same" or "valid" (Conv only); padding_mode "zeros", "reflect",
// "replicate" or "circular" pads the input before convolving. Default init
// matches PyTorch: kaiming_uniform(a = sqrt 5) for the weight, U(+-1/sqrt(fan_in))
// for the bias.
#pragma once

#include <string>

#include "nn/module.h"

namespace ember::nn {

struct ConvOptions {
  Shape stride = {1};
  Shape padding = {0};
  std::string padding_str;  // "same" / "valid"; overrides padding when set
  Shape dilation = {1};
  int64_t groups = 1;
  bool bias = true;
  std::string padding_mode = "zeros";
};

struct ConvTransposeOptions {
  Shape stride = {1};
  Shape padding = {0};
  Shape output_padding = {0};
  int64_t groups = 1;
  bool bias = true;
  Shape dilation = {1};
};

/// Shared by Conv1d/2d/3d: weight (out, in/groups, *kernel).
class ConvNd : public Module {
 public:
  ConvNd(const char* name, int64_t spatial, int64_t in_channels, int64_t out_channels, Shape kernel_size,
         ConvOptions options);
  Tensor forward(const Tensor& input) override;
  void reset_parameters();
  std::string extra_repr() const override;

  int64_t in_channels, out_channels;
  Shape kernel_size;
  ConvOptions options;
  Tensor& weight;
  Tensor& bias;

 private:
  int64_t spatial_;
};

class Conv1d : public ConvNd {
 public:
  Conv1d(int64_t in, int64_t out, Shape kernel_size, ConvOptions options = {})
      : ConvNd("Conv1d", 1, in, out, std::move(kernel_size), std::move(options)) {}
};
class Conv2d : public ConvNd {
 public:
  Conv2d(int64_t in, int64_t out, Shape kernel_size, ConvOptions options = {})
      : ConvNd("Conv2d", 2, in, out, std::move(kernel_size), std::move(options)) {}
};
class Conv3d : public ConvNd {
 public:
  Conv3d(int64_t in, int64_t out, Shape kernel_size, ConvOptions options = {})
      : ConvNd("Conv3d", 3, in, out, std::move(kernel_size), std::move(options)) {}
};

/// Shared by ConvTranspose1d/2d/3d: weight (in, out/groups, *kernel).
class ConvTransposeNd : public Module {
 public:
  ConvTransposeNd(const char* name, int64_t spatial, int64_t in_channels, int64_t out_channels, Shape kernel_size,
                  ConvTransposeOptions options);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;

  int64_t in_channels, out_channels;
  Shape kernel_size;
  ConvTransposeOptions options;
  Tensor& weight;
  Tensor& bias;

 private:
  int64_t spatial_;
};

class ConvTranspose1d : public ConvTransposeNd {
 public:
  ConvTranspose1d(int64_t in, int64_t out, Shape kernel_size, ConvTransposeOptions options = {})
      : ConvTransposeNd("ConvTranspose1d", 1, in, out, std::move(kernel_size), std::move(options)) {}
};
class ConvTranspose2d : public ConvTransposeNd {
 public:
  ConvTranspose2d(int64_t in, int64_t out, Shape kernel_size, ConvTransposeOptions options = {})
      : ConvTransposeNd("ConvTranspose2d", 2, in, out, std::move(kernel_size), std::move(options)) {}
};
class ConvTranspose3d : public ConvTransposeNd {
 public:
  ConvTranspose3d(int64_t in, int64_t out, Shape kernel_size, ConvTransposeOptions options = {})
      : ConvTransposeNd("ConvTranspose3d", 3, in, out, std::move(kernel_size), std::move(options)) {}
};

}  // namespace ember::nn
