// Learning-rate schedulers against torch 1.13 (fixtures from
// tests/fixtures/make_scheduler_fixtures.py): the lr of every group (and the
// cycled momentum or beta1) over 100 steps of each scheduler and option set,
// to 1e-12 relative; state_dict round trips that resume mid-schedule; bad
// arguments and bad state dicts.
#include <cmath>
#include <memory>
#include <numbers>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

constexpr int64_t kSteps = 100;  // make_scheduler_fixtures.py's STEPS

Tensor fx(const std::string& name) { return testing::fixture("optim/schedulers/" + name); }

/// One parameter group per lr, each over its own dummy parameter.
std::vector<optim::ParamGroup> groups_with(const std::vector<double>& lrs) {
  std::vector<optim::ParamGroup> groups;
  for (double lr : lrs) groups.push_back({{zeros({1}).requires_grad_()}, {{"lr", lr}}});
  return groups;
}
optim::SGD sgd(const std::vector<double>& lrs) { return optim::SGD(groups_with(lrs), {.momentum = 0.9}); }
optim::Adam adam(const std::vector<double>& lrs) {
  return optim::Adam(groups_with(lrs), {.beta1 = 0.9, .beta2 = 0.999});
}

/// One fixture row: each group's lr, then each group's `momentum` option ("momentum", "beta1") if named.
std::vector<double> row(const optim::Optimizer& opt, const std::string& momentum) {
  std::vector<double> values;
  for (const optim::ParamGroup& g : opt.param_groups()) values.push_back(g.options.at("lr"));
  if (!momentum.empty())
    for (const optim::ParamGroup& g : opt.param_groups()) values.push_back(g.options.at(momentum));
  return values;
}

/// Rows `first`.. kSteps of the schedule: the state now, then after each further step.
template <class Step>
Tensor run(const optim::Optimizer& opt, Step step, const std::string& momentum = "", int64_t first = 0) {
  std::vector<double> values = row(opt, momentum);
  int64_t columns = static_cast<int64_t>(values.size());
  for (int64_t k = first; k < kSteps; ++k) {
    step(k);
    std::vector<double> r = row(opt, momentum);
    values.insert(values.end(), r.begin(), r.end());
  }
  return tensor(values, {kSteps - first + 1, columns}, kFloat64);
}

/// Runs a scheduler for kSteps steps and compares every row with the fixture;
/// get_last_lr() must report the lrs each step set.
void check(const std::string& name, optim::LRScheduler& scheduler, const std::string& momentum = "") {
  INFO(name);
  const optim::Optimizer& opt = scheduler.optimizer();
  bool last_lr_ok = true;
  Tensor actual = run(
      opt,
      [&](int64_t) {
        scheduler.step();
        std::vector<double> lrs = row(opt, "");
        last_lr_ok = last_lr_ok && scheduler.get_last_lr() == lrs;
      },
      momentum);
  REQUIRE_CLOSE(actual, fx(name), 1e-12, 0);
  REQUIRE(last_lr_ok);
}

/// The schedulers of one case; the one to step is last (SequentialLR and ChainedScheduler hold the others).
using Schedulers = std::vector<std::unique_ptr<optim::LRScheduler>>;

/// Runs a case to step `at`, saves optimizer and scheduler, loads both into a
/// fresh pair that has been stepped elsewhere, and checks that the rest of the
/// schedule still matches the fixture.
template <class MakeOptimizer, class MakeSchedulers>
void check_resume(const std::string& name, int64_t at, MakeOptimizer make_optimizer, MakeSchedulers make,
                  const std::string& momentum = "") {
  INFO(name << " resumed at step " << at);
  auto opt1 = make_optimizer();
  Schedulers s1 = make(opt1);
  for (int64_t k = 0; k < at; ++k) s1.back()->step();
  auto opt2 = make_optimizer();
  Schedulers s2 = make(opt2);
  for (int64_t k = 0; k < 3; ++k) s2.back()->step();

  nn::StateDict saved = s1.back()->state_dict();
  opt2.load_state_dict(opt1.state_dict());
  s2.back()->load_state_dict(saved);
  REQUIRE(s2.back()->get_last_lr() == s1.back()->get_last_lr());
  REQUIRE(s2.back()->last_epoch() == s1.back()->last_epoch());
  Tensor rest = run(
      opt2, [&](int64_t) { s2.back()->step(); }, momentum, at);
  REQUIRE_CLOSE(rest, fx(name).narrow(0, at, kSteps - at + 1), 1e-12, 0);
  // The saved dict round-trips exactly.
  nn::StateDict again = s2.back()->state_dict();
  REQUIRE(again.keys() == saved.keys());
}

