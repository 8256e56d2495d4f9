// lr_scheduler.cpp — LRScheduler, the epoch schedules and the combining
// schedulers (see lr_scheduler.h). Each get_lr() is torch 1.13's chainable
// formula, operation for operation, so that the lrs match it to the last bit
// or two; t is last_epoch_, the epoch just reached.
#include "optim/lr_scheduler.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/ops.h"
#include "optim/lr_scheduler_internal.h"

namespace ember::optim {

namespace detail {

nn::StateDict save_fields(const StateFields& fields) {
  nn::StateDict dict;
  for (const auto& [key, value] : fields) {
    if (auto* i = std::get_if<int64_t*>(&value)) dict.insert(key, scalar_tensor(static_cast<double>(**i), kFloat64));
    if (auto* d = std::get_if<double*>(&value)) dict.insert(key, scalar_tensor(**d, kFloat64));
    if (auto* v = std::get_if<std::vector<double>*>(&value)) dict.insert(key, tensor(**v, {}, kFloat64));
  }
  return dict;
}

void load_fields(const std::string& name, const StateFields& fields, const nn::StateDict& dict) {
  // Check everything first, so that a bad dict leaves the scheduler as it was.
  std::vector<Tensor> values;
  for (const auto& [key, value] : fields) {
    const Tensor* t = dict.find(key);
    EMBER_CHECK(t != nullptr, name, "load_state_dict: missing '", key,
                "' (was the state saved from a different scheduler?)");
    Tensor v = t->to(Device::cpu(), kFloat64).contiguous();
    if (auto* list = std::get_if<std::vector<double>*>(&value)) {
      EMBER_CHECK(v.dim() == 1 && v.numel() == static_cast<int64_t>((*list)->size()), name, "load_state_dict: '", key,
                  "' has shape ", shape_str(v.sizes()), " but the scheduler keeps ", (*list)->size(), " values");
    } else {
      EMBER_CHECK(v.dim() == 0, name, "load_state_dict: '", key, "' has shape ", shape_str(v.sizes()),
                  " but is a number");
    }
    if (std::holds_alternative<int64_t*>(value)) {
      double x = v.item<double>();
      EMBER_CHECK(std::isfinite(x) && std::floor(x) == x, name, "load_state_dict: '", key, "' is ", x,
                  ", not an integer");
    }
    values.push_back(v);
  }
  for (const auto& [key, t] : dict) {
    bool known = std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == key; });
    EMBER_CHECK(known, name, "load_state_dict: unexpected key '", key, "'");
  }
  for (size_t f = 0; f < fields.size(); ++f) {
    const StateValue& value = fields[f].second;
    const Tensor& v = values[f];
    if (auto* i = std::get_if<int64_t*>(&value)) **i = static_cast<int64_t>(v.item<double>());
    if (auto* d = std::get_if<double*>(&value)) **d = v.item<double>();
    if (auto* list = std::get_if<std::vector<double>*>(&value))
      (*list)->assign(v.data_ptr<double>(), v.data_ptr<double>() + v.numel());
  }
}

std::vector<double> per_group(const std::string& name, const std::string& option, const std::vector<double>& values,
                              size_t groups) {
  EMBER_CHECK(!values.empty(), name, option, " is required");
  if (values.size() == 1) return std::vector<double>(groups, values[0]);
  EMBER_CHECK(values.size() == groups, name, "expected ", groups, " values for ", option, ", got ", values.size());
  return values;
}

}  // namespace detail

namespace {
constexpr double kPi = std::numbers::pi;  // Python's math.pi

/// One lambda for every group, or one per group.
std::vector<LRLambda> per_group_lambdas(const std::string& name, std::vector<LRLambda> lambdas, size_t groups) {
  EMBER_CHECK(!lambdas.empty(), name, "lr_lambda is required");
  for (const LRLambda& f : lambdas) EMBER_CHECK(static_cast<bool>(f), name, "lr_lambda holds an empty function");
  if (lambdas.size() == 1) return std::vector<LRLambda>(groups, lambdas[0]);
  EMBER_CHECK(lambdas.size() == groups, name, "Expected ", groups, " lr_lambdas, but got ", lambdas.size());
  return lambdas;
}

template <class T>
T required(const std::optional<T>& value, const std::string& name, const char* option) {
  EMBER_CHECK(value.has_value(), name, option, " is required");
  return *value;
}
}  // namespace

