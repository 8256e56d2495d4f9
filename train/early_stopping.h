// early_stopping.h — EarlyStopping: stop training when a validation metric
// has stopped improving (Keras' and PyTorch Lightning's EarlyStopping).
//
// Call step(metric, model) once per epoch, after validation:
//
//   train::EarlyStopping stopper({.patience = 5, .min_delta = 1e-4, .restore_best_weights = true});
//   for (int64_t epoch = 0; epoch < max_epochs; ++epoch) {
//     train_one_epoch();
//     if (stopper.step(validate(), *model)) break;
//   }
//   stopper.restore(*model);  // the weights of stopper.best_epoch()
//
// In "min" mode a metric improves when metric < best - min_delta ("max":
// metric > best + min_delta). Each step without improvement adds one to the
// wait count, an improvement resets it; step() returns true once the wait
// count reaches patience. Epochs count step() calls from 0. A NaN metric is
// never an improvement. With restore_best_weights, the best epoch's
// state_dict is kept as a copy (one model's worth of memory).
//
// Left out: Keras' baseline and start_from_epoch, Lightning's stopping and
// divergence thresholds, restoring automatically on stop (call restore()).
#pragma once

#include <cstdint>
#include <string>

#include "nn/module.h"

namespace ember::train {

struct EarlyStoppingOptions {
  int64_t patience = 3;               // epochs without improvement before stopping (Lightning's default)
  double min_delta = 0.0;             // smallest change that counts as an improvement, >= 0
  std::string mode = "min";           // "min": lower is better (loss); "max": higher is better (accuracy)
  bool restore_best_weights = false;  // keep a copy of the best epoch's weights for restore()
};

class EarlyStopping {
 public:
  explicit EarlyStopping(EarlyStoppingOptions options = {});

  /// Records this epoch's metric; true when training should stop.
  bool step(double metric, const nn::Module& model);
  /// Loads the best epoch's weights into `model` (strictly, as load_state_dict).
  /// Needs restore_best_weights and at least one improvement.
  void restore(nn::Module& model) const;

  /// The best metric so far (+inf in "min" mode, -inf in "max", before any).
  double best_score() const { return best_score_; }
  /// The epoch of best_score(); -1 before the first improvement.
  int64_t best_epoch() const { return best_epoch_; }
  /// Epochs since the last improvement.
  int64_t wait_count() const { return wait_count_; }
  /// The first epoch at which step() returned true; -1 while training goes on.
  int64_t stopped_epoch() const { return stopped_epoch_; }
  const EarlyStoppingOptions& options() const { return options_; }

  /// The progress, for a checkpoint: 0-d tensors "epoch", "best_score",
  /// "best_epoch", "wait_count", "stopped_epoch", and the kept weights under
  /// "best_weights.<name>". The options are not saved: rebuild the object with
  /// the same options, then load_state_dict().
  nn::StateDict state_dict() const;
  void load_state_dict(const nn::StateDict& dict);

 private:
  EarlyStoppingOptions options_;
  int64_t epoch_ = 0;  // step() calls so far
  double best_score_;
  int64_t best_epoch_ = -1;
  int64_t wait_count_ = 0;
  int64_t stopped_epoch_ = -1;
  nn::StateDict best_weights_;
};

}  // namespace ember::train