template <class Scheduler, class Options>
std::unique_ptr<optim::LRScheduler> make(optim::Optimizer& opt, Options options) {
  return std::make_unique<Scheduler>(opt, options);
}

}  // namespace

TEST_CASE("StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR and PolynomialLR match torch 1.13") {
  {
    auto opt = sgd({0.1});
    optim::StepLR s(opt, {.step_size = 7, .gamma = 0.5});
    check("step_lr", s);
  }
  {
    auto opt = sgd({0.1, 0.02});
    optim::StepLR s(opt, {.step_size = 10, .gamma = 0.3});
    check("step_lr_groups", s);
  }
  {
    auto opt = sgd({0.1, 0.02});
    optim::MultiStepLR s(opt, {.milestones = {60, 25, 10, 25}, .gamma = 0.5});  // unsorted, 25 twice
    check("multistep_lr", s);
  }
  {
    auto opt = sgd({0.1});
    optim::ConstantLR s(opt, {.factor = 0.25, .total_iters = 8});
    check("constant_lr", s);
  }
  {
    auto opt = sgd({0.05});
    optim::ConstantLR s(opt);
    check("constant_lr_default", s);
  }
  {
    auto opt = sgd({0.1, 0.03});
    optim::LinearLR s(opt, {.start_factor = 0.2, .end_factor = 0.9, .total_iters = 30});
    check("linear_lr", s);
  }
  {
    auto opt = sgd({0.05});
    optim::LinearLR s(opt);
    check("linear_lr_default", s);
  }
  {
    auto opt = sgd({0.1, 0.02});
    optim::ExponentialLR s(opt, {.gamma = 0.97});
    check("exponential_lr", s);
  }
  {
    auto opt = sgd({0.1});
    optim::PolynomialLR s(opt, {.total_iters = 40, .power = 2.0});
    check("polynomial_lr", s);
  }
  {
    auto opt = sgd({0.001});
    optim::PolynomialLR s(opt);
    check("polynomial_lr_default", s);
  }
}

TEST_CASE("CosineAnnealingLR and CosineAnnealingWarmRestarts match torch 1.13, past T_max and across restarts") {
  {
    auto opt = sgd({0.1, 0.02});
    optim::CosineAnnealingLR s(opt, {.T_max = 30, .eta_min = 0.001});
    check("cosine_annealing_lr", s);
  }
  {
    auto opt = sgd({0.1, 0.02});
    optim::CosineAnnealingWarmRestarts s(opt, {.T_0 = 10, .T_mult = 2, .eta_min = 1e-4});
    check("cosine_warm_restarts", s);
  }
  {
    auto opt = sgd({0.1});
    optim::CosineAnnealingWarmRestarts s(opt, {.T_0 = 7});
    check("cosine_warm_restarts_tmult1", s);
  }
}

TEST_CASE("a scheduler built with last_epoch resumes from the groups' initial_lr, as torch's does") {
  auto opt = sgd({0.07});
  REQUIRE_THROWS_WITH(optim::CosineAnnealingLR(opt, {.T_max = 30, .last_epoch = 10}),
                      Contains("param 'initial_lr' is not specified in param_groups[0]"));
  opt.param_groups()[0].options["initial_lr"] = 0.1;
  optim::CosineAnnealingLR s(opt, {.T_max = 30, .last_epoch = 10});
  REQUIRE(s.last_epoch() == 11);
  REQUIRE(s.base_lrs() == std::vector<double>{0.1});
  check("cosine_annealing_lr_resume", s);
}

