// kfold.cpp — the splitters of kfold.h, following sklearn's algorithms.
#include "train/kfold.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.h"
#include "core/generator.h"
#include "core/ops_random.h"
#include "core/shape.h"

namespace ember::train {

namespace {

std::vector<int64_t> to_vector(const Tensor& t) {
  Tensor c = t.to(Device(kCPU), kInt64).contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

// A random permutation of 0..n-1 from `gen`.
std::vector<int64_t> permutation(int64_t n, Generator& gen) { return to_vector(randperm(n, {}, &gen)); }

void check_n_splits(int64_t n_splits, int64_t n_samples, const char* op) {
  EMBER_CHECK(n_splits >= 2, op, "n_splits must be at least 2, got ", n_splits);
  EMBER_CHECK(n_splits <= n_samples, op, "n_splits=", n_splits, " is greater than the number of samples ", n_samples);
}

// Fold i validates on the samples with fold_of[s] == i and trains on the rest.
std::vector<Fold> folds_from_assignment(const std::vector<int64_t>& fold_of, int64_t n_splits) {
  std::vector<Fold> folds(static_cast<size_t>(n_splits));
  for (int64_t s = 0; s < static_cast<int64_t>(fold_of.size()); ++s)
    for (int64_t i = 0; i < n_splits; ++i)
      (fold_of[s] == i ? folds[i].val_indices : folds[i].train_indices).push_back(s);
  return folds;
}

}  // namespace

std::vector<Fold> KFold::split(int64_t n_samples) const {
  check_n_splits(n_splits, n_samples, "KFold");
  std::vector<int64_t> order(static_cast<size_t>(n_samples));
  for (int64_t s = 0; s < n_samples; ++s) order[s] = s;
  if (shuffle) {
    Generator gen(seed);
    order = permutation(n_samples, gen);
  }
  // Fold i takes the next n / k + (i < n % k) entries of `order`.
  std::vector<int64_t> fold_of(static_cast<size_t>(n_samples));
  int64_t start = 0;
  for (int64_t i = 0; i < n_splits; ++i) {
    int64_t size = n_samples / n_splits + (i < n_samples % n_splits ? 1 : 0);
    for (int64_t j = start; j < start + size; ++j) fold_of[order[j]] = i;
    start += size;
  }
  return folds_from_assignment(fold_of, n_splits);
}

std::vector<Fold> StratifiedKFold::split(const Tensor& labels) const {
  EMBER_CHECK(labels.defined() && labels.dim() == 1, "StratifiedKFold", "labels must have shape [N], got ",
              labels.defined() ? shape_str(labels.sizes()) : std::string("an undefined tensor"));
  EMBER_CHECK(is_integral(labels.scalar_type()), "StratifiedKFold", "labels must have an integer dtype, got ",
              labels.scalar_type());
  const int64_t n = labels.numel();
  check_n_splits(n_splits, n, "StratifiedKFold");
  std::vector<int64_t> y = to_vector(labels);

  // Classes numbered by first appearance (sklearn's encoding), with their sizes.
  std::map<int64_t, int64_t> code_of;
  std::vector<int64_t> code(static_cast<size_t>(n)), count;
  for (int64_t s = 0; s < n; ++s) {
    auto [it, is_new] = code_of.emplace(y[s], static_cast<int64_t>(count.size()));
    if (is_new) count.push_back(0);
    code[s] = it->second;
    ++count[it->second];
  }
  const int64_t n_classes = static_cast<int64_t>(count.size());
  EMBER_CHECK(*std::max_element(count.begin(), count.end()) >= n_splits, "StratifiedKFold", "n_splits=", n_splits,
              " is greater than the number of members in each class (largest class: ",
              *std::max_element(count.begin(), count.end()), ")");

  // Deal the samples sorted by class round-robin to the folds: position p of
  // the sorted order goes to fold p % k. allocation[i][c] counts the samples
  // of class c fold i receives, so fold sizes are n / k or n / k + 1 and each
  // class is spread as evenly as the counts allow.
  std::vector<std::vector<int64_t>> allocation(static_cast<size_t>(n_splits), std::vector<int64_t>(n_classes, 0));
  int64_t p = 0;
  for (int64_t c = 0; c < n_classes; ++c)
    for (int64_t j = 0; j < count[c]; ++j, ++p) ++allocation[p % n_splits][c];

  // The samples of class c, in order of appearance, get allocation[0][c]
  // zeros, then allocation[1][c] ones, ... (shuffled when asked).
  Generator gen(seed);
  std::vector<int64_t> fold_of(static_cast<size_t>(n));
  for (int64_t c = 0; c < n_classes; ++c) {
    std::vector<int64_t> folds_for_class;
    for (int64_t i = 0; i < n_splits; ++i) folds_for_class.insert(folds_for_class.end(), allocation[i][c], i);
    if (shuffle) {
      std::vector<int64_t> perm = permutation(count[c], gen), shuffled(folds_for_class.size());
      for (size_t j = 0; j < perm.size(); ++j) shuffled[j] = folds_for_class[perm[j]];
      folds_for_class = std::move(shuffled);
    }
    size_t next = 0;
    for (int64_t s = 0; s < n; ++s)
      if (code[s] == c) fold_of[s] = folds_for_class[next++];
  }
  return folds_from_assignment(fold_of, n_splits);
}

MeanStd mean_std(const std::vector<double>& scores, int64_t ddof) {
  const int64_t n = static_cast<int64_t>(scores.size());
  EMBER_CHECK(ddof >= 0, "mean_std", "ddof must be non-negative, got ", ddof);
  EMBER_CHECK(n > ddof, "mean_std", "needs more than ddof=", ddof, " scores, got ", n);
  double mean = 0;
  for (double x : scores) mean += x;
  mean /= static_cast<double>(n);
  double squares = 0;
  for (double x : scores) squares += (x - mean) * (x - mean);
  return {mean, std::sqrt(squares / static_cast<double>(n - ddof))};
}

}  // namespace ember::train
