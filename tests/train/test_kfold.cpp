// K-fold splits: disjoint and covering folds, sklearn's fold sizes and
// stratified allocation (expected folds from sklearn's algorithm), seeded
// shuffling, mean_std, and the errors.
#include <algorithm>
#include <set>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

using Indices = std::vector<int64_t>;

// Each fold's val and train are disjoint, ascending and together 0..n-1, and
// the val parts of all folds cover 0..n-1 exactly once.
void check_partition(const std::vector<train::Fold>& folds, int64_t n) {
  std::vector<int> times_validated(static_cast<size_t>(n), 0);
  for (const train::Fold& f : folds) {
    REQUIRE(std::is_sorted(f.val_indices.begin(), f.val_indices.end()));
    REQUIRE(std::is_sorted(f.train_indices.begin(), f.train_indices.end()));
    Indices all = f.val_indices;
    all.insert(all.end(), f.train_indices.begin(), f.train_indices.end());
    std::sort(all.begin(), all.end());
    Indices expected(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) expected[i] = i;
    REQUIRE(all == expected);
    for (int64_t i : f.val_indices) ++times_validated[i];
  }
  REQUIRE(std::all_of(times_validated.begin(), times_validated.end(), [](int t) { return t == 1; }));
}

std::vector<size_t> val_sizes(const std::vector<train::Fold>& folds) {
  std::vector<size_t> sizes;
  for (const train::Fold& f : folds) sizes.push_back(f.val_indices.size());
  return sizes;
}

std::vector<Indices> val_sets(const std::vector<train::Fold>& folds) {
  std::vector<Indices> sets;
  for (const train::Fold& f : folds) sets.push_back(f.val_indices);
  return sets;
}

}  // namespace

