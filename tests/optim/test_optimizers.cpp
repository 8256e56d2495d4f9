// Optimizers against torch 1.13 (fixtures from tests/fixtures/make_optim_fixtures.py):
// ten steps on fixed gradients for each optimizer and option set, LBFGS on
// Rosenbrock, parameter groups, zero_grad, state_dict round trips, bad options.
#include <functional>
#include <memory>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

using Factory = std::function<std::unique_ptr<optim::Optimizer>(TensorList)>;

template <typename Opt, typename Options>
Factory make(Options options) {
  return [options](TensorList params) { return std::make_unique<Opt>(std::move(params), options); };
}

// The cases of make_optim_fixtures.py, same names and options.
const std::vector<std::pair<std::string, Factory>>& cases() {
  static const std::vector<std::pair<std::string, Factory>> all = {
      {"sgd", make<optim::SGD>(optim::SGDOptions{.lr = 0.1})},
      {"sgd_momentum",
       make<optim::SGD>(optim::SGDOptions{.lr = 0.1, .momentum = 0.9, .dampening = 0.1, .weight_decay = 0.01})},
      {"sgd_nesterov",
       make<optim::SGD>(optim::SGDOptions{.lr = 0.05, .momentum = 0.9, .nesterov = true, .maximize = true})},
      {"adam", make<optim::Adam>(optim::AdamOptions{.lr = 0.01})},
      {"adam_amsgrad", make<optim::Adam>(optim::AdamOptions{
                           .lr = 0.01, .beta1 = 0.8, .beta2 = 0.9, .weight_decay = 0.1, .amsgrad = true})},
      {"adam_maximize", make<optim::Adam>(optim::AdamOptions{.lr = 0.01, .maximize = true})},
      {"adamw", make<optim::AdamW>(optim::AdamOptions{.lr = 0.01, .weight_decay = 0.1})},
      {"adamw_amsgrad", make<optim::AdamW>(optim::AdamOptions{.lr = 0.01, .weight_decay = 1e-2, .amsgrad = true})},
      {"adamax", make<optim::Adamax>(optim::AdamaxOptions{.lr = 0.01, .weight_decay = 0.01})},
      {"nadam", make<optim::NAdam>(optim::NAdamOptions{.lr = 0.01, .weight_decay = 0.01})},
      {"radam", make<optim::RAdam>(optim::RAdamOptions{.lr = 0.01, .beta2 = 0.9})},
      {"radam_wd", make<optim::RAdam>(optim::RAdamOptions{.lr = 0.01, .weight_decay = 0.1})},
      {"rmsprop", make<optim::RMSprop>(optim::RMSpropOptions{.lr = 0.01})},
      {"rmsprop_centered", make<optim::RMSprop>(optim::RMSpropOptions{
                               .lr = 0.01, .alpha = 0.9, .weight_decay = 0.01, .momentum = 0.5, .centered = true})},
      {"adagrad", make<optim::Adagrad>(optim::AdagradOptions{
                      .lr = 0.1, .lr_decay = 0.1, .weight_decay = 0.01, .initial_accumulator_value = 0.1})},
      {"adadelta", make<optim::Adadelta>(
                       optim::AdadeltaOptions{.lr = 0.5, .rho = 0.8, .weight_decay = 0.01, .maximize = true})},
  };
  return all;
}

constexpr int64_t kSteps = 10;

TensorList start_params() {
  return {testing::fixture("optim/start0").requires_grad_(), testing::fixture("optim/start1").requires_grad_()};
}

// g = G[k] + 0.5 p, as in the fixture script.
void set_grads(TensorList& params, int64_t k) {
  for (size_t i = 0; i < params.size(); ++i) {
    Tensor G = testing::fixture("optim/grads" + std::to_string(i)).select(0, k);
    params[i].mutable_grad() = G.add(params[i].detach().mul(0.5));
  }
}

Tensor flat(const TensorList& params) { return cat({params[0].detach().reshape({-1}), params[1].detach()}, 0); }

