// cases_train.cpp — one training step (forward, loss, zero_grad, backward,
// Adam step; float32, train mode) of four models on random batches; the
// driver runs each in its own process and also reports its peak RSS:
//
//   train/mlp          784-256-128-10 MLP (ReLU), batch 64, cross-entropy
//   train/lenet        the demo's SmallCNN (two conv-BN-ReLU-maxpool blocks,
//                      Linear 3136-128-10, dropout 0.25) on 1x28x28, batch 64
//   train/transformer  one TransformerEncoderLayer (d_model 128, 4 heads,
//                      ff 512, dropout 0.1) on (seq 64, batch 32), MSE to a
//                      random target
//   train/resnet       a ResNet basic-block stack on 3x32x32, batch 32: a
//                      conv3x3 3->32 stem + BN + ReLU, two basic blocks of 32
//                      channels, global average pool, Linear 32->10
#include "cases.h"
#include "ember.h"

namespace bench {
namespace {

namespace F = ember::nn::functional;
using ember::Tensor;
using ember::nn::Module;

// conv3x3-BN-ReLU-conv3x3-BN, plus the input, then ReLU (He et al. 2016).
class BasicBlock : public Module {
 public:
  explicit BasicBlock(int64_t channels) : Module("BasicBlock") {
    const ember::nn::ConvOptions conv{.padding = {1}, .bias = false};
    conv1_ = register_module("conv1", std::make_shared<ember::nn::Conv2d>(channels, channels, ember::Shape{3}, conv));
    bn1_ = register_module("bn1", std::make_shared<ember::nn::BatchNorm2d>(channels));
    conv2_ = register_module("conv2", std::make_shared<ember::nn::Conv2d>(channels, channels, ember::Shape{3}, conv));
    bn2_ = register_module("bn2", std::make_shared<ember::nn::BatchNorm2d>(channels));
  }
  Tensor forward(const Tensor& x) override {
    Tensor h = ember::relu(bn1_->forward(conv1_->forward(x)));
    return ember::relu(bn2_->forward(conv2_->forward(h)) + x);
  }

 private:
  std::shared_ptr<Module> conv1_, bn1_, conv2_, bn2_;
};

std::shared_ptr<Module> resnet_stack() {
  auto net = std::make_shared<ember::nn::Sequential>();
  net->push_back(std::make_shared<ember::nn::Conv2d>(3, 32, ember::Shape{3},
                                                     ember::nn::ConvOptions{.padding = {1}, .bias = false}));
  net->push_back(std::make_shared<ember::nn::BatchNorm2d>(32));
  net->push_back(std::make_shared<ember::nn::ReLU>());
  net->push_back(std::make_shared<BasicBlock>(32));
  net->push_back(std::make_shared<BasicBlock>(32));
  net->push_back(std::make_shared<ember::nn::AdaptiveAvgPool2d>(ember::Shape{1}));
  net->push_back(std::make_shared<ember::nn::Flatten>());
  net->push_back(std::make_shared<ember::nn::Linear>(32, 10));
  return net;
}

// One step of `model` on a fixed batch; loss(output, target).
std::function<void()> train_step(std::shared_ptr<Module> model, Tensor input, Tensor target,
                                 Tensor (*loss)(const Tensor&, const Tensor&)) {
  model->train();
  auto optimizer = std::make_shared<ember::optim::Adam>(model->parameters(), ember::optim::AdamOptions{.lr = 1e-3});
  return [=] {
    Tensor l = loss(model->forward(input), target);
    optimizer->zero_grad();
    l.backward();
    optimizer->step();
  };
}

Tensor cross_entropy(const Tensor& logits, const Tensor& target) { return F::cross_entropy(logits, target); }
Tensor mse(const Tensor& output, const Tensor& target) { return F::mse_loss(output, target); }

}  // namespace

std::vector<Case> train_cases() {
  return {
      {"train/mlp", 0, "",
       [] {
         return train_step(std::make_shared<ember::models::MLP>(), ember::randn({64, 1, 28, 28}),
                           ember::randint(0, 10, {64}), cross_entropy);
       }},
      {"train/lenet", 0, "",
       [] {
         return train_step(std::make_shared<ember::models::SmallCNN>(), ember::randn({64, 1, 28, 28}),
                           ember::randint(0, 10, {64}), cross_entropy);
       }},
      {"train/transformer", 0, "",
       [] {
         auto layer = std::make_shared<ember::nn::TransformerEncoderLayer>(
             128, 4, ember::nn::TransformerLayerOptions{.dim_feedforward = 512, .dropout = 0.1});
         return train_step(layer, ember::randn({64, 32, 128}), ember::randn({64, 32, 128}), mse);
       }},
      {"train/resnet", 0, "",
       [] {
         return train_step(resnet_stack(), ember::randn({32, 3, 32, 32}), ember::randint(0, 10, {32}), cross_entropy);
       }},
  };
}

}  // namespace bench
