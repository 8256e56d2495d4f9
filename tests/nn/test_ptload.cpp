// test_ptload.cpp — files written by torch 1.13's torch.save load into ember
// exactly as torch saved them (fixtures from
// tests/fixtures/make_nn_ptload_fixtures.py): a CNN gives torch's output,
// every dtype and layout keeps its values, a checkpoint's nested CNN + LSTM
// state_dict loads key for key and into the same ember model, which then
// gives torch's output; files that are not state_dicts are refused.
#include "nn/torch_load.h"
#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

std::string pt(const std::string& name) { return std::string(EMBER_FIXTURES_DIR) + "/nn/ptload/" + name; }
Tensor fx(const std::string& name) { return testing::fixture("nn/ptload/" + name); }

}  // namespace

TEST_CASE("a CNN's state_dict saved by torch gives torch's output", "[nn][ptload]") {
  auto model = std::make_shared<nn::Sequential>(std::initializer_list<std::shared_ptr<nn::Module>>{
      std::make_shared<nn::Conv2d>(2, 4, Shape{3}, nn::ConvOptions{.padding = {1}}),
      std::make_shared<nn::BatchNorm2d>(4), std::make_shared<nn::ReLU>(), std::make_shared<nn::MaxPool2d>(Shape{2}),
      std::make_shared<nn::Flatten>(), std::make_shared<nn::Linear>(36, 5)});
  nn::LoadResult result = nn::load_torch(*model, pt("cnn.pt"));
  REQUIRE(result.missing_keys.empty());
  REQUIRE(result.unexpected_keys.empty());
  nn::StateDict dict = model->state_dict();
  REQUIRE(dict.at("1.num_batches_tracked").scalar_type() == kInt64);
  REQUIRE(dict.at("1.num_batches_tracked").item<int64_t>() == 3);  // three training steps in the script
  model->eval();
  REQUIRE_CLOSE(model->forward(fx("cnn.input")), fx("cnn.output"), 1e-6, 1e-6);
}

TEST_CASE("every dtype and layout loads as torch saved it", "[nn][ptload]") {
  nn::StateDict dict = nn::load_torch_state_dict(pt("tensors.pt"));
  const std::vector<std::pair<std::string, ScalarType>> expected = {
      {"f64", kFloat64},        {"f16", kFloat16},    {"bf16", kBFloat16},    {"i64", kInt64},
      {"i32", kInt32},          {"u8", kUInt8},       {"i8", kInt8},          {"bool", kBool},
      {"transposed", kFloat32}, {"offset", kFloat32}, {"shared_a", kFloat32}, {"shared_b", kFloat32},
      {"scalar", kFloat32},     {"empty", kFloat32},  {"param", kFloat32}};
  REQUIRE(dict.size() == expected.size());
  size_t i = 0;
  for (const auto& [key, t] : dict) {  // in the file's order
    INFO("tensor " << key);
    REQUIRE(key == expected[i].first);
    REQUIRE(t.scalar_type() == expected[i++].second);
    REQUIRE_EQUAL(t.to(kFloat64), fx("tensors." + key));  // float64 holds every value exactly
  }
  // layouts are torch's: strided views of shared storages
  REQUIRE(dict.at("transposed").strides().vec() == Shape{1, 4});
  REQUIRE(dict.at("offset").storage_offset() == 5);
  REQUIRE(dict.at("offset").strides().vec() == Shape{4, 1});
  REQUIRE(dict.at("transposed").storage() == dict.at("offset").storage());
  REQUIRE(dict.at("shared_a").storage() == dict.at("shared_b").storage());
  REQUIRE(dict.at("shared_b").strides().vec() == Shape{3});
  REQUIRE(dict.at("scalar").dim() == 0);
  REQUIRE(dict.at("empty").sizes().vec() == Shape{0, 3});
  REQUIRE(dict.at("i64").data_ptr<int64_t>()[3] == int64_t{1} << 62);
}

