// lr_scheduler.h — learning-rate schedulers (torch.optim.lr_scheduler, as in
// PyTorch 1.13): LRScheduler, the base, and the schedules that step once per
// epoch (or iteration) by a formula — StepLR, MultiStepLR, ConstantLR,
// LinearLR, ExponentialLR, PolynomialLR, CosineAnnealingLR,
// CosineAnnealingWarmRestarts, LambdaLR, MultiplicativeLR — and the two that
// combine schedulers, SequentialLR and ChainedScheduler. CyclicLR and
// OneCycleLR are in lr_scheduler_cyclic.h, ReduceLROnPlateau in
// lr_scheduler_plateau.h.
//
// A scheduler writes the "lr" option of each parameter group of its
// optimizer. Its constructor takes the first step (last_epoch -1 -> 0), and
// every step() after it moves one epoch on:
//   for (int epoch = 0; epoch < n; ++epoch) { train(...); optimizer.step(); scheduler.step(); }
// As in PyTorch, the formulas are *chainable*: most compute the new lr from
// the group's current lr (lr_t = lr_{t-1} * factor), so schedulers stack on
// one optimizer, each multiplying in its own factor. The lr each group had
// before the first scheduler is kept in the group as option "initial_lr"
// (PyTorch's group['initial_lr']); it is every scheduler's base_lrs.
//
// state_dict() saves the schedule's progress (last_epoch, step count,
// base_lrs, last lrs and what else a schedule counts) as float64 tensors
// under PyTorch's attribute names. The options a scheduler was built with are
// not saved: rebuild it with the same options, then load_state_dict().
//
// Left out: the deprecated step(epoch) (used only inside SequentialLR, as
// torch does at each milestone), `verbose` printing, and the warnings about
// calling scheduler.step() before optimizer.step().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "optim/optimizer.h"

namespace ember::optim {

/// One value a scheduler saves in its state_dict, by PyTorch's attribute name.
using StateValue = std::variant<int64_t*, double*, std::vector<double>*, std::vector<int64_t>*>;
using StateFields = std::vector<std::pair<std::string, StateValue>>;

class LRScheduler {
 public:
  virtual ~LRScheduler() = default;
  LRScheduler(const LRScheduler&) = delete;
  LRScheduler& operator=(const LRScheduler&) = delete;

  /// Moves the schedule one epoch on and sets each group's lr.
  virtual void step();
  /// The lr of each group, as the last step set it.
  std::vector<double> get_last_lr() const { return last_lr_; }
  /// The lr each group started from (its "initial_lr").
  const std::vector<double>& base_lrs() const { return base_lrs_; }
  int64_t last_epoch() const { return last_epoch_; }
  Optimizer& optimizer() const { return optimizer_; }
  const std::string& name() const { return name_; }

  nn::StateDict state_dict() const;
  /// Restores what state_dict() saved, from a scheduler of the same kind and
  /// options over as many parameter groups; a bad dict changes nothing.
  void load_state_dict(const nn::StateDict& dict);

 protected:
  /// Records base_lrs. With last_epoch == -1 (a fresh start) each group's
  /// "initial_lr" is set to its lr unless an earlier scheduler set it; with
  /// any other last_epoch (resuming) the groups must carry it already. Each
  /// concrete scheduler's constructor ends with initial_step().
  LRScheduler(std::string name, Optimizer& optimizer, int64_t last_epoch);

  /// torch's _initial_step: resets the step count and takes the first step.
  void initial_step();
  /// The chainable lrs for the epoch last_epoch_ has just reached. The
  /// combining schedulers have none (they step their schedulers); asking
  /// them throws, as torch raises NotImplementedError.
  virtual std::vector<double> get_lr();
  /// The lrs at last_epoch_ from base_lrs alone, where the schedule has a
  /// closed form (torch's _get_closed_form_lr); otherwise get_lr().
  virtual std::vector<double> get_closed_form_lr() { return get_lr(); }
  /// torch's step(0): back to epoch 0, through the closed form. SequentialLR
  /// calls it when a milestone hands the schedule to this scheduler.
  virtual void restart();
  /// The values state_dict() saves, each named prefix + PyTorch's name.
  virtual void state_fields(const std::string& prefix, StateFields& fields);

