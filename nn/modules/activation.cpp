// activation.cpp — activation layers (see activation.h).
#include "nn/modules/activation.h"

#include "nn/functional_misc.h"

namespace ember::nn {

Tensor ReLU::forward(const Tensor& x) { return relu(x); }
Tensor ReLU6::forward(const Tensor& x) { return relu6(x); }
Tensor SELU::forward(const Tensor& x) { return selu(x); }
Tensor SiLU::forward(const Tensor& x) { return silu(x); }
Tensor Mish::forward(const Tensor& x) { return mish(x); }
Tensor Sigmoid::forward(const Tensor& x) { return sigmoid(x); }
Tensor Tanh::forward(const Tensor& x) { return tanh(x); }
Tensor Hardsigmoid::forward(const Tensor& x) { return hardsigmoid(x); }
Tensor Hardswish::forward(const Tensor& x) { return hardswish(x); }
Tensor Softsign::forward(const Tensor& x) { return softsign(x); }
Tensor LogSigmoid::forward(const Tensor& x) { return logsigmoid(x); }
Tensor Tanhshrink::forward(const Tensor& x) { return x - tanh(x); }
Tensor LeakyReLU::forward(const Tensor& x) { return leaky_relu(x, negative_slope); }
Tensor ELU::forward(const Tensor& x) { return elu(x, alpha); }
Tensor CELU::forward(const Tensor& x) { return celu(x, alpha); }
Tensor GELU::forward(const Tensor& x) { return gelu(x, approximate); }
Tensor Softplus::forward(const Tensor& x) { return softplus(x, beta, threshold); }
Tensor Hardtanh::forward(const Tensor& x) { return hardtanh(x, min_val, max_val); }
Tensor Threshold::forward(const Tensor& x) { return ember::threshold(x, threshold, value); }

PReLU::PReLU(int64_t num_parameters, double init)
    : Module("PReLU"), weight(register_parameter("weight", full({num_parameters}, init))) {}
Tensor PReLU::forward(const Tensor& x) { return functional::prelu(x, weight); }

Tensor GLU::forward(const Tensor& x) { return functional::glu(x, dim); }
Tensor Softmax::forward(const Tensor& x) { return softmax(x, dim); }
Tensor LogSoftmax::forward(const Tensor& x) { return log_softmax(x, dim); }
Tensor Softmax2d::forward(const Tensor& x) {
  EMBER_CHECK(x.dim() == 3 || x.dim() == 4, "Softmax2d", "expected (C, H, W) or (N, C, H, W), got ",
              shape_str(x.sizes()));
  return softmax(x, -3);
}
Tensor Softmin::forward(const Tensor& x) { return functional::softmin(x, dim); }

}  // namespace ember::nn
