// conv.cpp — convolution layers over nn/functional_conv.h.
#include "nn/modules/conv.h"

#include <cmath>
#include <sstream>

#include "core/ops.h"
#include "nn/functional_conv.h"
#include "nn/init.h"

namespace ember::nn {

namespace {

Shape expand_to(const char* layer, const char* what, const Shape& v, int64_t spatial) {
  EMBER_CHECK(v.size() == 1 || static_cast<int64_t>(v.size()) == spatial, layer, what, " needs 1 or ", spatial,
              " values, got ", shape_str(v));
  return v.size() == 1 ? Shape(static_cast<size_t>(spatial), v[0]) : v;
}

Shape weight_shape(int64_t first, int64_t second, const Shape& kernel) {
  Shape s{first, second};
  s.insert(s.end(), kernel.begin(), kernel.end());
  return s;
}

// PyTorch's default conv init: kaiming_uniform(a = sqrt 5), bias U(+-1/sqrt(fan_in))
void default_init(Tensor& weight, Tensor& bias) {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    auto [fan_in, fan_out] = init::calculate_fan_in_and_fan_out(weight);
    double bound = fan_in > 0 ? 1.0 / std::sqrt(static_cast<double>(fan_in)) : 0.0;
    init::uniform_(bias, -bound, bound);
  }
}

}  // namespace

ConvNd::ConvNd(const char* name, int64_t spatial, int64_t in, int64_t out, Shape kernel, ConvOptions opts)
    : Module(name), in_channels(in), out_channels(out), kernel_size(expand_to(name, "kernel_size", kernel, spatial)),
      options(std::move(opts)),
      weight(register_parameter("weight", ember::empty(weight_shape(out, in / std::max<int64_t>(options.groups, 1),
                                                              expand_to(name, "kernel_size", kernel, spatial))))),
      bias(register_parameter("bias", options.bias ? empty({out}) : Tensor())), spatial_(spatial) {
  EMBER_CHECK(options.groups > 0 && in % options.groups == 0 && out % options.groups == 0, name, "groups=",
              options.groups, " must divide in_channels=", in, " and out_channels=", out);
  EMBER_CHECK(options.padding_mode == "zeros" || options.padding_mode == "reflect" ||
                  options.padding_mode == "replicate" || options.padding_mode == "circular",
              name, "padding_mode must be zeros, reflect, replicate or circular, got '", options.padding_mode, "'");
  reset_parameters();
}

void ConvNd::reset_parameters() { default_init(weight, bias); }

Tensor ConvNd::forward(const Tensor& input) {
  Shape stride = expand_to(name().c_str(), "stride", options.stride, spatial_);
  Shape dilation = expand_to(name().c_str(), "dilation", options.dilation, spatial_);
  auto conv = [&](const Tensor& x, IntArrayRef padding) {
    switch (spatial_) {
      case 1: return functional::conv1d(x, weight, bias, stride, padding, dilation, options.groups);
      case 2: return functional::conv2d(x, weight, bias, stride, padding, dilation, options.groups);
      default: return functional::conv3d(x, weight, bias, stride, padding, dilation, options.groups);
    }
  };
  if (!options.padding_str.empty()) {
    switch (spatial_) {
      case 1: return functional::conv1d(input, weight, bias, stride, options.padding_str, dilation, options.groups);
      case 2: return functional::conv2d(input, weight, bias, stride, options.padding_str, dilation, options.groups);
      default: return functional::conv3d(input, weight, bias, stride, options.padding_str, dilation, options.groups);
    }
  }
  Shape padding = expand_to(name().c_str(), "padding", options.padding, spatial_);
  if (options.padding_mode == "zeros") return conv(input, padding);
  // pad first (last dim first, as F.pad wants), then convolve without padding
  Shape pad;
  for (int64_t d = spatial_ - 1; d >= 0; --d) pad.insert(pad.end(), {padding[d], padding[d]});
  return conv(ember::pad(input, pad, options.padding_mode), Shape(static_cast<size_t>(spatial_), 0));
}

std::string ConvNd::extra_repr() const {
  std::ostringstream s;
  s << in_channels << ", " << out_channels << ", kernel_size=" << shape_str(kernel_size)
    << ", stride=" << shape_str(options.stride);
  if (!options.padding_str.empty()) s << ", padding=" << options.padding_str;
  else if (options.padding != Shape{0}) s << ", padding=" << shape_str(options.padding);
  if (options.dilation != Shape{1}) s << ", dilation=" << shape_str(options.dilation);
  if (options.groups != 1) s << ", groups=" << options.groups;
  if (!bias.defined()) s << ", bias=false";
  if (options.padding_mode != "zeros") s << ", padding_mode=" << options.padding_mode;
  return s.str();
}

ConvTransposeNd::ConvTransposeNd(const char* name, int64_t spatial, int64_t in, int64_t out, Shape kernel,
                                 ConvTransposeOptions opts)
    : Module(name), in_channels(in), out_channels(out), kernel_size(expand_to(name, "kernel_size", kernel, spatial)),
      options(std::move(opts)),
      weight(register_parameter("weight", ember::empty(weight_shape(in, out / std::max<int64_t>(options.groups, 1),
                                                              expand_to(name, "kernel_size", kernel, spatial))))),
      bias(register_parameter("bias", options.bias ? empty({out}) : Tensor())), spatial_(spatial) {
  EMBER_CHECK(options.groups > 0 && in % options.groups == 0 && out % options.groups == 0, name, "groups=",
              options.groups, " must divide in_channels=", in, " and out_channels=", out);
  default_init(weight, bias);
}

Tensor ConvTransposeNd::forward(const Tensor& input) {
  const Shape& s = options.stride;
  const Shape& p = options.padding;
  const Shape& op = options.output_padding;
  const Shape& d = options.dilation;
  switch (spatial_) {
    case 1: return functional::conv_transpose1d(input, weight, bias, s, p, op, options.groups, d);
    case 2: return functional::conv_transpose2d(input, weight, bias, s, p, op, options.groups, d);
    default: return functional::conv_transpose3d(input, weight, bias, s, p, op, options.groups, d);
  }
}

std::string ConvTransposeNd::extra_repr() const {
  std::ostringstream s;
  s << in_channels << ", " << out_channels << ", kernel_size=" << shape_str(kernel_size)
    << ", stride=" << shape_str(options.stride);
  if (options.padding != Shape{0}) s << ", padding=" << shape_str(options.padding);
  if (options.output_padding != Shape{0}) s << ", output_padding=" << shape_str(options.output_padding);
  if (options.groups != 1) s << ", groups=" << options.groups;
  if (!bias.defined()) s << ", bias=false";
  return s.str();
}

}  // namespace ember::nn
