// test_transformer_torch.cpp — MultiheadAttention and the Transformer layers
// give torch 1.13's outputs, attention weights and gradients (of inputs and
// of every parameter, for a fixed loss) on fixtures made by
// tests/fixtures/make_nn_transformer_fixtures.py, in eval mode (dropout 0.1
// switched off) and in train mode with dropout 0. Float64, tolerance 1e-10.
#include <filesystem>
#include <functional>
#include <map>
#include <tuple>

#include "support/test_utils.h"

using namespace ember;

namespace {

using Inputs = std::map<std::string, Tensor>;
using Result = std::tuple<Tensor, Tensor>;  // output, attention weights (or undefined)
constexpr double kTol = 1e-10;

const std::string kDir = std::string(EMBER_FIXTURES_DIR) + "/nn/transformer/";

Tensor fx(const std::string& name, const std::string& key) { return testing::fixture("nn/transformer/" + name + "." + key); }
bool has(const std::string& name, const std::string& key) {
  return std::filesystem::exists(kDir + name + "." + key + ".npy");
}

// The case's files: "<name>.<key>.npy" -> key.
std::vector<std::string> keys_of(const std::string& name) {
  std::vector<std::string> keys;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    std::string file = entry.path().filename().string();
    if (file.rfind(name + ".", 0) == 0) keys.push_back(file.substr(name.size() + 1, file.size() - name.size() - 5));
  }
  return keys;
}

// Builds the module with make(dropout), loads torch's weights, runs call on
// the case's inputs (those with a saved gradient as fresh leaves), and checks
// output, weights and every gradient of sum(out * cot) + sum(weights * cot_weights).
template <class M>
void check_case(const std::string& name, const std::function<std::shared_ptr<M>(double dropout)>& make,
                const std::function<Result(M&, Inputs&)>& call) {
  std::vector<std::string> keys = keys_of(name);
  auto starts = [](const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; };
  for (bool train : {false, true}) {
    INFO("case " << name << (train ? " (train, dropout 0)" : " (eval)"));
    std::shared_ptr<M> module = make(train ? 0.0 : 0.1);
    module->to(kFloat64);
    module->train(train);

    // the state_dict keys equal torch's, both ways
    nn::StateDict dict;
    for (auto& [key, t] : module->state_dict()) dict.insert(key, fx(name, "param." + key));
    size_t torch_keys = 0;
    for (const std::string& k : keys) torch_keys += starts(k, "param.");
    REQUIRE(dict.size() == torch_keys);
    module->load_state_dict(dict);

    Inputs inputs;
    for (const std::string& k : keys)
      if (k.find('.') == std::string::npos && k != "output" && k != "weights" && k != "cot" && k != "cot_weights") {
        Tensor t = fx(name, k);
        inputs[k] = has(name, "grad." + k) ? t.requires_grad_() : t;
      }
    auto [out, weights] = call(*module, inputs);
    REQUIRE_CLOSE(out, fx(name, "output"), kTol, kTol);
    REQUIRE(weights.defined() == has(name, "weights"));
    Tensor loss = (out * fx(name, "cot")).sum();
    if (weights.defined()) {
      REQUIRE_CLOSE(weights, fx(name, "weights"), kTol, kTol);
      loss = loss + (weights * fx(name, "cot_weights")).sum();
    }
    loss.backward();
    for (auto& [k, t] : inputs)
      if (t.defined() && t.requires_grad()) {  // call may have added absent masks as undefined
        INFO("gradient of input " << k);
        REQUIRE_CLOSE(t.grad(), fx(name, "grad." + k), kTol, kTol);
      }
    for (auto& [k, p] : module->named_parameters()) {
      INFO("gradient of parameter " << k);
      REQUIRE_CLOSE(p.grad(), fx(name, "grad." + k), kTol, kTol);
    }
  }
}

std::function<Result(nn::MultiheadAttention&, Inputs&)> mha_call(bool average = true) {
  return [average](nn::MultiheadAttention& m, Inputs& x) {
    return m.forward(x["query"], x["key"], x["value"], x["key_padding_mask"], true, x["attn_mask"], average);
  };
}

std::function<std::shared_ptr<nn::MultiheadAttention>(double)> mha(nn::MultiheadAttentionOptions o = {}) {
  return [o](double dropout) mutable {
    o.dropout = dropout;
    return std::make_shared<nn::MultiheadAttention>(8, 2, o);
  };
}

