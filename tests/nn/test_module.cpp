// test_module.cpp — the Module tree: registration order, named_parameters,
// slots that survive reassignment, train/eval, to(), zero_grad, freezing,
// printing, state_dict round trips (in memory and through safetensors), and
// hostile safetensors files.
#include <fstream>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

// a block with a skip connection: y = relu(fc2(relu(fc1(x))) + x)
struct Residual : nn::Module {
  std::shared_ptr<nn::Linear> fc1, fc2;
  Residual(int64_t d) : nn::Module("Residual") {
    fc1 = register_module("fc1", std::make_shared<nn::Linear>(d, d));
    fc2 = register_module("fc2", std::make_shared<nn::Linear>(d, d));
  }
  Tensor forward(const Tensor& x) override { return relu(fc2->forward(relu(fc1->forward(x))) + x); }
};

struct Net : nn::Module {
  std::shared_ptr<nn::Sequential> body;
  std::shared_ptr<nn::BatchNorm1d> bn;
  Net() : nn::Module("Net") {
    body = register_module("body", std::make_shared<nn::Sequential>(
                                       std::initializer_list<std::shared_ptr<nn::Module>>{
                                           std::make_shared<nn::Linear>(4, 8), std::make_shared<nn::ReLU>(),
                                           std::make_shared<Residual>(8), std::make_shared<nn::Linear>(8, 2)}));
    bn = register_module("bn", std::make_shared<nn::BatchNorm1d>(2));
  }
  Tensor forward(const Tensor& x) override { return bn->forward(body->forward(x)); }
};

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string safetensors_bytes(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

}  // namespace

TEST_CASE("parameters are registered in order with dotted names", "[nn][module]") {
  auto net = std::make_shared<Net>();
  std::vector<std::string> names;
  for (auto& [name, p] : net->named_parameters()) names.push_back(name);
  std::vector<std::string> expected{"body.0.weight",     "body.0.bias",       "body.2.fc1.weight", "body.2.fc1.bias",
                                    "body.2.fc2.weight", "body.2.fc2.bias",   "body.3.weight",     "body.3.bias",
                                    "bn.weight",         "bn.bias"};
  CHECK(names == expected);
  CHECK(net->parameters().size() == 10);
  auto buffers = net->named_buffers();
  REQUIRE(buffers.size() == 3);
  CHECK(buffers[0].first == "bn.running_mean");
  CHECK(net->state_dict().size() == 13);
  CHECK(net->modules().size() == 9);  // Net, Sequential, Linear, ReLU, Residual, fc1, fc2, Linear, BatchNorm1d
  CHECK(net->children().size() == 2);
  for (const Tensor& p : net->parameters()) CHECK((p.requires_grad() && p.is_leaf()));
}

TEST_CASE("state_dict lists each module's parameters, then its buffers, then its children's, like PyTorch",
          "[nn][module]") {
  nn::Sequential seq({std::make_shared<nn::Linear>(2, 3), std::make_shared<nn::BatchNorm1d>(3),
                      std::make_shared<nn::Linear>(3, 1)});
  std::vector<std::string> expected{"0.weight",       "0.bias",        "1.weight",
                                    "1.bias",         "1.running_mean", "1.running_var",
                                    "1.num_batches_tracked", "2.weight", "2.bias"};
  CHECK(seq.state_dict().keys() == expected);
}

TEST_CASE("tied weights are one parameter but saved under both names, and load back strictly", "[nn][module]") {
  struct Tied : nn::Module {
    std::shared_ptr<nn::Embedding> enc = register_module("enc", std::make_shared<nn::Embedding>(5, 3));
    std::shared_ptr<nn::Linear> dec =
        register_module("dec", std::make_shared<nn::Linear>(3, 5, nn::LinearOptions{.bias = false}));
    Tied() : nn::Module("Tied") { dec->weight = enc->weight; }
  } tied;
  CHECK(tied.parameters().size() == 1);
  nn::StateDict dict = tied.state_dict();
  CHECK(dict.keys() == std::vector<std::string>{"enc.weight", "dec.weight"});
  tied.load_state_dict(dict);  // strict: every slot finds its key
  CHECK(tied.dec->weight.is_same(tied.enc->weight));
}

