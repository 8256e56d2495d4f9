// Hyperparameter search: grid order, the best of synthetic objectives in
// both modes, ties and NaN, random search ranges and per-seed determinism,
// parameter access and the errors.
#include <cmath>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

TEST_CASE("grid_search walks the product with sorted names, the last fastest", "[train][search]") {
  train::ParamGrid grid = {{"b", {32, 64}}, {"a", {"x", "y", "z"}}};
  std::vector<std::string> seen;
  auto result = train::grid_search(grid, [&](const train::Params& p) {
    seen.push_back(train::to_string(p));
    return 0.0;
  });
  REQUIRE(seen == std::vector<std::string>{"{a=x, b=32}", "{a=x, b=64}", "{a=y, b=32}", "{a=y, b=64}", "{a=z, b=32}",
                                           "{a=z, b=64}"});
  REQUIRE(result.trials.size() == 6);
  REQUIRE(result.best_index == 0);  // all tied: the first wins
  // an empty grid is one empty configuration, as sklearn's ParameterGrid({})
  REQUIRE(train::grid_search({}, [](const train::Params&) { return 1.0; }).trials.size() == 1);
}

TEST_CASE("grid_search finds the best of a synthetic objective", "[train][search]") {
  // validation loss, lowest at lr = 0.01 with adam
  auto loss = [](const train::Params& p) {
    double lr = train::get_double(p, "lr");
    return std::pow(std::log10(lr) + 2, 2) + (train::get_string(p, "optimizer") == "adam" ? 0.0 : 0.5);
  };
  train::ParamGrid grid = {{"lr", {1e-3, 1e-2, 1e-1}}, {"optimizer", {"sgd", "adam"}}};
  auto min = train::grid_search(grid, loss, {.mode = "min"});
  REQUIRE(min.best().params == train::Params{{"lr", 1e-2}, {"optimizer", "adam"}});
  REQUIRE(min.best().score == 0.0);
  REQUIRE(min.best_index == 3);  // (1e-3, sgd) (1e-3, adam) (1e-2, sgd) (1e-2, adam) ...
  // "max" (the default) on the negated loss picks the same configuration
  auto max = train::grid_search(grid, [&](const train::Params& p) { return -loss(p); });
  REQUIRE(max.best_index == 3);
  for (size_t i = 0; i < max.trials.size(); ++i) REQUIRE(max.trials[i].score == -min.trials[i].score);
}

TEST_CASE("a NaN score never wins", "[train][search]") {
  train::ParamGrid grid = {{"x", {1, 2, 3}}};
  auto result = train::grid_search(grid, [](const train::Params& p) {
    double x = train::get_double(p, "x");
    return x == 3 ? std::nan("") : x;
  });
  REQUIRE(result.best_index == 1);
  REQUIRE(std::isnan(result.trials[2].score));
  REQUIRE_THROWS_WITH(train::grid_search(grid, [](const train::Params&) { return std::nan(""); }),
                      Contains("[grid_search] every one of the 3 trials scored NaN"));
}

TEST_CASE("random_search draws in range, the same per seed", "[train][search]") {
  train::ParamDistributions dists = {{"lr", train::LogUniform{1e-4, 1.0}},
                                     {"dropout", train::Uniform{0.1, 0.5}},
                                     {"optimizer", train::Choice{{"sgd", "adam", "adamw"}}}};
  // accuracy, highest at lr = 0.01 and adam, indifferent to dropout
  auto objective = [](const train::Params& p) {
    return -std::abs(std::log10(train::get_double(p, "lr")) + 2) -
           (train::get_string(p, "optimizer") == "adam" ? 0 : 1);
  };
  auto result = train::random_search(dists, 200, 42, objective);
  REQUIRE(result.trials.size() == 200);
  int64_t below_1e2 = 0, per_choice[3] = {0, 0, 0};
  for (const train::Trial& t : result.trials) {
    double lr = train::get_double(t.params, "lr"), dropout = train::get_double(t.params, "dropout");
    REQUIRE((lr >= 1e-4 && lr < 1.0));
    REQUIRE((dropout >= 0.1 && dropout < 0.5));
    below_1e2 += lr < 1e-2;
    std::string opt = train::get_string(t.params, "optimizer");
    REQUIRE((opt == "sgd" || opt == "adam" || opt == "adamw"));
    ++per_choice[opt == "sgd" ? 0 : opt == "adam" ? 1 : 2];
  }
  // log-uniform: half the draws below the geometric middle 1e-2; each choice about a third
  REQUIRE((below_1e2 > 80 && below_1e2 < 120));
  for (int64_t n : per_choice) REQUIRE((n > 45 && n < 90));

  const train::Trial& best = result.best();
  REQUIRE(train::get_string(best.params, "optimizer") == "adam");
  // ~67 adam draws over 4 decades: the nearest lies within 0.15 decades of 1e-2
  // unless no draw hits that 0.3-decade window (probability 0.925^67 < 1%)
  REQUIRE(std::abs(std::log10(train::get_double(best.params, "lr")) + 2) < 0.15);
  for (const train::Trial& t : result.trials) REQUIRE(t.score <= best.score);

  auto again = train::random_search(dists, 200, 42, objective);
  auto other = train::random_search(dists, 200, 43, objective);
  bool all_same = true, any_different = false;
  for (size_t i = 0; i < 200; ++i) {
    all_same = all_same && again.trials[i].params == result.trials[i].params;
    any_different = any_different || other.trials[i].params != result.trials[i].params;
  }
  REQUIRE(all_same);
  REQUIRE(any_different);
}

TEST_CASE("search errors name the function and the bad value", "[train][search]") {
  auto zero = [](const train::Params&) { return 0.0; };
  REQUIRE_THROWS_WITH(train::grid_search({{"lr", {}}}, zero),
                      Contains("[grid_search] parameter 'lr' has no values to try"));
  REQUIRE_THROWS_WITH(train::grid_search({{"lr", {1}}}, zero, {.mode = "best"}),
                      Contains("[grid_search] mode must be \"max\" or \"min\", got \"best\""));
  REQUIRE_THROWS_WITH(train::random_search({{"lr", train::LogUniform{0.0, 1.0}}}, 5, 0, zero),
                      Contains("[random_search] parameter 'lr': LogUniform needs 0 < low <= high, got low=0 high=1"));
  REQUIRE_THROWS_WITH(train::random_search({{"opt", train::Choice{}}}, 5, 0, zero),
                      Contains("[random_search] parameter 'opt': Choice has no values"));
  REQUIRE_THROWS_WITH(train::random_search({}, 0, 0, zero),
                      Contains("[random_search] n_iter must be at least 1, got 0"));
  train::Params p = {{"lr", 0.1}, {"optimizer", "adam"}};
  REQUIRE_THROWS_WITH(train::get_double(p, "optimizer"),
                      Contains("[get_double] parameter 'optimizer' is the string \"adam\", not a number"));
  REQUIRE_THROWS_WITH(train::get_string(p, "lr"),
                      Contains("[get_string] parameter 'lr' is the number 0.1, not a string"));
  REQUIRE_THROWS_WITH(train::get_double(p, "momentum"),
                      Contains("[get_double] no parameter 'momentum' in {lr=0.1, optimizer=adam}"));
}
