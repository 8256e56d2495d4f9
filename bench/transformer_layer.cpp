// transformer_layer.cpp — time forward + backward of one
// TransformerEncoderLayer (d_model 128, 4 heads, feed-forward 512, dropout
// 0.1, train mode) on a (seq 64, batch 32, 128) input; prints the median
// milliseconds per step over timed blocks after a warm-up. Its torch 1.13
// twin is torch_transformer_layer.py (same sizes, same flags).
//
//   bench_transformer_layer [--steps 50] [--threads 1] [--dropout 0.1]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "ember.h"

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
  for (int i = 0; i < 5; ++i) step();  // warm-up: caches, allocator
  std::vector<double> block_ms;
  const int64_t per_block = std::max<int64_t>(1, steps / 5);
  for (int b = 0; b < 5; ++b) {
    auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < per_block; ++i) step();
    block_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
                       static_cast<double>(per_block));
  }
  std::sort(block_ms.begin(), block_ms.end());
  std::printf("ember TransformerEncoderLayer fwd+bwd: %.2f ms/step (median of 5 blocks, %d thread(s), dropout %g)\n",
              block_ms[2], threads, dropout);
}
