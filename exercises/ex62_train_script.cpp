// Exercise 62 — a complete train/test script with command-line arguments.
//
// The seed's script (argparse: --epochs, --lr; a Linear(1, 1) fit to
// y = 2x + 3 + noise with MSELoss and SGD, one line per epoch) written with
// CLI11, plus what a real script needs: a held-out test split, mini-batches,
// a seed, and saving the trained weights.
//
//   ex62_train_script --epochs 50 --lr 0.1 --save weights.safetensors
//   ex62_train_script --help
//
// It checks itself with --self-test (a ctest case): it runs its own binary
// with --help (every flag explained, exit 0), with bad arguments (each
// rejected with a message naming the flag, exit 2) and end to end (the fit
// recovers slope 2 and intercept 3, the saved weights reload and reproduce
// the reported test loss). --quick is a short end-to-end run.
#include <CLI/CLI.hpp>
#include <array>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;

struct Args {
  int64_t epochs = 100;
  double lr = 0.05;
  int64_t batch_size = 16;
  int64_t samples = 200;
  double test_fraction = 0.2;
  uint64_t seed = 0;
  std::string save;
  bool quick = false;
  bool self_test = false;
};

// y = 2x + 3 + 0.1 noise, x ~ N(0, 1): (x, y) of shape (n, 1) each
std::pair<Tensor, Tensor> make_data(int64_t n) {
  Tensor x = randn({n, 1});
  return {x, 2 * x + 3 + 0.1 * randn({n, 1})};
}

double mse(nn::Module& model, const Tensor& x, const Tensor& y) {
  NoGradGuard no_grad;
  return F::mse_loss(model.forward(x), y).item<double>();
}

int train_and_test(const Args& a) {
  manual_seed(a.seed);
  auto [x, y] = make_data(a.samples);
  const int64_t n_test = std::max<int64_t>(1, static_cast<int64_t>(a.samples * a.test_fraction));
  const int64_t n_train = a.samples - n_test;
  Tensor x_train = x.narrow(0, 0, n_train), y_train = y.narrow(0, 0, n_train);
  Tensor x_test = x.narrow(0, n_train, n_test), y_test = y.narrow(0, n_train, n_test);

  auto model = std::make_shared<nn::Linear>(1, 1);
  optim::SGD optimizer(model->parameters(), {.lr = a.lr});
  auto dataset = std::make_shared<data::TensorDataset>(std::vector<Tensor>{x_train, y_train});
  data::DataLoader loader(dataset, {.batch_size = a.batch_size, .shuffle = true, .seed = a.seed});
  for (int64_t epoch = 0; epoch < a.epochs; ++epoch) {
    double total = 0;
    for (const data::Sample& batch : loader) {
      Tensor inputs = batch[0].tensor(), targets = batch[1].tensor();
      Tensor loss = F::mse_loss(model->forward(inputs), targets);
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      total += loss.item<double>() * inputs.size(0);
    }
    std::printf("Epoch %lld/%lld, Loss: %.4f\n", (long long)epoch + 1, (long long)a.epochs, total / n_train);
  }
  double test_loss = mse(*model, x_test, y_test);
  std::printf("test MSE %.6f on %lld held-out samples\n", test_loss, (long long)n_test);
  std::printf("learned y = %.4f x + %.4f\n", model->weight.item<double>(), model->bias.item<double>());
  if (!a.save.empty()) {
    nn::save(*model, a.save);
    std::printf("saved weights to %s\n", a.save.c_str());
  }
  return 0;
}

// ---- --self-test: run this binary as a user would ----

struct Run {
  int exit_code;
  std::string output;  // stdout and stderr
};

