// init.h — weight initialization (torch.nn.init). Every function fills its
// tensor in place, outside the graph, from ember's default generator (so
// ember::manual_seed makes it repeatable), and returns it.
//
// fan_in / fan_out of a weight (out, in, *kernel): in * prod(kernel) and
// out * prod(kernel).
#pragma once

#include <string_view>
#include <utility>

#include "core/tensor.h"

namespace ember::nn::init {

/// The recommended gain for a nonlinearity ("linear", "conv2d", "sigmoid",
/// "tanh", "relu", "leaky_relu" (param = negative slope), "selu").
double calculate_gain(std::string_view nonlinearity, double param = 0.01);
std::pair<int64_t, int64_t> calculate_fan_in_and_fan_out(const Tensor& tensor);

Tensor& uniform_(Tensor& tensor, double a = 0.0, double b = 1.0);
Tensor& normal_(Tensor& tensor, double mean = 0.0, double std = 1.0);
/// Normal(mean, std) restricted to [a, b] (inverse-CDF sampling, as torch).
Tensor& trunc_normal_(Tensor& tensor, double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0);
Tensor& constant_(Tensor& tensor, double value);
Tensor& ones_(Tensor& tensor);
Tensor& zeros_(Tensor& tensor);
/// Identity matrix (2-D tensors).
Tensor& eye_(Tensor& tensor);
/// Identity convolution: a 1 at the kernel's center for channel i -> i.
Tensor& dirac_(Tensor& tensor, int64_t groups = 1);
/// U(-a, a), a = gain sqrt(6 / (fan_in + fan_out))
Tensor& xavier_uniform_(Tensor& tensor, double gain = 1.0);
/// N(0, std), std = gain sqrt(2 / (fan_in + fan_out))
Tensor& xavier_normal_(Tensor& tensor, double gain = 1.0);
/// U(-b, b), b = gain sqrt(3 / fan); mode "fan_in" or "fan_out"
Tensor& kaiming_uniform_(Tensor& tensor, double a = 0.0, std::string_view mode = "fan_in",
                         std::string_view nonlinearity = "leaky_relu");
/// N(0, std), std = gain / sqrt(fan)
Tensor& kaiming_normal_(Tensor& tensor, double a = 0.0, std::string_view mode = "fan_in",
                        std::string_view nonlinearity = "leaky_relu");
/// A (semi-)orthogonal matrix, scaled by gain (dims after the first are flattened).
Tensor& orthogonal_(Tensor& tensor, double gain = 1.0);

}  // namespace ember::nn::init
