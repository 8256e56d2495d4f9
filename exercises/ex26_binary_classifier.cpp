// Exercise 26 — a fully connected network for binary classification.
//
// The task is "two moons" (sklearn's make_moons): two interleaving half
// circles with Gaussian noise, generated with a fixed seed; no straight line
// separates them. A 2-32-32-1 MLP outputs one logit per point and is trained
// with BCEWithLogitsLoss (the numerically stable sigmoid + BCE of the seed's
// answer) and Adam, in shuffled mini-batches from a DataLoader. The answer
// shows that it learns: test accuracy over 95%, well above a logistic
// regression (a single Linear layer) trained the same way, which cannot bend
// its boundary around the moons.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "ember.h"
#include "exercise.h"

using namespace ember;

// n points, half of each class: features (n, 2), labels (n, 1) in {0, 1} as float
std::pair<Tensor, Tensor> two_moons(int64_t n, double noise) {
  int64_t half = n / 2;
  Tensor t0 = rand({half}) * std::numbers::pi, t1 = rand({n - half}) * std::numbers::pi;
  Tensor upper = stack({t0.cos(), t0.sin()}, 1);            // the upper moon, class 0
  Tensor lower = stack({1 - t1.cos(), 0.5 - t1.sin()}, 1);  // the lower moon, class 1
  Tensor x = cat({upper, lower}, 0) + noise * randn({n, 2});
  Tensor y = cat({zeros({half, 1}), ones({n - half, 1})}, 0);
  return {x, y};
}

double accuracy(nn::Module& model, const Tensor& x, const Tensor& y) {
  NoGradGuard no_grad;
  model.eval();
  Tensor predicted = model.forward(x).gt(0).to(kFloat32);  // logit > 0  <=>  sigmoid > 0.5
  model.train();
  return predicted.eq(y).to(kFloat32).mean().item<double>();
}

double fit(nn::Module& model, const Tensor& x, const Tensor& y, const Tensor& x_test, const Tensor& y_test, int epochs,
           const char* name) {
  auto dataset = std::make_shared<data::TensorDataset>(std::vector<Tensor>{x, y});
  data::DataLoader loader(dataset, {.batch_size = 32, .shuffle = true, .seed = 26});
  optim::Adam optimizer(model.parameters(), {.lr = 1e-2});
  nn::BCEWithLogitsLoss criterion;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    double total = 0;
    int64_t batches = 0;
    for (const data::Sample& batch : loader) {
      Tensor loss = criterion.forward(model.forward(batch[0].tensor()), batch[1].tensor());
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      total += loss.item<double>();
      ++batches;
    }
    if ((epoch + 1) % (epochs / 4) == 0)
      std::printf("  %s epoch %3d: train loss %.4f, train acc %.2f%%, test acc %.2f%%\n", name, epoch + 1,
                  total / batches, 100 * accuracy(model, x, y), 100 * accuracy(model, x_test, y_test));
  }
  return accuracy(model, x_test, y_test);
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(26);
  const int64_t n_train = quick ? 1000 : 10000, n_test = quick ? 500 : 5000;
  const int epochs = quick ? 20 : 40;
  auto [x, y] = two_moons(n_train, 0.2);
  auto [x_test, y_test] = two_moons(n_test, 0.2);
  std::printf("two moons: %lld training and %lld test points, noise 0.2\n", (long long)n_train, (long long)n_test);

  auto start = std::chrono::steady_clock::now();
  auto mlp = std::make_shared<models::MLP>(models::MLPOptions{.in_features = 2, .hidden = {32, 32}, .num_classes = 1});
  std::cout << *mlp << "\n";
  double mlp_acc = fit(*mlp, x, y, x_test, y_test, epochs, "MLP   ");
  auto logistic = std::make_shared<nn::Linear>(2, 1);
  double linear_acc = fit(*logistic, x, y, x_test, y_test, epochs, "linear");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::printf("test accuracy: MLP %.2f%%, logistic regression %.2f%%  (%.1f s)\n", 100 * mlp_acc, 100 * linear_acc,
              seconds);
  checker.check(mlp_acc > 0.95, "the MLP classifies over 95% of the test points correctly");
  checker.check(mlp_acc > linear_acc + 0.05, "the hidden layers matter: 5+ points better than a linear model");
  return checker.exit_code();
}
