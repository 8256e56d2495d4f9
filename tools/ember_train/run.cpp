// run.cpp — one ember-train run: load Fashion-MNIST, split off a validation
// set, train with the chosen optimizer and schedule, validate every epoch,
// stop early when validation loss stalls, checkpoint after every epoch,
// then test the best weights and report accuracy and the confusion matrix.
//
// Resuming is bit-identical to an uninterrupted run because everything
// random is either in the checkpoint (the default generator, which dropout
// draws from) or a function of (seed, epoch) alone (each epoch's shuffle).
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "ember.h"
#include "train_config.h"

namespace ember_train {
namespace {

using namespace ember;
namespace fs = std::filesystem;

// Fashion-MNIST's pixel mean and standard deviation (of x / 255, training set).
constexpr double kMean = 0.2860, kStd = 0.3530;

struct Split {
  Tensor images;  // (N, 1, 28, 28) float32, normalized
  Tensor labels;  // (N) int64
};

Split load_split(const TrainConfig& c, bool train) {
  data::FashionMNIST mnist(c.data_dir, {.train = train});
  int64_t n = mnist.size();
  if (c.quick) n = std::min<int64_t>(n, train ? 6000 : 1000);
  // normalized in place: each out-of-place step would leave a dead 188 MB
  // block (the training set) in the allocator's cache, where nothing of
  // that size comes again (measured: peak RSS of a 1-epoch run 1.33 GB)
  Tensor x = mnist.data().narrow(0, 0, n).to(kFloat32);
  x.div_(255).sub_(kMean).div_(kStd);
  return {x.unsqueeze(1), mnist.targets().narrow(0, 0, n)};
}

std::shared_ptr<nn::Module> make_model(const TrainConfig& c) {
  if (c.model == "mlp") return std::make_shared<models::MLP>(models::MLPOptions{.dropout = 0.2});
  return std::make_shared<models::SmallCNN>();
}

std::unique_ptr<optim::Optimizer> make_optimizer(const TrainConfig& c, const TensorList& params) {
  if (c.optimizer == "sgd")
    return std::make_unique<optim::SGD>(params, optim::SGDOptions{
                                                    .lr = c.lr, .momentum = c.momentum, .weight_decay = c.weight_decay});
  if (c.optimizer == "adamw")
    return std::make_unique<optim::AdamW>(params, optim::AdamOptions{.lr = c.lr, .weight_decay = c.weight_decay});
  if (c.optimizer == "rmsprop")
    return std::make_unique<optim::RMSprop>(
        params, optim::RMSpropOptions{.lr = c.lr, .weight_decay = c.weight_decay, .momentum = c.momentum});
  return std::make_unique<optim::Adam>(params, optim::AdamOptions{.lr = c.lr, .weight_decay = c.weight_decay});
}

// The LR schedule: one of an epoch-stepped, a batch-stepped or a metric-driven scheduler.
struct Schedule {
  std::unique_ptr<optim::LRScheduler> scheduler;
  std::unique_ptr<optim::ReduceLROnPlateau> plateau;
  bool per_batch = false;

