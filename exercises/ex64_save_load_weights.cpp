// Exercise 64 — saving and loading weights during training.
//
// 1. The seed's round trip: model.state_dict() to a file (safetensors, via
//    nn::save), loaded into a freshly built model (nn::load), put in eval
//    mode: it computes exactly the same outputs.
// 2. Checkpoints during training: an MLP with dropout learns a slice of
//    real Fashion-MNIST with Adam and StepLR, writing a train::Checkpoint
//    (weights, optimizer moments, scheduler, epoch, random generator) after
//    every epoch. A second run is built from scratch with other random
//    weights, loads the checkpoint of epoch k and trains on: its final
//    weights equal the uninterrupted run's bit for bit. Resuming from the
//    weights alone (a fresh Adam, the scheduler and generator restarted) is
//    shown to drift: the optimizer state is part of what must be saved.
// 3. A damaged checkpoint (truncated file) is refused with a clear error,
//    and the atomic write leaves no temporary file behind.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

constexpr uint64_t kSeed = 64;

struct Run {
  std::shared_ptr<models::MLP> model;
  std::unique_ptr<optim::Adam> optimizer;
  std::unique_ptr<optim::StepLR> scheduler;
};

Run make_run() {
  Run r;
  r.model = std::make_shared<models::MLP>(models::MLPOptions{.hidden = {64}, .dropout = 0.2});
  r.optimizer = std::make_unique<optim::Adam>(r.model->parameters(), optim::AdamOptions{.lr = 2e-3});
  r.scheduler = std::make_unique<optim::StepLR>(*r.optimizer, optim::StepLROptions{.step_size = 2, .gamma = 0.5});
  return r;
}

// One epoch. The shuffle order depends on (seed, epoch) only and dropout
// draws from the default generator, whose state the checkpoint keeps.
double train_epoch(Run& r, const std::shared_ptr<data::Dataset>& dataset, int64_t epoch) {
  data::DataLoader loader(dataset, {.batch_size = 50, .shuffle = true, .seed = kSeed * 1000003 + epoch});
  r.model->train();
  double total = 0;
  int64_t batches = 0;
  for (const data::Sample& batch : loader) {
    Tensor loss = F::cross_entropy(r.model->forward(batch[0].tensor()), batch[1].tensor());
    r.optimizer->zero_grad();
    loss.backward();
    r.optimizer->step();
    total += loss.item<double>();
    ++batches;
  }
  r.scheduler->step();
  return total / batches;
}

train::Checkpoint make_checkpoint(const Run& r, int64_t epochs_done) {
  return {.epoch = epochs_done,
          .model = r.model->state_dict(),
          .optimizer = r.optimizer->state_dict(),
          .scheduler = r.scheduler->state_dict(),
          .rng = default_generator().get_state()};
}

