// small_cnn.h — a small convolutional classifier for 28x28 or 32x32 images
// (Fashion-MNIST, CIFAR-10 shapes), the model of `make demo`:
//
//   Conv3x3(c -> w)   BatchNorm ReLU MaxPool2         (H/2)
//   Conv3x3(w -> 2w)  BatchNorm ReLU MaxPool2         (H/4)
//   Flatten  Dropout  Linear(2w·H/4·W/4 -> 128) ReLU  Dropout  Linear(128 -> classes)
//
// About 4.3 million multiply-adds per 28x28 image, so an epoch of
// Fashion-MNIST trains in about a minute on two cores.
#pragma once

#include "nn/modules/container.h"

namespace ember::models {

struct SmallCNNOptions {
  int64_t in_channels = 1;
  int64_t image_size = 28;  // square inputs, divisible by 4
  int64_t num_classes = 10;
  int64_t width = 32;       // channels of the first block; the second has twice as many
  double dropout = 0.25;
};

class SmallCNN : public nn::Module {
 public:
  explicit SmallCNN(SmallCNNOptions options = {});
  /// x: (N, in_channels, image_size, image_size); returns logits (N, num_classes).
  Tensor forward(const Tensor& x) override;

 private:
  SmallCNNOptions options_;
  std::shared_ptr<nn::Sequential> features_, classifier_;
};

}  // namespace ember::models