// Runs steps [from, to) and checks each against the fixture row.
void run_and_compare(const std::string& name, optim::Optimizer& opt, TensorList& params, int64_t from, int64_t to) {
  Tensor expected = testing::fixture("optim/" + name);
  for (int64_t k = from; k < to; ++k) {
    set_grads(params, k);
    opt.step();
    INFO(name << " step " << k + 1);
    REQUIRE_CLOSE(flat(params), expected[k], 1e-12, 1e-14);
  }
}

double rosenbrock_value(const Tensor& xy) {
  double x = xy[0].item<double>(), y = xy[1].item<double>();
  return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
}

}  // namespace

TEST_CASE("every optimizer follows torch's first ten steps", "[optim]") {
  for (const auto& [name, factory] : cases()) {
    TensorList params = start_params();
    auto opt = factory(params);
    run_and_compare(name, *opt, params, 0, kSteps);
  }
}

TEST_CASE("parameter groups keep their own options", "[optim]") {
  TensorList params = start_params();
  optim::SGD opt(std::vector<optim::ParamGroup>{{{params[0]}, {{"momentum", 0.9}}}, {{params[1]}, {{"lr", 0.01}}}},
                 optim::SGDOptions{.lr = 0.1});
  REQUIRE(opt.lr(0) == 0.1);
  REQUIRE(opt.lr(1) == 0.01);
  REQUIRE(opt.param_groups()[1].options.at("momentum") == 0);
  run_and_compare("sgd_groups", opt, params, 0, kSteps);
}

TEST_CASE("add_param_group takes the defaults and rejects duplicates", "[optim]") {
  Tensor a = ones({2}).requires_grad_(), b = ones({3}).requires_grad_();
  optim::Adam opt({a}, optim::AdamOptions{.lr = 0.5});
  opt.add_param_group({{b}, {{"beta1", 0.5}}});
  REQUIRE(opt.param_groups().size() == 2);
  REQUIRE(opt.lr(1) == 0.5);
  REQUIRE(opt.param_groups()[1].options.at("beta1") == 0.5);
  REQUIRE_THROWS_WITH(opt.add_param_group({{a}}), Contains("more than one parameter group"));
  REQUIRE_THROWS_WITH(opt.add_param_group({{ones({1}).requires_grad_()}, {{"momentum", 0.9}}}),
                      Contains("unknown option 'momentum'"));
}

TEST_CASE("a learning rate set mid-training takes effect on the next step", "[optim]") {
  Tensor w = zeros({1}).requires_grad_();
  optim::SGD opt({w}, {.lr = 0.1});
  w.mutable_grad() = ones({1});
  opt.step();
  REQUIRE(w.item<double>() == Approx(-0.1));
  opt.set_lr(1.0);
  opt.step();
  REQUIRE(w.item<double>() == Approx(-1.1));
}

TEST_CASE("zero_grad clears or zeroes the gradients, parameters without one are skipped", "[optim]") {
  Tensor a = ones({2}).requires_grad_(), b = ones({2}).requires_grad_();
  optim::SGD opt({a, b}, {.lr = 1});
  a.mutable_grad() = full({2}, 3.0);
  opt.step();  // b has no gradient: left alone
  REQUIRE_EQUAL(a.detach(), full({2}, -2.0));
  REQUIRE_EQUAL(b.detach(), ones({2}));
  opt.zero_grad(/*set_to_none=*/false);
  REQUIRE_EQUAL(a.grad(), zeros({2}));
  opt.zero_grad();
  REQUIRE_FALSE(a.grad().defined());
}

TEST_CASE("state_dict mid-run restores a fresh optimizer bit for bit", "[optim]") {
  for (const auto& [name, factory] : cases()) {
    INFO(name);
    TensorList params = start_params();
    auto opt = factory(params);
    run_and_compare(name, *opt, params, 0, 4);
    nn::StateDict saved = opt->state_dict();
    // Go on with the original, then rebuild from the snapshot and redo the same steps.
    TensorList snapshot = {params[0].detach().clone().requires_grad_(), params[1].detach().clone().requires_grad_()};
    run_and_compare(name, *opt, params, 4, kSteps);
    auto resumed = factory(snapshot);
    resumed->load_state_dict(saved);
    for (int64_t k = 4; k < kSteps; ++k) {
      set_grads(snapshot, k);
      resumed->step();
    }
    REQUIRE(equal(flat(snapshot), flat(params)));
  }
}

