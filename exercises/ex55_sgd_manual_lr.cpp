// Exercise 55 — train with torch.optim.SGD and adjust the learning rate by hand.
//
// A linear model (float64) is fitted to y = x·w + b with plain SGD for 30
// epochs; the learning rate is cut by hand mid-training: 0.1 for epochs
// 0-9, then optimizer.set_lr(0.01), then 0.001 written straight into
// param_groups()[0].options["lr"] (PyTorch's param_group['lr'] = ...).
// At every step the answer checks that the change takes effect: each
// parameter moves by exactly -lr * grad with the lr in force at that step
// (the ratio |Δp| / |grad| printed per epoch is the lr). Finally the seed's
// version — StepLR(step_size=10, gamma=0.1) — gives the same lrs and
// bit-identical weights.
#include <cmath>
#include <cstdio>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

struct Run {
  std::vector<double> lrs;  // lr used in each epoch
  double max_step_error = 0;
  nn::StateDict final_state;
};

// use_scheduler: StepLR does the cuts; else they are made by hand.
Run run(const Tensor& x, const Tensor& y, bool use_scheduler, bool verbose) {
  manual_seed(550);  // the same initial weights for both runs
  auto model = std::make_shared<nn::Linear>(3, 1);
  model->to(kFloat64);
  optim::SGD optimizer(model->parameters(), {.lr = 0.1});
  std::unique_ptr<optim::StepLR> scheduler;
  if (use_scheduler)
    scheduler = std::make_unique<optim::StepLR>(optimizer, optim::StepLROptions{.step_size = 10, .gamma = 0.1});
  Run result;
  for (int epoch = 0; epoch < 30; ++epoch) {
    if (!use_scheduler && epoch == 10) optimizer.set_lr(0.01);
    if (!use_scheduler && epoch == 20) optimizer.param_groups()[0].options["lr"] = 0.001;
    double lr = optimizer.lr();
    result.lrs.push_back(lr);

    Tensor loss = F::mse_loss(model->forward(x), y);
    optimizer.zero_grad();
    loss.backward();
    std::vector<Tensor> before, grads;
    for (const Tensor& p : model->parameters()) before.push_back(p.detach().clone()), grads.push_back(p.grad().clone());
    optimizer.step();
    double step_norm = 0, grad_norm = 0;
    TensorList params = model->parameters();
    for (size_t i = 0; i < params.size(); ++i) {
      Tensor delta = params[i].detach() - before[i];
      Tensor expected = -lr * grads[i];
      result.max_step_error = std::max(result.max_step_error, (delta - expected).abs().max().item<double>());
      step_norm += delta.square().sum().item<double>();
      grad_norm += grads[i].square().sum().item<double>();
    }
    if (scheduler) scheduler->step();
    if (verbose && (epoch % 5 == 0 || epoch % 10 == 9))
      std::printf("  epoch %2d  lr %.4f  loss %.6f  |dp|/|grad| = %.6f\n", epoch, lr, loss.item<double>(),
                  std::sqrt(step_norm / grad_norm));
  }
  result.final_state = model->state_dict();
  return result;
}

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(55);
  Tensor x = randn({64, 3}, kFloat64);
  Tensor y = x.matmul(tensor<double>({1.5, -2.0, 0.5}, kFloat64).view({3, 1})) + 0.3;

  std::printf(
      "lr cut by hand: 0.1, then set_lr(0.01) at epoch 10, then param_groups()[0].options[\"lr\"] = 0.001 at 20\n");
  Run manual = run(x, y, false, true);
  checker.check(manual.lrs[9] == 0.1 && manual.lrs[10] == 0.01 && manual.lrs[20] == 0.001,
                "the optimizer reports the new lr from the epoch it was set");
  std::printf("largest |Δp - (-lr·grad)| over all steps: %.3g\n", manual.max_step_error);
  checker.check(manual.max_step_error < 1e-14,
                "every step moved each parameter by exactly -lr * grad with the current lr");

  Run scheduled = run(x, y, true, false);
  bool same_lrs = true;
  for (int e = 0; e < 30; ++e) same_lrs &= std::fabs(scheduled.lrs[e] - manual.lrs[e]) < 1e-15;
  bool same_weights = true;
  for (const auto& [name, t] : manual.final_state) same_weights &= t.allclose(scheduled.final_state.at(name), 0, 1e-15);
  std::printf("StepLR(step_size=10, gamma=0.1): lrs %g, %g, %g\n", scheduled.lrs[0], scheduled.lrs[10],
              scheduled.lrs[20]);
  checker.check(same_lrs && same_weights, "StepLR gives the same schedule and the same weights as the hand cuts");
  return checker.exit_code();
}
