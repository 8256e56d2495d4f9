// Exercise 65 — early stopping with patience and min_delta.
//
// train::EarlyStopping counts an epoch as an improvement only when the
// validation loss beats the best so far by more than min_delta; any other
// epoch adds one to the wait count, and training stops when it reaches
// patience. Two runs show what min_delta changes:
//  1. a crafted curve that creeps down by 0.004 per epoch after epoch 1,
//     with patience 3: at min_delta = 0.01 the creep does not reset the wait
//     count — until it adds up to more than 0.01 below the best (epoch 4) —
//     and training stops at epoch 7; at min_delta = 0 every creep counts and
//     it stops only at epoch 10, three epochs after the true minimum.
//     (The seed's answer is the min_delta = 0 rule.)
//  2. a real run: linear regression with one feature 10x smaller than the
//     other converges with a long tail of tiny gains; min_delta = 1e-5 stops
//     in under half the epochs min_delta = 0 takes, at a validation loss
//     within 5% of the longer run's.
#include <cstdio>
#include <vector>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

struct Outcome {
  int64_t stopped, best;
  double best_score;
};

Outcome run_curve(const std::vector<double>& curve, double min_delta, const nn::Module& model) {
  train::EarlyStopping stopper({.patience = 3, .min_delta = min_delta});
  std::printf("  min_delta %.2f:", min_delta);
  for (double v : curve) {
    bool stop = stopper.step(v, model);
    std::printf(" %lld", (long long)stopper.wait_count());
    if (stop) break;
  }
  std::printf("   (wait count per epoch) -> stop at epoch %lld, best epoch %lld (%.3f)\n",
              (long long)stopper.stopped_epoch(), (long long)stopper.best_epoch(), stopper.best_score());
  return {stopper.stopped_epoch(), stopper.best_epoch(), stopper.best_score()};
}

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);  // small either way
  exercise::Checker checker;
  manual_seed(65);

  // ---- 1. a crafted curve ----
  const std::vector<double> curve = {1.000, 0.800, 0.796, 0.792, 0.788, 0.787,
                                     0.786, 0.785, 0.785, 0.786, 0.790, 0.800};
  std::printf("1. validation curve:");
  for (double v : curve) std::printf(" %.3f", v);
  std::printf("\n   patience 3\n");
  nn::Linear dummy(1, 1);  // EarlyStopping needs a model (its weights are not kept here)
  Outcome with_delta = run_curve(curve, 0.01, dummy);
  Outcome without = run_curve(curve, 0.0, dummy);
  checker.check(with_delta.stopped == 7 && with_delta.best == 4,
                "min_delta 0.01: improvements under 0.01 do not reset patience; stop at epoch 7 (best: epoch 4)");
  checker.check(without.stopped == 10 && without.best == 7,
                "min_delta 0: every improvement counts; stop at epoch 10 (best: epoch 7)");

  // ---- 2. a real, slowly converging run ----
  const int64_t max_epochs = 5000;
  std::printf("\n2. linear regression, one feature 10x smaller than the other, SGD lr 0.3, patience 5\n");
  // the second feature is 10x smaller, so its weight converges 100x slower: a long tail of tiny gains
  Tensor scale = tensor<float>({1.0f, 0.1f}), w_true = tensor<float>({3.0f, 2.0f}).view({2, 1});
  Tensor x = randn({1000, 2}) * scale, x_val = randn({1000, 2}) * scale;
  Tensor y = x.matmul(w_true) - 1 + 0.1 * randn({1000, 1}), y_val = x_val.matmul(w_true) - 1 + 0.1 * randn({1000, 1});
  auto train_until_stop = [&](double min_delta) {
    manual_seed(650);  // the same initial weights for both runs
    auto model = std::make_shared<nn::Linear>(2, 1);
    optim::SGD optimizer(model->parameters(), {.lr = 0.3});
    train::EarlyStopping stopper({.patience = 5, .min_delta = min_delta});
    int64_t epoch = 0;
    for (; epoch < max_epochs; ++epoch) {
      Tensor loss = F::mse_loss(model->forward(x), y);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      NoGradGuard no_grad;
      if (stopper.step(F::mse_loss(model->forward(x_val), y_val).item<double>(), *model)) break;
    }
    std::printf("  min_delta %g: stopped at epoch %lld, best validation MSE %.6f (epoch %lld)\n", min_delta,
                (long long)stopper.stopped_epoch(), stopper.best_score(), (long long)stopper.best_epoch());
    return Outcome{stopper.stopped_epoch() < 0 ? max_epochs : stopper.stopped_epoch(), stopper.best_epoch(),
                   stopper.best_score()};
  };
  Outcome coarse = train_until_stop(1e-5), fine = train_until_stop(0.0);
  std::printf("  min_delta 1e-5 saved %lld epochs; they would have lowered the validation MSE by %.6f (%.1f%%)\n",
              (long long)(fine.stopped - coarse.stopped), coarse.best_score - fine.best_score,
              100 * (coarse.best_score - fine.best_score) / fine.best_score);
  checker.check(coarse.stopped > 0 && coarse.stopped < fine.stopped / 2,
                "min_delta 1e-5 stops in less than half the epochs");
  checker.check(coarse.best_score - fine.best_score < 0.05 * fine.best_score,
                "... at a validation MSE within 5% of the longer run's");
  return checker.exit_code();
}
