// mlp.cpp — see mlp.h.
#include "models/mlp.h"

#include "nn/modules/activation.h"
#include "nn/modules/dropout.h"
#include "nn/modules/linear.h"

namespace ember::models {

MLP::MLP(MLPOptions o) : nn::Module("MLP") {
  EMBER_CHECK(o.in_features > 0 && o.num_classes > 0, "MLP", "in_features and num_classes must be positive, got ",
              o.in_features, " and ", o.num_classes);
  layers_ = register_module("layers", std::make_shared<nn::Sequential>());
  layers_->push_back(std::make_shared<nn::Flatten>());
  int64_t width = o.in_features;
  for (int64_t h : o.hidden) {
    layers_->push_back(std::make_shared<nn::Linear>(width, h));
    layers_->push_back(std::make_shared<nn::ReLU>());
    if (o.dropout > 0) layers_->push_back(std::make_shared<nn::Dropout>(o.dropout));
    width = h;
  }
  layers_->push_back(std::make_shared<nn::Linear>(width, o.num_classes));
}

Tensor MLP::forward(const Tensor& x) { return layers_->forward(x); }

}  // namespace ember::models
