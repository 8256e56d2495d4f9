// Exercise 53 — train a simple linear regression model.
//
// Data y = 2x + 1 + noise (noise ~ N(0, 0.1²), a fixed seed); an nn::Linear(1, 1)
// trained with MSE and plain SGD. The answer shows that training recovers the
// known slope and intercept: the learned weight and bias are within 0.05 of
// 2 and 1, and within 1e-3 of the least-squares solution computed by hand
// from the same data (the best any linear model can do on it).
#include <cmath>
#include <cstdio>

#include "ember.h"
#include "exercise.h"

using namespace ember;

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(53);

  const int64_t n = quick ? 200 : 2000;
  Tensor x = randn({n, 1});
  Tensor y = 2 * x + 1 + 0.1 * randn({n, 1});

  auto model = std::make_shared<nn::Linear>(1, 1);
  optim::SGD optimizer(model->parameters(), {.lr = 0.1});
  const int epochs = 200;
  double loss_value = 0;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    Tensor loss = nn::functional::mse_loss(model->forward(x), y);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    loss_value = loss.item<double>();
    if (epoch < 5 || (epoch + 1) % 50 == 0) std::printf("Epoch [%d/%d], Loss: %.4f\n", epoch + 1, epochs, loss_value);
  }
  double w = model->weight.item<double>(), b = model->bias.item<double>();

  // ordinary least squares by hand: w* = cov(x, y) / var(x), b* = mean(y) - w* mean(x)
  const float* px = x.contiguous().data_ptr<float>();
  const float* py = y.contiguous().data_ptr<float>();
  double mx = 0, my = 0;
  for (int64_t i = 0; i < n; ++i) mx += px[i], my += py[i];
  mx /= n, my /= n;
  double sxy = 0, sxx = 0;
  for (int64_t i = 0; i < n; ++i) sxy += (px[i] - mx) * (py[i] - my), sxx += (px[i] - mx) * (px[i] - mx);
  double w_ols = sxy / sxx, b_ols = my - w_ols * mx;

  std::printf("learned:        y = %.4f x + %.4f\n", w, b);
  std::printf("least squares:  y = %.4f x + %.4f\n", w_ols, b_ols);
  std::printf("true:           y = 2 x + 1   (noise std 0.1, final MSE %.5f)\n", loss_value);
  checker.check(std::fabs(w - 2) < 0.05 && std::fabs(b - 1) < 0.05, "slope and intercept within 0.05 of 2 and 1");
  checker.check(std::fabs(w - w_ols) < 1e-3 && std::fabs(b - b_ols) < 1e-3,
                "SGD converged to the least-squares solution (within 1e-3)");
  checker.check(loss_value < 0.0121, "final MSE near the noise variance 0.01");
  return checker.exit_code();
}