  /// Sets group g's lr to lrs[g] and remembers them as the last lrs.
  void set_lrs(const std::vector<double>& lrs);
  /// The current lr of every group.
  std::vector<double> group_lrs() const;

  Optimizer& optimizer_;
  std::string name_;
  std::vector<double> base_lrs_;
  int64_t last_epoch_;
  int64_t step_count_ = 0;  // torch's _step_count
  std::vector<double> last_lr_;

 private:
  friend class SequentialLR;
  friend class ChainedScheduler;
};

/// The schedulers SequentialLR and ChainedScheduler drive (not owned).
using SchedulerList = std::vector<std::reference_wrapper<LRScheduler>>;

// ---------------------------------------------------------------------------

struct StepLROptions {
  std::optional<int64_t> step_size = std::nullopt;  // required
  double gamma = 0.1;
  int64_t last_epoch = -1;
};

/// Decays the lr by gamma every step_size epochs: lr = base_lr * gamma^(epoch / step_size).
class StepLR : public LRScheduler {
 public:
  StepLR(Optimizer& optimizer, StepLROptions options);

 protected:
  std::vector<double> get_lr() override;
  std::vector<double> get_closed_form_lr() override;

 private:
  int64_t step_size_;
  double gamma_;
};

struct MultiStepLROptions {
  std::vector<int64_t> milestones = {};  // a milestone listed twice decays twice
  double gamma = 0.1;
  int64_t last_epoch = -1;
};

/// Decays the lr by gamma at each milestone epoch.
class MultiStepLR : public LRScheduler {
 public:
  MultiStepLR(Optimizer& optimizer, MultiStepLROptions options);

 protected:
  std::vector<double> get_lr() override;
  std::vector<double> get_closed_form_lr() override;

 private:
  std::vector<int64_t> milestones_;  // sorted
  double gamma_;
};

struct ConstantLROptions {
  double factor = 1.0 / 3;  // in [0, 1]
  int64_t total_iters = 5;
  int64_t last_epoch = -1;
};

/// Multiplies the lr by factor for the first total_iters epochs.
class ConstantLR : public LRScheduler {
 public:
  ConstantLR(Optimizer& optimizer, ConstantLROptions options = {});

 protected:
  std::vector<double> get_lr() override;
  std::vector<double> get_closed_form_lr() override;

 private:
  double factor_;
  int64_t total_iters_;
};

struct LinearLROptions {
  double start_factor = 1.0 / 3;  // in [0, 1]
  double end_factor = 1.0;        // in [0, 1]
  int64_t total_iters = 5;
  int64_t last_epoch = -1;
};

/// Moves the lr's factor linearly from start_factor to end_factor over total_iters epochs (warm-up).
class LinearLR : public LRScheduler {
 public:
  LinearLR(Optimizer& optimizer, LinearLROptions options = {});

 protected:
  std::vector<double> get_lr() override;
  std::vector<double> get_closed_form_lr() override;

 private:
  double start_factor_;
  double end_factor_;
  int64_t total_iters_;
};

struct ExponentialLROptions {
  std::optional<double> gamma = std::nullopt;  // required
  int64_t last_epoch = -1;
};

/// Decays the lr by gamma every epoch.
class ExponentialLR : public LRScheduler {
 public:
  ExponentialLR(Optimizer& optimizer, ExponentialLROptions options);

 protected:
  std::vector<double> get_lr() override;
  std::vector<double> get_closed_form_lr() override;

 private:
  double gamma_;
};

struct PolynomialLROptions {
  int64_t total_iters = 5;
  double power = 1.0;
  int64_t last_epoch = -1;
};

/// Decays the lr polynomially to 0 over total_iters epochs.
class PolynomialLR : public LRScheduler {
 public:
  PolynomialLR(Optimizer& optimizer, PolynomialLROptions options = {});