// ---------------------------------------------------------------------------
// LRScheduler

LRScheduler::LRScheduler(std::string name, Optimizer& optimizer, int64_t last_epoch)
    : optimizer_(optimizer), name_(std::move(name)), last_epoch_(last_epoch) {
  std::vector<ParamGroup>& groups = optimizer_.param_groups();
  for (size_t g = 0; g < groups.size(); ++g) {
    GroupOptions& options = groups[g].options;
    if (last_epoch == -1) {
      options.try_emplace(kInitialLr, options.at("lr"));
    } else {
      EMBER_CHECK(options.count(kInitialLr), name_, "param 'initial_lr' is not specified in param_groups[", g,
                  "] when resuming an optimizer (last_epoch = ", last_epoch, ")");
    }
    base_lrs_.push_back(options.at(kInitialLr));
  }
}

void LRScheduler::initial_step() {
  step_count_ = 0;
  step();
}

void LRScheduler::step() {
  ++step_count_;
  ++last_epoch_;
  set_lrs(get_lr());
}

void LRScheduler::restart() {
  ++step_count_;
  last_epoch_ = 0;
  set_lrs(get_closed_form_lr());
}

std::vector<double> LRScheduler::get_lr() { EMBER_FAIL(name_, "defines no get_lr()"); }

void LRScheduler::set_lrs(const std::vector<double>& lrs) {
  std::vector<ParamGroup>& groups = optimizer_.param_groups();
  for (size_t g = 0; g < std::min(groups.size(), lrs.size()); ++g) groups[g].options.at("lr") = lrs[g];
  last_lr_ = group_lrs();
}

std::vector<double> LRScheduler::group_lrs() const {
  std::vector<double> lrs;
  for (const ParamGroup& g : optimizer_.param_groups()) lrs.push_back(g.options.at("lr"));
  return lrs;
}

void LRScheduler::state_fields(const std::string& prefix, StateFields& fields) {
  fields.emplace_back(prefix + "last_epoch", &last_epoch_);
  fields.emplace_back(prefix + "_step_count", &step_count_);
  fields.emplace_back(prefix + "base_lrs", &base_lrs_);
  fields.emplace_back(prefix + "_last_lr", &last_lr_);
}

nn::StateDict LRScheduler::state_dict() const {
  StateFields fields;
  // state_fields() hands out pointers for load_state_dict to write through; here they are only read.
  const_cast<LRScheduler*>(this)->state_fields("", fields);
  return detail::save_fields(fields);
}

void LRScheduler::load_state_dict(const nn::StateDict& dict) {
  StateFields fields;
  state_fields("", fields);
  detail::load_fields(name_, fields, dict);
}

// ---------------------------------------------------------------------------
// StepLR

StepLR::StepLR(Optimizer& optimizer, StepLROptions options)
    : LRScheduler("StepLR", optimizer, options.last_epoch),
      step_size_(required(options.step_size, name_, "step_size")),
      gamma_(options.gamma) {
  EMBER_CHECK(step_size_ > 0, name_, "step_size must be positive, got ", step_size_);
  initial_step();
}

// lr_t = lr_{t-1} * gamma when t is a positive multiple of step_size, else lr_{t-1}
std::vector<double> StepLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0 || last_epoch_ % step_size_ != 0) return lrs;
  for (double& lr : lrs) lr *= gamma_;
  return lrs;
}

// lr_t = base_lr * gamma^floor(t / step_size)
std::vector<double> StepLR::get_closed_form_lr() {
  std::vector<double> lrs;
  for (double base_lr : base_lrs_) lrs.push_back(base_lr * std::pow(gamma_, last_epoch_ / step_size_));
  return lrs;
}

// ---------------------------------------------------------------------------
// MultiStepLR