TEST_CASE("LambdaLR and MultiplicativeLR match torch 1.13, one lambda per group or one for all") {
  {
    auto opt = sgd({0.1, 0.02});
    optim::LambdaLR s(opt, {.lr_lambda = {[](int64_t e) { return std::pow(0.95, static_cast<double>(e)); },
                                          [](int64_t e) { return 1.0 / static_cast<double>(1 + e); }}});
    check("lambda_lr", s);
  }
  {
    auto opt = sgd({0.1});
    optim::MultiplicativeLR s(opt, {.lr_lambda = {[](int64_t) { return 0.97; }}});
    check("multiplicative_lr", s);
  }
}

TEST_CASE("OneCycleLR matches torch 1.13: cos and linear, three phases, momentum and Adam's beta1") {
  {
    auto opt = sgd({0.1});
    optim::OneCycleLR s(opt, {.max_lr = {0.1}, .total_steps = kSteps});
    check("one_cycle", s, "momentum");
  }
  {
    auto opt = sgd({0.1});
    optim::OneCycleLR s(opt,
                        {.max_lr = {0.2}, .total_steps = kSteps, .anneal_strategy = "linear", .three_phase = true});
    check("one_cycle_linear_three_phase", s, "momentum");
  }
  {
    auto opt = adam({0.1});
    optim::OneCycleLR s(
        opt,
        {.max_lr = {0.01}, .total_steps = kSteps, .pct_start = 0.25, .base_momentum = {0.8}, .max_momentum = {0.92}});
    check("one_cycle_adam", s, "beta1");
    REQUIRE(opt.param_groups()[0].options.at("beta2") == 0.999);
  }
  {
    auto opt = sgd({0.1, 0.1});
    optim::OneCycleLR s(opt, {.max_lr = {0.1, 0.05},
                              .epochs = 10,
                              .steps_per_epoch = 10,
                              .pct_start = 0.25,
                              .cycle_momentum = false,
                              .div_factor = 10.0,
                              .final_div_factor = 100.0});
    check("one_cycle_groups", s);
    REQUIRE(opt.param_groups()[1].options.at("momentum") == 0.9);  // not cycled
    REQUIRE_THROWS_WITH(s.step(), Contains("Tried to step 102 times. The specified number of total steps is 100"));
  }
}

TEST_CASE("CyclicLR matches torch 1.13 in every mode, with a custom scale_fn, and cycles momentum") {
  {
    auto opt = sgd({0.1});
    optim::CyclicLR s(opt, {.base_lr = {0.001}, .max_lr = {0.1}, .step_size_up = 10});
    check("cyclic_triangular", s, "momentum");
  }
  {
    auto opt = sgd({0.1, 0.1});
    optim::CyclicLR s(opt, {.base_lr = {0.001, 0.002},
                            .max_lr = {0.1, 0.05},
                            .step_size_up = 8,
                            .step_size_down = 12,
                            .mode = "triangular2",
                            .base_momentum = {0.85},
                            .max_momentum = {0.95, 0.9}});
    check("cyclic_triangular2", s, "momentum");
  }
  {
    auto opt = sgd({0.1});
    optim::CyclicLR s(opt, {.base_lr = {0.01}, .max_lr = {0.1}, .step_size_up = 5, .mode = "exp_range", .gamma = 0.98});
    check("cyclic_exp_range", s, "momentum");
  }
  {
    auto opt = sgd({0.1});
    optim::CyclicLR s(opt, {.base_lr = {0.01},
                            .max_lr = {0.1},
                            .step_size_up = 6,
                            .scale_fn = [](double x) { return 0.5 * (1 + std::sin(x * std::numbers::pi / 2)); },
                            .scale_mode = "cycle"});
    check("cyclic_scale_fn_cycle", s, "momentum");
  }
  {
    auto opt = adam({0.1});
    optim::CyclicLR s(opt, {.base_lr = {0.01},
                            .max_lr = {0.1},
                            .step_size_up = 7,
                            .scale_fn = [](double x) { return 1 / (1 + 0.01 * x); },
                            .scale_mode = "iterations",
                            .cycle_momentum = false});
    check("cyclic_scale_fn_iterations", s);
  }
}

