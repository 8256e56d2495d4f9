// bench_lstm.cpp — one LSTM layer, forward + backward, float32, one thread:
// input 32, hidden 128, seq 50, batch 32 (the nn issue's measurement).
// Prints the median milliseconds of `reps` steps. bench/bench_lstm.py runs it
// interleaved with torch 1.13 and reports the ratio.
//
// Built with -DEMBER_BENCH=ON as build/bench/bench_lstm.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "ember.h"

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 20;
  ember::set_num_threads(1);
  ember::manual_seed(0);
  auto lstm = std::make_shared<ember::nn::LSTM>(32, 128);
  ember::Tensor x = ember::randn({50, 32, 32}).requires_grad_();
  std::vector<double> ms;
  for (int i = 0; i < reps + 3; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto [out, state] = lstm->forward(x);
    (out.sum() + std::get<0>(state).sum()).backward();
    double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (i >= 3) ms.push_back(elapsed);  // the first steps warm the allocator
    lstm->zero_grad();
    x.mutable_grad() = ember::Tensor();
  }
  std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
  std::cout << ms[ms.size() / 2] << "\n";
}