Run run_self(const std::string& args) {
  std::string command = std::filesystem::read_symlink("/proc/self/exe").string() + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  EMBER_CHECK(pipe != nullptr, "ex62", "cannot run '", command, "'");
  std::string output;
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

int self_test() {
  exercise::Checker checker;
  Run help = run_self("--help");
  std::cout << help.output;
  bool all_flags = true;
  for (const char* flag : {"--epochs", "--lr", "--batch-size", "--samples", "--test-fraction", "--seed", "--save",
                           "--quick", "--self-test"})
    all_flags = all_flags && contains(help.output, flag);
  checker.check(help.exit_code == 0 && all_flags, "--help explains every flag and exits 0");

  // Each bad argument must be refused with exit code 2 and a message naming the flag.
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"--epochs abc", "--epochs"},  {"--epochs 0", "--epochs"},      {"--lr -1", "--lr"},
      {"--batch-size 0", "--batch-size"}, {"--test-fraction 1.5", "--test-fraction"}, {"--no-such-flag", "--no-such-flag"},
      {"--lr", "--lr"}};
  for (const auto& [args, flag] : bad) {
    Run r = run_self(args);
    std::string first_line = r.output.substr(0, r.output.find('\n'));
    std::printf("  $ ex62_train_script %-22s -> exit %d: %s\n", args.c_str(), r.exit_code, first_line.c_str());
    checker.check(r.exit_code == 2 && contains(r.output, flag), "'" + args + "' is rejected, naming " + flag);
  }

  // End to end: train, test, save; then reload the weights here and compare.
  const std::string weights = "ex62_weights.safetensors";
  std::filesystem::remove(weights);
  Run run = run_self("--epochs 30 --lr 0.05 --seed 3 --save " + weights);
  std::printf("%s", run.output.c_str());
  double w = 0, b = 0, test_loss = -1;
  if (size_t at = run.output.find("learned y = "); at != std::string::npos)
    std::sscanf(run.output.c_str() + at, "learned y = %lf x + %lf", &w, &b);
  if (size_t at = run.output.find("test MSE "); at != std::string::npos)
    std::sscanf(run.output.c_str() + at, "test MSE %lf", &test_loss);
  checker.check(run.exit_code == 0 && contains(run.output, "Epoch 30/30, Loss: "),
                "the script runs end to end, one line per epoch");
  checker.check(std::abs(w - 2) < 0.05 && std::abs(b - 3) < 0.05, "it learns y = 2x + 3 (within 0.05)");
  checker.check(test_loss > 0 && test_loss < 0.02, "test MSE near the noise variance 0.01");

  manual_seed(3);  // the script's test split: the last 20% of the same draws
  auto [x, y] = make_data(200);
  nn::Linear reloaded(1, 1);
  nn::load(reloaded, weights);
  double reloaded_loss = mse(reloaded, x.narrow(0, 160, 40), y.narrow(0, 160, 40));
  std::printf("reloaded weights: test MSE %.6f\n", reloaded_loss);
  checker.check(std::abs(reloaded_loss - test_loss) < 5e-7, "the saved weights reproduce the reported test MSE");
  return checker.exit_code();
}

int main(int argc, char** argv) {
  Args a;
  CLI::App app{"Exercise 62: fit y = 2x + 3 + noise with Linear(1, 1), SGD and MSELoss, then test on a held-out split."};
  app.option_defaults()->always_capture_default();
  app.add_option("--epochs", a.epochs, "passes over the training set")->check(CLI::Range(int64_t{1}, int64_t{100000}));
  app.add_option("--lr", a.lr, "SGD learning rate")->check(CLI::Range(1e-12, 10.0));
  app.add_option("--batch-size", a.batch_size, "samples per SGD step")->check(CLI::Range(int64_t{1}, int64_t{1 << 20}));
  app.add_option("--samples", a.samples, "size of the synthetic dataset")->check(CLI::Range(int64_t{2}, int64_t{1 << 24}));
  app.add_option("--test-fraction", a.test_fraction, "share held out for testing")->check(CLI::Range(0.01, 0.99));
  app.add_option("--seed", a.seed, "seed of the data, the initialization and the shuffling");
  app.add_option("--save", a.save, "write the trained weights to this safetensors file");
  app.add_flag("--quick", a.quick, "a short run (10 epochs)");
  app.add_flag("--self-test", a.self_test, "check --help, bad arguments and an end-to-end run of this program");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (a.self_test) return self_test();
  if (a.quick) a.epochs = std::min<int64_t>(a.epochs, 10);
  try {
    return train_and_test(a);
  } catch (const Error& e) {
    std::fprintf(stderr, "ex62_train_script: %s\n", e.what());
    return 1;
  }
}