TEST_CASE("SequentialLR and ChainedScheduler match torch 1.13") {
  {
    // torch 1.13 restarts ExponentialLR at its milestone from its closed form, base_lr * gamma^0:
    // 0.1, 0.1, then 1.0, 0.9, 0.81 ... (not the 0.9 of torch's docstring).
    auto opt = sgd({1.0});
    optim::ConstantLR warmup(opt, {.factor = 0.1, .total_iters = 2});
    optim::ExponentialLR decay(opt, {.gamma = 0.9});
    optim::SequentialLR s(opt, {warmup, decay}, {2});
    check("sequential", s);
  }
  {
    auto opt = sgd({0.1, 0.02});
    optim::LinearLR warmup(opt, {.start_factor = 0.1, .total_iters = 5});
    optim::CosineAnnealingLR cosine(opt, {.T_max = 40, .eta_min = 0.001});
    optim::StepLR steps(opt, {.step_size = 10, .gamma = 0.5});
    optim::SequentialLR s(opt, {warmup, cosine, steps}, {5, 45});
    check("sequential_three", s);
  }
  {
    // Every kind of scheduler taking over at a milestone: closed forms, lambdas, warm restarts.
    auto opt = sgd({0.1, 0.02});
    optim::ConstantLR constant(opt, {.factor = 0.5, .total_iters = 4});
    optim::MultiStepLR multistep(opt, {.milestones = {0, 3, 6}, .gamma = 0.5});
    optim::LinearLR linear(opt, {.start_factor = 0.25, .total_iters = 6});
    optim::PolynomialLR polynomial(opt, {.total_iters = 8, .power = 1.5});
    optim::CosineAnnealingWarmRestarts restarts(opt, {.T_0 = 4, .T_mult = 2});
    optim::LambdaLR lambda(opt, {.lr_lambda = {[](int64_t e) { return std::pow(0.9, static_cast<double>(e)); }}});
    optim::MultiplicativeLR multiplicative(opt, {.lr_lambda = {[](int64_t) { return 0.95; }}});
    optim::SequentialLR s(opt, {constant, multistep, linear, polynomial, restarts, lambda, multiplicative},
                          {10, 22, 34, 46, 60, 75});
    check("sequential_milestones", s);
  }
  {
    // CyclicLR's initial step runs from the initial_lr ExponentialLR recorded; its restart from its base_lr.
    auto opt = sgd({0.1});
    optim::ExponentialLR decay(opt, {.gamma = 0.9});
    optim::CyclicLR cyclic(opt, {.base_lr = {0.01}, .max_lr = {0.1}, .step_size_up = 5});
    optim::SequentialLR s(opt, {decay, cyclic}, {20});
    check("sequential_cyclic", s, "momentum");
  }
  {
    auto opt = sgd({1.0});
    optim::ConstantLR warmup(opt, {.factor = 0.1, .total_iters = 2});
    optim::ExponentialLR decay(opt, {.gamma = 0.9});
    optim::ChainedScheduler s({warmup, decay});
    check("chained", s);
  }
  {
    auto opt = sgd({0.1, 0.02});
    optim::LinearLR warmup(opt, {.start_factor = 0.1, .total_iters = 10});
    optim::CosineAnnealingLR cosine(opt, {.T_max = 25});
    optim::ChainedScheduler s({warmup, cosine});
    check("chained_cosine_warmup", s);
  }
}