MultiStepLR::MultiStepLR(Optimizer& optimizer, MultiStepLROptions options)
    : LRScheduler("MultiStepLR", optimizer, options.last_epoch),
      milestones_(std::move(options.milestones)),
      gamma_(options.gamma) {
  std::sort(milestones_.begin(), milestones_.end());
  initial_step();
}

// lr_t = lr_{t-1} * gamma^(times t is listed in milestones)
std::vector<double> MultiStepLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  auto [first, last] = std::equal_range(milestones_.begin(), milestones_.end(), last_epoch_);
  if (first == last) return lrs;
  for (double& lr : lrs) lr *= std::pow(gamma_, static_cast<double>(last - first));
  return lrs;
}

// lr_t = base_lr * gamma^(number of milestones <= t)
std::vector<double> MultiStepLR::get_closed_form_lr() {
  auto passed = std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch_) - milestones_.begin();
  std::vector<double> lrs;
  for (double base_lr : base_lrs_) lrs.push_back(base_lr * std::pow(gamma_, static_cast<double>(passed)));
  return lrs;
}

// ---------------------------------------------------------------------------
// ConstantLR

ConstantLR::ConstantLR(Optimizer& optimizer, ConstantLROptions options)
    : LRScheduler("ConstantLR", optimizer, options.last_epoch),
      factor_(options.factor),
      total_iters_(options.total_iters) {
  EMBER_CHECK(factor_ >= 0 && factor_ <= 1, name_,
              "Constant multiplicative factor expected to be between 0 and 1, got ", factor_);
  initial_step();
}

// lr_0 = lr * factor;  lr_{total_iters} = lr_{total_iters - 1} / factor;  otherwise unchanged
std::vector<double> ConstantLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0) {
    for (double& lr : lrs) lr *= factor_;
  } else if (last_epoch_ == total_iters_) {
    for (double& lr : lrs) lr *= 1.0 / factor_;
  }
  return lrs;
}

// lr_t = base_lr * (factor + [t >= total_iters] (1 - factor))
std::vector<double> ConstantLR::get_closed_form_lr() {
  double rest = last_epoch_ >= total_iters_ ? 1 - factor_ : 0.0;
  std::vector<double> lrs;
  for (double base_lr : base_lrs_) lrs.push_back(base_lr * (factor_ + rest));
  return lrs;
}

// ---------------------------------------------------------------------------
// LinearLR

LinearLR::LinearLR(Optimizer& optimizer, LinearLROptions options)
    : LRScheduler("LinearLR", optimizer, options.last_epoch),
      start_factor_(options.start_factor),
      end_factor_(options.end_factor),
      total_iters_(options.total_iters) {
  EMBER_CHECK(start_factor_ >= 0 && start_factor_ <= 1, name_,
              "Starting multiplicative factor expected to be between 0 and 1, got ", start_factor_);
  EMBER_CHECK(end_factor_ >= 0 && end_factor_ <= 1, name_,
              "Ending multiplicative factor expected to be between 0 and 1, got ", end_factor_);
  initial_step();
}

// lr_0 = lr * start_factor
// lr_t = lr_{t-1} * (1 + (end - start) / (total_iters * start + (t - 1) (end - start)))   for 0 < t <= total_iters
std::vector<double> LinearLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0) {
    for (double& lr : lrs) lr *= start_factor_;
  } else if (last_epoch_ <= total_iters_) {
    double delta = end_factor_ - start_factor_;
    double factor = 1.0 + delta / (static_cast<double>(total_iters_) * start_factor_ +
                                   static_cast<double>(last_epoch_ - 1) * delta);
    for (double& lr : lrs) lr *= factor;
  }
  return lrs;
}

// lr_t = base_lr * (start + (end - start) min(total_iters, t) / total_iters)
std::vector<double> LinearLR::get_closed_form_lr() {
  double t = static_cast<double>(std::min(total_iters_, last_epoch_));
  std::vector<double> lrs;
  for (double base_lr : base_lrs_)
    lrs.push_back(base_lr * (start_factor_ + (end_factor_ - start_factor_) * t / static_cast<double>(total_iters_)));
  return lrs;
}

// ---------------------------------------------------------------------------
// ExponentialLR

