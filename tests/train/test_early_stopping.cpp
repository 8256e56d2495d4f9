// EarlyStopping on crafted metric curves: the exact stopping epoch, the
// restored weights, min_delta at its boundary, max mode, patience 0, NaN,
// state_dict round trips mid-training, and the errors.
#include <cmath>
#include <limits>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

// A model whose weights record the epoch they were set in.
std::shared_ptr<nn::Linear> make_model() { return std::make_shared<nn::Linear>(2, 1); }

void set_epoch_weights(nn::Linear& model, int64_t epoch) {
  NoGradGuard no_grad;
  model.weight.fill_(static_cast<double>(epoch));
  model.bias.fill_(-static_cast<double>(epoch));
}

// The epoch at which step() first returns true (-1: never), setting the
// model's weights to the epoch number before each step.
int64_t run(train::EarlyStopping& stopper, nn::Linear& model, const std::vector<double>& curve, int64_t first = 0) {
  for (int64_t e = first; e < static_cast<int64_t>(curve.size()); ++e) {
    set_epoch_weights(model, e);
    if (stopper.step(curve[e], model)) return e;
  }
  return -1;
}

}  // namespace

TEST_CASE("EarlyStopping stops after patience epochs without improvement and restores the best",
          "[train][early_stopping]") {
  // best at epoch 2; epochs 3, 4, 5 do not improve; patience 3 stops at epoch 5
  std::vector<double> loss = {1.0, 0.8, 0.6, 0.65, 0.62, 0.61, 0.5, 0.4};
  auto model = make_model();
  train::EarlyStopping stopper({.patience = 3, .restore_best_weights = true});
  REQUIRE(stopper.best_epoch() == -1);
  REQUIRE(stopper.best_score() == std::numeric_limits<double>::infinity());
  REQUIRE(run(stopper, *model, loss) == 5);
  REQUIRE(stopper.stopped_epoch() == 5);
  REQUIRE(stopper.best_epoch() == 2);
  REQUIRE(stopper.best_score() == 0.6);
  REQUIRE(stopper.wait_count() == 3);
  REQUIRE(model->weight.sum().item<double>() == 10.0);  // still epoch 5's weights
  stopper.restore(*model);
  REQUIRE_EQUAL(model->weight, full({1, 2}, 2.0f));
  REQUIRE_EQUAL(model->bias, full({1}, -2.0f));
}

TEST_CASE("an improvement resets the wait count", "[train][early_stopping]") {
  // 0.9 at epoch 3 improves after two bad epochs, so patience 3 runs to epoch 6
  std::vector<double> loss = {1.0, 1.1, 1.2, 0.9, 0.95, 0.96, 0.97, 0.5};
  auto model = make_model();
  train::EarlyStopping stopper({.patience = 3});
  REQUIRE(run(stopper, *model, loss) == 6);
  REQUIRE(stopper.best_epoch() == 3);
}

TEST_CASE("min_delta: an improvement must exceed it", "[train][early_stopping]") {
  auto model = make_model();
  // best - min_delta = 1.0 - 0.25 = 0.75: exactly 0.75 is not better, 0.5 is
  train::EarlyStopping stopper({.patience = 2, .min_delta = 0.25});
  REQUIRE(run(stopper, *model, {1.0, 0.75, 0.5, 0.3, 0.26}) == 4);
  REQUIRE(stopper.best_epoch() == 2);
  REQUIRE(stopper.best_score() == 0.5);
  // without min_delta the same curve keeps improving
  train::EarlyStopping plain({.patience = 2});
  REQUIRE(run(plain, *model, {1.0, 0.75, 0.5, 0.3, 0.26}) == -1);
  REQUIRE(plain.best_epoch() == 4);
}

