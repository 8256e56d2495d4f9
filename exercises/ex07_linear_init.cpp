// Exercise 7 — an nn::Linear layer with custom weight and bias initialization.
//
// nn::init fills parameters in place, outside the graph: here the weight
// from N(0, 0.01^2) and the bias with the constant 0.1. The check measures
// the statistics of what was drawn against what was asked for.
#include <cmath>

#include "ember.h"
#include "exercise.h"

int main(int argc, char** argv) {
  bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(7);

  int64_t in = quick ? 256 : 1024, out = quick ? 128 : 512;
  auto layer = std::make_shared<ember::nn::Linear>(in, out);
  std::cout << *layer << "\n";
  ember::nn::init::normal_(layer->weight, 0.0, 0.01);
  ember::nn::init::constant_(layer->bias, 0.1);

  double mean = layer->weight.mean().item<double>(), std = layer->weight.std().item<double>();
  std::cout << "weight mean " << mean << ", std " << std << " (asked: 0 and 0.01)\n"
            << "bias: " << layer->bias.narrow(0, 0, 5) << " ...\n";
  double n = static_cast<double>(in * out);
  checker.check(std::fabs(mean) < 5 * 0.01 / std::sqrt(n), "weight mean within 5 standard errors of 0");
  checker.check(std::fabs(std - 0.01) < 0.01 * 5 / std::sqrt(2 * n), "weight std within 5 standard errors of 0.01");
  checker.check(layer->bias.eq(0.1f).all().item<bool>(), "every bias entry is 0.1");
  ember::Tensor x = ember::randn({4, in});
  checker.check(layer->forward(x).sizes() == ember::IntArrayRef{4, out}, "forward gives (batch, out_features)");
  checker.check(layer->weight.requires_grad() && layer->weight.is_leaf(), "initialized parameters stay trainable leaves");
  return checker.exit_code();
}
