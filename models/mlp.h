// mlp.h — a multilayer perceptron: Flatten, then Linear + ReLU (+ Dropout)
// per hidden width, then a Linear head producing logits.
#pragma once

#include <vector>

#include "nn/modules/container.h"

namespace ember::models {

struct MLPOptions {
  int64_t in_features = 784;
  std::vector<int64_t> hidden = {256, 128};
  int64_t num_classes = 10;
  double dropout = 0.0;
};

class MLP : public nn::Module {
 public:
  explicit MLP(MLPOptions options = {});
  /// x: (N, ...) flattened to (N, in_features); returns logits (N, num_classes).
  Tensor forward(const Tensor& x) override;

 private:
  std::shared_ptr<nn::Sequential> layers_;
};

}  // namespace ember::models