template <class Layer>
std::function<std::shared_ptr<Layer>(double)> layer(nn::TransformerLayerOptions o = {}) {
  return [o](double dropout) mutable {
    o.dim_feedforward = 12;
    o.dropout = dropout;
    return std::make_shared<Layer>(8, 2, o);
  };
}

Result encoder_call(nn::TransformerEncoderLayer& m, Inputs& x) {
  return {m.forward(x["src"], x["src_mask"], x["src_key_padding_mask"]), Tensor()};
}

Result decoder_call(nn::TransformerDecoderLayer& m, Inputs& x) {
  return {m.forward(x["tgt"], x["memory"], x["tgt_mask"], x["memory_mask"], x["tgt_key_padding_mask"],
                    x["memory_key_padding_mask"]),
          Tensor()};
}

}  // namespace

TEST_CASE("MultiheadAttention matches torch: outputs, weights, gradients", "[nn][transformer][torch]") {
  // self-attention: query, key and value are one tensor (the packed projection in one matmul)
  check_case<nn::MultiheadAttention>("mha_self", mha(), [](nn::MultiheadAttention& m, Inputs& x) {
    return m.forward(x["x"], x["x"], x["x"]);
  });
  check_case<nn::MultiheadAttention>("mha_bool_masks", mha(), mha_call(/*average=*/false));
  check_case<nn::MultiheadAttention>("mha_kvdim", mha({.kdim = 5, .vdim = 7}), mha_call());
  check_case<nn::MultiheadAttention>("mha_batch_first", mha({.batch_first = true}), mha_call(false));
  check_case<nn::MultiheadAttention>("mha_unbatched", mha(), mha_call(false));
  check_case<nn::MultiheadAttention>("mha_bias_kv", mha({.add_bias_kv = true, .add_zero_attn = true}), mha_call());
  check_case<nn::MultiheadAttention>("mha_nobias", mha({.bias = false, .kdim = 6, .vdim = 6}), mha_call());
}

TEST_CASE("Transformer encoder and decoder layers match torch", "[nn][transformer][torch]") {
  using Enc = nn::TransformerEncoderLayer;
  using Dec = nn::TransformerDecoderLayer;
  check_case<Enc>("enc_relu_post", layer<Enc>(), encoder_call);
  check_case<Enc>("enc_gelu_pre", layer<Enc>({.activation = "gelu", .batch_first = true, .norm_first = true}),
                  encoder_call);
  check_case<Enc>("enc_unbatched", layer<Enc>({.activation = "gelu"}), encoder_call);
  check_case<Dec>("dec_relu_pre", layer<Dec>({.norm_first = true}), decoder_call);
  check_case<Dec>("dec_gelu_post", layer<Dec>({.activation = "gelu", .batch_first = true}), decoder_call);
}

TEST_CASE("TransformerEncoder and Transformer match torch", "[nn][transformer][torch]") {
  check_case<nn::TransformerEncoder>(
      "encoder2",
      [](double dropout) {
        auto layer = std::make_shared<nn::TransformerEncoderLayer>(
            8, 2, nn::TransformerLayerOptions{.dim_feedforward = 12, .dropout = dropout});
        return std::make_shared<nn::TransformerEncoder>(layer, 2, std::make_shared<nn::LayerNorm>(Shape{8}));
      },
      [](nn::TransformerEncoder& m, Inputs& x) {
        return Result{m.forward(x["src"], x["mask"], x["src_key_padding_mask"]), Tensor()};
      });
  check_case<nn::Transformer>(
      "transformer",
      [](double dropout) {
        return std::make_shared<nn::Transformer>(nn::TransformerOptions{.d_model = 8,
                                                                        .nhead = 2,
                                                                        .num_encoder_layers = 2,
                                                                        .num_decoder_layers = 2,
                                                                        .dim_feedforward = 12,
                                                                        .dropout = dropout});
      },
      [](nn::Transformer& m, Inputs& x) {
        Tensor pad = x["src_key_padding_mask"];
        return Result{m.forward(x["src"], x["tgt"], {}, x["tgt_mask"], {}, pad, {}, pad), Tensor()};
      });
}