 protected:
  std::vector<double> get_lr() override;
  std::vector<double> get_closed_form_lr() override;

 private:
  int64_t total_iters_;
  double power_;
};

struct CosineAnnealingLROptions {
  std::optional<int64_t> T_max = std::nullopt;  // required: epochs of half a cosine period
  double eta_min = 0;
  int64_t last_epoch = -1;
};

/// Anneals the lr from base_lr to eta_min along half a cosine over T_max
/// epochs, then back up (SGDR without the restarts).
class CosineAnnealingLR : public LRScheduler {
 public:
  CosineAnnealingLR(Optimizer& optimizer, CosineAnnealingLROptions options);

 protected:
  std::vector<double> get_lr() override;
  std::vector<double> get_closed_form_lr() override;

 private:
  int64_t T_max_;
  double eta_min_;
};

struct CosineAnnealingWarmRestartsOptions {
  std::optional<int64_t> T_0 = std::nullopt;  // required: epochs until the first restart
  int64_t T_mult = 1;                         // each period is T_mult times the last
  double eta_min = 0;
  int64_t last_epoch = -1;
};

/// SGDR: cosine annealing from base_lr to eta_min, restarting at base_lr
/// after T_0, T_0 T_mult, T_0 T_mult², ... epochs.
class CosineAnnealingWarmRestarts : public LRScheduler {
 public:
  CosineAnnealingWarmRestarts(Optimizer& optimizer, CosineAnnealingWarmRestartsOptions options);
  void step() override;

 protected:
  std::vector<double> get_lr() override;
  void restart() override;
  void state_fields(const std::string& prefix, StateFields& fields) override;

 private:
  int64_t T_0_;
  int64_t T_mult_;
  double eta_min_;
  int64_t T_i_;    // the length of the current period
  int64_t T_cur_;  // epochs since the last restart
};

/// A factor of the epoch number, for LambdaLR and MultiplicativeLR.
using LRLambda = std::function<double(int64_t)>;

struct LambdaLROptions {
  std::vector<LRLambda> lr_lambda = {};  // required: one for all groups, or one per group
  int64_t last_epoch = -1;
};

/// lr = base_lr * lr_lambda(epoch).
class LambdaLR : public LRScheduler {
 public:
  LambdaLR(Optimizer& optimizer, LambdaLROptions options);

 protected:
  std::vector<double> get_lr() override;

 private:
  std::vector<LRLambda> lr_lambdas_;
};

struct MultiplicativeLROptions {
  std::vector<LRLambda> lr_lambda = {};  // required: one for all groups, or one per group
  int64_t last_epoch = -1;
};

/// lr_t = lr_{t-1} * lr_lambda(t), from epoch 1 on.
class MultiplicativeLR : public LRScheduler {
 public:
  MultiplicativeLR(Optimizer& optimizer, MultiplicativeLROptions options);

 protected:
  std::vector<double> get_lr() override;

 private:
  std::vector<LRLambda> lr_lambdas_;
};

// ---------------------------------------------------------------------------

/// Runs schedulers one after another: schedulers[i] is in charge from
/// milestones[i - 1] on, and starts again from epoch 0 (its closed form) at
/// its milestone. As torch 1.13 does, the constructor puts every group back
/// at its initial_lr, moves each scheduler one epoch back and lets the first
/// take the initial step again.
class SequentialLR : public LRScheduler {
 public:
  SequentialLR(Optimizer& optimizer, SchedulerList schedulers, std::vector<int64_t> milestones);
  void step() override;

 protected:
  void state_fields(const std::string& prefix, StateFields& fields) override;

 private:
  SchedulerList schedulers_;
  std::vector<int64_t> milestones_;
};

/// Steps every scheduler at each step, in order, so that their factors multiply.
class ChainedScheduler : public LRScheduler {
 public:
  explicit ChainedScheduler(SchedulerList schedulers);
  void step() override;

 protected:
  void state_fields(const std::string& prefix, StateFields& fields) override;

 private:
  SchedulerList schedulers_;
};

}  // namespace ember::optim