TEST_CASE("max mode watches a metric that should rise", "[train][early_stopping]") {
  auto model = make_model();
  train::EarlyStopping stopper({.patience = 2, .mode = "max", .restore_best_weights = true});
  REQUIRE(stopper.best_score() == -std::numeric_limits<double>::infinity());
  // 0.7 at epoch 3 equals the best, which is not an improvement
  REQUIRE(run(stopper, *model, {0.5, 0.6, 0.7, 0.7, 0.69, 0.9}) == 4);
  REQUIRE(stopper.best_epoch() == 2);
  stopper.restore(*model);
  REQUIRE_EQUAL(model->weight, full({1, 2}, 2.0f));
}

TEST_CASE("patience 0 stops at the first epoch without improvement, and NaN never improves",
          "[train][early_stopping]") {
  auto model = make_model();
  train::EarlyStopping zero({.patience = 0});
  REQUIRE(run(zero, *model, {1.0, 0.9, 0.95}) == 2);
  train::EarlyStopping nan({.patience = 2});
  REQUIRE(run(nan, *model, {1.0, std::nan(""), std::nan("")}) == 2);
  REQUIRE(nan.best_score() == 1.0);
}

TEST_CASE("EarlyStopping resumes from its state_dict", "[train][early_stopping]") {
  std::vector<double> loss = {1.0, 0.8, 0.6, 0.65, 0.62, 0.61, 0.5};
  auto model = make_model();
  train::EarlyStopping first({.patience = 3, .restore_best_weights = true});
  REQUIRE(run(first, *model, {loss.begin(), loss.begin() + 4}) == -1);  // epochs 0..3
  nn::StateDict saved = first.state_dict();
  REQUIRE(saved.at("epoch").item<int64_t>() == 4);
  REQUIRE(saved.at("best_epoch").item<int64_t>() == 2);
  REQUIRE(saved.at("wait_count").item<int64_t>() == 1);
  REQUIRE_EQUAL(saved.at("best_weights.weight"), full({1, 2}, 2.0f));

  train::EarlyStopping resumed({.patience = 3, .restore_best_weights = true});
  resumed.load_state_dict(saved);
  REQUIRE(run(resumed, *model, loss, 4) == 5);  // as if never interrupted
  REQUIRE(resumed.best_epoch() == 2);
  resumed.restore(*model);
  REQUIRE_EQUAL(model->weight, full({1, 2}, 2.0f));

  // the saved dict holds copies: later steps do not change it
  REQUIRE(saved.at("epoch").item<int64_t>() == 4);
  saved.insert("patience", scalar_tensor(3));
  REQUIRE_THROWS_WITH(resumed.load_state_dict(saved),
                      Contains("[EarlyStopping] load_state_dict: unexpected key 'patience'"));
  REQUIRE(resumed.stopped_epoch() == 5);  // a rejected dict changes nothing
  REQUIRE_THROWS_WITH(train::EarlyStopping().load_state_dict(nn::StateDict()),
                      Contains("[EarlyStopping] load_state_dict: missing or non-scalar 'epoch'"));
}

TEST_CASE("EarlyStopping errors name the bad option", "[train][early_stopping]") {
  REQUIRE_THROWS_WITH(train::EarlyStopping({.mode = "lowest"}),
                      Contains("[EarlyStopping] mode must be \"min\" or \"max\", got \"lowest\""));
  REQUIRE_THROWS_WITH(train::EarlyStopping({.min_delta = -0.1}),
                      Contains("[EarlyStopping] min_delta must be finite and non-negative, got -0.1"));
  REQUIRE_THROWS_WITH(train::EarlyStopping({.patience = -1}),
                      Contains("[EarlyStopping] patience must be non-negative, got -1"));
  auto model = make_model();
  train::EarlyStopping no_copy;
  no_copy.step(1.0, *model);
  REQUIRE_THROWS_WITH(no_copy.restore(*model), Contains("restore: no weights were kept"));
  train::EarlyStopping never({.restore_best_weights = true});
  never.step(std::nan(""), *model);
  REQUIRE_THROWS_WITH(never.restore(*model), Contains("restore: no best weights yet (1 step() calls"));
}
