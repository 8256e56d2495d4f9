// Exercise 54 — a training loop with validation and early stopping.
//
// train::EarlyStopping watches the validation loss once per epoch, stops
// after `patience` epochs without improvement and gives back the weights of
// the best epoch. Two runs show it:
//  1. a crafted validation curve (falls to its minimum at epoch 3, then
//     rises) with patience 3: training must stop exactly at epoch 6, and the
//     restored state_dict must equal the one saved at epoch 3 (each epoch
//     writes its number into the weights, so any other epoch's would differ);
//  2. a real loop: a wide MLP fits 16 noisy points of sin(x), validates on
//     200 others, and overfits — the validation loss turns up. The loop stops
//     `patience` epochs after the minimum, well before the epoch limit, and
//     the restored model has exactly the best epoch's weights and validation
//     loss, lower than the overfitted model's at the stop.
#include <cstdio>
#include <vector>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

bool same_state(const nn::StateDict& a, const nn::StateDict& b) {
  if (a.keys() != b.keys()) return false;
  for (const auto& [name, t] : a)
    if (!t.equal(b.at(name))) return false;
  return true;
}

nn::StateDict copy_state(const nn::Module& model) {
  nn::StateDict copy;
  for (const auto& [name, t] : model.state_dict()) copy.insert(name, t.clone());
  return copy;
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(54);

  // ---- 1. a crafted curve ----
  std::printf("1. crafted validation curve, patience 3\n");
  const std::vector<double> curve = {1.00, 0.80, 0.65, 0.60, 0.61, 0.63, 0.62, 0.58, 0.55};
  auto model = std::make_shared<nn::Linear>(3, 2);
  train::EarlyStopping stopper({.patience = 3, .restore_best_weights = true});
  std::vector<nn::StateDict> saved;
  int64_t stopped_at = -1;
  for (int64_t epoch = 0; epoch < static_cast<int64_t>(curve.size()); ++epoch) {
    {  // "training": the weights become the epoch number
      NoGradGuard no_grad;
      model->weight.fill_(static_cast<double>(epoch));
      model->bias.fill_(-static_cast<double>(epoch));
    }
    saved.push_back(copy_state(*model));
    bool stop = stopper.step(curve[epoch], *model);
    std::printf("  epoch %lld  val loss %.2f  best %.2f (epoch %lld)  wait %lld%s\n", (long long)epoch, curve[epoch],
                stopper.best_score(), (long long)stopper.best_epoch(), (long long)stopper.wait_count(),
                stop ? "  -> early stop" : "");
    if (stop) {
      stopped_at = epoch;
      break;
    }
  }
  std::printf("  (the curve would have dipped to 0.58 at epoch 7: patience trades waiting time for such late gains)\n");
  stopper.restore(*model);
  checker.check(stopped_at == 6 && stopper.stopped_epoch() == 6, "stops at epoch 6: three epochs after the minimum");
  checker.check(stopper.best_epoch() == 3 && stopper.best_score() == 0.60, "the best epoch is 3 (val loss 0.60)");
  checker.check(same_state(model->state_dict(), saved[3]), "restore() brings back epoch 3's state_dict exactly");
  checker.check(!same_state(model->state_dict(), saved[6]), "... not the last epoch's");

  // ---- 2. a real training loop that overfits ----
  const int64_t patience = 50, max_epochs = quick ? 2000 : 5000;
  std::printf("\n2. MLP on 16 noisy points of sin(x), patience %lld, at most %lld epochs\n", (long long)patience,
              (long long)max_epochs);
  auto make_data = [](int64_t n) {
    Tensor x = rand({n, 1}) * 6 - 3;
    return std::pair{x, x.sin() + 0.3 * randn({n, 1})};
  };
  auto [x, y] = make_data(16);
  auto [x_val, y_val] = make_data(200);
  auto mlp =
      std::make_shared<models::MLP>(models::MLPOptions{.in_features = 1, .hidden = {256, 256}, .num_classes = 1});
  optim::Adam optimizer(mlp->parameters(), {.lr = 3e-3});
  train::EarlyStopping early({.patience = patience, .restore_best_weights = true});
  auto validate = [&] {
    NoGradGuard no_grad;
    mlp->eval();
    double loss = F::mse_loss(mlp->forward(x_val), y_val).item<double>();
    mlp->train();
    return loss;
  };
  std::vector<double> val_losses;
  nn::StateDict best_copy;  // our own copy at each improvement, to compare with what restore() gives
  double best_seen = 1e300, train_loss = 0;
  for (int64_t epoch = 0; epoch < max_epochs; ++epoch) {
    Tensor loss = F::mse_loss(mlp->forward(x), y);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    train_loss = loss.item<double>();
    double val = validate();
    val_losses.push_back(val);
    if (val < best_seen) best_seen = val, best_copy = copy_state(*mlp);
    bool stop = early.step(val, *mlp);
    if (epoch % 10 == 0 || stop)
      std::printf("  epoch %4lld  train loss %.4f  val loss %.4f%s\n", (long long)epoch, train_loss, val,
                  stop ? "  -> early stop" : "");
    if (stop) break;
  }
  double val_at_stop = val_losses.back();
  early.restore(*mlp);
  double restored_val = validate();
  int64_t argmin = std::min_element(val_losses.begin(), val_losses.end()) - val_losses.begin();
  std::printf("  best epoch %lld (val loss %.4f), stopped at epoch %lld (val loss %.4f, train loss %.4f)\n",
              (long long)early.best_epoch(), early.best_score(), (long long)early.stopped_epoch(), val_at_stop,
              train_loss);
  std::printf("  restored model: val loss %.4f\n", restored_val);
  checker.check(early.stopped_epoch() >= 0 && early.stopped_epoch() < max_epochs - 1, "training stopped early");
  checker.check(early.best_epoch() == argmin && early.stopped_epoch() == argmin + patience,
                "it stopped exactly `patience` epochs after the validation minimum");
  checker.check(same_state(mlp->state_dict(), best_copy), "the restored state_dict is the best epoch's");
  checker.check(restored_val == early.best_score() && restored_val < val_at_stop,
                "the restored model has the best validation loss, lower than the overfitted one");
  return checker.exit_code();
}
