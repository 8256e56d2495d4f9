// small_cnn.cpp — see small_cnn.h.
#include "models/small_cnn.h"

#include "core/shape.h"
#include "nn/modules/activation.h"
#include "nn/modules/conv.h"
#include "nn/modules/dropout.h"
#include "nn/modules/linear.h"
#include "nn/modules/normalization.h"
#include "nn/modules/pooling.h"

namespace ember::models {
namespace {

void add_conv_block(nn::Sequential& seq, int64_t in, int64_t out) {
  seq.push_back(std::make_shared<nn::Conv2d>(in, out, Shape{3}, nn::ConvOptions{.padding = {1}, .bias = false}));
  seq.push_back(std::make_shared<nn::BatchNorm2d>(out));
  seq.push_back(std::make_shared<nn::ReLU>());
}

}  // namespace

SmallCNN::SmallCNN(SmallCNNOptions o) : nn::Module("SmallCNN"), options_(o) {
  EMBER_CHECK(o.image_size > 0 && o.image_size % 4 == 0, "SmallCNN", "image_size must be a positive multiple of 4, got ",
              o.image_size);
  int64_t w = o.width;
  features_ = register_module("features", std::make_shared<nn::Sequential>());
  add_conv_block(*features_, o.in_channels, w);
  features_->push_back(std::make_shared<nn::MaxPool2d>(Shape{2}));
  add_conv_block(*features_, w, 2 * w);
  features_->push_back(std::make_shared<nn::MaxPool2d>(Shape{2}));
  int64_t side = o.image_size / 4;
  classifier_ = register_module("classifier", std::make_shared<nn::Sequential>());
  classifier_->push_back(std::make_shared<nn::Flatten>());
  classifier_->push_back(std::make_shared<nn::Dropout>(o.dropout));
  classifier_->push_back(std::make_shared<nn::Linear>(2 * w * side * side, 128));
  classifier_->push_back(std::make_shared<nn::ReLU>());
  classifier_->push_back(std::make_shared<nn::Dropout>(o.dropout));
  classifier_->push_back(std::make_shared<nn::Linear>(128, o.num_classes));
}

Tensor SmallCNN::forward(const Tensor& x) {
  const SmallCNNOptions& o = options_;
  EMBER_CHECK(x.dim() == 4 && x.size(1) == o.in_channels && x.size(2) == o.image_size && x.size(3) == o.image_size,
              "SmallCNN", "expected input (N, ", o.in_channels, ", ", o.image_size, ", ", o.image_size, "), got ",
              shape_str(x.sizes()));
  return classifier_->forward(features_->forward(x));
}

}  // namespace ember::models
