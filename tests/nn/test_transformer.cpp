// test_transformer.cpp — attention and Transformer properties that need no
// oracle: float64 gradcheck, weights that sum to 1, causal masks that hide
// the future, torch's parameter names, shapes and init, independent layer
// copies, and clear errors for bad shapes.
#include <cmath>

#include "support/test_utils.h"

using namespace ember;
namespace F = ember::nn::functional;
using autograd::gradcheck;

namespace {

Generator& gen() {
  static Generator g(2024);
  return g;
}
Tensor leaf(IntArrayRef shape) { return (rand(shape, kFloat64, &gen()) * 2 - 1).requires_grad_(); }
Tensor values(IntArrayRef shape) { return rand(shape, kFloat64, &gen()) * 2 - 1; }

std::shared_ptr<nn::MultiheadAttention> mha64(int64_t e, int64_t h, nn::MultiheadAttentionOptions o = {}) {
  auto m = std::make_shared<nn::MultiheadAttention>(e, h, o);
  m->to(kFloat64);
  // non-zero biases, so their gradients are exercised too
  NoGradGuard no_grad;
  for (Tensor& p : m->parameters()) p.copy_(rand(p.sizes(), kFloat64, &gen()) - 0.5);
  return m;
}

}  // namespace

TEST_CASE("gradcheck: scaled_dot_product_attention", "[nn][transformer][gradcheck]") {
  Tensor q = leaf({2, 3, 4}), k = leaf({2, 5, 4}), v = leaf({2, 5, 3});
  Tensor bool_mask = rand({3, 5}, kFloat64, &gen()) > 0.3;
  bool_mask.select(1, 0).fill_(true);  // every query may attend somewhere
  Tensor float_mask = values({3, 5});
  REQUIRE(gradcheck([](const TensorList& t) { return TensorList{F::scaled_dot_product_attention(t[0], t[1], t[2])}; },
                    {q, k, v}));
  REQUIRE(gradcheck(
      [&](const TensorList& t) { return TensorList{F::scaled_dot_product_attention(t[0], t[1], t[2], bool_mask)}; },
      {q, k, v}));
  REQUIRE(gradcheck(
      [](const TensorList& t) {
        return TensorList{F::scaled_dot_product_attention(t[0], t[1], t[2], t[3], 0.0, false, 0.7)};
      },
      {q, k, v, float_mask.requires_grad_()}));
  Tensor kq = leaf({2, 4, 4});
  REQUIRE(gradcheck(
      [](const TensorList& t) { return TensorList{F::scaled_dot_product_attention(t[0], t[1], t[2], {}, 0.0, true)}; },
      {kq, leaf({2, 4, 4}), leaf({2, 4, 3})}));
}

TEST_CASE("gradcheck: MultiheadAttention forward", "[nn][transformer][gradcheck]") {
  // E 4, 2 heads, L 2, S 3, N 2: inputs and every parameter at once
  auto m = mha64(4, 2);
  Tensor attn_mask = values({2, 3}), padding = zeros({2, 3}, kBool);
  padding.select(0, 1).select(0, 2).fill_(true);
  TensorList inputs{leaf({2, 2, 4}), leaf({3, 2, 4}), leaf({3, 2, 4})};
  for (const Tensor& p : m->parameters()) inputs.push_back(p);
  REQUIRE(gradcheck(
      [&](const TensorList& t) {
        auto [out, weights] = m->forward(t[0], t[1], t[2], padding, true, attn_mask, /*average=*/false);
        return TensorList{out, weights};
      },
      inputs));
  // separate projections, batch first, bias_kv and a zero attention slot
  auto s = mha64(4, 2, {.add_bias_kv = true, .add_zero_attn = true, .kdim = 3, .vdim = 5, .batch_first = true});
  TensorList inputs2{leaf({2, 2, 4}), leaf({2, 3, 3}), leaf({2, 3, 5})};
  for (const Tensor& p : s->parameters()) inputs2.push_back(p);
  REQUIRE(gradcheck(
      [&](const TensorList& t) {
        auto [out, weights] = s->forward(t[0], t[1], t[2], padding);
        return TensorList{out, weights};
      },
      inputs2));
}

