// early_stopping.cpp — EarlyStopping of early_stopping.h.
#include "train/early_stopping.h"

#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/ops_creation.h"

namespace ember::train {

namespace {

const char* const kWeightsPrefix = "best_weights.";
const char* const kCounters[] = {"epoch", "best_epoch", "wait_count", "stopped_epoch"};

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

EarlyStopping::EarlyStopping(EarlyStoppingOptions options) : options_(std::move(options)) {
  EMBER_CHECK(options_.patience >= 0, "EarlyStopping", "patience must be non-negative, got ", options_.patience);
  EMBER_CHECK(options_.min_delta >= 0 && std::isfinite(options_.min_delta), "EarlyStopping",
              "min_delta must be finite and non-negative, got ", options_.min_delta);
  EMBER_CHECK(options_.mode == "min" || options_.mode == "max", "EarlyStopping",
              "mode must be \"min\" or \"max\", got \"", options_.mode, "\"");
  const double inf = std::numeric_limits<double>::infinity();
  best_score_ = options_.mode == "min" ? inf : -inf;
}

bool EarlyStopping::step(double metric, const nn::Module& model) {
  const int64_t epoch = epoch_++;
  // min: metric < best - min_delta;  max: metric > best + min_delta (false for NaN).
  bool improved =
      options_.mode == "min" ? metric < best_score_ - options_.min_delta : metric > best_score_ + options_.min_delta;
  if (improved) {
    best_score_ = metric;
    best_epoch_ = epoch;
    wait_count_ = 0;
    if (options_.restore_best_weights) {
      nn::StateDict copy;
      for (const auto& [name, t] : model.state_dict()) copy.insert(name, t.clone());
      best_weights_ = std::move(copy);
    }
  } else {
    ++wait_count_;
  }
  bool stop = !improved && wait_count_ >= options_.patience;  // an improving epoch never stops, even at patience 0
  if (stop && stopped_epoch_ < 0) stopped_epoch_ = epoch;
  return stop;
}

void EarlyStopping::restore(nn::Module& model) const {
  EMBER_CHECK(options_.restore_best_weights, "EarlyStopping",
              "restore: no weights were kept (construct with restore_best_weights = true)");
  EMBER_CHECK(best_epoch_ >= 0, "EarlyStopping", "restore: no best weights yet (", epoch_,
              " step() calls, none improved the metric)");
  model.load_state_dict(best_weights_);
}

nn::StateDict EarlyStopping::state_dict() const {
  nn::StateDict dict;
  dict.insert("epoch", scalar_tensor(epoch_, kInt64));
  dict.insert("best_score", scalar_tensor(best_score_, kFloat64));
  dict.insert("best_epoch", scalar_tensor(best_epoch_, kInt64));
  dict.insert("wait_count", scalar_tensor(wait_count_, kInt64));
  dict.insert("stopped_epoch", scalar_tensor(stopped_epoch_, kInt64));
  for (const auto& [name, t] : best_weights_) dict.insert(kWeightsPrefix + name, t.clone());
  return dict;
}

void EarlyStopping::load_state_dict(const nn::StateDict& dict) {
  // Check everything first, so that a bad dict leaves the object as it was.
  for (const char* key : kCounters)
    EMBER_CHECK(dict.find(key) != nullptr && dict.at(key).numel() == 1, "EarlyStopping",
                "load_state_dict: missing or non-scalar '", key, "'");
  EMBER_CHECK(dict.find("best_score") != nullptr && dict.at("best_score").numel() == 1, "EarlyStopping",
              "load_state_dict: missing or non-scalar 'best_score'");
  nn::StateDict weights;
  for (const auto& [key, t] : dict) {
    if (starts_with(key, kWeightsPrefix)) {
      weights.insert(key.substr(std::string(kWeightsPrefix).size()), t.clone());
      continue;
    }
    bool known = key == "best_score";
    for (const char* counter : kCounters) known = known || key == counter;
    EMBER_CHECK(known, "EarlyStopping", "load_state_dict: unexpected key '", key, "'");
  }
  epoch_ = dict.at("epoch").item<int64_t>();
  best_score_ = dict.at("best_score").item<double>();
  best_epoch_ = dict.at("best_epoch").item<int64_t>();
  wait_count_ = dict.at("wait_count").item<int64_t>();
  stopped_epoch_ = dict.at("stopped_epoch").item<int64_t>();
  best_weights_ = std::move(weights);
}

}  // namespace ember::train
