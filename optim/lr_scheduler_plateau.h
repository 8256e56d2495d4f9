// lr_scheduler_plateau.h — ReduceLROnPlateau (torch 1.13): cuts the lr by
// `factor` once a watched metric (a validation loss, an accuracy) has stopped
// improving for `patience` epochs. Unlike the other schedulers it steps on
// a metric, scheduler.step(val_loss), so it is not an LRScheduler.
//
// A metric improves on the best seen so far when it beats it by more than
// the threshold:  mode "min", "rel":  metric < best (1 - threshold)
//                 mode "min", "abs":  metric < best - threshold
//                 mode "max", "rel":  metric > best (1 + threshold)
//                 mode "max", "abs":  metric > best + threshold
// After a cut, `cooldown` epochs pass before bad epochs count again; a cut
// never goes below min_lr, nor is made when it would change the lr by eps or less.
//
// Left out: `verbose` printing and the deprecated step(metric, epoch). The
// state_dict keeps the progress (best, bad-epoch and cooldown counters); the
// mode and thresholds come from the options the scheduler is rebuilt with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "optim/lr_scheduler.h"

namespace ember::optim {

struct ReduceLROnPlateauOptions {
  std::string mode = "min";  // "min": the metric should fall; "max": rise
  double factor = 0.1;       // new_lr = lr * factor, < 1
  int64_t patience = 10;     // epochs without improvement tolerated before a cut
  double threshold = 1e-4;
  std::string threshold_mode = "rel";  // "rel" or "abs"
  int64_t cooldown = 0;
  std::vector<double> min_lr = {0};  // one for all groups, or one per group
  double eps = 1e-8;
};

class ReduceLROnPlateau {
 public:
  explicit ReduceLROnPlateau(Optimizer& optimizer, ReduceLROnPlateauOptions options = {});
  ReduceLROnPlateau(const ReduceLROnPlateau&) = delete;
  ReduceLROnPlateau& operator=(const ReduceLROnPlateau&) = delete;

  /// One epoch with this value of the metric.
  void step(double metrics);
  /// The metric as a one-element tensor (a loss).
  void step(const Tensor& metrics);
  /// The lr of each group after the last step (at construction, the current lrs).
  std::vector<double> get_last_lr() const { return last_lr_; }
  int64_t last_epoch() const { return last_epoch_; }
  double best() const { return best_; }
  int64_t num_bad_epochs() const { return num_bad_epochs_; }
  bool in_cooldown() const { return cooldown_counter_ > 0; }
  Optimizer& optimizer() const { return optimizer_; }

  nn::StateDict state_dict() const;
  void load_state_dict(const nn::StateDict& dict);

 private:
  bool is_better(double a, double best) const;
  void reduce_lr();
  StateFields state_fields();

  Optimizer& optimizer_;
  bool mode_max_;       // mode "max"
  bool threshold_abs_;  // threshold_mode "abs"
  double factor_;
  int64_t patience_;
  double threshold_;
  int64_t cooldown_;
  std::vector<double> min_lrs_;
  double eps_;
  double best_;
  int64_t num_bad_epochs_ = 0;
  int64_t cooldown_counter_ = 0;
  int64_t last_epoch_ = 0;
  std::vector<double> last_lr_;
};

}  // namespace ember::optim
