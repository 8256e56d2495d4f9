// train_step.cpp — time one training step (forward, backward, Adam step) of
// the demo's models on random Fashion-MNIST-shaped batches; prints the median
// milliseconds per step over repeated timed blocks after a warm-up.
//
//   bench_train_step [--model cnn|mlp] [--batch 64] [--steps 100] [--threads 2]
#include <cstdio>
#include <cstring>
#include <string>

#include "ember.h"
#include "timing.h"

using namespace ember;

int main(int argc, char** argv) {
  std::string model_name = "cnn";
  int64_t batch = 64, steps = 100;
  int threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--model")) model_name = argv[i + 1];
    else if (!std::strcmp(argv[i], "--batch")) batch = std::stoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--steps")) steps = std::stoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) threads = std::stoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      return 2;
    }
  }
  set_num_threads(threads);
  manual_seed(0);
  std::shared_ptr<nn::Module> model;
  if (model_name == "cnn") model = std::make_shared<models::SmallCNN>();
  else model = std::make_shared<models::MLP>();
  optim::Adam optimizer(model->parameters(), {.lr = 1e-3});
  Tensor x = randn({batch, 1, 28, 28}), y = randint(0, 10, {batch});
  auto step = [&] {
    Tensor loss = nn::functional::cross_entropy(model->forward(x), y);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
  };
  const double ms = bench::median_ms_per_step(step, steps, /*warmup=*/10);
  std::printf("%s batch %lld, %d threads: %.2f ms/step (median of 5 timed blocks)\n", model_name.c_str(),
              (long long)batch, threads, ms);
}
