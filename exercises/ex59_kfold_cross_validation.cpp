// Exercise 59 — K-fold cross-validation of a model.
//
// 1. As the seed: y = 2x + 3 + 0.1·noise, train::KFold(5, shuffled, seeded);
//    a fresh nn::Linear(1, 1) is trained on each fold's training part and
//    scored (MSE) on its validation part. The answer checks that the folds
//    are disjoint and covering — each fold's validation and training indices
//    split 0..N-1, and the five validation parts partition it, with sklearn's
//    sizes — and prints the fold scores as mean ± std (the noise variance
//    0.01 is the best possible MSE).
// 2. train::StratifiedKFold on imbalanced labels (20% positives): every
//    validation fold keeps the 20% share; a logistic regression scored by
//    accuracy per fold, mean ± std.
#include <cstdio>
#include <set>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

Tensor rows(const Tensor& t, const std::vector<int64_t>& indices) { return t.index_select(0, tensor(indices)); }

// disjoint and covering: train ∪ val = 0..n-1 with no overlap, and the val parts partition 0..n-1
bool check_folds(const std::vector<train::Fold>& folds, int64_t n) {
  std::vector<int> seen_in_val(n, 0);
  for (const train::Fold& fold : folds) {
    std::set<int64_t> all(fold.train_indices.begin(), fold.train_indices.end());
    for (int64_t i : fold.val_indices) {
      if (all.count(i)) return false;  // in both parts
      all.insert(i);
      ++seen_in_val[i];
    }
    if (static_cast<int64_t>(all.size()) != n || *all.begin() != 0 || *all.rbegin() != n - 1) return false;
  }
  for (int c : seen_in_val)
    if (c != 1) return false;
  return true;
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(59);
  const int64_t n = quick ? 103 : 1003, k = 5;  // not a multiple of k: the first folds get one more

  // ---- 1. KFold on the seed's regression ----
  Tensor x = randn({n, 1});
  Tensor y = 2 * x + 3 + 0.1 * randn({n, 1});
  auto folds = train::KFold{.n_splits = k, .shuffle = true, .seed = 59}.split(n);
  checker.check(check_folds(folds, n),
                "KFold: each fold's parts are disjoint and cover all samples; val parts partition them");
  bool sizes_ok = true;
  for (int64_t f = 0; f < k; ++f) sizes_ok &= static_cast<int64_t>(folds[f].val_indices.size()) == n / k + (f < n % k);
  checker.check(sizes_ok, "fold sizes n // k (+1 for the first n % k folds)");

  std::vector<double> scores;
  for (int64_t f = 0; f < k; ++f) {
    const train::Fold& fold = folds[f];
    Tensor x_train = rows(x, fold.train_indices), y_train = rows(y, fold.train_indices);
    Tensor x_val = rows(x, fold.val_indices), y_val = rows(y, fold.val_indices);
    auto model = std::make_shared<nn::Linear>(1, 1);  // a fresh model per fold
    optim::SGD optimizer(model->parameters(), {.lr = 0.1});
    for (int epoch = 0; epoch < 100; ++epoch) {
      Tensor loss = F::mse_loss(model->forward(x_train), y_train);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
    }
    NoGradGuard no_grad;
    double val_loss = F::mse_loss(model->forward(x_val), y_val).item<double>();
    scores.push_back(val_loss);
    std::printf("Fold %lld: %zu train / %zu val samples, learned y = %.3f x + %.3f, validation MSE %.4f\n",
                (long long)f + 1, fold.train_indices.size(), fold.val_indices.size(), model->weight.item<double>(),
                model->bias.item<double>(), val_loss);
  }
  train::MeanStd mse = train::mean_std(scores);
  std::printf("validation MSE: %.4f ± %.4f over %lld folds (noise variance 0.01)\n", mse.mean, mse.std, (long long)k);
  checker.check(mse.mean < 0.015 && mse.std < 0.01,
                "every fold's model fits: mean validation MSE near the noise floor");

  // ---- 2. StratifiedKFold on imbalanced classes ----
  const int64_t n_pos = n / 5;
  Tensor labels = cat({zeros({n - n_pos}, kInt64), ones({n_pos}, kInt64)}).index_select(0, randperm(n));
  Tensor features = randn({n, 2}) + labels.to(kFloat32).unsqueeze(1) * 2.5;  // positives shifted by (2.5, 2.5)
  auto strat = train::StratifiedKFold{.n_splits = k, .shuffle = true, .seed = 59}.split(labels);
  checker.check(check_folds(strat, n), "StratifiedKFold: disjoint and covering as well");
  bool shares_ok = true;
  std::vector<double> accs;
  for (int64_t f = 0; f < k; ++f) {
    Tensor val_labels = rows(labels, strat[f].val_indices);
    int64_t positives = val_labels.sum().item<int64_t>();
    shares_ok &= positives == n_pos / k;
    Tensor x_train = rows(features, strat[f].train_indices), y_train = rows(labels, strat[f].train_indices);
    auto model = std::make_shared<nn::Linear>(2, 2);
    optim::Adam optimizer(model->parameters(), {.lr = 0.05});
    for (int epoch = 0; epoch < 100; ++epoch) {
      Tensor loss = F::cross_entropy(model->forward(x_train), y_train);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
    }
    NoGradGuard no_grad;
    accs.push_back(train::accuracy(model->forward(rows(features, strat[f].val_indices)), val_labels));
    std::printf("Stratified fold %lld: %lld of %zu validation samples positive, accuracy %.3f\n", (long long)f + 1,
                (long long)positives, strat[f].val_indices.size(), accs.back());
  }
  train::MeanStd acc = train::mean_std(accs);
  std::printf("accuracy: %.3f ± %.3f\n", acc.mean, acc.std);
  checker.check(shares_ok, "every validation fold keeps the 20% share of positives");
  checker.check(acc.mean > 0.9, "mean fold accuracy over 90% (majority class alone: 80%)");
  return checker.exit_code();
}
