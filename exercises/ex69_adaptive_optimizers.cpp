// Exercise 69 — adaptive learning rates with torch.optim.
//
// Adam, AdamW, RMSprop and Adagrad give each parameter its own step size,
// scaled by running statistics of its gradients. (The seed's answer uses
// ReduceLROnPlateau, which adapts the lr to the loss; that schedule is
// checked in exercise 57.)
// 1. Their update equations, written out below with plain doubles, are
//    stepped 3 times on f(p) = sum(a p² / 2 + b p) (gradient a p + b) from a
//    known start, and compared with what each ember optimizer does to a
//    float64 parameter: they must agree to 1e-12.
// 2. They train a small problem plain SGD struggles with: linear regression
//    whose second feature is 100x smaller than the first, so its weight gets
//    a 10^4 times smaller gradient. In 300 full-batch steps each adaptive
//    optimizer gets the loss near the noise floor; SGD at its largest stable
//    learning rate does not.
#include <cmath>
#include <cstdio>
#include <functional>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

const std::vector<double> A = {1.0, 10.0, 0.1}, B = {0.5, -1.0, 2.0}, P0 = {1.0, -2.0, 3.0};
constexpr int kSteps = 3;

// One step by hand: p, per-parameter state, the step number t (from 1) and the gradient.
struct HandState {
  std::vector<double> p = P0, m = {0, 0, 0}, v = {0, 0, 0};
};
using HandStep = std::function<void(HandState&, int t, const std::vector<double>& g)>;

double compare(optim::Optimizer& optimizer, Tensor& p, const HandStep& hand_step, HandState hand = {}) {
  Tensor a = tensor<double>(A, {}, kFloat64), b = tensor<double>(B, {}, kFloat64);
  for (int t = 1; t <= kSteps; ++t) {
    Tensor loss = (0.5 * a * p * p + b * p).sum();
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    std::vector<double> g(3);
    for (int i = 0; i < 3; ++i) g[i] = A[i] * hand.p[i] + B[i];
    hand_step(hand, t, g);
  }
  double err = 0;
  const double* got = p.detach().contiguous().data_ptr<double>();
  for (int i = 0; i < 3; ++i) err = std::max(err, std::fabs(got[i] - hand.p[i]));
  std::printf("  %-8s after %d steps: p = [%.9f, %.9f, %.9f], by hand [%.9f, %.9f, %.9f]  (max diff %.1e)\n",
              optimizer.name().c_str(), kSteps, got[0], got[1], got[2], hand.p[0], hand.p[1], hand.p[2], err);
  return err;
}