TEST_CASE("assigning a parameter member updates parameters() and state_dict()", "[nn][module]") {
  auto fc = std::make_shared<nn::Linear>(3, 2);
  Tensor replacement = ones({2, 3}).requires_grad_();
  fc->weight = replacement;
  CHECK(fc->parameters()[0].is_same(replacement));
  REQUIRE_EQUAL(fc->state_dict().at("weight"), ones({2, 3}));
  auto no_bias = std::make_shared<nn::Linear>(3, 2, nn::LinearOptions{.bias = false});
  CHECK(no_bias->parameters().size() == 1);
  CHECK_FALSE(no_bias->bias.defined());
}

TEST_CASE("default initialization follows PyTorch's bounds", "[nn][module][init]") {
  manual_seed(0);
  auto fc = std::make_shared<nn::Linear>(100, 50);
  double bound = 1.0 / std::sqrt(100.0);
  CHECK(fc->weight.abs().max().item<double>() <= bound);
  CHECK(fc->weight.abs().max().item<double>() > 0.9 * bound);
  auto conv = std::make_shared<nn::Conv2d>(3, 8, Shape{3});
  CHECK(conv->weight.abs().max().item<double>() <= 1.0 / std::sqrt(27.0));
  auto emb = std::make_shared<nn::Embedding>(1000, 16, nn::EmbeddingOptions{.padding_idx = 3});
  CHECK(std::fabs(emb->weight.mean().item<double>()) < 0.02);
  CHECK(std::fabs(emb->weight.std().item<double>() - 1.0) < 0.02);
  CHECK(emb->weight.select(0, 3).abs().sum().item<double>() == 0.0);
  Tensor w = empty({64, 32});
  nn::init::xavier_uniform_(w);
  CHECK(w.abs().max().item<double>() <= std::sqrt(6.0 / 96));
  nn::init::kaiming_normal_(w, 0, "fan_in", "relu");
  CHECK(std::fabs(w.std().item<double>() - std::sqrt(2.0 / 32)) < 0.02);
  nn::init::orthogonal_(w);
  REQUIRE_CLOSE(w.t().matmul(w), eye(32), 1e-4, 1e-4);
  Tensor tn = empty({10000});
  nn::init::trunc_normal_(tn, 0.0, 1.0, -1.0, 1.5);
  CHECK(tn.min().item<double>() >= -1.0);
  CHECK(tn.max().item<double>() <= 1.5);
  CHECK(nn::init::calculate_gain("leaky_relu", 0.2) == Approx(std::sqrt(2.0 / 1.04)));
  REQUIRE_THROWS_WITH(nn::init::calculate_gain("swishy"), Contains("unsupported nonlinearity"));
}

TEST_CASE("train/eval, zero_grad, requires_grad_ and to()", "[nn][module]") {
  auto net = std::make_shared<Net>();
  net->eval();
  CHECK_FALSE(net->bn->is_training());
  net->train();
  CHECK(net->body->is_training());
  Tensor loss = net->forward(randn({5, 4})).square().sum();
  loss.backward();
  for (const Tensor& p : net->parameters()) CHECK(p.grad().defined());
  net->zero_grad(false);
  for (const Tensor& p : net->parameters()) CHECK(p.grad().abs().sum().item<float>() == 0.0f);
  net->zero_grad();
  for (const Tensor& p : net->parameters()) CHECK_FALSE(p.grad().defined());
  net->body->requires_grad_(false);
  CHECK_FALSE(net->body->parameters()[0].requires_grad());
  CHECK(net->bn->weight.requires_grad());
  // to() converts in place: handles taken before still see the new dtype
  Tensor held = net->bn->weight;
  net->to(kFloat64);
  CHECK(held.scalar_type() == kFloat64);
  CHECK(net->bn->running_mean.scalar_type() == kFloat64);
  CHECK(net->bn->num_batches_tracked.scalar_type() == kInt64);
}

TEST_CASE("the module tree prints like PyTorch", "[nn][module]") {
  auto seq = std::make_shared<nn::Sequential>(std::initializer_list<std::shared_ptr<nn::Module>>{
      std::make_shared<nn::Linear>(4, 2), std::make_shared<nn::ReLU>()});
  std::ostringstream s;
  s << *seq;
  CHECK(s.str() == "Sequential(\n  (0): Linear(in_features=4, out_features=2, bias=true)\n  (1): ReLU()\n)");
}