TEST_CASE("attention weights sum to 1 and a causal mask hides the future", "[nn][transformer]") {
  auto m = mha64(8, 2);
  m->eval();
  const int64_t T = 5;
  Tensor x = values({T, 3, 8});
  Tensor causal = nn::generate_square_subsequent_mask(T, TensorOptions(kFloat64));
  auto [out, per_head] = m->forward(x, x, x, {}, true, causal, /*average=*/false);
  REQUIRE(per_head.sizes() == Shape{3, 2, T, T});
  REQUIRE_CLOSE(per_head.sum(-1), ones({3, 2, T}, kFloat64), 1e-14, 1e-14);
  // nothing above the diagonal: exactly zero weight on later positions
  Tensor future = ones({T, T}, kBool).triu(1);
  REQUIRE(per_head.masked_select(future.broadcast_to(per_head.sizes())).abs().max().item<double>() == 0.0);
  // the bool form (true = blocked) gives the same
  auto [out_b, per_head_b] = m->forward(x, x, x, {}, true, future, false);
  REQUIRE_CLOSE(out_b, out, 1e-14, 1e-14);
  // changing the last step leaves every earlier output unchanged
  Tensor x2 = x.clone();
  x2.select(0, T - 1).copy_(values({3, 8}));
  auto [out2, unused] = m->forward(x2, x2, x2, {}, false, causal);
  REQUIRE(!unused.defined());
  REQUIRE_CLOSE(out2.narrow(0, 0, T - 1), out.narrow(0, 0, T - 1), 0, 0);
  REQUIRE(!out2.select(0, T - 1).allclose(out.select(0, T - 1)));
  // the same through a whole encoder layer
  auto layer = std::make_shared<nn::TransformerEncoderLayer>(8, 2, nn::TransformerLayerOptions{.dim_feedforward = 16});
  layer->to(kFloat64);
  layer->eval();
  REQUIRE_CLOSE(layer->forward(x2, causal).narrow(0, 0, T - 1), layer->forward(x, causal).narrow(0, 0, T - 1), 0, 0);
  // averaged weights, with a key padding mask: rows still sum to 1, padded keys get 0
  Tensor padding = zeros({3, T}, kBool);
  padding.select(0, 2).narrow(0, 3, 2).fill_(true);
  auto [o3, averaged] = m->forward(x, x, x, padding);
  REQUIRE(averaged.sizes() == Shape{3, T, T});
  REQUIRE_CLOSE(averaged.sum(-1), ones({3, T}, kFloat64), 1e-14, 1e-14);
  REQUIRE(averaged.select(0, 2).narrow(1, 3, 2).abs().max().item<double>() == 0.0);
}

TEST_CASE("generate_square_subsequent_mask is 0 on and below the diagonal, -inf above", "[nn][transformer]") {
  Tensor mask = nn::Transformer::generate_square_subsequent_mask(3);
  REQUIRE(mask.scalar_type() == kFloat32);
  const float inf = INFINITY;
  REQUIRE_EQUAL(mask, tensor({0.0f, -inf, -inf, 0.0f, 0.0f, -inf, 0.0f, 0.0f, 0.0f}).reshape({3, 3}));
  REQUIRE(nn::generate_square_subsequent_mask(0).numel() == 0);
}

TEST_CASE("MultiheadAttention has torch's parameters, shapes and init", "[nn][transformer]") {
  nn::MultiheadAttention packed(8, 2);
  std::vector<std::string> names;
  for (auto& [name, t] : packed.state_dict()) names.push_back(name);
  REQUIRE(names == std::vector<std::string>{"in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"});
  REQUIRE(packed.in_proj_weight.sizes() == Shape{24, 8});
  REQUIRE(packed.in_proj_bias.abs().max().item<float>() == 0.0f);
  REQUIRE(packed.out_proj->bias.abs().max().item<float>() == 0.0f);
  // xavier_uniform_ on (3E, E): U(-a, a), a = sqrt(6 / (E + 3E))
  REQUIRE(packed.in_proj_weight.abs().max().item<float>() <= std::sqrt(6.0f / 32.0f));
  REQUIRE(packed.in_proj_weight.abs().max().item<float>() > 0.5f * std::sqrt(6.0f / 32.0f));

  nn::MultiheadAttention separate(8, 2, {.bias = false, .add_bias_kv = true, .kdim = 3, .vdim = 5});
  names.clear();
  for (auto& [name, t] : separate.state_dict()) names.push_back(name);
  REQUIRE(names == std::vector<std::string>{"q_proj_weight", "k_proj_weight", "v_proj_weight", "bias_k", "bias_v",
                                            "out_proj.weight"});
  REQUIRE(separate.k_proj_weight.sizes() == Shape{8, 3});
  REQUIRE(separate.v_proj_weight.sizes() == Shape{8, 5});
  REQUIRE(separate.bias_k.sizes() == Shape{1, 1, 8});
}