TEST_CASE("ReduceLROnPlateau matches torch 1.13 on a fixed metric sequence (patience, cooldown, min_lr, eps)") {
  Tensor metrics = fx("plateau_metrics");
  auto metric = [&](int64_t k) { return metrics[k].item<double>(); };
  {
    auto opt = sgd({0.1, 0.02});
    optim::ReduceLROnPlateau s(
        opt, {.factor = 0.5, .patience = 3, .threshold = 0.01, .cooldown = 2, .min_lr = {0.01, 0.004}});
    REQUIRE(s.get_last_lr() == std::vector<double>{0.1, 0.02});
    REQUIRE_CLOSE(run(opt, [&](int64_t k) { s.step(metric(k)); }), fx("plateau_min"), 1e-12, 0);
    REQUIRE(s.get_last_lr() == std::vector<double>{0.01, 0.004});
  }
  {
    auto opt = sgd({0.1});
    optim::ReduceLROnPlateau s(opt, {.mode = "max",
                                     .factor = 0.7,
                                     .patience = 2,
                                     .threshold = 0.001,
                                     .threshold_mode = "abs",
                                     .min_lr = {0.02},
                                     .eps = 0.005});
    // the metric as a tensor, as a loss would come
    REQUIRE_CLOSE(run(opt, [&](int64_t k) { s.step(scalar_tensor(-metric(k), kFloat64)); }), fx("plateau_max_abs"),
                  1e-12, 0);
  }
}

TEST_CASE("state_dict round trips resume every kind of schedule mid-way, identically") {
  check_resume(
      "cosine_annealing_lr", 40,
      [] {
        return sgd({0.1, 0.02});
      },
      [](optim::Optimizer& o) {
        Schedulers s;
        s.push_back(make<optim::CosineAnnealingLR>(o, optim::CosineAnnealingLROptions{.T_max = 30, .eta_min = 0.001}));
        return s;
      });
  check_resume(
      "cosine_warm_restarts", 33,
      [] {
        return sgd({0.1, 0.02});
      },
      [](optim::Optimizer& o) {
        Schedulers s;
        s.push_back(make<optim::CosineAnnealingWarmRestarts>(
            o, optim::CosineAnnealingWarmRestartsOptions{.T_0 = 10, .T_mult = 2, .eta_min = 1e-4}));
        return s;
      });
  check_resume(
      "one_cycle_adam", 50, [] { return adam({0.1}); },
      [](optim::Optimizer& o) {
        Schedulers s;
        s.push_back(make<optim::OneCycleLR>(o, optim::OneCycleLROptions{.max_lr = {0.01},
                                                                        .total_steps = kSteps,
                                                                        .pct_start = 0.25,
                                                                        .base_momentum = {0.8},
                                                                        .max_momentum = {0.92}}));
        return s;
      },
      "beta1");
  check_resume(
      "cyclic_triangular2", 37,
      [] {
        return sgd({0.1, 0.1});
      },
      [](optim::Optimizer& o) {
        Schedulers s;
        s.push_back(make<optim::CyclicLR>(o, optim::CyclicLROptions{.base_lr = {0.001, 0.002},
                                                                    .max_lr = {0.1, 0.05},
                                                                    .step_size_up = 8,
                                                                    .step_size_down = 12,
                                                                    .mode = "triangular2",
                                                                    .base_momentum = {0.85},
                                                                    .max_momentum = {0.95, 0.9}}));
        return s;
      },
      "momentum");
  auto sequential = [](optim::Optimizer& o) {
    Schedulers s;
    s.push_back(make<optim::LinearLR>(o, optim::LinearLROptions{.start_factor = 0.1, .total_iters = 5}));
    s.push_back(make<optim::CosineAnnealingLR>(o, optim::CosineAnnealingLROptions{.T_max = 40, .eta_min = 0.001}));
    s.push_back(make<optim::StepLR>(o, optim::StepLROptions{.step_size = 10, .gamma = 0.5}));
    s.push_back(std::make_unique<optim::SequentialLR>(o, optim::SchedulerList{*s[0], *s[1], *s[2]},
                                                      std::vector<int64_t>{5, 45}));
    return s;
  };
  check_resume(
      "sequential_three", 40,
      [] {
        return sgd({0.1, 0.02});
      },
      sequential);  // the milestone at 45 comes after
  check_resume(
      "sequential_three", 3,
      [] {
        return sgd({0.1, 0.02});
      },
      sequential);
  check_resume(
      "chained_cosine_warmup", 20,
      [] {
        return sgd({0.1, 0.02});
      },
      [](optim::Optimizer& o) {
        Schedulers s;
        s.push_back(make<optim::LinearLR>(o, optim::LinearLROptions{.start_factor = 0.1, .total_iters = 10}));
        s.push_back(make<optim::CosineAnnealingLR>(o, optim::CosineAnnealingLROptions{.T_max = 25}));
        s.push_back(std::make_unique<optim::ChainedScheduler>(optim::SchedulerList{*s[0], *s[1]}));
        return s;
      });
}

