// lr_scheduler_cyclic.cpp — CyclicLR and OneCycleLR (see lr_scheduler_cyclic.h),
// torch 1.13's formulas operation for operation; t is last_epoch_, the
// iteration just reached.
#include "optim/lr_scheduler_cyclic.h"

#include <cmath>
#include <numbers>

#include "optim/lr_scheduler_internal.h"

namespace ember::optim {

// ---------------------------------------------------------------------------
// CyclicLR

namespace {
/// torch sets each group's lr to base_lr before the base constructor records it as initial_lr.
Optimizer& start_at_base_lr(Optimizer& optimizer, const CyclicLROptions& options) {
  std::vector<ParamGroup>& groups = optimizer.param_groups();
  std::vector<double> base_lrs = detail::per_group("CyclicLR", "base_lr", options.base_lr, groups.size());
  if (options.last_epoch == -1)
    for (size_t g = 0; g < groups.size(); ++g) groups[g].options.at("lr") = base_lrs[g];
  return optimizer;
}
}  // namespace

CyclicLR::CyclicLR(Optimizer& optimizer, CyclicLROptions options)
    : LRScheduler("CyclicLR", start_at_base_lr(optimizer, options), options.last_epoch),
      cycle_momentum_(options.cycle_momentum) {
  std::vector<ParamGroup>& groups = optimizer_.param_groups();
  std::vector<double> base_lrs = detail::per_group(name_, "base_lr", options.base_lr, groups.size());
  max_lrs_ = detail::per_group(name_, "max_lr", options.max_lr, groups.size());

  double step_size_up = options.step_size_up, step_size_down = options.step_size_down.value_or(step_size_up);
  EMBER_CHECK(step_size_up > 0 && step_size_down >= 0, name_, "step_size_up must be positive and step_size_down ",
              "non-negative, got ", step_size_up, " and ", step_size_down);
  total_size_ = step_size_up + step_size_down;
  step_ratio_ = step_size_up / total_size_;

  if (options.scale_fn) {
    EMBER_CHECK(options.scale_mode == "cycle" || options.scale_mode == "iterations", name_, "scale_mode '",
                options.scale_mode, "' is unknown (expected 'cycle' or 'iterations')");
    scale_fn_ = options.scale_fn;
    scale_by_cycle_ = options.scale_mode == "cycle";
  } else if (options.mode == "triangular") {
    scale_fn_ = [](double) { return 1.0; };
    scale_by_cycle_ = true;
  } else if (options.mode == "triangular2") {
    scale_fn_ = [](double cycle) { return 1 / std::pow(2.0, cycle - 1); };  // halves each cycle
    scale_by_cycle_ = true;
  } else if (options.mode == "exp_range") {
    scale_fn_ = [gamma = options.gamma](double t) { return std::pow(gamma, t); };  // gamma^iteration
    scale_by_cycle_ = false;
  } else {
    EMBER_FAIL(name_, "mode '", options.mode, "' is invalid and scale_fn is not given ",
               "(expected 'triangular', 'triangular2' or 'exp_range')");
  }

  if (cycle_momentum_) {
    EMBER_CHECK(optimizer_.defaults().count("momentum"), name_, "optimizer ", optimizer_.name(),
                " must support momentum with `cycle_momentum` option enabled");
    std::vector<double> base_momentums =
        detail::per_group(name_, "base_momentum", options.base_momentum, groups.size());
    max_momentums_ = detail::per_group(name_, "max_momentum", options.max_momentum, groups.size());
    for (size_t g = 0; g < groups.size(); ++g) {
      if (options.last_epoch == -1) groups[g].options.at("momentum") = base_momentums[g];
      base_momentums_.push_back(groups[g].options.at("momentum"));
    }
  }
  initial_step();
  // torch assigns base_lrs after its initial step, which used the groups' initial_lr.
  base_lrs_ = base_lrs;
}

// cycle = floor(1 + t / total_size),  x = 1 + t / total_size - cycle   (where in the cycle, in [0, 1))
// scale_factor = x / step_ratio going up, (x - 1) / (step_ratio - 1) coming down
// lr       = base_lr      + (max_lr - base_lr)             scale_factor scale_fn(cycle or t)
// momentum = max_momentum - (max_momentum - base_momentum) scale_factor scale_fn(cycle or t)
std::vector<double> CyclicLR::get_lr() {
  double t = static_cast<double>(last_epoch_);
  double cycle = std::floor(1 + t / total_size_);
  double x = 1. + t / total_size_ - cycle;
  double scale_factor = x <= step_ratio_ ? x / step_ratio_ : (x - 1) / (step_ratio_ - 1);
  double scale = scale_fn_(scale_by_cycle_ ? cycle : t);

  std::vector<double> lrs;
  for (size_t g = 0; g < base_lrs_.size(); ++g) {
    double base_height = (max_lrs_[g] - base_lrs_[g]) * scale_factor;
    lrs.push_back(base_lrs_[g] + base_height * scale);
  }
  if (cycle_momentum_) {
    std::vector<ParamGroup>& groups = optimizer_.param_groups();
    for (size_t g = 0; g < base_momentums_.size(); ++g) {
      double base_height = (max_momentums_[g] - base_momentums_[g]) * scale_factor;
      groups[g].options.at("momentum") = max_momentums_[g] - base_height * scale;
    }
  }
  return lrs;
}

void CyclicLR::state_fields(const std::string& prefix, StateFields& fields) {
  LRScheduler::state_fields(prefix, fields);
  if (cycle_momentum_) fields.emplace_back(prefix + "base_momentums", &base_momentums_);
}

// ---------------------------------------------------------------------------
// OneCycleLR

namespace {
/// Checks the options, then sets the groups up as torch does before its base
/// constructor: initial_lr = max_lr / div_factor, and the momentum at its maximum.
Optimizer& set_up_one_cycle(Optimizer& optimizer, const OneCycleLROptions& options) {
  const char* name = "OneCycleLR";
  std::vector<ParamGroup>& groups = optimizer.param_groups();
  if (options.total_steps) {
    EMBER_CHECK(*options.total_steps > 0, name, "Expected positive integer total_steps, but got ",
                *options.total_steps);
  } else {
    EMBER_CHECK(options.epochs && options.steps_per_epoch, name,
                "You must define either total_steps OR (epochs AND steps_per_epoch)");
    EMBER_CHECK(*options.epochs > 0, name, "Expected positive integer epochs, but got ", *options.epochs);
    EMBER_CHECK(*options.steps_per_epoch > 0, name, "Expected positive integer steps_per_epoch, but got ",
                *options.steps_per_epoch);
  }
  EMBER_CHECK(options.pct_start >= 0 && options.pct_start <= 1, name,
              "Expected float between 0 and 1 pct_start, but got ", options.pct_start);
  EMBER_CHECK(options.anneal_strategy == "cos" || options.anneal_strategy == "linear", name,
              "anneal_strategy must by one of 'cos' or 'linear', instead got '", options.anneal_strategy, "'");
  std::vector<double> max_lrs = detail::per_group(name, "max_lr", options.max_lr, groups.size());
  std::vector<double> max_momentums;
  if (options.cycle_momentum) {
    const GroupOptions& defaults = optimizer.defaults();
    EMBER_CHECK(defaults.count("momentum") || defaults.count("beta1"), name, "optimizer ", optimizer.name(),
                " must support momentum with `cycle_momentum` option enabled");
    max_momentums = detail::per_group(name, "max_momentum", options.max_momentum, groups.size());
    detail::per_group(name, "base_momentum", options.base_momentum, groups.size());
  }
  if (options.last_epoch == -1) {
    for (size_t g = 0; g < groups.size(); ++g) {
      groups[g].options.insert_or_assign(kInitialLr, max_lrs[g] / options.div_factor);
      if (options.cycle_momentum)
        groups[g].options.at(optimizer.defaults().count("beta1") ? "beta1" : "momentum") = max_momentums[g];
    }
  }
  return optimizer;
}
}  // namespace

OneCycleLR::OneCycleLR(Optimizer& optimizer, OneCycleLROptions options)
    : LRScheduler("OneCycleLR", set_up_one_cycle(optimizer, options), options.last_epoch),
      total_steps_(options.total_steps ? *options.total_steps : *options.epochs * *options.steps_per_epoch),
      linear_(options.anneal_strategy == "linear"),
      cycle_momentum_(options.cycle_momentum),
      momentum_key_(optimizer.defaults().count("beta1") ? "beta1" : "momentum") {
  size_t groups = optimizer_.param_groups().size();
  max_lrs_ = detail::per_group(name_, "max_lr", options.max_lr, groups);
  for (size_t g = 0; g < groups; ++g) min_lrs_.push_back(max_lrs_[g] / options.div_factor / options.final_div_factor);
  if (cycle_momentum_) {
    max_momentums_ = detail::per_group(name_, "max_momentum", options.max_momentum, groups);
    base_momentums_ = detail::per_group(name_, "base_momentum", options.base_momentum, groups);
  }
  double pct_start = options.pct_start, total_steps = static_cast<double>(total_steps_);
  // Each phase: {end_step, lr from, lr to, momentum from, momentum to}; initial_lr is base_lrs_.
  using O = OneCycleLR;
  if (options.three_phase) {
    phases_ = {{pct_start * total_steps - 1, &O::base_lrs_, &O::max_lrs_, &O::max_momentums_, &O::base_momentums_},
               {2 * pct_start * total_steps - 2, &O::max_lrs_, &O::base_lrs_, &O::base_momentums_, &O::max_momentums_},
               {total_steps - 1, &O::base_lrs_, &O::min_lrs_, &O::max_momentums_, &O::max_momentums_}};
  } else {
    phases_ = {{pct_start * total_steps - 1, &O::base_lrs_, &O::max_lrs_, &O::max_momentums_, &O::base_momentums_},
               {total_steps - 1, &O::max_lrs_, &O::min_lrs_, &O::base_momentums_, &O::max_momentums_}};
  }
  initial_step();
}

// Within a phase, pct = (t - phase start) / (phase end - phase start) and
//   cos:    value = end + (start - end) / 2 (1 + cos(pi pct))
//   linear: value = (end - start) pct + start
// The last phase runs on past its end (t = total_steps is allowed, as in torch).
std::vector<double> OneCycleLR::get_lr() {
  EMBER_CHECK(last_epoch_ <= total_steps_, name_, "Tried to step ", last_epoch_ + 1,
              " times. The specified number of total steps is ", total_steps_);
  auto anneal = [this](double start, double end, double pct) {
    if (linear_) return (end - start) * pct + start;
    double cos_out = std::cos(std::numbers::pi * pct) + 1;
    return end + (start - end) / 2.0 * cos_out;
  };
  double t = static_cast<double>(last_epoch_);
  std::vector<ParamGroup>& groups = optimizer_.param_groups();
  std::vector<double> lrs;
  for (size_t g = 0; g < base_lrs_.size(); ++g) {
    double start_step = 0;
    for (size_t i = 0; i < phases_.size(); ++i) {
      const Phase& phase = phases_[i];
      if (t <= phase.end_step || i + 1 == phases_.size()) {
        double pct = (t - start_step) / (phase.end_step - start_step);
        lrs.push_back(anneal((this->*phase.start_lr)[g], (this->*phase.end_lr)[g], pct));
        if (cycle_momentum_)
          groups[g].options.at(momentum_key_) =
              anneal((this->*phase.start_momentum)[g], (this->*phase.end_momentum)[g], pct);
        break;
      }
      start_step = phase.end_step;
    }
  }
  return lrs;
}

}  // namespace ember::optim
