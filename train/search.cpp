// search.cpp — grid and random search of search.h.
#include "train/search.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "core/error.h"
#include "core/generator.h"

namespace ember::train {

namespace {

const ParamValue& lookup(const Params& params, const std::string& name, const char* op) {
  auto it = params.find(name);
  EMBER_CHECK(it != params.end(), op, "no parameter '", name, "' in ", to_string(params));
  return it->second;
}

void check_mode(const SearchOptions& options, const char* op) {
  EMBER_CHECK(options.mode == "max" || options.mode == "min", op, "mode must be \"max\" or \"min\", got \"",
              options.mode, "\"");
}

// Runs the objective on each configuration and picks the best score: the
// first of the highest ("max") or lowest ("min"), NaN never.
SearchResult run_trials(const std::vector<Params>& configs, const Objective& objective, const SearchOptions& options,
                        const char* op) {
  SearchResult result;
  std::optional<size_t> best;
  for (const Params& params : configs) {
    double score = objective(params);
    result.trials.push_back({params, score});
    if (std::isnan(score)) continue;
    double best_score = best ? result.trials[*best].score : 0.0;
    if (!best || (options.mode == "max" ? score > best_score : score < best_score)) best = result.trials.size() - 1;
  }
  EMBER_CHECK(best.has_value(), op, "every one of the ", configs.size(), " trials scored NaN");
  result.best_index = *best;
  return result;
}

}  // namespace

double get_double(const Params& params, const std::string& name) {
  const ParamValue& v = lookup(params, name, "get_double");
  EMBER_CHECK(!v.is_string(), "get_double", "parameter '", name, "' is the string \"", std::get<std::string>(v.value()),
              "\", not a number");
  return std::get<double>(v.value());
}

std::string get_string(const Params& params, const std::string& name) {
  const ParamValue& v = lookup(params, name, "get_string");
  EMBER_CHECK(v.is_string(), "get_string", "parameter '", name, "' is the number ", to_string(v), ", not a string");
  return std::get<std::string>(v.value());
}

std::string to_string(const ParamValue& value) {
  if (value.is_string()) return std::get<std::string>(value.value());
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, std::get<double>(value.value()));  // shortest exact
  return std::string(buffer, end);
}

std::string to_string(const Params& params) {
  std::string s = "{";
  for (const auto& [name, value] : params) s += (s.size() > 1 ? ", " : "") + name + "=" + to_string(value);
  return s + "}";
}

SearchResult grid_search(const ParamGrid& grid, const Objective& objective, const SearchOptions& options) {
  check_mode(options, "grid_search");
  EMBER_CHECK(static_cast<bool>(objective), "grid_search", "objective is empty");
  for (const auto& [name, values] : grid)
    EMBER_CHECK(!values.empty(), "grid_search", "parameter '", name, "' has no values to try");

  // An odometer over the value lists: the last name's digit turns fastest.
  std::vector<std::pair<std::string, const std::vector<ParamValue>*>> axes;
  for (const auto& [name, values] : grid) axes.emplace_back(name, &values);
  std::vector<size_t> digit(axes.size(), 0);
  std::vector<Params> configs;
  while (true) {
    Params params;
    for (size_t a = 0; a < axes.size(); ++a) params.emplace(axes[a].first, (*axes[a].second)[digit[a]]);
    configs.push_back(std::move(params));
    size_t a = axes.size();
    while (a > 0 && ++digit[a - 1] == axes[a - 1].second->size()) digit[--a] = 0;
    if (a == 0) break;  // every digit wrapped around: all combinations done
  }
  return run_trials(configs, objective, options, "grid_search");
}

SearchResult random_search(const ParamDistributions& distributions, int64_t n_iter, uint64_t seed,
                           const Objective& objective, const SearchOptions& options) {
  check_mode(options, "random_search");
  EMBER_CHECK(static_cast<bool>(objective), "random_search", "objective is empty");
  EMBER_CHECK(n_iter >= 1, "random_search", "n_iter must be at least 1, got ", n_iter);
  for (const auto& [name, dist] : distributions) {
    if (auto* u = std::get_if<Uniform>(&dist))
      EMBER_CHECK(u->low <= u->high && std::isfinite(u->low) && std::isfinite(u->high), "random_search", "parameter '",
                  name, "': Uniform needs finite low <= high, got low=", u->low, " high=", u->high);
    if (auto* l = std::get_if<LogUniform>(&dist))
      EMBER_CHECK(l->low > 0 && l->low <= l->high && std::isfinite(l->high), "random_search", "parameter '", name,
                  "': LogUniform needs 0 < low <= high, got low=", l->low, " high=", l->high);
    if (auto* c = std::get_if<Choice>(&dist))
      EMBER_CHECK(!c->values.empty(), "random_search", "parameter '", name, "': Choice has no values");
  }

  Generator gen(seed);
  std::vector<Params> configs;
  for (int64_t i = 0; i < n_iter; ++i) {
    Params params;
    for (const auto& [name, dist] : distributions) {
      double u = gen.next_double();  // uniform on [0, 1)
      if (auto* uni = std::get_if<Uniform>(&dist)) {
        params.emplace(name, uni->low + (uni->high - uni->low) * u);
      } else if (auto* log_uni = std::get_if<LogUniform>(&dist)) {
        double lo = std::log(log_uni->low), hi = std::log(log_uni->high);
        params.emplace(name, std::exp(lo + (hi - lo) * u));
      } else {
        const std::vector<ParamValue>& values = std::get<Choice>(dist).values;
        // floor(u n), clamped: u n can round up to n for u just below 1.
        size_t index = std::min(static_cast<size_t>(u * static_cast<double>(values.size())), values.size() - 1);
        params.emplace(name, values[index]);
      }
    }
    configs.push_back(std::move(params));
  }
  return run_trials(configs, objective, options, "random_search");
}

}  // namespace ember::train
