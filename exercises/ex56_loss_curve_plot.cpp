// Exercise 56 — record the loss during training and plot it (Matplotlib in
// the seed; gnuplot here).
//
// A small MLP learns y = sin(2x) + noise in mini-batches. Each epoch's mean
// training loss and validation loss are logged with train::TrainingLogger
// (a JSON-lines file plus a console line); the log is read back with
// train::read_log and drawn by train::plot_curves as an SVG and a PNG,
// log-scaled, which a person can open. The checks: the loss fell (the curve
// shows learning), and both images exist, are real SVG / PNG files of a
// plausible size, and the SVG names both curves. The printed paths say where
// they are: ex56_out/ next to the program (build/exercises/ex56_out/).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(56);
  const int epochs = quick ? 30 : 100;
  const fs::path out_dir =
      fs::absolute(fs::path(argv[0]).parent_path() / "ex56_out").lexically_normal();  // next to the program
  fs::create_directories(out_dir);

  auto make_data = [](int64_t n) {
    Tensor x = rand({n, 1}) * 4 - 2;
    return std::vector<Tensor>{x, (2 * x).sin() + 0.1 * randn({n, 1})};
  };
  auto train_set = std::make_shared<data::TensorDataset>(make_data(512));
  auto val = make_data(128);
  data::DataLoader loader(train_set, {.batch_size = 32, .shuffle = true, .seed = 56});
  auto model =
      std::make_shared<models::MLP>(models::MLPOptions{.in_features = 1, .hidden = {64, 64}, .num_classes = 1});
  optim::Adam optimizer(model->parameters(), {.lr = 1e-3});

  train::TrainingLogger logger((out_dir / "log.jsonl").string());
  for (int epoch = 0; epoch < epochs; ++epoch) {
    train::AverageMeter train_loss;
    for (const data::Sample& batch : loader) {
      Tensor loss = F::mse_loss(model->forward(batch[0].tensor()), batch[1].tensor());
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      train_loss.update(loss.item<double>(), batch[0].tensor().size(0));
    }
    NoGradGuard no_grad;
    double val_loss = F::mse_loss(model->forward(val[0]), val[1]).item<double>();
    logger.log({{"train_loss", train_loss.mean()}, {"val_loss", val_loss}}, {}, epoch + 1);
  }

  // read the log back and plot it
  std::vector<double> x, train_curve, val_curve;
  for (const train::LogRecord& record : train::read_log(logger.path())) {
    x.push_back(record.at("epoch"));
    train_curve.push_back(record.at("train_loss"));
    val_curve.push_back(record.at("val_loss"));
  }
  checker.check(static_cast<int>(x.size()) == epochs, "the log holds one record per epoch");
  checker.check(train_curve.back() < train_curve.front() / 10 && val_curve.back() < 0.02,
                "the loss fell tenfold, to near the noise level (0.01)");
  if (!train::gnuplot_available()) {
    std::printf("gnuplot is not installed (Debian: apt install gnuplot-nox): no image can be drawn\n");
    checker.check(false, "gnuplot is available");
    return checker.exit_code();
  }
  std::vector<train::Series> series = {{"train loss", train_curve, x}, {"validation loss", val_curve, x}};
  train::PlotOptions options{.title = "Training loss curve", .xlabel = "Epoch", .ylabel = "MSE loss", .logy = true};
  for (const char* name : {"loss.svg", "loss.png"}) {
    fs::path path = out_dir / name;
    fs::remove(path);
    train::plot_curves(path.string(), series, options);
    auto size = fs::exists(path) ? fs::file_size(path) : 0;
    std::printf("wrote %s (%ju bytes)\n", path.c_str(), static_cast<uintmax_t>(size));
    std::string content = read_file(path);
    if (path.extension() == ".svg") {
      checker.check(size > 5000 && content.find("<svg") != std::string::npos &&
                        content.find("train loss") != std::string::npos &&
                        content.find("validation loss") != std::string::npos,
                    "the SVG is a real plot with both curves named in its key");
    } else {
      checker.check(size > 5000 && content.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0, "the PNG is a real PNG image");
    }
  }
  return checker.exit_code();
}
