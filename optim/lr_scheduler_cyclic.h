// lr_scheduler_cyclic.h — the cyclical schedules, stepped once per batch
// (torch 1.13's CyclicLR and OneCycleLR). Both move the lr between a low and
// a high value and can move the momentum the other way: "momentum" for SGD
// and RMSprop, and for OneCycleLR also Adam's "beta1" (torch's betas[0]).
//
// Left out: torch's `verbose` printing; OneCycleLR reads its max_lr, min_lr
// and momentum bounds from the scheduler rather than from extra options in
// the optimizer's groups (where torch puts them), so a resumed OneCycleLR
// (last_epoch != -1) takes them from its options again.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "optim/lr_scheduler.h"

namespace ember::optim {

struct CyclicLROptions {
  std::vector<double> base_lr = {};                     // required: the low lr, one for all groups or one per group
  std::vector<double> max_lr = {};                      // required: the high lr, likewise
  double step_size_up = 2000;                           // iterations from base_lr up to max_lr
  std::optional<double> step_size_down = std::nullopt;  // iterations back down; step_size_up when unset
  std::string mode = "triangular";                   // "triangular", "triangular2" (halved each cycle) or "exp_range"
  double gamma = 1.0;                                // exp_range: the amplitude shrinks by gamma^iteration
  std::function<double(double)> scale_fn = nullptr;  // replaces the mode's amplitude scaling
  std::string scale_mode = "cycle";                  // scale_fn's argument: "cycle" number or "iterations"
  bool cycle_momentum = true;                        // needs an optimizer with "momentum"
  std::vector<double> base_momentum = {0.8};
  std::vector<double> max_momentum = {0.9};
  int64_t last_epoch = -1;
};

/// Cycles the lr between base_lr and max_lr (Smith, "Cyclical Learning
/// Rates for Training Neural Networks"), and the momentum between
/// max_momentum and base_momentum, opposite to it.
class CyclicLR : public LRScheduler {
 public:
  CyclicLR(Optimizer& optimizer, CyclicLROptions options);

 protected:
  std::vector<double> get_lr() override;
  void state_fields(const std::string& prefix, StateFields& fields) override;

 private:
  std::vector<double> max_lrs_;
  double total_size_;  // iterations per cycle
  double step_ratio_;  // the rising part of a cycle
  std::function<double(double)> scale_fn_;
  bool scale_by_cycle_;  // scale_fn of the cycle number, else of the iteration
  bool cycle_momentum_;
  std::vector<double> base_momentums_;
  std::vector<double> max_momentums_;
};

struct OneCycleLROptions {
  std::vector<double> max_lr = {};                    // required: one for all groups, or one per group
  std::optional<int64_t> total_steps = std::nullopt;  // or give epochs and steps_per_epoch
  std::optional<int64_t> epochs = std::nullopt;
  std::optional<int64_t> steps_per_epoch = std::nullopt;
  double pct_start = 0.3;               // the part of the cycle spent raising the lr
  std::string anneal_strategy = "cos";  // "cos" or "linear"
  bool cycle_momentum = true;           // needs an optimizer with "momentum" or "beta1"
  std::vector<double> base_momentum = {0.85};
  std::vector<double> max_momentum = {0.95};
  double div_factor = 25.0;       // initial_lr = max_lr / div_factor
  double final_div_factor = 1e4;  // min_lr = initial_lr / final_div_factor
  bool three_phase = false;       // back down to initial_lr before annealing to min_lr
  int64_t last_epoch = -1;
};

/// The 1cycle policy (Smith & Topin, "Super-Convergence"): the lr rises from
/// initial_lr to max_lr over pct_start of total_steps, then anneals to
/// min_lr, far below initial_lr; the momentum moves the other way.
class OneCycleLR : public LRScheduler {
 public:
  OneCycleLR(Optimizer& optimizer, OneCycleLROptions options);

 protected:
  std::vector<double> get_lr() override;

 private:
  /// One stretch of the cycle: from the step where the last one ended to
  /// end_step, lr and momentum anneal between the two named bounds.
  struct Phase {
    double end_step;
    const std::vector<double> OneCycleLR::*start_lr;
    const std::vector<double> OneCycleLR::*end_lr;
    const std::vector<double> OneCycleLR::*start_momentum;
    const std::vector<double> OneCycleLR::*end_momentum;
  };

  int64_t total_steps_;
  std::vector<Phase> phases_;
  bool linear_;  // anneal_strategy "linear", else "cos"
  bool cycle_momentum_;
  std::string momentum_key_;  // "momentum" or "beta1"
  std::vector<double> max_lrs_;
  std::vector<double> min_lrs_;
  std::vector<double> max_momentums_;
  std::vector<double> base_momentums_;
};

}  // namespace ember::optim