// Largest |a - b| over all parameters, and whether every byte is equal.
std::pair<double, bool> compare(const nn::Module& a, const nn::Module& b) {
  double worst = 0;
  bool identical = true;
  nn::StateDict sb = b.state_dict();
  for (const auto& [name, t] : a.state_dict()) {
    worst = std::max(worst, (t - sb.at(name)).abs().max().item<double>());
    identical = identical && t.equal(sb.at(name));
  }
  return {worst, identical};
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  std::filesystem::create_directories("ex64_out");

  // ---- 1. save and load a state_dict ----
  manual_seed(kSeed);
  models::MLP model({.hidden = {64}, .dropout = 0.2});
  nn::save(model, "ex64_out/model_weights.safetensors");
  std::printf("Model weights saved: ex64_out/model_weights.safetensors\n");
  for (const auto& [name, t] : nn::load_safetensors("ex64_out/model_weights.safetensors"))
    std::printf("  %-16s %s %s\n", name.c_str(), std::string(dtype_name(t.dtype())).c_str(), shape_str(t.sizes()).c_str());
  models::MLP loaded({.hidden = {64}, .dropout = 0.2});
  nn::load(loaded, "ex64_out/model_weights.safetensors");
  loaded.eval();
  model.eval();
  std::printf("Model weights loaded.\n");
  Tensor probe = randn({8, 784});
  checker.check(loaded.forward(probe).equal(model.forward(probe)), "the loaded model computes exactly the same outputs");

  // ---- 2. checkpoints during training, and resume ----
  const std::string root = "/usr/share/datasets/fashion-mnist";
  data::FashionMNIST fashion(root, {.train = true});
  const int64_t n = quick ? 2000 : 10000;
  Tensor images = fashion.data().narrow(0, 0, n).to(kFloat32).div(255.0).sub(0.2860).div(0.3530);
  auto dataset = std::make_shared<data::TensorDataset>(std::vector<Tensor>{images, fashion.targets().narrow(0, 0, n)});
  const int64_t epochs = 5, resume_after = 2;
  auto checkpoint_path = [](int64_t epoch) { return "ex64_out/checkpoint_epoch" + std::to_string(epoch) + ".safetensors"; };

  manual_seed(kSeed);
  Run full = make_run();
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    double loss = train_epoch(full, dataset, epoch);
    train::save_checkpoint(checkpoint_path(epoch + 1), make_checkpoint(full, epoch + 1));
    std::printf("uninterrupted: epoch %lld, loss %.4f, lr %.5f, checkpoint saved\n", (long long)epoch + 1, loss,
                full.scheduler->get_last_lr()[0]);
  }

  manual_seed(kSeed + 1);  // a different initialization, overwritten by the checkpoint
  Run resumed = make_run();
  train::Checkpoint ckpt = train::load_checkpoint(checkpoint_path(resume_after));
  resumed.model->load_state_dict(ckpt.model);
  resumed.optimizer->load_state_dict(ckpt.optimizer);
  resumed.scheduler->load_state_dict(ckpt.scheduler);
  default_generator().set_state(ckpt.rng);
  for (int64_t epoch = ckpt.epoch; epoch < epochs; ++epoch) {
    double loss = train_epoch(resumed, dataset, epoch);
    std::printf("resumed:       epoch %lld, loss %.4f, lr %.5f\n", (long long)epoch + 1, loss,
                resumed.scheduler->get_last_lr()[0]);
  }
  auto [resume_diff, resume_identical] = compare(*full.model, *resumed.model);
  std::printf("resumed after epoch %lld vs uninterrupted: largest weight difference %.3g\n", (long long)resume_after,
              resume_diff);
  checker.check(resume_identical, "resuming from the checkpoint ends with bit-identical weights");

  manual_seed(kSeed + 1);
  Run weights_only = make_run();  // fresh Adam moments, scheduler at epoch 0, generator not restored
  weights_only.model->load_state_dict(ckpt.model);
  for (int64_t epoch = ckpt.epoch; epoch < epochs; ++epoch) train_epoch(weights_only, dataset, epoch);
  auto [weights_diff, weights_identical] = compare(*full.model, *weights_only.model);
  std::printf("resumed from the weights alone: largest weight difference %.3g\n", weights_diff);
  checker.check(!weights_identical && weights_diff > 1e-4,
                "resuming from the weights alone drifts: optimizer, scheduler and RNG state matter");

  // ---- 3. a damaged file is refused; the atomic write left no temporary ----
  const std::string damaged = "ex64_out/damaged.safetensors";
  std::filesystem::copy_file(checkpoint_path(epochs), damaged, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(damaged, std::filesystem::file_size(damaged) / 2);
  std::string message;
  try {
    train::load_checkpoint(damaged);
  } catch (const Error& e) {
    message = e.what();
  }
  std::printf("loading a truncated checkpoint: %s\n", message.c_str());
  checker.check(!message.empty() && message.find(damaged) != std::string::npos,
                "a truncated checkpoint is refused with an error naming the file");
  bool leftovers = false;
  for (const auto& entry : std::filesystem::directory_iterator("ex64_out"))
    leftovers = leftovers || entry.path().extension() != ".safetensors";
  checker.check(!leftovers, "no temporary files are left next to the checkpoints");
  return checker.exit_code();
}
