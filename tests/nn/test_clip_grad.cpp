// Gradient clipping and flat parameter vectors (nn/utils/clip_grad.h),
// checked against their definitions.
#include <cmath>
#include <limits>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

TEST_CASE("clip_grad_norm_ scales all gradients by max_norm / total norm", "[nn][clip]") {
  Tensor a = zeros({2}, kFloat64).requires_grad_(), b = zeros({1}, kFloat64).requires_grad_();
  Tensor c = zeros({3}, kFloat64).requires_grad_();  // no gradient: skipped
  a.mutable_grad() = tensor({3.0, 0.0}, kFloat64);
  b.mutable_grad() = tensor({4.0}, kFloat64);
  Tensor total = nn::utils::clip_grad_norm_({a, b, c}, 1.0);
  REQUIRE(total.item<double>() == Approx(5.0).epsilon(1e-15));
  double coef = 1.0 / (5.0 + 1e-6);
  REQUIRE_CLOSE(a.grad(), tensor({3 * coef, 0.0}, kFloat64), 1e-15);
  REQUIRE_CLOSE(b.grad(), tensor({4 * coef}, kFloat64), 1e-15);
  REQUIRE_FALSE(c.grad().defined());

  // Under the limit nothing changes.
  Tensor total_again = nn::utils::clip_grad_norm_({a, b}, 10.0);
  REQUIRE(total_again.item<double>() == Approx(5 * coef));
  REQUIRE_CLOSE(b.grad(), tensor({4 * coef}, kFloat64), 1e-15);
}

TEST_CASE("clip_grad_norm_ with other norms", "[nn][clip]") {
  Tensor a = zeros({3}, kFloat64).requires_grad_();
  a.mutable_grad() = tensor({1.0, -6.0, 2.0}, kFloat64);
  Tensor inf_norm = nn::utils::clip_grad_norm_({a}, 3.0, std::numeric_limits<double>::infinity());
  REQUIRE(inf_norm.item<double>() == 6.0);
  REQUIRE_CLOSE(a.grad(), tensor({1.0, -6.0, 2.0}, kFloat64).mul(3.0 / (6.0 + 1e-6)), 1e-15);
  a.mutable_grad() = tensor({1.0, -6.0, 2.0}, kFloat64);
  REQUIRE(nn::utils::clip_grad_norm_({a}, 100.0, 1.0).item<double>() == 9.0);
}

TEST_CASE("clip_grad_norm_ refuses a non-finite norm when asked", "[nn][clip]") {
  Tensor a = zeros({2}).requires_grad_();
  a.mutable_grad() = tensor({1.0f, std::numeric_limits<float>::quiet_NaN()});
  REQUIRE_THROWS_WITH(nn::utils::clip_grad_norm_({a}, 1.0, 2.0, /*error_if_nonfinite=*/true),
                      Contains("clip_grad_norm_") && Contains("nan"));
}

TEST_CASE("clip_grad_value_ clamps each element", "[nn][clip]") {
  Tensor a = zeros({4}).requires_grad_();
  a.mutable_grad() = tensor({-3.0f, -0.5f, 0.25f, 7.0f});
  nn::utils::clip_grad_value_({a}, 1.0);
  REQUIRE_EQUAL(a.grad(), tensor({-1.0f, -0.5f, 0.25f, 1.0f}));
}

TEST_CASE("parameters_to_vector and vector_to_parameters round trip", "[nn][clip]") {
  nn::Linear layer(3, 2);
  TensorList params = layer.parameters();
  Tensor vec = nn::utils::parameters_to_vector(params);
  REQUIRE(vec.numel() == 8);
  nn::utils::vector_to_parameters(arange(8, kFloat32), params);
  REQUIRE_EQUAL(layer.weight.detach(), arange(6, kFloat32).reshape({2, 3}));
  REQUIRE_EQUAL(layer.bias.detach(), tensor({6.0f, 7.0f}));
  REQUIRE_THROWS_WITH(nn::utils::vector_to_parameters(zeros({5}), params), Contains("5 elements"));
}