ExponentialLR::ExponentialLR(Optimizer& optimizer, ExponentialLROptions options)
    : LRScheduler("ExponentialLR", optimizer, options.last_epoch), gamma_(required(options.gamma, name_, "gamma")) {
  initial_step();
}

// lr_t = lr_{t-1} * gamma   for t > 0
std::vector<double> ExponentialLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0) return lrs;
  for (double& lr : lrs) lr *= gamma_;
  return lrs;
}

// lr_t = base_lr * gamma^t
std::vector<double> ExponentialLR::get_closed_form_lr() {
  std::vector<double> lrs;
  for (double base_lr : base_lrs_) lrs.push_back(base_lr * std::pow(gamma_, static_cast<double>(last_epoch_)));
  return lrs;
}

// ---------------------------------------------------------------------------
// PolynomialLR

PolynomialLR::PolynomialLR(Optimizer& optimizer, PolynomialLROptions options)
    : LRScheduler("PolynomialLR", optimizer, options.last_epoch),
      total_iters_(options.total_iters),
      power_(options.power) {
  initial_step();
}

// lr_t = lr_{t-1} * ((1 - t / total_iters) / (1 - (t - 1) / total_iters))^power   for 0 < t <= total_iters
std::vector<double> PolynomialLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0 || last_epoch_ > total_iters_) return lrs;
  double T = static_cast<double>(total_iters_);
  double decay_factor =
      std::pow((1.0 - static_cast<double>(last_epoch_) / T) / (1.0 - static_cast<double>(last_epoch_ - 1) / T), power_);
  for (double& lr : lrs) lr *= decay_factor;
  return lrs;
}

// lr_t = base_lr * (1 - min(total_iters, t) / total_iters)^power
std::vector<double> PolynomialLR::get_closed_form_lr() {
  double t = static_cast<double>(std::min(total_iters_, last_epoch_));
  std::vector<double> lrs;
  for (double base_lr : base_lrs_)
    lrs.push_back(base_lr * std::pow(1.0 - t / static_cast<double>(total_iters_), power_));
  return lrs;
}

// ---------------------------------------------------------------------------
// CosineAnnealingLR

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, CosineAnnealingLROptions options)
    : LRScheduler("CosineAnnealingLR", optimizer, options.last_epoch),
      T_max_(required(options.T_max, name_, "T_max")),
      eta_min_(options.eta_min) {
  EMBER_CHECK(T_max_ > 0, name_, "T_max must be positive, got ", T_max_);
  initial_step();
}

// The closed form  lr_t = eta_min + (base_lr - eta_min) (1 + cos(pi t / T_max)) / 2,  stepped as a ratio:
//   lr_t = eta_min + (lr_{t-1} - eta_min) (1 + cos(pi t / T_max)) / (1 + cos(pi (t - 1) / T_max))
// except where the denominator is 0 (t - 1 an odd multiple of T_max), which adds the step up from eta_min:
//   lr_t = lr_{t-1} + (base_lr - eta_min) (1 - cos(pi / T_max)) / 2
// The first step of a resumed schedule (last_epoch > 0) uses the closed form.
std::vector<double> CosineAnnealingLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  double t = static_cast<double>(last_epoch_), T = static_cast<double>(T_max_);
  if (last_epoch_ == 0) return lrs;
  if (step_count_ == 1 && last_epoch_ > 0) {
    for (size_t g = 0; g < lrs.size(); ++g)
      lrs[g] = eta_min_ + (base_lrs_[g] - eta_min_) * (1 + std::cos(t * kPi / T)) / 2;
  } else if ((last_epoch_ - 1 - T_max_) % (2 * T_max_) == 0) {
    for (size_t g = 0; g < lrs.size(); ++g) lrs[g] += (base_lrs_[g] - eta_min_) * (1 - std::cos(kPi / T)) / 2;
  } else {
    double ratio = (1 + std::cos(kPi * t / T)) / (1 + std::cos(kPi * (t - 1) / T));
    for (double& lr : lrs) lr = ratio * (lr - eta_min_) + eta_min_;
  }
  return lrs;
}

