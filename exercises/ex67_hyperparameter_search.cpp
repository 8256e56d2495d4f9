// Exercise 67 — hyperparameter tuning.
//
// The seed loops over sklearn's ParameterGrid; ember has train::grid_search
// and train::random_search (sklearn's ParameterGrid / ParameterSampler).
// The task is built so the best region is clear: two concentric noisy
// circles, split 80/20 with data::random_split into training and validation
// sets. A one-hidden-layer MLP is trained for a fixed budget of 10 epochs
// (Adam), and scored by validation accuracy:
//   - hidden = 2 cannot enclose a circle (2 ReLU units give at most a band),
//     so it stays far below the wider nets;
//   - lr = 1e-4 is too slow to learn in the budget;
//   - lr = 1e-2 with hidden 32 learns it.
// Grid search over lr {1e-4, 1e-2} x hidden {2, 32} must pick
// {hidden=32, lr=0.01}; random search (log-uniform lr in [1e-5, 1e-1],
// hidden in {2, 8, 32}) must pick a config in the good region (lr >= 1e-3,
// hidden >= 8) that scores within 3 points of the grid's best.
#include <cstdio>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

// the whole of a (small) dataset as one batch
std::pair<Tensor, Tensor> all_of(const std::shared_ptr<data::Subset>& set) {
  data::DataLoader loader(set, {.batch_size = set->size()});
  auto it = loader.begin();
  const data::Sample& batch = *it;
  return {batch[0].tensor(), batch[1].tensor()};
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(67);

  // two circles: class 0 at radius 0.5, class 1 at radius 1, noise 0.1
  const int64_t n = quick ? 1000 : 4000;
  Tensor labels = randint(0, 2, {n});
  Tensor angle = rand({n}) * 6.283185307179586;
  Tensor radius = 0.5 + 0.5 * labels.to(kFloat32);
  Tensor points = stack({radius * angle.cos(), radius * angle.sin()}, 1) + 0.1 * randn({n, 2});
  auto dataset = std::make_shared<data::TensorDataset>(std::vector<Tensor>{points, labels});
  Generator split_gen(67);
  auto parts = data::random_split(dataset, {0.8, 0.2}, &split_gen);
  auto train_set = parts[0];
  auto [x_val, y_val] = all_of(parts[1]);
  std::printf("concentric circles: %lld training, %lld validation points\n", (long long)train_set->size(),
              (long long)x_val.size(0));

  int trial = 0;
  auto objective = [&](const train::Params& params) {
    double lr = train::get_double(params, "lr");
    auto hidden = static_cast<int64_t>(train::get_double(params, "hidden"));
    manual_seed(670);  // every trial starts from the same seed
    auto model =
        std::make_shared<models::MLP>(models::MLPOptions{.in_features = 2, .hidden = {hidden}, .num_classes = 2});
    optim::Adam optimizer(model->parameters(), {.lr = lr});
    data::DataLoader loader(train_set, {.batch_size = 32, .shuffle = true, .seed = 67});
    for (int epoch = 0; epoch < 10; ++epoch) {
      for (const data::Sample& batch : loader) {
        Tensor loss = F::cross_entropy(model->forward(batch[0].tensor()), batch[1].tensor());
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
      }
    }
    NoGradGuard no_grad;
    double acc = train::accuracy(model->forward(x_val), y_val);
    std::printf("  trial %2d  hidden %2lld, lr %.2e: validation accuracy %.3f\n", ++trial, (long long)hidden, lr, acc);
    return acc;
  };

  std::printf("grid search:\n");
  train::ParamGrid grid = {{"lr", {1e-4, 1e-2}}, {"hidden", {2, 32}}};
  train::SearchResult grid_result = train::grid_search(grid, objective);
  const train::Trial& best = grid_result.best();
  std::printf("best of grid: %s (accuracy %.3f)\n", train::to_string(best.params).c_str(), best.score);
  checker.check(grid_result.trials.size() == 4, "the grid's 4 configurations were all tried");
  checker.check(train::get_double(best.params, "lr") == 1e-2 && train::get_double(best.params, "hidden") == 32,
                "grid search picks {hidden=32, lr=0.01}");
  double worst_hidden2 = 0;
  for (const train::Trial& t : grid_result.trials)
    if (train::get_double(t.params, "hidden") == 2) worst_hidden2 = std::max(worst_hidden2, t.score);
  checker.check(best.score > 0.95 && worst_hidden2 < best.score - 0.1,
                "the best config is clear: over 95%, and every 2-unit net 10+ points behind");

  std::printf("random search:\n");
  trial = 0;
  train::ParamDistributions space = {{"lr", train::LogUniform{1e-5, 1e-1}}, {"hidden", train::Choice{{2, 8, 32}}}};
  train::SearchResult random_result = train::random_search(space, quick ? 8 : 20, 67, objective);
  const train::Trial& rbest = random_result.best();
  std::printf("best of random search: %s (accuracy %.3f)\n", train::to_string(rbest.params).c_str(), rbest.score);
  checker.check(train::get_double(rbest.params, "lr") >= 1e-3 && train::get_double(rbest.params, "hidden") >= 8,
                "random search lands in the good region (lr >= 1e-3, hidden >= 8)");
  checker.check(rbest.score > best.score - 0.03, "... scoring within 3 points of the grid's best");
  return checker.exit_code();
}
