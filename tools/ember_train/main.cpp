// main.cpp — ember-train's command line (CLI11): parses and checks every
// flag into a TrainConfig and runs it. A bad flag or value is rejected with
// a message naming it and exit code 2; an error during the run exits 1.
//
//   ember-train --model cnn --epochs 4 --out runs/cnn
//   ember-train --resume runs/cnn/checkpoint.safetensors --epochs 6 --out runs/cnn
//   ember-train --eval-only --resume runs/cnn/checkpoint.safetensors
#include <CLI/CLI.hpp>
#include <iostream>

#include "core/error.h"
#include "train_config.h"

int main(int argc, char** argv) {
  ember_train::TrainConfig c;
  CLI::App app{"ember-train: train and test a classifier on Fashion-MNIST with ember, with validation,\n"
               "early stopping, checkpoints (resumable bit for bit), a JSON-lines log and curve plots."};
  app.option_defaults()->always_capture_default();
  app.add_option("--model", c.model, "network: cnn (two conv blocks, models::SmallCNN) or mlp (784-256-128-10)")
      ->check(CLI::IsMember({"cnn", "mlp"}));
  app.add_option("--dataset", c.dataset, "dataset in --data-dir: fashion-mnist or mnist (IDX files, optionally .gz)")
      ->check(CLI::IsMember({"fashion-mnist", "mnist"}));
  app.add_option("--data-dir", c.data_dir, "folder holding {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]")
      ->check(CLI::ExistingDirectory);
  app.add_option("--epochs", c.epochs, "total epochs to train (a resumed run continues up to this count)")
      ->check(CLI::Range(int64_t{1}, int64_t{10000}));
  app.add_option("--batch-size", c.batch_size, "images per training batch")->check(CLI::Range(int64_t{1}, int64_t{65536}));
  app.add_option("--optimizer", c.optimizer, "sgd (with --momentum), adam, adamw or rmsprop")
      ->check(CLI::IsMember({"sgd", "adam", "adamw", "rmsprop"}));
  app.add_option("--lr", c.lr, "learning rate (the peak rate for --scheduler onecycle)")
      ->check(CLI::Range(0.0, 10.0));
  app.add_option("--momentum", c.momentum, "momentum of sgd and rmsprop")->check(CLI::Range(0.0, 0.999999));
  app.add_option("--weight-decay", c.weight_decay, "L2 weight decay (decoupled for adamw)")->check(CLI::Range(0.0, 1.0));
  app.add_option("--scheduler", c.scheduler,
                 "learning-rate schedule: none, step (x0.1 every 2 epochs), cosine (to 0 over the epochs),\n"
                 "onecycle (warm up then anneal, per batch) or plateau (x0.1 when validation loss stalls)")
      ->check(CLI::IsMember({"none", "step", "cosine", "onecycle", "plateau"}));
  app.add_option("--val-fraction", c.val_fraction, "share of the training set held out for validation")
      ->check(CLI::Range(0.01, 0.5));
  app.add_option("--patience", c.patience, "early stopping: epochs without a better validation loss; 0 = off")
      ->check(CLI::Range(int64_t{0}, int64_t{1000}));
  app.add_option("--seed", c.seed, "seed of every random choice (initialization, split, shuffling, dropout)");
  app.add_option("--threads", c.threads, "CPU threads for the kernels; 0 = all cores")->check(CLI::Range(0, 1024));
  app.add_option("--workers", c.workers, "DataLoader worker threads building batches ahead")
      ->check(CLI::Range(int64_t{0}, int64_t{64}));
  app.add_option("--out", c.out_dir, "output folder: checkpoint, final weights, log and plots");
  app.add_option("--resume", c.resume, "checkpoint to continue from; with --eval-only, a checkpoint or model.safetensors")
      ->check(CLI::ExistingFile);
  app.add_flag("--eval-only", c.eval_only, "only evaluate the model in --resume on the test set");
  app.add_flag("--quick", c.quick, "smoke test: 6000 training and 1000 test images");
  app.add_option("--exit-after-epoch", c.exit_after_epoch,
                 "testing: end the process abruptly right after this epoch's checkpoint, as a kill would")
      ->check(CLI::Range(int64_t{0}, int64_t{10000}));
  try {
    app.parse(argc, argv);
    if (c.eval_only && c.resume.empty()) throw CLI::ValidationError("--eval-only", "needs --resume <checkpoint>");
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;  // --help exits 0
  }
  try {
    ember_train::TrainResult r = ember_train::run(c);
    std::cout << "test accuracy " << r.test_accuracy << " after " << r.epochs_run << " epochs in " << r.seconds
              << " s\n";
  } catch (const ember::Error& e) {
    std::cerr << "ember-train: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
