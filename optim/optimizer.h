// optimizer.h — Optimizer, the base of every optimizer (torch.optim).
//
// An optimizer holds parameter groups — lists of parameters that share
// options such as the learning rate — and per-parameter state (momentum
// buffers, running averages, step counts). step() updates every parameter
// that has a .grad() under NoGradGuard; zero_grad() clears the gradients.
//
// Options are scalars stored by PyTorch's names ("lr", "momentum",
// "weight_decay"; Adam's betas as "beta1"/"beta2", flags as 0/1), so
// schedulers and checkpoints treat every optimizer alike. A subclass turns
// its options struct into the defaults, checks option ranges in
// check_options() and writes the update of one group in update().
//
// The state and the group options are saved and restored exactly
// (state_dict / load_state_dict): state tensors under
// "state.<parameter index>.<name>", options under "param_groups.<g>.<name>",
// parameters numbered across groups in order, as PyTorch does.
//
// Left out: sparse gradients, complex parameters, foreach/fused kernels.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/tensor.h"
#include "nn/module.h"

namespace ember::optim {

/// Scalar hyperparameters of a group, by PyTorch's names ("lr", "momentum", ...).
using GroupOptions = std::map<std::string, double>;

/// The option an LR scheduler adds to each group it drives (the lr it started
/// from). It is saved with the optimizer but optional when loading, so an
/// optimizer checkpoint loads with or without a scheduler attached.
inline constexpr const char* kInitialLr = "initial_lr";

struct ParamGroup {
  TensorList params;
  GroupOptions options = {};  // overrides of the optimizer's defaults
};

/// Re-evaluates the model and returns the loss (after calling backward()).
using Closure = std::function<Tensor()>;

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  /// One update of every parameter that has a gradient. With a closure, the
  /// closure runs first (with grad mode on) and its loss is returned.
  virtual Tensor step(const Closure& closure = nullptr);
  /// Clears gradients: to undefined (the default, as in PyTorch 2) or to zeros.
  void zero_grad(bool set_to_none = true);

  /// Adds a group; options it leaves out take the optimizer's defaults.
  void add_param_group(ParamGroup group);
  std::vector<ParamGroup>& param_groups() { return groups_; }
  const std::vector<ParamGroup>& param_groups() const { return groups_; }
  const GroupOptions& defaults() const { return defaults_; }
  const std::string& name() const { return name_; }

  /// Shorthands for the learning rate of group g.
  double lr(size_t g = 0) const { return groups_.at(g).options.at("lr"); }
  void set_lr(double lr, size_t g = 0) { groups_.at(g).options.at("lr") = lr; }

  nn::StateDict state_dict() const;
  /// Restores what state_dict() saved, from an optimizer of the same kind
  /// over parameters of the same shapes.
  void load_state_dict(const nn::StateDict& dict);

 protected:
  Optimizer(std::string name, GroupOptions defaults);
  /// Adds the groups; called by each subclass's constructor, so that the
  /// subclass's check_options() is in force.
  void add_param_groups(std::vector<ParamGroup> groups);

  /// Throws when a group's options are out of range. The base checks the
  /// common ones wherever present (lr, eps, weight_decay, momentum >= 0;
  /// 0 <= beta1, beta2 < 1); subclasses add their own.
  virtual void check_options(const GroupOptions& options) const;
  /// Updates the parameters of one group from their gradients.
  virtual void update(ParamGroup& group) = 0;
  /// Throws unless a saved state tensor fits its parameter; by default a
  /// buffer has the parameter's shape and a counter is 0-d.
  virtual void check_state(const std::string& key, const Tensor& value, const Tensor& param) const;

  /// The state of one parameter ("exp_avg", "step" ...), empty until first set.
  std::map<std::string, Tensor>& state(const Tensor& param) { return state_[param.impl()]; }
  /// Throws unless lo <= options[key] <= hi (or < hi when hi_open).
  void check_range(const GroupOptions& options, const std::string& key, double lo, double hi = 1e300,
                   bool hi_open = false) const;

  /// The state buffer `name` of param, zeros shaped like it until first written.
  static Tensor& buffer(std::map<std::string, Tensor>& state, const std::string& name, const Tensor& param,
                        double initial_value = 0);
  /// The count of a 0-d "step" state tensor, incremented: step_t += 1.
  static double increment_step(std::map<std::string, Tensor>& state);
  /// The gradient an update uses: g = ±grad + weight_decay * param, negated
  /// when the group has "maximize" set (L2 weight decay, as PyTorch's).
  static Tensor regularized_grad(const Tensor& param, const GroupOptions& options);

 private:
  std::string name_;
  GroupOptions defaults_;
  std::vector<ParamGroup> groups_;
  std::map<TensorImpl*, std::map<std::string, Tensor>> state_;
};

}  // namespace ember::optim