TEST_CASE("load_state_dict rejects state from elsewhere and leaves the optimizer unchanged", "[optim]") {
  Tensor w = ones({3}).requires_grad_();
  optim::Adam adam({w});
  w.mutable_grad() = ones({3});
  adam.step();
  nn::StateDict good = adam.state_dict();

  optim::SGD sgd({ones({3}).requires_grad_()});
  REQUIRE_THROWS_WITH(sgd.load_state_dict(good), Contains("is not an option of SGD"));

  optim::Adam other({ones({4}).requires_grad_()});
  REQUIRE_THROWS_WITH(other.load_state_dict(good), Contains("has shape (3) but its parameter has shape (4)"));

  nn::StateDict extra = good;
  extra.insert("state.7.exp_avg", ones({3}));
  REQUIRE_THROWS_WITH(adam.load_state_dict(extra), Contains("refers to parameter 7"));
  nn::StateDict bad_key = good;
  bad_key.insert("state.x.exp_avg", ones({3}));
  REQUIRE_THROWS_WITH(adam.load_state_dict(bad_key), Contains("malformed key"));
  nn::StateDict missing;
  REQUIRE_THROWS_WITH(adam.load_state_dict(missing), Contains("missing 'param_groups.0."));
  REQUIRE(adam.state_dict().size() == good.size());  // untouched by the failed loads
}

TEST_CASE("bad options are rejected with the optimizer's name", "[optim]") {
  Tensor w = ones({2}).requires_grad_();
  REQUIRE_THROWS_WITH(optim::SGD({w}, {.lr = -1}), Contains("SGD") && Contains("invalid lr value: -1"));
  REQUIRE_THROWS_WITH(optim::SGD({w}, {.lr = 0.1, .nesterov = true}), Contains("Nesterov momentum requires"));
  REQUIRE_THROWS_WITH(optim::Adam({w}, {.beta2 = 1.0}), Contains("invalid beta2 value: 1"));
  REQUIRE_THROWS_WITH(optim::RMSprop({w}, {.eps = -1e-3}), Contains("invalid eps"));
  REQUIRE_THROWS_WITH(optim::SGD(TensorList{}), Contains("no parameters"));
  Tensor y = w.mul(2);
  REQUIRE_THROWS_WITH(optim::SGD({y}), Contains("leaf"));
  REQUIRE_THROWS_WITH(optim::SGD({ones({2}, kInt64)}), Contains("floating point"));
  REQUIRE_THROWS_WITH(optim::LBFGS({w}).step(), Contains("needs a closure"));
}

TEST_CASE("LBFGS on Rosenbrock follows torch, with and without the strong-Wolfe line search", "[optim]") {
  struct Case {
    std::string name;
    optim::LBFGSOptions options;
  };
  for (const Case& c : {Case{"lbfgs", {.lr = 0.1, .max_iter = 5, .history_size = 4}},
                        Case{"lbfgs_strong_wolfe", {.lr = 1, .max_iter = 6, .strong_wolfe = true}}}) {
    INFO(c.name);
    Tensor xy = tensor({-1.5, 2.0}, kFloat64).requires_grad_();
    optim::LBFGS opt({xy}, c.options);
    auto closure = [&] {
      opt.zero_grad();
      Tensor x = xy[0], y = xy[1];
      Tensor loss = x.neg().add(1).square().add(y.sub(x.square()).square().mul(100));
      loss.backward();
      return loss;
    };
    Tensor expected = testing::fixture("optim/" + c.name);
    for (int64_t k = 0; k < expected.size(0); ++k) {
      Tensor loss = opt.step(closure);
      REQUIRE(loss.item<double>() == Approx(expected[k][2].item<double>()).epsilon(1e-10));
      REQUIRE_CLOSE(xy.detach(), expected[k].narrow(0, 0, 2), 1e-10, 1e-12);
    }
    // With the line search it closes in on the minimum at (1, 1); lr 0.1 without one overshoots, as in torch.
    if (c.options.strong_wolfe) REQUIRE(rosenbrock_value(xy.detach()) < 0.1);
  }
}
