// search.h — hyperparameter search: try configurations, score each with a
// user objective (typically: train on the training split, return the
// validation score), keep every result and the best (sklearn's
// ParameterGrid / ParameterSampler, as used by GridSearchCV and
// RandomizedSearchCV, without the cross-validation: the objective decides
// how a configuration is scored).
//
// A configuration maps names to values, each a number or a string:
//   train::ParamGrid grid = {{"lr", {1e-3, 1e-2}}, {"optimizer", {"sgd", "adam"}}};
//   auto result = train::grid_search(grid, [&](const train::Params& p) {
//     return fit_and_validate(train::get_double(p, "lr"), train::get_string(p, "optimizer"));
//   });
//
// Left out: parallel trials, early pruning of bad trials (Optuna-style),
// adaptive search (Bayesian optimisation), integer-valued distributions
// (draw a double and round it).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace ember::train {

/// One hyperparameter's value: a number or a string. Integers convert to
/// numbers, so {32, 64} is a valid list of values (a plain std::variant
/// would reject the narrowing int -> double).
class ParamValue {
 public:
  ParamValue(double v) : value_(v) {}
  template <class I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
  ParamValue(I v) : value_(static_cast<double>(v)) {}
  ParamValue(const char* v) : value_(std::string(v)) {}
  ParamValue(std::string v) : value_(std::move(v)) {}

  bool is_string() const { return std::holds_alternative<std::string>(value_); }
  const std::variant<double, std::string>& value() const { return value_; }
  friend bool operator==(const ParamValue&, const ParamValue&) = default;

 private:
  std::variant<double, std::string> value_;
};

/// One configuration, by name.
using Params = std::map<std::string, ParamValue>;
/// The values to try for each name.
using ParamGrid = std::map<std::string, std::vector<ParamValue>>;

/// params.at(name) as a number or a string; an error naming the parameter
/// when it is missing or of the other kind.
double get_double(const Params& params, const std::string& name);
std::string get_string(const Params& params, const std::string& name);
/// "0.01" / "adam" and "{lr=0.01, optimizer=adam}", for printing.
std::string to_string(const ParamValue& value);
std::string to_string(const Params& params);

/// The score of one configuration.
using Objective = std::function<double(const Params&)>;

struct SearchOptions {
  std::string mode = "max";  // "max": a higher score is better (accuracy); "min": lower is (loss)
};

struct Trial {
  Params params;
  double score = 0.0;
};

struct SearchResult {
  std::vector<Trial> trials;  // every configuration tried, in the order tried
  size_t best_index = 0;      // the best trial; the first one on a tie
  const Trial& best() const { return trials.at(best_index); }
};

/// Every configuration of the grid's Cartesian product, in sklearn's order:
/// names sorted, the last name's values varying fastest. A NaN score never
/// wins; an error if every score is NaN.
SearchResult grid_search(const ParamGrid& grid, const Objective& objective, const SearchOptions& options = {});

/// x = low + (high - low) u, u uniform on [0, 1) (scipy.stats.uniform(low, high - low)).
struct Uniform {
  double low = 0.0;
  double high = 1.0;
};
/// log x uniform: x = exp(log low + (log high - log low) u), 0 < low (scipy.stats.loguniform).
struct LogUniform {
  double low = 1e-5;
  double high = 1.0;
};
/// One of the values, each with probability 1 / size.
struct Choice {
  std::vector<ParamValue> values;
};
using Distribution = std::variant<Uniform, LogUniform, Choice>;
using ParamDistributions = std::map<std::string, Distribution>;

/// n_iter configurations drawn independently from the distributions (names
/// in sorted order, one uniform draw each, from an ember Generator seeded
/// with `seed`: the same seed gives the same configurations). NaN handling
/// and ties as grid_search.
SearchResult random_search(const ParamDistributions& distributions, int64_t n_iter, uint64_t seed,
                           const Objective& objective, const SearchOptions& options = {});

}  // namespace ember::train
