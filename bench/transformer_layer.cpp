// transformer_layer.cpp — time forward + backward of one
// TransformerEncoderLayer (d_model 128, 4 heads, feed-forward 512, dropout
// 0.1, train mode) on a (seq 64, batch 32, 128) input; prints the median
// milliseconds per step over timed blocks after a warm-up. Its torch 1.13
// twin is torch_transformer_layer.py (same sizes, same flags).
//
//   bench_transformer_layer [--steps 50] [--threads 1] [--dropout 0.1]
#include <cstdio>
#include <cstring>
#include <string>

#include "ember.h"
#include "timing.h"

using namespace ember;

int main(int argc, char** argv) {
  int64_t steps = 50;
  int threads = 1;
  double dropout = 0.1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--steps")) steps = std::stoll(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) threads = std::stoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--dropout")) dropout = std::stod(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      return 2;
    }
  }
  set_num_threads(threads);
  manual_seed(0);
  auto layer = std::make_shared<nn::TransformerEncoderLayer>(128, 4, nn::TransformerLayerOptions{.dim_feedforward = 512, .dropout = dropout});
  layer->train();
  Tensor x = randn({64, 32, 128}).requires_grad_();
  auto step = [&] {
    layer->zero_grad();
    x.mutable_grad() = Tensor();
    layer->forward(x).sum().backward();
  };
  const double ms = bench::median_ms_per_step(step, steps);
  std::printf("ember TransformerEncoderLayer fwd+bwd: %.2f ms/step (median of 5 blocks, %d thread(s), dropout %g)\n",
              ms, threads, dropout);
}