std::vector<double> CosineAnnealingLR::get_closed_form_lr() {
  double t = static_cast<double>(last_epoch_), T = static_cast<double>(T_max_);
  std::vector<double> lrs;
  for (double base_lr : base_lrs_) lrs.push_back(eta_min_ + (base_lr - eta_min_) * (1 + std::cos(kPi * t / T)) / 2);
  return lrs;
}

// ---------------------------------------------------------------------------
// CosineAnnealingWarmRestarts

CosineAnnealingWarmRestarts::CosineAnnealingWarmRestarts(Optimizer& optimizer,
                                                         CosineAnnealingWarmRestartsOptions options)
    : LRScheduler("CosineAnnealingWarmRestarts", optimizer, options.last_epoch),
      T_0_(required(options.T_0, name_, "T_0")),
      T_mult_(options.T_mult),
      eta_min_(options.eta_min),
      T_i_(T_0_),
      T_cur_(options.last_epoch) {
  EMBER_CHECK(T_0_ > 0, name_, "Expected positive integer T_0, but got ", T_0_);
  EMBER_CHECK(T_mult_ >= 1, name_, "Expected integer T_mult >= 1, but got ", T_mult_);
  initial_step();
}

// T_cur counts epochs since the restart; when it reaches the period T_i a new
// period starts, T_mult times longer.
void CosineAnnealingWarmRestarts::step() {
  if (last_epoch_ < 0) return restart();
  ++last_epoch_;
  ++T_cur_;
  if (T_cur_ >= T_i_) {
    T_cur_ -= T_i_;
    T_i_ *= T_mult_;
  }
  set_lrs(get_lr());
}

void CosineAnnealingWarmRestarts::restart() {
  T_i_ = T_0_;
  T_cur_ = 0;
  last_epoch_ = 0;
  set_lrs(get_lr());
}

// lr = eta_min + (base_lr - eta_min) (1 + cos(pi T_cur / T_i)) / 2
std::vector<double> CosineAnnealingWarmRestarts::get_lr() {
  double phase = kPi * static_cast<double>(T_cur_) / static_cast<double>(T_i_);
  std::vector<double> lrs;
  for (double base_lr : base_lrs_) lrs.push_back(eta_min_ + (base_lr - eta_min_) * (1 + std::cos(phase)) / 2);
  return lrs;
}

void CosineAnnealingWarmRestarts::state_fields(const std::string& prefix, StateFields& fields) {
  LRScheduler::state_fields(prefix, fields);
  fields.emplace_back(prefix + "T_i", &T_i_);
  fields.emplace_back(prefix + "T_cur", &T_cur_);
}

// ---------------------------------------------------------------------------
// LambdaLR and MultiplicativeLR

LambdaLR::LambdaLR(Optimizer& optimizer, LambdaLROptions options)
    : LRScheduler("LambdaLR", optimizer, options.last_epoch),
      lr_lambdas_(per_group_lambdas(name_, std::move(options.lr_lambda), optimizer.param_groups().size())) {
  initial_step();
}

// lr_t = base_lr * lr_lambda(t)
std::vector<double> LambdaLR::get_lr() {
  std::vector<double> lrs;
  for (size_t g = 0; g < base_lrs_.size(); ++g) lrs.push_back(base_lrs_[g] * lr_lambdas_[g](last_epoch_));
  return lrs;
}

MultiplicativeLR::MultiplicativeLR(Optimizer& optimizer, MultiplicativeLROptions options)
    : LRScheduler("MultiplicativeLR", optimizer, options.last_epoch),
      lr_lambdas_(per_group_lambdas(name_, std::move(options.lr_lambda), optimizer.param_groups().size())) {
  initial_step();
}

// lr_t = lr_{t-1} * lr_lambda(t)   for t > 0
std::vector<double> MultiplicativeLR::get_lr() {
  std::vector<double> lrs = group_lrs();
  if (last_epoch_ == 0) return lrs;
  for (size_t g = 0; g < std::min(lrs.size(), lr_lambdas_.size()); ++g) lrs[g] *= lr_lambdas_[g](last_epoch_);
  return lrs;
}

