// train_config.h — the settings of one ember-train run, filled from the
// command line (main.cpp) and read by the training loop (run.cpp).
#pragma once

#include <cstdint>
#include <string>

namespace ember_train {

struct TrainConfig {
  std::string model = "cnn";              // "cnn" (models::SmallCNN) or "mlp" (models::MLP)
  std::string dataset = "fashion-mnist";  // the IDX files of Fashion-MNIST (or MNIST) in data_dir
  std::string data_dir = "/usr/share/datasets/fashion-mnist";
  int64_t epochs = 4;
  int64_t batch_size = 64;
  std::string optimizer = "adam";   // sgd, adam, adamw, rmsprop
  double lr = 2e-3;
  double momentum = 0.9;            // sgd and rmsprop
  double weight_decay = 0;
  std::string scheduler = "onecycle";  // none, step, cosine, onecycle, plateau
  double val_fraction = 0.1;        // share of the training images held out for validation
  int64_t patience = 3;             // early stopping on validation loss; 0 turns it off
  uint64_t seed = 0;
  int threads = 0;                  // 0: all cores
  int64_t workers = 0;              // DataLoader worker threads
  std::string out_dir = "runs/ember-train";
  std::string resume = "";          // a checkpoint to continue from
  bool eval_only = false;           // evaluate the checkpoint in `resume` on the test set
  bool quick = false;               // a small subset, for smoke tests
  int64_t exit_after_epoch = 0;     // testing: stop abruptly (like a kill) after this epoch
};

/// What a finished run reports.
struct TrainResult {
  double test_accuracy = 0;
  int64_t epochs_run = 0;
  double seconds = 0;
};

/// Trains and tests as the config says; throws ember::Error on bad input.
TrainResult run(const TrainConfig& config);

}  // namespace ember_train
