// Exercise 61 — a custom training log system.
//
// The seed configures Python's `logging` to write one text line per epoch.
// ember's train::TrainingLogger writes structured records instead — one JSON
// object per line, or CSV — flushed as written, plus a readable console line;
// train::read_log loads either file back (pandas reads them too). Here a
// small classifier trains for some epochs and logs:
//   train.jsonl  per epoch: train_loss, val_loss, val_acc, lr (and the console line)
//   train.csv    every 10th step's loss AND the epoch records, so the CSV has
//                rows with empty cells and grows its header when the epoch
//                columns first appear;
// then a resumed run appends two more epochs (append = true). The checks:
// both files reload with read_log to exactly the records logged (every double
// bit-exact, NaN and infinities included), the console line has the
// documented form, and the appended file holds all epochs in order.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool same_records(const std::vector<train::LogRecord>& a, const std::vector<train::LogRecord>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size()) return false;
    for (const auto& [name, value] : a[i])
      if (!b[i].count(name) || !same_value(value, b[i].at(name))) return false;
  }
  return true;
}

// the record a logger writes: the values plus "epoch" / "step" when given
train::LogRecord record_of(std::map<std::string, double> values, std::optional<int64_t> step,
                           std::optional<int64_t> epoch) {
  if (step) values["step"] = static_cast<double>(*step);
  if (epoch) values["epoch"] = static_cast<double>(*epoch);
  return values;
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(61);
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::absolute(fs::path(argv[0]).parent_path() / "ex61_out").lexically_normal();  // next to the program
  fs::create_directories(dir);
  const int epochs = quick ? 5 : 20;

  // three Gaussian blobs in 2-D
  auto blobs = [](int64_t n) {
    Tensor labels = randint(0, 3, {n});
    Tensor centres = tensor<float>({{0, 2}, {-1.73f, -1}, {1.73f, -1}});
    return std::vector<Tensor>{centres.index_select(0, labels) + randn({n, 2}), labels};
  };
  auto train_set = std::make_shared<data::TensorDataset>(blobs(1000));
  auto val = blobs(300);
  data::DataLoader loader(train_set, {.batch_size = 25, .shuffle = true, .seed = 61});
  auto model = std::make_shared<models::MLP>(models::MLPOptions{.in_features = 2, .hidden = {16}, .num_classes = 3});
  optim::SGD optimizer(model->parameters(), {.lr = 0.1, .momentum = 0.9});
  optim::StepLR scheduler(optimizer, {.step_size = 2, .gamma = 0.5});

  std::vector<train::LogRecord> json_expected, csv_expected;
  int64_t step = 0;
  auto run_epochs = [&](int from, int to, train::TrainingLogger& json_log, train::TrainingLogger& csv_log) {
    for (int epoch = from; epoch < to; ++epoch) {
      train::AverageMeter train_loss;
      for (const data::Sample& batch : loader) {
        Tensor loss = F::cross_entropy(model->forward(batch[0].tensor()), batch[1].tensor());
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        train_loss.update(loss.item<double>(), batch[0].tensor().size(0));
        if (++step % 10 == 0) {
          csv_log.log({{"loss", loss.item<double>()}}, step, epoch);
          csv_expected.push_back(record_of({{"loss", loss.item<double>()}}, step, epoch));
        }
      }
      NoGradGuard no_grad;
      Tensor logits = model->forward(val[0]);
      std::map<std::string, double> values = {{"train_loss", train_loss.mean()},
                                              {"val_loss", F::cross_entropy(logits, val[1]).item<double>()},
                                              {"val_acc", train::accuracy(logits, val[1])},
                                              {"lr", optimizer.lr()}};
      json_log.log(values, {}, epoch);
      csv_log.log(values, {}, epoch);
      json_expected.push_back(record_of(values, {}, epoch));
      csv_expected.push_back(record_of(values, {}, epoch));
      scheduler.step();
    }
  };

  const std::string json_path = (dir / "train.jsonl").string(), csv_path = (dir / "train.csv").string();
  {
    train::TrainingLogger json_log(json_path);  // console on: prints each epoch's line
    train::TrainingLogger csv_log(csv_path, {.format = "csv", .console = false});
    run_epochs(0, epochs, json_log, csv_log);
  }
  std::printf("wrote %s (%ju bytes) and %s (%ju bytes)\n", json_path.c_str(), (uintmax_t)fs::file_size(json_path),
              csv_path.c_str(), (uintmax_t)fs::file_size(csv_path));
  checker.check(same_records(train::read_log(json_path), json_expected),
                "the JSON-lines log reloads to exactly the logged records");
  checker.check(same_records(train::read_log(csv_path), csv_expected),
                "the CSV log (mixed step and epoch rows, widened header) reloads exactly");

  // resume: two more epochs appended to the same files
  {
    train::TrainingLogger json_log(json_path, {.append = true});
    train::TrainingLogger csv_log(csv_path, {.format = "csv", .console = false, .append = true});
    run_epochs(epochs, epochs + 2, json_log, csv_log);
  }
  auto reloaded = train::read_log(json_path);

  // values that are hard to write exactly, in both formats
  std::map<std::string, double> probe = {{"third", 1.0 / 3},
                                         {"tiny", 1e-300},
                                         {"big", 6.02214076e23},
                                         {"nan", std::numeric_limits<double>::quiet_NaN()},
                                         {"inf", std::numeric_limits<double>::infinity()}};
  bool probe_ok = true;
  for (const char* format : {"jsonl", "csv"}) {
    std::string path = (dir / (std::string("probe.") + format)).string();
    {
      train::TrainingLogger log(path, {.format = format});
      log.log(probe, 7, 1);
    }
    probe_ok &= same_records(train::read_log(path), {record_of(probe, 7, 1)});
  }
  checker.check(probe_ok, "1/3, 1e-300, 6.02e23, NaN and infinity round-trip exactly through JSON lines and CSV");

  checker.check(same_records(reloaded, json_expected) && same_records(train::read_log(csv_path), csv_expected),
                "after resuming with append = true both files hold every record, in order");

  std::string line = train::format_log_line({{"train_loss", 0.4123}, {"val_acc", 0.8812}, {"lr", 1e-3}}, {}, 3);
  std::printf("console form: %s\n", line.c_str());
  checker.check(line == "epoch 3 | lr 1.0e-03 | train_loss 0.4123 | val_acc 0.8812",
                "the console line has the documented form");
  double last_acc = reloaded.back().at("val_acc");
  std::printf("last logged epoch %g: val_acc %.4f\n", reloaded.back().at("epoch"), last_acc);
  checker.check(last_acc > 0.85, "the logged run learned (validation accuracy over 85%)");
  return checker.exit_code();
}