TEST_CASE("state_dict round trips: in memory, strict errors, safetensors", "[nn][module][serialization]") {
  manual_seed(1);
  auto a = std::make_shared<Net>(), b = std::make_shared<Net>();
  a->train();
  (void)a->forward(randn({6, 4}));  // moves the batch-norm running stats
  b->load_state_dict(a->state_dict());
  a->eval();
  b->eval();
  Tensor x = randn({3, 4});
  REQUIRE_EQUAL(a->forward(x), b->forward(x));

  nn::StateDict partial = a->state_dict();
  nn::StateDict missing;
  for (auto& [k, v] : partial)
    if (k != "bn.bias") missing.insert(k, v);
  missing.insert("extra.weight", zeros({1}));
  REQUIRE_THROWS_WITH(b->load_state_dict(missing), Contains("missing keys [bn.bias]") &&
                                                       Contains("unexpected keys [extra.weight]"));
  nn::LoadResult r = b->load_state_dict(missing, /*strict=*/false);
  CHECK(r.missing_keys == std::vector<std::string>{"bn.bias"});
  CHECK(r.unexpected_keys == std::vector<std::string>{"extra.weight"});
  nn::StateDict wrong = a->state_dict();
  wrong.set("bn.weight", zeros({3}));
  REQUIRE_THROWS_WITH(b->load_state_dict(wrong), Contains("size mismatch for bn.weight"));

  std::string path = testing::temp_dir() + "/net.safetensors";
  nn::save(*a, path, {{"format", "ember"}});
  auto c = std::make_shared<Net>();
  nn::load(*c, path);
  c->eval();
  REQUIRE_EQUAL(c->forward(x), a->forward(x));
  nn::Metadata meta;
  nn::StateDict raw = nn::load_safetensors(path, &meta);
  CHECK(meta.at("format") == "ember");
  CHECK(raw.at("bn.num_batches_tracked").scalar_type() == kInt64);
}

TEST_CASE("safetensors files from outside are validated", "[nn][serialization][errors]") {
  std::string dir = testing::temp_dir();
  auto bad = [&](const std::string& name, const std::string& bytes, const std::string& error) {
    INFO(name);
    std::string path = dir + "/bad.safetensors";
    write_bytes(path, bytes);
    REQUIRE_THROWS_WITH(nn::load_safetensors(path), Contains("[load_safetensors]") && Contains(error));
  };
  std::string ok_header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  bad("tiny", "abc", "too small");
  bad("truncated data", safetensors_bytes(ok_header, std::string(4, '\0')), "outside the 4 data bytes");
  bad("huge header length", std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8) + "{}", "exceeds the file size");
  bad("not json", safetensors_bytes("{not json", ""), "not valid JSON");
  bad("not an object", safetensors_bytes("[1, 2]", ""), "must be a JSON object");
  bad("unknown dtype", safetensors_bytes(R"({"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}})",
                                         std::string(8, '\0')), "unsupported dtype");
  bad("size mismatch", safetensors_bytes(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})",
                                         std::string(8, '\0')), "declares shape (3)");
  bad("huge shape", safetensors_bytes(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})",
                                      std::string(8, '\0')), "too large");
  bad("negative dim", safetensors_bytes(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})",
                                        std::string(8, '\0')), "bad dimension");
  bad("reversed offsets", safetensors_bytes(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})",
                                            std::string(8, '\0')), "outside");
  bad("overlap", safetensors_bytes(
                     R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                     std::string(12, '\0')), "overlap or leave a gap");
  bad("gap at the end", safetensors_bytes(ok_header, std::string(12, '\0')), "cover 8 of the 12");
  bad("missing field", safetensors_bytes(R"({"a":{"dtype":"F32","shape":[2]}})", std::string(8, '\0')),
      "needs dtype, shape and data_offsets");
  REQUIRE_THROWS_WITH(nn::load_safetensors(dir + "/nope.safetensors"), Contains("cannot open"));
}