TEST_CASE("KFold takes contiguous blocks, the first n % k one larger", "[train][kfold]") {
  auto folds = train::KFold{.n_splits = 3}.split(10);
  REQUIRE(folds.size() == 3);
  check_partition(folds, 10);
  REQUIRE(val_sets(folds) == std::vector<Indices>{{0, 1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
  REQUIRE(folds[1].train_indices == Indices{0, 1, 2, 3, 7, 8, 9});
  REQUIRE(val_sizes(train::KFold{.n_splits = 4}.split(11)) == std::vector<size_t>{3, 3, 3, 2});
  REQUIRE(val_sizes(train::KFold{.n_splits = 5}.split(5)) == std::vector<size_t>{1, 1, 1, 1, 1});
}

TEST_CASE("KFold shuffles with its seed, keeping sizes and coverage", "[train][kfold]") {
  auto a = train::KFold{.n_splits = 4, .shuffle = true, .seed = 7}.split(23);
  check_partition(a, 23);
  REQUIRE(val_sizes(a) == std::vector<size_t>{6, 6, 6, 5});
  REQUIRE(val_sets(a) == val_sets(train::KFold{.n_splits = 4, .shuffle = true, .seed = 7}.split(23)));
  REQUIRE(val_sets(a) != val_sets(train::KFold{.n_splits = 4, .shuffle = true, .seed = 8}.split(23)));
  REQUIRE(val_sets(a) != val_sets(train::KFold{.n_splits = 4}.split(23)));
}

TEST_CASE("StratifiedKFold follows sklearn's allocation", "[train][kfold]") {
  // Expected folds from sklearn 1.x's StratifiedKFold(n_splits=k).split (its
  // algorithm transcribed in NumPy: classes by first appearance, round-robin
  // allocation over the sorted labels, blocks in order of appearance).
  auto folds = train::StratifiedKFold{.n_splits = 3}.split(tensor<int64_t>({1, 0, 1, 0, 0, 1, 0, 0, 1}));
  check_partition(folds, 9);
  REQUIRE(val_sets(folds) == std::vector<Indices>{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}});

  auto four = train::StratifiedKFold{.n_splits = 4}.split(tensor<int32_t>({2, 2, 0, 1, 0, 2, 1, 0, 0, 2, 1}));
  check_partition(four, 11);
  REQUIRE(val_sets(four) == std::vector<Indices>{{0, 2, 3}, {1, 4, 6}, {5, 7, 10}, {8, 9}});
}

TEST_CASE("StratifiedKFold keeps each class's share in every fold", "[train][kfold]") {
  // 60 / 30 / 10 samples of classes 0 / 1 / 2, interleaved; 5 folds of 12 / 6 / 2.
  std::vector<int64_t> labels;
  for (int64_t i = 0; i < 100; ++i) labels.push_back(i % 10 == 0 ? 2 : (i % 10 < 4 ? 1 : 0));
  for (bool shuffle : {false, true}) {
    auto folds = train::StratifiedKFold{.n_splits = 5, .shuffle = shuffle, .seed = 3}.split(tensor(labels));
    check_partition(folds, 100);
    for (const train::Fold& f : folds) {
      int64_t count[3] = {0, 0, 0};
      for (int64_t i : f.val_indices) ++count[labels[i]];
      REQUIRE(count[0] == 12);
      REQUIRE(count[1] == 6);
      REQUIRE(count[2] == 2);
    }
  }
  auto a = train::StratifiedKFold{.n_splits = 5, .shuffle = true, .seed = 3}.split(tensor(labels));
  REQUIRE(val_sets(a) ==
          val_sets(train::StratifiedKFold{.n_splits = 5, .shuffle = true, .seed = 3}.split(tensor(labels))));
  REQUIRE(val_sets(a) !=
          val_sets(train::StratifiedKFold{.n_splits = 5, .shuffle = true, .seed = 4}.split(tensor(labels))));
  REQUIRE(val_sets(a) != val_sets(train::StratifiedKFold{.n_splits = 5}.split(tensor(labels))));
}

TEST_CASE("mean_std reports the population std by default", "[train][kfold]") {
  auto pop = train::mean_std({1, 2, 3, 4});
  REQUIRE(pop.mean == 2.5);
  REQUIRE(pop.std == Approx(1.118033988749895).epsilon(1e-15));  // np.std([1, 2, 3, 4])
  auto sample = train::mean_std({1, 2, 3, 4}, 1);
  REQUIRE(sample.std == Approx(1.2909944487358056).epsilon(1e-15));  // np.std(..., ddof=1)
  REQUIRE(train::mean_std({0.5}).std == 0.0);
  REQUIRE_THROWS_WITH(train::mean_std({}), Contains("[mean_std] needs more than ddof=0 scores, got 0"));
  REQUIRE_THROWS_WITH(train::mean_std({1.0}, 1), Contains("[mean_std] needs more than ddof=1 scores, got 1"));
}

TEST_CASE("K-fold splitters reject impossible splits", "[train][kfold]") {
  REQUIRE_THROWS_WITH(train::KFold{.n_splits = 1}.split(10), Contains("[KFold] n_splits must be at least 2, got 1"));
  REQUIRE_THROWS_WITH(train::KFold{.n_splits = 6}.split(5),
                      Contains("[KFold] n_splits=6 is greater than the number of samples 5"));
  REQUIRE_THROWS_WITH(train::StratifiedKFold{.n_splits = 3}.split(tensor<int64_t>({0, 0, 1, 1})),
                      Contains("[StratifiedKFold] n_splits=3 is greater than the number of members in each class"));
  REQUIRE_THROWS_WITH(train::StratifiedKFold{.n_splits = 2}.split(tensor<float>({0, 1, 0, 1})),
                      Contains("[StratifiedKFold] labels must have an integer dtype, got float32"));
  // a class smaller than n_splits is allowed (some folds lack it), as in sklearn
  auto folds = train::StratifiedKFold{.n_splits = 3}.split(tensor<int64_t>({0, 0, 0, 0, 0, 1}));
  check_partition(folds, 6);
}
