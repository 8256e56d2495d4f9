// Exercise 40 — serializing and deserializing a model.
//
// Two ways, both real file formats: the state_dict (weights and buffers by
// name) in safetensors, loaded into a freshly built model; and the whole
// model (registered architecture + config + weights), rebuilt from the file
// alone. Both round trips are bit-exact.
#include "ember.h"
#include "exercise.h"

using ember::Tensor;

struct Classifier : ember::nn::Module {
  std::shared_ptr<ember::nn::Sequential> net;
  Classifier(int64_t in, int64_t hidden, int64_t classes) : ember::nn::Module("Classifier") {
    net = register_module("net", std::make_shared<ember::nn::Sequential>(std::initializer_list<std::shared_ptr<ember::nn::Module>>{
                                     std::make_shared<ember::nn::Linear>(in, hidden),
                                     std::make_shared<ember::nn::BatchNorm1d>(hidden), std::make_shared<ember::nn::ReLU>(),
                                     std::make_shared<ember::nn::Linear>(hidden, classes)}));
  }
  Tensor forward(const Tensor& x) override { return net->forward(x); }
};

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(40);

  auto model = std::make_shared<Classifier>(10, 16, 3);
  (void)model->forward(ember::randn({8, 10}));  // a training step moves the batch-norm statistics
  model->eval();
  Tensor x = ember::randn({4, 10});
  Tensor expected = model->forward(x);

  ember::nn::save(*model, "ex40_weights.safetensors");
  auto fresh = std::make_shared<Classifier>(10, 16, 3);
  ember::nn::load(*fresh, "ex40_weights.safetensors");
  fresh->eval();
  bool same_weights = true;
  auto a = model->state_dict(), b = fresh->state_dict();
  for (auto& [name, t] : a) same_weights &= t.equal(b.at(name));
  std::cout << "state_dict keys: ";
  for (auto& [name, t] : a) std::cout << name << " ";
  std::cout << "\n";
  checker.check(same_weights, "state_dict round trip is bit-exact (parameters and buffers)");
  checker.check(fresh->forward(x).equal(expected), "the reloaded model gives identical outputs");

  ember::nn::register_model("Classifier", [](const ember::nn::ModelConfig& c) {
    return std::make_shared<Classifier>(std::stoll(c.at("in")), std::stoll(c.at("hidden")), std::stoll(c.at("classes")));
  });
  ember::nn::save_model(*model, "Classifier", {{"in", "10"}, {"hidden", "16"}, {"classes", "3"}}, "ex40_model.safetensors");
  auto rebuilt = ember::nn::load_model("ex40_model.safetensors");
  rebuilt->eval();
  std::cout << "rebuilt from the file alone:\n" << *rebuilt << "\n";
  checker.check(rebuilt->forward(x).equal(expected), "whole-model save/load reproduces the outputs exactly");
  return checker.exit_code();
}
