// kfold.h — K-fold cross-validation splits (sklearn.model_selection's
// KFold and StratifiedKFold) and mean_std for reporting the fold scores.
//
// A split is a list of folds; fold i validates on its val_indices and trains
// on every other sample. Fold sizes follow sklearn: n // k samples each, and
// the first n % k folds one more. Both index lists of a fold are ascending,
// as sklearn returns them. Shuffling draws from an ember Generator seeded
// with `seed`, so a seed gives the same folds on every run and platform (not
// the same folds as sklearn, whose shuffle uses NumPy's generator).
//
// Left out: group-aware splitters (GroupKFold), repeated K-fold, and
// sklearn's warning when a class has fewer than n_splits members (its
// samples then miss some validation folds, as in sklearn).
#pragma once

#include <cstdint>
#include <vector>

#include "core/tensor.h"

namespace ember::train {

struct Fold {
  std::vector<int64_t> train_indices;
  std::vector<int64_t> val_indices;
};

/// Contiguous validation blocks of 0..n-1 (of a seeded permutation when
/// shuffle):  train::KFold{.n_splits = 5, .shuffle = true, .seed = 0}.split(n)
struct KFold {
  int64_t n_splits = 5;
  bool shuffle = false;
  uint64_t seed = 0;

  /// n_splits folds of the samples 0..n_samples-1 (needs 2 <= n_splits <= n_samples).
  std::vector<Fold> split(int64_t n_samples) const;
};

/// Folds that keep each class's share of the samples: the samples of each
/// class are dealt to the folds in round-robin counts (sklearn's allocation),
/// in order of appearance, or in a seeded random order when shuffle.
struct StratifiedKFold {
  int64_t n_splits = 5;
  bool shuffle = false;
  uint64_t seed = 0;

  /// n_splits folds of the samples of `labels`, class labels [N] of an integer
  /// dtype. Some class must have at least n_splits members.
  std::vector<Fold> split(const Tensor& labels) const;
};

struct MeanStd {
  double mean = 0.0;
  double std = 0.0;
};

/// mean and standard deviation of fold scores, for "0.912 ± 0.013":
///   std = sqrt(sum_i (x_i - mean)^2 / (n - ddof))
/// ddof = 0 (default) is the population std, NumPy's np.std and what sklearn
/// users usually report; ddof = 1 is the sample std (torch.std, pandas).
MeanStd mean_std(const std::vector<double>& scores, int64_t ddof = 0);

}  // namespace ember::train