  nn::StateDict state_dict() const {
    if (scheduler) return scheduler->state_dict();
    if (plateau) return plateau->state_dict();
    return {};
  }
  void load_state_dict(const nn::StateDict& dict) {
    if (scheduler) scheduler->load_state_dict(dict);
    if (plateau) plateau->load_state_dict(dict);
  }
};

Schedule make_schedule(const TrainConfig& c, optim::Optimizer& opt, int64_t batches_per_epoch) {
  Schedule s;
  if (c.scheduler == "step") {
    s.scheduler = std::make_unique<optim::StepLR>(opt, optim::StepLROptions{.step_size = 2, .gamma = 0.1});
  } else if (c.scheduler == "cosine") {
    s.scheduler = std::make_unique<optim::CosineAnnealingLR>(opt, optim::CosineAnnealingLROptions{.T_max = c.epochs});
  } else if (c.scheduler == "onecycle") {
    s.scheduler = std::make_unique<optim::OneCycleLR>(
        opt, optim::OneCycleLROptions{.max_lr = {c.lr}, .epochs = c.epochs, .steps_per_epoch = batches_per_epoch});
    s.per_batch = true;
  } else if (c.scheduler == "plateau") {
    s.plateau = std::make_unique<optim::ReduceLROnPlateau>(opt, optim::ReduceLROnPlateauOptions{.patience = 1});
  }
  return s;
}

struct Evaluation {
  double loss = 0, accuracy = 0;
  Tensor predictions;
};

Evaluation evaluate(nn::Module& model, const Split& split, int64_t batch_size) {
  NoGradGuard no_grad;
  model.eval();
  TensorList predictions;
  double loss_sum = 0;
  int64_t n = split.labels.size(0);
  for (int64_t start = 0; start < n; start += batch_size) {
    int64_t len = std::min(batch_size, n - start);
    Tensor logits = model.forward(split.images.narrow(0, start, len));
    Tensor targets = split.labels.narrow(0, start, len);
    loss_sum += nn::functional::cross_entropy(logits, targets).item<double>() * static_cast<double>(len);
    predictions.push_back(logits.argmax(1));
  }
  Evaluation e;
  e.predictions = cat(predictions, 0);
  e.loss = loss_sum / static_cast<double>(n);
  e.accuracy = train::accuracy(e.predictions, split.labels);
  return e;
}

void print_confusion(const Tensor& confusion, const std::vector<std::string>& classes) {
  std::cout << "confusion matrix (rows: true class, columns: predicted)\n";
  for (int64_t i = 0; i < confusion.size(0); ++i) {
    std::cout << "  " << std::setw(12) << std::left << classes[static_cast<size_t>(i)] << std::right;
    for (int64_t j = 0; j < confusion.size(1); ++j) std::cout << std::setw(6) << confusion[i][j].item<int64_t>();
    std::cout << "\n";
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TrainResult run(const TrainConfig& c) {
  auto start = std::chrono::steady_clock::now();
  if (c.threads > 0) set_num_threads(c.threads);
  manual_seed(c.seed);
  fs::create_directories(c.out_dir);
  const std::string checkpoint_path = c.out_dir + "/checkpoint.safetensors";
  const std::string model_path = c.out_dir + "/model.safetensors";
  const std::string log_path = c.out_dir + "/log.jsonl";

  Split test = load_split(c, false);
  std::shared_ptr<nn::Module> model = make_model(c);
  std::vector<std::string> classes = data::FashionMNIST(c.data_dir, {.train = false}).classes();

  if (c.eval_only) {  // a checkpoint, or the final weights (model.safetensors)
    nn::StateDict weights;
    int64_t epochs = 0;
    if (train::is_checkpoint(c.resume)) {
      train::Checkpoint ckpt = train::load_checkpoint(c.resume);
      weights = ckpt.model;
      epochs = ckpt.epoch;
    } else {
      weights = nn::load_safetensors(c.resume);
    }
    model->load_state_dict(weights);
    Evaluation e = evaluate(*model, test, 1000);
    print_confusion(train::confusion_matrix(e.predictions, test.labels, 10), classes);
    return {e.accuracy, epochs, seconds_since(start)};
  }

  // Hold out a validation set: a fixed random permutation of the training images.
  Split all = load_split(c, true);
  int64_t n_val = static_cast<int64_t>(static_cast<double>(all.labels.size(0)) * c.val_fraction);
  Generator split_gen(c.seed);
  Tensor perm = randperm(all.labels.size(0), {}, &split_gen);
  Tensor val_index = perm.narrow(0, 0, n_val), train_index = perm.narrow(0, n_val, perm.size(0) - n_val);
  Split val{all.images.index_select(0, val_index), all.labels.index_select(0, val_index)};
  auto train_set = std::make_shared<data::TensorDataset>(
      std::vector<Tensor>{all.images.index_select(0, train_index), all.labels.index_select(0, train_index)});

  auto optimizer = make_optimizer(c, model->parameters());
  int64_t batches_per_epoch = (train_set->size() + c.batch_size - 1) / c.batch_size;
  Schedule schedule = make_schedule(c, *optimizer, batches_per_epoch);
  train::EarlyStopping stopper({.patience = std::max<int64_t>(c.patience, 1), .restore_best_weights = true});

  train::Checkpoint ckpt;
  ckpt.info = {{"model", c.model}, {"optimizer", c.optimizer}, {"scheduler", c.scheduler}};
  if (!c.resume.empty()) {
    ckpt = train::load_checkpoint(c.resume);
    for (const auto& [key, value] : std::map<std::string, std::string>{
             {"model", c.model}, {"optimizer", c.optimizer}, {"scheduler", c.scheduler}})
      EMBER_CHECK(ckpt.info[key] == value, "ember-train", "the checkpoint '", c.resume, "' was made with --", key, " ",
                  ckpt.info[key], ", not ", value);
    model->load_state_dict(ckpt.model);
    optimizer->load_state_dict(ckpt.optimizer);
    schedule.load_state_dict(ckpt.scheduler);
    stopper.load_state_dict(ckpt.early_stopping);
    default_generator().set_state(ckpt.rng);
    std::cout << "resumed from " << c.resume << " after epoch " << ckpt.epoch << "\n";
  }
  std::cout << "ember-train: " << c.model << " on " << c.dataset << " (" << train_set->size() << " train, "
            << val.labels.size(0) << " validation, " << test.labels.size(0) << " test images), " << c.optimizer
            << " lr " << c.lr << ", " << c.scheduler << " schedule, " << get_num_threads() << " threads\n";
  train::TrainingLogger logger(log_path, {.append = !c.resume.empty()});

  int64_t epoch = ckpt.epoch;
  bool stop = c.patience > 0 && stopper.stopped_epoch() >= 0;
  for (; epoch < c.epochs && !stop; ++epoch) {
    auto epoch_start = std::chrono::steady_clock::now();
    model->train();
    // The shuffle order depends on (seed, epoch) only, so a resumed run sees the same batches.
    data::DataLoader loader(train_set, {.batch_size = c.batch_size,
                                        .shuffle = true,
                                        .seed = c.seed * 1000003 + static_cast<uint64_t>(epoch),
                                        .num_workers = c.workers});
    double loss_sum = 0;
    int64_t correct = 0, seen = 0;
    std::string desc = "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(c.epochs);
    for (const data::Sample& batch : data::Progress(loader, {.desc = desc})) {
      const Tensor& x = batch[0].tensor();
      const Tensor& y = batch[1].tensor();
      Tensor logits = model->forward(x);
      Tensor loss = nn::functional::cross_entropy(logits, y);
      optimizer->zero_grad();
      loss.backward();
      optimizer->step();
      if (schedule.per_batch) schedule.scheduler->step();
      loss_sum += loss.item<double>() * static_cast<double>(y.size(0));
      correct += logits.argmax(1).eq(y).sum().item<int64_t>();
      seen += y.size(0);
    }
    double lr = optimizer->lr();
    auto val_start = std::chrono::steady_clock::now();
    Evaluation v = evaluate(*model, val, 1000);
    const double val_seconds = seconds_since(val_start);
    if (schedule.plateau) schedule.plateau->step(v.loss);
    else if (schedule.scheduler && !schedule.per_batch) schedule.scheduler->step();
    std::map<std::string, double> record = {{"train_loss", loss_sum / static_cast<double>(seen)},
                                            {"train_acc", static_cast<double>(correct) / static_cast<double>(seen)},
                                            {"val_loss", v.loss},
                                            {"val_acc", v.accuracy},
                                            {"lr", lr},
                                            {"seconds", seconds_since(epoch_start)},
                                            {"val_seconds", val_seconds}};
    for (const auto& [key, value] : record) ckpt.history[key].push_back(value);
    logger.log(record, {}, epoch + 1);
    stop = c.patience > 0 && stopper.step(v.loss, *model);

    ckpt.epoch = epoch + 1;
    ckpt.model = model->state_dict();
    ckpt.optimizer = optimizer->state_dict();
    ckpt.scheduler = schedule.state_dict();
    ckpt.early_stopping = stopper.state_dict();
    ckpt.rng = default_generator().get_state();
    train::save_checkpoint(checkpoint_path, ckpt);
    const auto& h = ckpt.history;
    train::plot_curves(c.out_dir + "/loss.svg", {{"train_loss", h.at("train_loss")}, {"val_loss", h.at("val_loss")}},
                       {.title = "ember-train loss", .xlabel = "epoch - 1", .ylabel = "cross-entropy"});
    train::plot_curves(c.out_dir + "/accuracy.svg", {{"train_acc", h.at("train_acc")}, {"val_acc", h.at("val_acc")}},
                       {.title = "ember-train accuracy", .xlabel = "epoch - 1", .ylabel = "accuracy"});
    if (c.exit_after_epoch == epoch + 1) {
      std::cout << "--exit-after-epoch " << epoch + 1 << ": killing the process now" << std::endl;
      std::raise(SIGKILL);
    }
  }
  if (stop) std::cout << "early stopping after epoch " << epoch << " (best epoch " << stopper.best_epoch() + 1 << ")\n";
  if (c.patience > 0 && stopper.best_epoch() >= 0) stopper.restore(*model);
  nn::save(*model, model_path);

  Evaluation t = evaluate(*model, test, 1000);
  Tensor confusion = train::confusion_matrix(t.predictions, test.labels, 10);
  print_confusion(confusion, classes);
  train::PrecisionRecallF1 prf = train::precision_recall_f1(confusion, "macro");
  std::cout << "test loss " << t.loss << ", accuracy " << t.accuracy << ", macro F1 " << prf.f1.item<double>() << "\n"
            << "checkpoint " << checkpoint_path << "\nweights    " << model_path << "\nlog        " << log_path
            << "\nplots      " << c.out_dir << "/loss.svg, " << c.out_dir << "/accuracy.svg\n";
  return {t.accuracy, epoch, seconds_since(start)};
}

}  // namespace ember_train
