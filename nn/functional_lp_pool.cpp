// functional_lp_pool.cpp — LP pooling from average pooling, as torch writes it:
//   y = (sign(a) relu(|a|) k)^(1/p),  a = avg_pool(x^p), k = window size
// (sign(a) relu(|a|) is a itself, kept for torch's exact gradient at 0).
#include "nn/functional_lp_pool.h"

#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/functional_pool.h"

namespace ember::nn::functional {

namespace {
Tensor power_root(const Tensor& average, double window, double p) {
  return (sign(average) * relu(average.abs()) * window).pow(1.0 / p);
}
}  // namespace

Tensor lp_pool1d(const Tensor& input, double norm_type, int64_t kernel_size, IntArrayRef stride, bool ceil_mode) {
  ember::detail::check_defined("lp_pool1d", input);
  EMBER_CHECK(norm_type != 0, "lp_pool1d", "norm_type must be non-zero");
  Tensor a = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode);
  return power_root(a, static_cast<double>(kernel_size), norm_type);
}

Tensor lp_pool2d(const Tensor& input, double norm_type, IntArrayRef kernel_size, IntArrayRef stride, bool ceil_mode) {
  ember::detail::check_defined("lp_pool2d", input);
  EMBER_CHECK(norm_type != 0, "lp_pool2d", "norm_type must be non-zero");
  EMBER_CHECK(kernel_size.size() == 1 || kernel_size.size() == 2, "lp_pool2d", "kernel_size needs 1 or 2 values, got ",
              shape_str(kernel_size));
  Tensor a = avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode);
  return power_root(a, static_cast<double>(kernel_size[0] * kernel_size.back()), norm_type);
}

}  // namespace ember::nn::functional