TEST_CASE("ReduceLROnPlateau's state_dict resumes it mid-way") {
  Tensor metrics = fx("plateau_metrics");
  auto metric = [&](int64_t k) { return metrics[k].item<double>(); };
  optim::ReduceLROnPlateauOptions options{
      .factor = 0.5, .patience = 3, .threshold = 0.01, .cooldown = 2, .min_lr = {0.01, 0.004}};
  int64_t at = 36;  // within a cooldown
  auto opt1 = sgd({0.1, 0.02});
  optim::ReduceLROnPlateau s1(opt1, options);
  for (int64_t k = 0; k < at; ++k) s1.step(metric(k));
  REQUIRE(s1.in_cooldown());
  auto opt2 = sgd({0.1, 0.02});
  optim::ReduceLROnPlateau s2(opt2, options);
  s2.step(0.5);
  opt2.load_state_dict(opt1.state_dict());
  s2.load_state_dict(s1.state_dict());
  REQUIRE(s2.best() == s1.best());
  REQUIRE(s2.in_cooldown());
  Tensor rest = run(
      opt2, [&](int64_t k) { s2.step(metric(k)); }, "", at);
  REQUIRE_CLOSE(rest, fx("plateau_min").narrow(0, at, kSteps - at + 1), 1e-12, 0);
}

TEST_CASE("load_state_dict rejects a dict of another kind of scheduler, and changes nothing then") {
  auto opt = sgd({0.1, 0.02});
  optim::StepLR step(opt, {.step_size = 3});
  optim::CosineAnnealingWarmRestarts warm(opt, {.T_0 = 5});
  warm.step();
  REQUIRE_THROWS_WITH(warm.load_state_dict(step.state_dict()),
                      Contains("[CosineAnnealingWarmRestarts] load_state_dict: missing 'T_i'"));
  REQUIRE(warm.last_epoch() == 1);
  REQUIRE_THROWS_WITH(step.load_state_dict(warm.state_dict()),
                      Contains("[StepLR] load_state_dict: unexpected key 'T_i'"));

  auto one_group = sgd({0.1});
  optim::StepLR other(one_group, {.step_size = 3});
  REQUIRE_THROWS_WITH(other.load_state_dict(step.state_dict()),
                      Contains("'base_lrs' has shape (2) but the scheduler keeps 1 values"));

  nn::StateDict bad = step.state_dict();
  bad.set("last_epoch", scalar_tensor(2.5, kFloat64));
  REQUIRE_THROWS_WITH(step.load_state_dict(bad), Contains("'last_epoch' is 2.5, not an integer"));
  bad.set("last_epoch", tensor(std::vector<double>{1, 2}));
  REQUIRE_THROWS_WITH(step.load_state_dict(bad), Contains("'last_epoch' has shape (2) but is a number"));
  REQUIRE(step.last_epoch() == 0);

  optim::ExponentialLR a(opt, {.gamma = 0.5}), b(opt, {.gamma = 0.5});
  optim::ChainedScheduler chained({a, b});
  optim::ChainedScheduler shorter({a});
  REQUIRE_THROWS_WITH(shorter.load_state_dict(chained.state_dict()),
                      Contains("unexpected key '_schedulers.1.last_epoch'"));
  REQUIRE_THROWS_WITH(chained.load_state_dict(shorter.state_dict()), Contains("missing '_schedulers.1.last_epoch'"));

  optim::ReduceLROnPlateau plateau(opt);
  REQUIRE_THROWS_WITH(plateau.load_state_dict(step.state_dict()),
                      Contains("[ReduceLROnPlateau] load_state_dict: missing 'best'"));
}

