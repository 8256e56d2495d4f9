// Exercise 48 — a batch normalization layer.
//
// In train(), BatchNorm2d normalizes each channel with the batch's mean and
// biased variance, and updates running_mean / running_var with momentum 0.1
// (the running variance uses the unbiased estimate, n / (n - 1)). In eval()
// it normalizes with the running statistics. Both are checked against the
// definition computed by hand.
#include <cmath>

#include "ember.h"
#include "exercise.h"

using ember::Tensor;

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(48);

  auto bn = std::make_shared<ember::nn::BatchNorm2d>(3);
  bn->to(ember::kFloat64);
  Tensor x = ember::randn({4, 3, 5, 5}, ember::kFloat64) * 2 + 1;
  bn->train();
  Tensor y = bn->forward(x);

  std::vector<int64_t> dims{0, 2, 3};
  Tensor mean = x.mean(dims, true), var = x.var(dims, ember::VarOptions{.correction = 0, .keepdim = true});
  Tensor by_hand = (x - mean) / (var + 1e-5).sqrt();
  checker.check(y.allclose(by_hand, 1e-10, 1e-12), "train: normalized with the batch mean and biased variance");
  std::cout << "per-channel mean after normalizing: " << y.mean(dims) << "\n";

  double n = 4 * 5 * 5;
  Tensor expected_rm = mean.reshape({3}) * 0.1;
  Tensor expected_rv = ember::ones({3}, ember::kFloat64) * 0.9 + var.reshape({3}) * (n / (n - 1)) * 0.1;
  std::cout << "running_mean " << bn->running_mean << "\nrunning_var  " << bn->running_var << "\n";
  checker.check(bn->running_mean.allclose(expected_rm, 1e-12), "running_mean = 0.9 * 0 + 0.1 * batch mean");
  checker.check(bn->running_var.allclose(expected_rv, 1e-12),
                "running_var = 0.9 * 1 + 0.1 * unbiased batch variance");
  checker.check(bn->num_batches_tracked.item<int64_t>() == 1, "num_batches_tracked counts the step");

  bn->eval();
  Tensor z = bn->forward(x);
  Tensor eval_by_hand = (x - bn->running_mean.view({1, 3, 1, 1})) / (bn->running_var.view({1, 3, 1, 1}) + 1e-5).sqrt();
  checker.check(z.allclose(eval_by_hand, 1e-10, 1e-12), "eval: normalized with the running statistics");
  checker.check(bn->num_batches_tracked.item<int64_t>() == 1, "eval leaves the statistics alone");
  return checker.exit_code();
}
