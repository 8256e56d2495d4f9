// Exercise 32 — a custom Module with submodules and a skip connection.
//
// A block y = relu(x + fc2(relu(fc1(x)))) registers its two Linear layers;
// named_parameters lists them under dotted names. Through the skip path the
// gradient reaches x even when the branch is switched off (zero weights):
// dy/dx is then the identity wherever y > 0.
#include "ember.h"
#include "exercise.h"

using ember::Tensor;

struct ResidualBlock : ember::nn::Module {
  std::shared_ptr<ember::nn::Linear> fc1, fc2;
  explicit ResidualBlock(int64_t dim) : ember::nn::Module("ResidualBlock") {
    fc1 = register_module("fc1", std::make_shared<ember::nn::Linear>(dim, dim));
    fc2 = register_module("fc2", std::make_shared<ember::nn::Linear>(dim, dim));
  }
  Tensor forward(const Tensor& x) override { return ember::relu(x + fc2->forward(ember::relu(fc1->forward(x)))); }
};

struct Model : ember::nn::Module {
  std::shared_ptr<ember::nn::Linear> input;
  std::shared_ptr<ember::nn::ModuleList> blocks;
  std::shared_ptr<ember::nn::Linear> head;
  Model(int64_t in, int64_t dim, int64_t classes, int depth) : ember::nn::Module("Model") {
    input = register_module("input", std::make_shared<ember::nn::Linear>(in, dim));
    blocks = register_module("blocks", std::make_shared<ember::nn::ModuleList>());
    for (int i = 0; i < depth; ++i) blocks->push_back(std::make_shared<ResidualBlock>(dim));
    head = register_module("head", std::make_shared<ember::nn::Linear>(dim, classes));
  }
  Tensor forward(const Tensor& x) override {
    Tensor h = input->forward(x);
    for (const auto& block : blocks->items()) h = block->forward(h);
    return head->forward(h);
  }
};

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(32);

  auto model = std::make_shared<Model>(6, 8, 3, 2);
  std::cout << *model << "\n";
  for (auto& [name, p] : model->named_parameters()) std::cout << "  " << name << " " << ember::shape_str(p.sizes()) << "\n";
  auto params = model->named_parameters();
  checker.check(params.size() == 2 + 2 * 2 * 2 + 2, "input, 2 blocks x 2 layers, head: 12 parameter tensors");
  checker.check(params[2].first == "blocks.0.fc1.weight", "submodule parameters have dotted names");
  checker.check(model->forward(ember::randn({4, 6})).sizes() == ember::IntArrayRef{4, 3}, "output (batch, classes)");

  // switch the branch off: the block becomes relu(x), so dy/dx = [x > 0]
  auto block = std::make_shared<ResidualBlock>(5);
  {
    ember::NoGradGuard no_grad;
    block->fc2->weight.zero_();
    block->fc2->bias.zero_();
  }
  Tensor x = ember::randn({3, 5}).requires_grad_();
  block->forward(x).sum().backward();
  Tensor expected = x.detach().gt(0).to(ember::kFloat32);
  std::cout << "gradient through the skip path:\n" << x.grad() << "\n";
  checker.check(x.grad().equal(expected), "the skip connection carries the gradient (identity where y > 0)");
  checker.check(block->fc1->weight.grad().abs().sum().item<float>() == 0.0f,
                "the switched-off branch passes no gradient to fc1");
  return checker.exit_code();
}