Tensor start() { return tensor<double>(P0, {}, kFloat64).requires_grad_(); }

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(69);

  // ---- 1. the update equations ----
  std::printf("1. %d steps on f(p) = sum(a p^2 / 2 + b p), p0 = [1, -2, 3]\n", kSteps);
  const double lr = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, wd = 0.1;
  // Adam (L2 weight decay: g += wd p):
  //   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g²,  p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
  auto adam_step = [&](bool decoupled) {
    return [=](HandState& s, int t, std::vector<double> g) {
      for (int i = 0; i < 3; ++i) {
        if (decoupled)
          s.p[i] *= 1 - lr * wd;  // AdamW: decay the weight itself
        else
          g[i] += wd * s.p[i];  // Adam: decay through the gradient
        s.m[i] = beta1 * s.m[i] + (1 - beta1) * g[i];
        s.v[i] = beta2 * s.v[i] + (1 - beta2) * g[i] * g[i];
        double m_hat = s.m[i] / (1 - std::pow(beta1, t)), v_hat = s.v[i] / (1 - std::pow(beta2, t));
        s.p[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
      }
    };
  };
  {
    Tensor p = start();
    optim::Adam adam({p}, {.lr = lr, .beta1 = beta1, .beta2 = beta2, .eps = eps, .weight_decay = wd});
    checker.check(compare(adam, p, adam_step(false)) < 1e-12,
                  "Adam (weight decay added to the gradient) matches its equations");
  }
  {
    Tensor p = start();
    optim::AdamW adamw({p}, {.lr = lr, .beta1 = beta1, .beta2 = beta2, .eps = eps, .weight_decay = wd});
    checker.check(compare(adamw, p, adam_step(true)) < 1e-12,
                  "AdamW (decoupled weight decay p *= 1 - lr wd) matches its equations");
  }
  {
    // RMSprop: v = alpha v + (1 - alpha) g²,  p -= lr g / (sqrt(v) + eps)
    const double alpha = 0.99, rms_lr = 0.01;
    Tensor p = start();
    optim::RMSprop rmsprop({p}, {.lr = rms_lr, .alpha = alpha, .eps = eps});
    double err = compare(rmsprop, p, [&](HandState& s, int, const std::vector<double>& g) {
      for (int i = 0; i < 3; ++i) {
        s.v[i] = alpha * s.v[i] + (1 - alpha) * g[i] * g[i];
        s.p[i] -= rms_lr * g[i] / (std::sqrt(s.v[i]) + eps);
      }
    });
    checker.check(err < 1e-12, "RMSprop matches its equations");
  }
  {
    // Adagrad: s = s + g² (s starts at 0.1),  lr_t = lr / (1 + (t - 1) lr_decay),  p -= lr_t g / (sqrt(s) + eps)
    const double ada_lr = 0.5, lr_decay = 0.05, init = 0.1, ada_eps = 1e-10;
    Tensor p = start();
    optim::Adagrad adagrad({p},
                           {.lr = ada_lr, .lr_decay = lr_decay, .initial_accumulator_value = init, .eps = ada_eps});
    HandState initial;
    initial.v = {init, init, init};
    double err = compare(
        adagrad, p,
        [&](HandState& s, int t, const std::vector<double>& g) {
          double lr_t = ada_lr / (1 + (t - 1) * lr_decay);
          for (int i = 0; i < 3; ++i) {
            s.v[i] += g[i] * g[i];
            s.p[i] -= lr_t * g[i] / (std::sqrt(s.v[i]) + ada_eps);
          }
        },
        initial);
    checker.check(err < 1e-12, "Adagrad (with lr_decay and an initial accumulator) matches its equations");
  }

  // ---- 2. a badly scaled problem ----
  std::printf("\n2. y = 2 x1 - 10 x2 + 1 + noise(0.01), x2 100x smaller than x1; 300 full-batch steps\n");
  Tensor x = randn({500, 2}) * tensor<float>({1.0f, 0.01f});
  Tensor y = x.matmul(tensor<float>({2.0f, -10.0f}).view({2, 1})) + 1 + 0.01 * randn({500, 1});
  const double noise_floor = 1e-4;
  auto fit = [&](const std::string& name) {
    manual_seed(690);
    auto model = std::make_shared<nn::Linear>(2, 1);
    std::unique_ptr<optim::Optimizer> opt;
    if (name == "SGD") opt = std::make_unique<optim::SGD>(model->parameters(), optim::SGDOptions{.lr = 0.9});
    if (name == "Adam") opt = std::make_unique<optim::Adam>(model->parameters(), optim::AdamOptions{.lr = 0.1});
    if (name == "AdamW")
      opt = std::make_unique<optim::AdamW>(model->parameters(), optim::AdamOptions{.lr = 0.1, .weight_decay = 1e-4});
    if (name == "RMSprop")
      opt = std::make_unique<optim::RMSprop>(model->parameters(), optim::RMSpropOptions{.lr = 0.03});
    if (name == "Adagrad")
      opt = std::make_unique<optim::Adagrad>(model->parameters(), optim::AdagradOptions{.lr = 0.5});
    double loss_value = 0;
    for (int step = 0; step < 300; ++step) {
      Tensor loss = F::mse_loss(model->forward(x), y);
      opt->zero_grad();
      loss.backward();
      opt->step();
      loss_value = loss.item<double>();
    }
    const float* w = model->weight.data_ptr<float>();
    std::printf("  %-8s loss %.6f  (%.1fx the noise floor)  w = [%.3f, %.3f], b = %.3f\n", name.c_str(), loss_value,
                loss_value / noise_floor, w[0], w[1], model->bias.item<double>());
    return loss_value;
  };
  double sgd = fit("SGD");
  bool all_good = true;
  for (const char* name : {"Adam", "AdamW", "RMSprop", "Adagrad"}) all_good &= fit(name) < 3 * noise_floor;
  checker.check(all_good, "Adam, AdamW, RMSprop and Adagrad reach 3x the noise floor");
  checker.check(sgd > 10 * noise_floor,
                "plain SGD (lr 0.9, near its stability limit) stays over 10x: the small feature's weight lags");
  return checker.exit_code();
}