// ---------------------------------------------------------------------------
// SequentialLR

SequentialLR::SequentialLR(Optimizer& optimizer, SchedulerList schedulers, std::vector<int64_t> milestones)
    : LRScheduler("SequentialLR", optimizer, -1),
      schedulers_(std::move(schedulers)),
      milestones_(std::move(milestones)) {
  EMBER_CHECK(!schedulers_.empty(), name_, "needs at least one scheduler");
  for (size_t i = 0; i < schedulers_.size(); ++i) {
    LRScheduler& s = schedulers_[i];
    EMBER_CHECK(&s.optimizer_ == &optimizer_, name_,
                "expects all schedulers to belong to the same optimizer, but got schedulers at index ", i,
                " to be different than the optimizer passed in");
    bool combines = dynamic_cast<SequentialLR*>(&s) != nullptr || dynamic_cast<ChainedScheduler*>(&s) != nullptr;
    EMBER_CHECK(!combines, name_, "scheduler ", i, " is a ", s.name_,
                ", which has no formula of its own to restart from at a milestone");
  }
  EMBER_CHECK(milestones_.size() + 1 == schedulers_.size(), name_,
              "expects number of schedulers provided to be one more than the number of milestone points, but got "
              "number of schedulers ",
              schedulers_.size(), " and the number of milestones to be equal to ", milestones_.size());
  EMBER_CHECK(std::is_sorted(milestones_.begin(), milestones_.end()), name_, "milestones must be in increasing order");
  // Undo the initial steps the schedulers took when they were built, and take the first one's again.
  last_epoch_ = 0;
  for (ParamGroup& group : optimizer_.param_groups()) group.options.at("lr") = group.options.at(kInitialLr);
  for (LRScheduler& s : schedulers_) s.last_epoch_ -= 1;
  schedulers_.front().get().initial_step();
  last_lr_ = schedulers_.front().get().get_last_lr();
}

// schedulers[i] is in charge for milestones[i-1] <= t < milestones[i], and restarts at milestones[i-1].
void SequentialLR::step() {
  ++last_epoch_;
  size_t i = std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch_) - milestones_.begin();
  LRScheduler& scheduler = schedulers_[i];
  if (i > 0 && milestones_[i - 1] == last_epoch_) {
    scheduler.restart();
  } else {
    scheduler.step();
  }
  last_lr_ = scheduler.get_last_lr();
}

void SequentialLR::state_fields(const std::string& prefix, StateFields& fields) {
  fields.emplace_back(prefix + "last_epoch", &last_epoch_);
  fields.emplace_back(prefix + "_last_lr", &last_lr_);
  for (size_t i = 0; i < schedulers_.size(); ++i)
    schedulers_[i].get().state_fields(prefix + "_schedulers." + std::to_string(i) + ".", fields);
}

// ---------------------------------------------------------------------------
// ChainedScheduler

namespace {
Optimizer& first_optimizer(const SchedulerList& schedulers) {
  EMBER_CHECK(!schedulers.empty(), "ChainedScheduler", "needs at least one scheduler");
  return schedulers.front().get().optimizer();
}
}  // namespace

ChainedScheduler::ChainedScheduler(SchedulerList schedulers)
    : LRScheduler("ChainedScheduler", first_optimizer(schedulers), -1), schedulers_(std::move(schedulers)) {
  for (size_t i = 1; i < schedulers_.size(); ++i)
    EMBER_CHECK(&schedulers_[i].get().optimizer_ == &optimizer_, name_,
                "expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ", i,
                " to be different");
  last_lr_ = group_lrs();
}

void ChainedScheduler::step() {
  for (LRScheduler& s : schedulers_) s.step();
  last_lr_ = group_lrs();
}

void ChainedScheduler::state_fields(const std::string& prefix, StateFields& fields) {
  fields.emplace_back(prefix + "_last_lr", &last_lr_);
  for (size_t i = 0; i < schedulers_.size(); ++i)
    schedulers_[i].get().state_fields(prefix + "_schedulers." + std::to_string(i) + ".", fields);
}

}  // namespace ember::optim
