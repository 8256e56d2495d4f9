// lr_scheduler_plateau.cpp — ReduceLROnPlateau (see lr_scheduler_plateau.h).
#include "optim/lr_scheduler_plateau.h"

#include <algorithm>
#include <limits>

#include "optim/lr_scheduler_internal.h"

namespace ember::optim {

ReduceLROnPlateau::ReduceLROnPlateau(Optimizer& optimizer, ReduceLROnPlateauOptions options)
    : optimizer_(optimizer),
      mode_max_(options.mode == "max"),
      threshold_abs_(options.threshold_mode == "abs"),
      factor_(options.factor),
      patience_(options.patience),
      threshold_(options.threshold),
      cooldown_(options.cooldown),
      min_lrs_(detail::per_group("ReduceLROnPlateau", "min_lr", options.min_lr, optimizer.param_groups().size())),
      eps_(options.eps) {
  const char* name = "ReduceLROnPlateau";
  EMBER_CHECK(factor_ < 1.0, name, "Factor should be < 1.0, got ", factor_);
  EMBER_CHECK(options.mode == "min" || options.mode == "max", name, "mode '", options.mode,
              "' is unknown (expected 'min' or 'max')");
  EMBER_CHECK(options.threshold_mode == "rel" || options.threshold_mode == "abs", name, "threshold mode '",
              options.threshold_mode, "' is unknown (expected 'rel' or 'abs')");
  best_ = mode_max_ ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  for (const ParamGroup& g : optimizer_.param_groups()) last_lr_.push_back(g.options.at("lr"));
}

void ReduceLROnPlateau::step(const Tensor& metrics) {
  EMBER_CHECK(metrics.numel() == 1, "ReduceLROnPlateau", "step() needs one metric value, got a tensor of shape ",
              shape_str(metrics.sizes()));
  step(metrics.item<double>());
}

void ReduceLROnPlateau::step(double metrics) {
  ++last_epoch_;
  if (is_better(metrics, best_)) {
    best_ = metrics;
    num_bad_epochs_ = 0;
  } else {
    ++num_bad_epochs_;
  }
  if (in_cooldown()) {
    --cooldown_counter_;
    num_bad_epochs_ = 0;  // bad epochs during the cooldown do not count
  }
  if (num_bad_epochs_ > patience_) {
    reduce_lr();
    cooldown_counter_ = cooldown_;
    num_bad_epochs_ = 0;
  }
  last_lr_.clear();
  for (const ParamGroup& g : optimizer_.param_groups()) last_lr_.push_back(g.options.at("lr"));
}

// new_lr = max(lr * factor, min_lr), applied only when lr - new_lr > eps
void ReduceLROnPlateau::reduce_lr() {
  std::vector<ParamGroup>& groups = optimizer_.param_groups();
  for (size_t g = 0; g < std::min(groups.size(), min_lrs_.size()); ++g) {
    double old_lr = groups[g].options.at("lr");
    double new_lr = std::max(old_lr * factor_, min_lrs_[g]);
    if (old_lr - new_lr > eps_) groups[g].options.at("lr") = new_lr;
  }
}

bool ReduceLROnPlateau::is_better(double a, double best) const {
  if (!mode_max_ && !threshold_abs_) return a < best * (1.0 - threshold_);
  if (!mode_max_ && threshold_abs_) return a < best - threshold_;
  if (mode_max_ && !threshold_abs_) return a > best * (threshold_ + 1.0);
  return a > best + threshold_;
}

StateFields ReduceLROnPlateau::state_fields() {
  return {{"last_epoch", &last_epoch_},
          {"best", &best_},
          {"num_bad_epochs", &num_bad_epochs_},
          {"cooldown_counter", &cooldown_counter_},
          {"_last_lr", &last_lr_}};
}

nn::StateDict ReduceLROnPlateau::state_dict() const {
  // state_fields() hands out pointers for load_state_dict to write through; here they are only read.
  return detail::save_fields(const_cast<ReduceLROnPlateau*>(this)->state_fields());
}

void ReduceLROnPlateau::load_state_dict(const nn::StateDict& dict) {
  detail::load_fields("ReduceLROnPlateau", state_fields(), dict);
}

}  // namespace ember::optim