TEST_CASE("Transformer modules have torch's submodule names", "[nn][transformer]") {
  nn::Transformer t({.d_model = 8, .nhead = 2, .num_encoder_layers = 2, .num_decoder_layers = 1, .dim_feedforward = 4});
  auto dict = t.state_dict();
  for (std::string key : {"encoder.layers.0.self_attn.in_proj_weight", "encoder.layers.1.linear2.bias",
                          "encoder.layers.1.norm2.weight", "encoder.norm.bias",
                          "decoder.layers.0.multihead_attn.out_proj.weight", "decoder.layers.0.norm3.weight",
                          "decoder.norm.weight"})
    REQUIRE(dict.contains(key));
  REQUIRE(!dict.contains("decoder.layers.1.norm1.weight"));
  REQUIRE(dict.size() == 2 * 12 + 2 + 18 + 2);  // layers: 12 and 18 tensors, norms: 2
  // torch's _reset_parameters: every matrix re-drawn, so the layer copies differ
  REQUIRE(!equal(*dict.find("encoder.layers.0.linear1.weight"), *dict.find("encoder.layers.1.linear1.weight")));
  REQUIRE(t.decoder->layers->size() == 1);
}

TEST_CASE("TransformerEncoder stacks independent deep copies of its layer", "[nn][transformer]") {
  auto layer = std::make_shared<nn::TransformerEncoderLayer>(8, 2, nn::TransformerLayerOptions{.dim_feedforward = 6});
  layer->to(kFloat64);
  layer->eval();
  nn::TransformerEncoder encoder(layer, 3);
  REQUIRE(encoder.layers->size() == 3);
  auto original = layer->state_dict();
  for (int i = 0; i < 3; ++i) {
    auto copy = std::dynamic_pointer_cast<nn::TransformerEncoderLayer>((*encoder.layers)[static_cast<size_t>(i)]);
    REQUIRE(copy != nullptr);
    REQUIRE(copy != layer);
    REQUIRE(!copy->is_training());
    for (auto& [key, t] : copy->state_dict()) {
      REQUIRE(t.scalar_type() == kFloat64);
      REQUIRE(equal(t, *original.find(key)));
    }
  }
  // training one copy leaves the others and the prototype alone
  NoGradGuard no_grad;
  encoder.layers->operator[](0)->parameters()[0].add_(1.0);
  REQUIRE(equal(layer->self_attn->in_proj_weight, *original.find("self_attn.in_proj_weight")));
  auto second = std::dynamic_pointer_cast<nn::TransformerEncoderLayer>((*encoder.layers)[1]);
  REQUIRE(equal(second->self_attn->in_proj_weight, *original.find("self_attn.in_proj_weight")));
  REQUIRE(encoder.parameters().size() == 3 * 12);
}

TEST_CASE("attention and Transformer errors name the op and the shapes", "[nn][transformer]") {
  using Catch::Matchers::Contains;
  REQUIRE_THROWS_WITH(nn::MultiheadAttention(10, 3), Contains("divisible"));
  nn::MultiheadAttention m(8, 2, {.kdim = 5});
  Tensor q = randn({3, 2, 8}), k = randn({4, 2, 5}), v = randn({4, 2, 8});
  REQUIRE_NOTHROW(m.forward(q, k, v));
  REQUIRE_THROWS_WITH(m.forward(q, v, v), Contains("MultiheadAttention") && Contains("(4, 2, 8)"));
  REQUIRE_THROWS_WITH(m.forward(q, k, randn({4, 3, 8})), Contains("batch size"));
  REQUIRE_THROWS_WITH(m.forward(q, k, v.unsqueeze(0)), Contains("3-D"));
  REQUIRE_THROWS_WITH(m.forward(q.unsqueeze(0), k, v), Contains("2-D (unbatched) or 3-D"));
  REQUIRE_THROWS_WITH(m.forward(q, k, v, {}, true, zeros({3, 3})), Contains("attn_mask") && Contains("(3, 4)"));
  REQUIRE_THROWS_WITH(m.forward(q, k, v, {}, true, zeros({2, 3, 4})), Contains("(4, 3, 4)"));
  REQUIRE_THROWS_WITH(m.forward(q, k, v, zeros({2, 3}, kBool)), Contains("key_padding_mask") && Contains("(2, 4)"));
  REQUIRE_THROWS_WITH(m.forward(q, k, v, zeros({2, 4}, kInt64)), Contains("bool or floating point"));
  REQUIRE_THROWS_WITH(nn::TransformerEncoderLayer(8, 2, {.activation = "tanh"}), Contains("relu/gelu"));
  nn::Transformer t({.d_model = 8, .nhead = 2, .num_encoder_layers = 1, .num_decoder_layers = 1, .dim_feedforward = 4});
  REQUIRE_THROWS_WITH(t.forward(randn({5, 2, 8}), randn({4, 3, 8})), Contains("batch number"));
  REQUIRE_THROWS_WITH(t.forward(randn({5, 2, 8}), randn({4, 2, 6})), Contains("d_model 8"));
  REQUIRE_NOTHROW(t.forward(randn({5, 8}), randn({4, 8})));  // unbatched
}