// torch's CnnLstm of make_nn_ptload_fixtures.py, built from ember's layers
class CnnLstm : public nn::Module {
 public:
  CnnLstm()
      : conv(register_module("conv", std::make_shared<nn::Conv1d>(3, 4, Shape{3}, nn::ConvOptions{.padding = {1}}))),
        bn(register_module("bn", std::make_shared<nn::BatchNorm1d>(4))),
        lstm(register_module("lstm", std::make_shared<nn::LSTM>(
                                         4, 5, nn::LSTMOptions{.num_layers = 2, .batch_first = true,
                                                               .bidirectional = true}))),
        fc(register_module("fc", std::make_shared<nn::Linear>(10, 2))) {}
  // x (N, 3, L) -> logits (N, 2) from the last step's LSTM output
  Tensor forward(const Tensor& x) override {
    Tensor h = bn->forward(conv->forward(x)).relu().transpose(1, 2);
    auto [out, state] = lstm->forward(h);
    return fc->forward(out.select(1, -1));
  }
  std::shared_ptr<nn::Conv1d> conv;
  std::shared_ptr<nn::BatchNorm1d> bn;
  std::shared_ptr<nn::LSTM> lstm;
  std::shared_ptr<nn::Linear> fc;
};

TEST_CASE("a torch-saved CNN + LSTM checkpoint loads into the same ember model and gives torch's output",
          "[nn][ptload]") {
  CnnLstm model;
  nn::LoadResult result = nn::load_torch(model, pt("checkpoint.pt"), /*strict=*/true, "model");
  REQUIRE(result.missing_keys.empty());
  REQUIRE(result.unexpected_keys.empty());
  model.eval();
  REQUIRE_CLOSE(model.forward(fx("cnn_lstm.input")), fx("cnn_lstm.output"), 1e-5, 1e-6);
}

TEST_CASE("a checkpoint's nested CNN+LSTM state_dict loads key for key", "[nn][ptload]") {
  nn::StateDict dict = nn::load_torch_state_dict(pt("checkpoint.pt"), "model");
  std::vector<std::string> keys = {
      "conv.weight",           "conv.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
      "bn.num_batches_tracked"};
  for (const char* layer : {"l0", "l1"})  // torch's order: layer, then direction, then the four tensors
    for (const char* direction : {"", "_reverse"})
      for (const char* p : {"weight_ih_", "weight_hh_", "bias_ih_", "bias_hh_"})
        keys.push_back(std::string("lstm.") + p + layer + direction);
  keys.push_back("fc.weight");
  keys.push_back("fc.bias");
  REQUIRE(dict.keys() == keys);
  for (const auto& [key, t] : dict) {
    INFO("tensor " << key);
    REQUIRE_EQUAL(t, fx("cnn_lstm." + key));
  }
  REQUIRE(dict.at("lstm.weight_ih_l1").sizes().vec() == Shape{20, 10});

  // the checkpoint's other entries are not tensors: they need a key to skip them
  const std::string path = pt("checkpoint.pt");
  REQUIRE_THROWS_WITH(nn::load_torch_state_dict(path),
                      Contains(path) && Contains("entry 'model' is a dict, not a tensor") && Contains("key = 'model'"));
  REQUIRE_THROWS_WITH(nn::load_torch_state_dict(path, "epoch"), Contains("'epoch' holds an int, not a state_dict"));
  REQUIRE_THROWS_WITH(nn::load_torch_state_dict(path, "nope"),
                      Contains("no key 'nope'") && Contains("'model', 'epoch', 'lr'"));
}

TEST_CASE("files that are not zip state_dicts are refused clearly", "[nn][ptload][errors]") {
  REQUIRE_THROWS_WITH(nn::load_torch_state_dict(pt("legacy.pt")),
                      Contains(pt("legacy.pt")) && Contains("legacy (pre-1.6, non-zip) torch.save file"));
  REQUIRE_THROWS_WITH(nn::load_torch_state_dict(pt("whole_module.pt")),
                      Contains(pt("whole_module.pt")) && Contains("refusing GLOBAL 'torch.nn.modules.linear.Linear'") &&
                          Contains("save model.state_dict() instead"));
  REQUIRE_THROWS_WITH(nn::load_torch_state_dict(pt("missing.pt")), Contains("cannot open") && Contains("missing.pt"));
  // a module of the wrong shape: load_state_dict's own error
  auto wrong = std::make_shared<nn::Linear>(3, 3);
  REQUIRE_THROWS_WITH(nn::load_torch(*wrong, pt("cnn.pt")), Contains("load_state_dict"));
}
