// init.cpp — weight initializers (see init.h).
#include "nn/init.h"

#include <cmath>
#include <vector>

#include "autograd/grad_mode.h"
#include "core/indexing.h"
#include "core/ops.h"

namespace ember::nn::init {

double calculate_gain(std::string_view nonlinearity, double param) {
  if (nonlinearity == "linear" || nonlinearity == "sigmoid" || nonlinearity.rfind("conv", 0) == 0) return 1.0;
  if (nonlinearity == "tanh") return 5.0 / 3.0;
  if (nonlinearity == "relu") return std::sqrt(2.0);
  if (nonlinearity == "leaky_relu") return std::sqrt(2.0 / (1 + param * param));
  if (nonlinearity == "selu") return 3.0 / 4.0;
  EMBER_FAIL("calculate_gain", "unsupported nonlinearity '", nonlinearity, "'");
}

std::pair<int64_t, int64_t> calculate_fan_in_and_fan_out(const Tensor& tensor) {
  EMBER_CHECK(tensor.dim() >= 2, "init", "fan in and fan out need a tensor with at least 2 dims, got shape ",
              shape_str(tensor.sizes()));
  int64_t receptive = 1;
  for (int64_t d = 2; d < tensor.dim(); ++d) receptive *= tensor.size(d);
  return {tensor.size(1) * receptive, tensor.size(0) * receptive};
}

namespace {
int64_t fan(const Tensor& t, std::string_view mode) {
  EMBER_CHECK(mode == "fan_in" || mode == "fan_out", "init", "mode must be 'fan_in' or 'fan_out', got '", mode, "'");
  auto [in, out] = calculate_fan_in_and_fan_out(t);
  return mode == "fan_in" ? in : out;
}
}  // namespace

Tensor& uniform_(Tensor& tensor, double a, double b) {
  NoGradGuard no_grad;
  return tensor.uniform_(a, b);
}

Tensor& normal_(Tensor& tensor, double mean, double std) {
  NoGradGuard no_grad;
  return tensor.normal_(mean, std);
}

// Sample u uniformly in [Phi(a'), Phi(b')] of the standard normal CDF, then map
// back with the inverse CDF: x = mean + std * sqrt(2) erfinv(2u - 1).
Tensor& trunc_normal_(Tensor& tensor, double mean, double std, double a, double b) {
  NoGradGuard no_grad;
  auto cdf = [](double x) { return 0.5 * (1 + std::erf(x / std::sqrt(2.0))); };
  double lo = cdf((a - mean) / std), hi = cdf((b - mean) / std);
  Tensor u = rand(tensor.sizes(), kFloat64) * (hi - lo) + lo;
  // erfinv through Newton steps on erf (ember has no erfinv op yet)
  Tensor y = u * 2 - 1;
  Tensor x = y * 0.0;
  for (int i = 0; i < 40; ++i) x = x - (x.erf() - y) / ((x.square().neg()).exp() * (2 / std::sqrt(3.14159265358979323846)));
  Tensor values = (x * (std * std::sqrt(2.0)) + mean).clamp(a, b);
  tensor.copy_(values);
  return tensor;
}

Tensor& constant_(Tensor& tensor, double value) {
  NoGradGuard no_grad;
  return tensor.fill_(value);
}
Tensor& ones_(Tensor& tensor) { return constant_(tensor, 1.0); }
Tensor& zeros_(Tensor& tensor) { return constant_(tensor, 0.0); }

Tensor& eye_(Tensor& tensor) {
  EMBER_CHECK(tensor.dim() == 2, "eye_", "only 2-D tensors are supported, got shape ", shape_str(tensor.sizes()));
  NoGradGuard no_grad;
  tensor.zero_();
  tensor.diagonal().fill_(1);
  return tensor;
}

Tensor& dirac_(Tensor& tensor, int64_t groups) {
  EMBER_CHECK(tensor.dim() >= 3 && tensor.dim() <= 5, "dirac_", "only 3-, 4- and 5-D tensors are supported, got shape ",
              shape_str(tensor.sizes()));
  EMBER_CHECK(groups > 0 && tensor.size(0) % groups == 0, "dirac_", "dim 0 must be divisible by groups");
  NoGradGuard no_grad;
  tensor.zero_();
  int64_t out_per_group = tensor.size(0) / groups;
  int64_t min_dim = std::min(out_per_group, tensor.size(1));
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t d = 0; d < min_dim; ++d) {
      std::vector<TensorIndex> index{g * out_per_group + d, d};
      for (int64_t k = 2; k < tensor.dim(); ++k) index.emplace_back(tensor.size(k) / 2);
      tensor.index_put_(index, Scalar(1));
    }
  return tensor;
}

Tensor& xavier_uniform_(Tensor& tensor, double gain) {
  auto [in, out] = calculate_fan_in_and_fan_out(tensor);
  double a = gain * std::sqrt(6.0 / static_cast<double>(in + out));
  return uniform_(tensor, -a, a);
}

Tensor& xavier_normal_(Tensor& tensor, double gain) {
  auto [in, out] = calculate_fan_in_and_fan_out(tensor);
  return normal_(tensor, 0.0, gain * std::sqrt(2.0 / static_cast<double>(in + out)));
}

Tensor& kaiming_uniform_(Tensor& tensor, double a, std::string_view mode, std::string_view nonlinearity) {
  double bound = calculate_gain(nonlinearity, a) * std::sqrt(3.0 / static_cast<double>(fan(tensor, mode)));
  return uniform_(tensor, -bound, bound);
}

Tensor& kaiming_normal_(Tensor& tensor, double a, std::string_view mode, std::string_view nonlinearity) {
  return normal_(tensor, 0.0, calculate_gain(nonlinearity, a) / std::sqrt(static_cast<double>(fan(tensor, mode))));
}

// Gram-Schmidt on a random normal matrix: rows (or columns, whichever is
// fewer) come out orthonormal. Sign of each vector follows the QR convention
// used by torch (sign of R's diagonal), which keeps the distribution uniform.
Tensor& orthogonal_(Tensor& tensor, double gain) {
  EMBER_CHECK(tensor.dim() >= 2, "orthogonal_", "needs at least 2 dims, got shape ", shape_str(tensor.sizes()));
  NoGradGuard no_grad;
  int64_t rows = tensor.size(0), cols = tensor.numel() / rows;
  bool transpose = rows < cols;
  int64_t n = transpose ? cols : rows, m = transpose ? rows : cols;  // orthonormalize m columns of length n
  Tensor a = randn({n, m}, kFloat64).contiguous();
  double* p = a.data_ptr<double>();
  for (int64_t j = 0; j < m; ++j) {
    for (int64_t k = 0; k < j; ++k) {
      double dot = 0;
      for (int64_t i = 0; i < n; ++i) dot += p[i * m + j] * p[i * m + k];
      for (int64_t i = 0; i < n; ++i) p[i * m + j] -= dot * p[i * m + k];
    }
    double norm = 0;
    for (int64_t i = 0; i < n; ++i) norm += p[i * m + j] * p[i * m + j];
    norm = std::sqrt(norm);
    EMBER_CHECK(norm > 1e-12, "orthogonal_", "degenerate random matrix; retry");
    for (int64_t i = 0; i < n; ++i) p[i * m + j] /= norm;
  }
  Tensor q = transpose ? a.t() : a;
  tensor.copy_((q * gain).reshape(tensor.sizes()));
  return tensor;
}

}  // namespace ember::nn::init
