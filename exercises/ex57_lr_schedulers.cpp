// Exercise 57 — adjust the learning rate during training with LR schedulers.
//
// Four schedulers each drive their own SGD optimizer for 100 steps; the lr
// (and for OneCycleLR the momentum) the optimizer holds after each step is
// compared with the schedule's closed-form formula, computed here with plain
// doubles (t = steps taken, base lr 0.1):
//   StepLR(step_size 10, gamma 0.5)       lr = 0.1 · 0.5^floor(t / 10)
//   CosineAnnealingLR(T_max 50, eta_min 1e-3)
//                                         lr = eta_min + (0.1 - eta_min)(1 + cos(pi t / 50)) / 2
//     (over two half-periods: down to eta_min at t = 50 and back up by t = 100)
//   ReduceLROnPlateau(factor 0.5, patience 5, cooldown 2, min_lr 5e-3) fed a
//     loss that falls for 10 epochs and then stays flat: the first cut comes
//     patience + 1 = 6 epochs after the last improvement (t = 15), then one
//     every patience + 1 + cooldown = 8 epochs, never below min_lr:
//                                         lr = max(0.1 · 0.5^n(t), 5e-3),  n(t) = t < 15 ? 0 : 1 + floor((t - 15) / 8)
//   OneCycleLR(max_lr 0.1, 100 steps, pct_start 0.3, cos, div 25, final div 1e4)
//     warm-up from max_lr / 25 to max_lr over steps 0..29, then cosine
//     annealing to max_lr / 25 / 1e4 at step 99; momentum 0.95 -> 0.85 -> 0.95:
//                                         cos_anneal(a, b, p) = b + (a - b)(1 + cos(pi p)) / 2
// Every value must agree to 1e-12 (relative).
#include <cmath>
#include <cstdio>
#include <numbers>

#include "ember.h"
#include "exercise.h"

using namespace ember;
using std::numbers::pi;

double rel_err(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-300); }

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(57);
  const int steps = 100;
  Tensor w = zeros({1}).requires_grad_();
  auto make_sgd = [&] {
    return std::make_unique<optim::SGD>(TensorList{w}, optim::SGDOptions{.lr = 0.1, .momentum = 0.9});
  };

  auto sgd_step = make_sgd(), sgd_cos = make_sgd(), sgd_plateau = make_sgd(), sgd_cycle = make_sgd();
  optim::StepLR step_lr(*sgd_step, {.step_size = 10, .gamma = 0.5});
  optim::CosineAnnealingLR cosine(*sgd_cos, {.T_max = 50, .eta_min = 1e-3});
  optim::ReduceLROnPlateau plateau(*sgd_plateau, {.factor = 0.5, .patience = 5, .cooldown = 2, .min_lr = {5e-3}});
  optim::OneCycleLR one_cycle(*sgd_cycle, {.max_lr = {0.1}, .total_steps = steps});

  auto cos_anneal = [](double start, double end, double pct) {
    return end + (start - end) / 2 * (std::cos(pi * pct) + 1);
  };
  double err_step = 0, err_cos = 0, err_plateau = 0, err_cycle = 0, err_momentum = 0;
  std::printf("   t    StepLR    Cosine   Plateau  OneCycle (momentum)\n");
  for (int t = 0; t < steps; ++t) {
    // the schedulers' lrs for step t (constructors took step 0; the plateau steps on this epoch's loss)
    if (t > 0) {
      step_lr.step();
      cosine.step();
      one_cycle.step();
    }
    double loss = t < 10 ? 1.0 / (t + 1) : 0.1;
    plateau.step(loss);

    double want_step = 0.1 * std::pow(0.5, t / 10);
    double want_cos = 1e-3 + (0.1 - 1e-3) * (1 + std::cos(pi * t / 50)) / 2;
    int cuts = t < 15 ? 0 : 1 + (t - 15) / 8;
    double want_plateau = std::max(0.1 * std::pow(0.5, cuts), 5e-3);
    double initial = 0.1 / 25, final_lr = initial / 1e4;
    double want_cycle = t <= 29 ? cos_anneal(initial, 0.1, t / 29.0) : cos_anneal(0.1, final_lr, (t - 29) / 70.0);
    double want_momentum = t <= 29 ? cos_anneal(0.95, 0.85, t / 29.0) : cos_anneal(0.85, 0.95, (t - 29) / 70.0);

    err_step = std::max(err_step, rel_err(sgd_step->lr(), want_step));
    err_cos = std::max(err_cos, rel_err(sgd_cos->lr(), want_cos));
    err_plateau = std::max(err_plateau, rel_err(sgd_plateau->lr(), want_plateau));
    err_cycle = std::max(err_cycle, rel_err(sgd_cycle->lr(), want_cycle));
    err_momentum = std::max(err_momentum, rel_err(sgd_cycle->param_groups()[0].options.at("momentum"), want_momentum));
    if (t % 10 == 0 || t == 15 || t == 29 || t == 99)
      std::printf("  %2d  %.6f  %.6f  %.6f  %.2e (%.4f)\n", t, sgd_step->lr(), sgd_cos->lr(), sgd_plateau->lr(),
                  sgd_cycle->lr(), sgd_cycle->param_groups()[0].options.at("momentum"));
  }
  std::printf("largest relative errors: StepLR %.1e, cosine %.1e, plateau %.1e, one-cycle %.1e (momentum %.1e)\n",
              err_step, err_cos, err_plateau, err_cycle, err_momentum);
  checker.check(err_step < 1e-12, "StepLR: lr = base · gamma^floor(t / step_size)");
  checker.check(err_cos < 1e-12, "CosineAnnealingLR: lr = eta_min + (base - eta_min)(1 + cos(pi t / T_max)) / 2");
  checker.check(err_plateau < 1e-12,
                "ReduceLROnPlateau: halves after patience + 1 flat epochs, then every 8 (cooldown), floor min_lr");
  checker.check(err_cycle < 1e-12 && err_momentum < 1e-12,
                "OneCycleLR: cosine warm-up and annealing of lr and momentum");
  checker.check(std::fabs(sgd_cycle->lr() - 0.1 / 25 / 1e4) < 1e-18,
                "OneCycleLR ends at max_lr / div_factor / final_div_factor");
  return checker.exit_code();
}