TEST_CASE("schedulers reject bad arguments as torch does, with clear errors") {
  auto opt = sgd({0.1});
  REQUIRE_THROWS_WITH(optim::StepLR(opt, {}), Contains("[StepLR] step_size is required"));
  REQUIRE_THROWS_WITH(optim::StepLR(opt, {.step_size = 0}), Contains("[StepLR] step_size must be positive, got 0"));
  REQUIRE_THROWS_WITH(optim::ExponentialLR(opt, {}), Contains("[ExponentialLR] gamma is required"));
  REQUIRE_THROWS_WITH(optim::ConstantLR(opt, {.factor = 1.5}),
                      Contains("[ConstantLR] Constant multiplicative factor expected to be between 0 and 1, got 1.5"));
  REQUIRE_THROWS_WITH(optim::LinearLR(opt, {.start_factor = -0.1}),
                      Contains("Starting multiplicative factor expected to be between 0 and 1"));
  REQUIRE_THROWS_WITH(optim::LinearLR(opt, {.end_factor = 2}),
                      Contains("Ending multiplicative factor expected to be between 0 and 1"));
  REQUIRE_THROWS_WITH(optim::CosineAnnealingLR(opt, {}), Contains("[CosineAnnealingLR] T_max is required"));
  REQUIRE_THROWS_WITH(optim::CosineAnnealingLR(opt, {.T_max = 0}), Contains("T_max must be positive, got 0"));
  REQUIRE_THROWS_WITH(optim::CosineAnnealingWarmRestarts(opt, {.T_0 = 0}),
                      Contains("Expected positive integer T_0, but got 0"));
  REQUIRE_THROWS_WITH(optim::CosineAnnealingWarmRestarts(opt, {.T_0 = 5, .T_mult = 0}),
                      Contains("Expected integer T_mult >= 1, but got 0"));

  auto two = sgd({0.1, 0.2});
  auto half = [](int64_t) { return 0.5; };
  REQUIRE_THROWS_WITH(optim::LambdaLR(two, {}), Contains("[LambdaLR] lr_lambda is required"));
  REQUIRE_THROWS_WITH(optim::LambdaLR(two, {.lr_lambda = {half, half, half}}),
                      Contains("Expected 2 lr_lambdas, but got 3"));
  REQUIRE_THROWS_WITH(optim::MultiplicativeLR(two, {.lr_lambda = {nullptr}}),
                      Contains("[MultiplicativeLR] lr_lambda holds an empty function"));

  REQUIRE_THROWS_WITH(optim::OneCycleLR(opt, {.max_lr = {0.1}}),
                      Contains("You must define either total_steps OR (epochs AND steps_per_epoch)"));
  REQUIRE_THROWS_WITH(optim::OneCycleLR(opt, {.max_lr = {0.1}, .epochs = 3}),
                      Contains("You must define either total_steps OR (epochs AND steps_per_epoch)"));
  REQUIRE_THROWS_WITH(optim::OneCycleLR(opt, {.max_lr = {0.1}, .total_steps = 0}),
                      Contains("Expected positive integer total_steps, but got 0"));
  REQUIRE_THROWS_WITH(optim::OneCycleLR(opt, {.max_lr = {0.1}, .epochs = 2, .steps_per_epoch = -1}),
                      Contains("Expected positive integer steps_per_epoch, but got -1"));
  REQUIRE_THROWS_WITH(optim::OneCycleLR(opt, {.max_lr = {0.1}, .total_steps = 10, .pct_start = 1.5}),
                      Contains("Expected float between 0 and 1 pct_start, but got 1.5"));
  REQUIRE_THROWS_WITH(optim::OneCycleLR(opt, {.max_lr = {0.1}, .total_steps = 10, .anneal_strategy = "cosine"}),
                      Contains("anneal_strategy must by one of 'cos' or 'linear', instead got 'cosine'"));
  REQUIRE_THROWS_WITH(optim::OneCycleLR(opt, {.total_steps = 10}), Contains("[OneCycleLR] max_lr is required"));
  REQUIRE_THROWS_WITH(optim::OneCycleLR(two, {.max_lr = {0.1, 0.2, 0.3}, .total_steps = 10}),
                      Contains("expected 2 values for max_lr, got 3"));
  optim::Adagrad adagrad(groups_with({0.1}));
  REQUIRE_THROWS_WITH(optim::OneCycleLR(adagrad, {.max_lr = {0.1}, .total_steps = 10}),
                      Contains("optimizer Adagrad must support momentum with `cycle_momentum` option enabled"));
  REQUIRE(adagrad.param_groups()[0].options.count("initial_lr") == 0);  // checked before anything was set

  REQUIRE_THROWS_WITH(optim::CyclicLR(opt, {.max_lr = {0.1}}), Contains("[CyclicLR] base_lr is required"));
  REQUIRE_THROWS_WITH(optim::CyclicLR(opt, {.base_lr = {0.01}}), Contains("[CyclicLR] max_lr is required"));
  REQUIRE_THROWS_WITH(optim::CyclicLR(opt, {.base_lr = {0.01}, .max_lr = {0.1}, .mode = "sine"}),
                      Contains("mode 'sine' is invalid and scale_fn is not given"));
  REQUIRE_THROWS_WITH(
      optim::CyclicLR(
          opt, {.base_lr = {0.01}, .max_lr = {0.1}, .scale_fn = [](double) { return 1.0; }, .scale_mode = "epochs"}),
      Contains("scale_mode 'epochs' is unknown"));
  REQUIRE_THROWS_WITH(optim::CyclicLR(opt, {.base_lr = {0.01}, .max_lr = {0.1}, .step_size_up = 0}),
                      Contains("step_size_up must be positive"));
  auto adam_opt = adam({0.1});
  REQUIRE_THROWS_WITH(optim::CyclicLR(adam_opt, {.base_lr = {0.01}, .max_lr = {0.1}}),
                      Contains("optimizer Adam must support momentum with `cycle_momentum` option enabled"));

  optim::ExponentialLR e1(opt, {.gamma = 0.9}), e2(opt, {.gamma = 0.9});
  REQUIRE_THROWS_WITH(optim::SequentialLR(opt, {e1, e2}, {}),
                      Contains("number of schedulers 2 and the number of milestones to be equal to 0"));
  REQUIRE_THROWS_WITH(optim::SequentialLR(opt, {e1, e2, e1}, {5, 3}),
                      Contains("milestones must be in increasing order"));
  REQUIRE_THROWS_WITH(optim::SequentialLR(opt, {}, {}), Contains("[SequentialLR] needs at least one scheduler"));
  auto other = sgd({0.1});
  optim::ExponentialLR elsewhere(other, {.gamma = 0.9});
  REQUIRE_THROWS_WITH(
      optim::SequentialLR(opt, {e1, elsewhere}, {3}),
      Contains("expects all schedulers to belong to the same optimizer, but got schedulers at index 1"));
  optim::ChainedScheduler chained({e1, e2});
  REQUIRE_THROWS_WITH(optim::SequentialLR(opt, {e1, chained}, {3}),
                      Contains("scheduler 1 is a ChainedScheduler, which has no formula of its own to restart from"));
  REQUIRE_THROWS_WITH(optim::ChainedScheduler({}), Contains("[ChainedScheduler] needs at least one scheduler"));
  REQUIRE_THROWS_WITH(optim::ChainedScheduler({e1, elsewhere}),
                      Contains("but got schedulers at index 0 and 1 to be different"));

  REQUIRE_THROWS_WITH(optim::ReduceLROnPlateau(opt, {.factor = 1.0}),
                      Contains("[ReduceLROnPlateau] Factor should be < 1.0, got 1"));
  REQUIRE_THROWS_WITH(optim::ReduceLROnPlateau(opt, {.mode = "minimum"}), Contains("mode 'minimum' is unknown"));
  REQUIRE_THROWS_WITH(optim::ReduceLROnPlateau(opt, {.threshold_mode = "relative"}),
                      Contains("threshold mode 'relative' is unknown"));
  REQUIRE_THROWS_WITH(optim::ReduceLROnPlateau(two, {.min_lr = {0.1, 0.2, 0.3}}),
                      Contains("expected 2 values for min_lr, got 3"));
  optim::ReduceLROnPlateau plateau(opt);
  REQUIRE_THROWS_WITH(plateau.step(ones({2})), Contains("step() needs one metric value, got a tensor of shape (2)"));
}
