// test_layers2_embedding_bag.cpp — embedding_bag and EmbeddingBag against
// torch 1.13 (values and weight gradients, fixtures from
// tests/fixtures/make_nn_layers_fixtures.py), gradcheck, and errors.
#include "layers_case.h"

using namespace ember;
namespace F = ember::nn::functional;
using testing::check_layers_case;

TEST_CASE("embedding_bag matches torch", "[nn][layers]") {
  for (std::string mode : {"sum", "mean", "max"}) {
    check_layers_case("embedding_bag_2d_" + mode, {"input", "weight"},
                      [&](const TensorList& t) { return F::embedding_bag(t[0], t[1], {}, {}, {.mode = mode}); });
    check_layers_case("embedding_bag_offsets_" + mode, {"input", "offsets", "weight"},
                      [&](const TensorList& t) { return F::embedding_bag(t[0], t[2], t[1], {}, {.mode = mode}); });
    check_layers_case("embedding_bag_padding_" + mode, {"input", "offsets", "weight"}, [&](const TensorList& t) {
      return F::embedding_bag(t[0], t[2], t[1], {}, {.mode = mode, .padding_idx = 4});
    });
  }
  check_layers_case("embedding_bag_last_offset", {"input", "offsets", "weight"}, [](const TensorList& t) {
    return F::embedding_bag(t[0], t[2], t[1], {}, {.mode = "mean", .include_last_offset = true});
  });
  // offsets (0) with include_last_offset: no bags at all, as torch
  REQUIRE(F::embedding_bag(tensor({0L, 1L}), randn({3, 2}), tensor({0L}), {}, {.include_last_offset = true}).size(0) ==
          0);
  check_layers_case("embedding_bag_psw", {"input", "offsets", "weight", "per_sample_weights"},
                    [](const TensorList& t) { return F::embedding_bag(t[0], t[2], t[1], t[3], {.mode = "sum"}); });

  auto bag = std::make_shared<nn::EmbeddingBag>(6, 4, nn::EmbeddingBagOptions{.mode = "max", .padding_idx = 2});
  REQUIRE(bag->weight.select(0, 2).abs().sum().item<float>() == 0.0f);  // the padding row starts at zero
  bag->to(kFloat64);
  nn::StateDict dict;
  dict.insert("weight", testing::layers_fixture("embedding_bag_module.weight"));
  bag->load_state_dict(dict);
  check_layers_case("embedding_bag_module", {"input"}, [&](const TensorList& t) { return bag->forward(t[0]); });
}

TEST_CASE("embedding_bag sends gradients to the looked-up rows only", "[nn][layers][gradcheck]") {
  using autograd::gradcheck;
  Generator gen(3);
  Tensor weight = rand({7, 3}, kFloat64, &gen).requires_grad_();
  Tensor psw = rand({6}, kFloat64, &gen).requires_grad_();
  Tensor input = tensor({1L, 3L, 3L, 6L, 0L, 2L});
  Tensor offsets = tensor({0L, 2L, 2L});
  for (std::string mode : {"sum", "mean", "max"}) {
    INFO("mode " << mode);
    CHECK(gradcheck(
        [&](const TensorList& t) {
          return TensorList{F::embedding_bag(input, t[0], offsets, {}, {.mode = mode, .padding_idx = 6})};
        },
        {weight}));
  }
  CHECK(gradcheck(
      [&](const TensorList& t) { return TensorList{F::embedding_bag(input, t[0], offsets, t[1], {.mode = "sum"})}; },
      {weight, psw}));
  // rows never looked up (4, 5) and the padding row get exactly zero
  Tensor w = weight.detach().clone().requires_grad_();
  F::embedding_bag(input, w, offsets, {}, {.mode = "mean", .padding_idx = 6}).sum().backward();
  CHECK(w.grad().select(0, 4).abs().sum().item<double>() == 0.0);
  CHECK(w.grad().select(0, 6).abs().sum().item<double>() == 0.0);
  // Embedding's own backward is a scatter-add: a repeated index accumulates
  Tensor e = zeros({3, 2}, kFloat64).requires_grad_();
  F::embedding(tensor({1L, 1L, 1L}), e).sum().backward();
  REQUIRE_EQUAL(e.grad().select(0, 1), full({2}, 3.0, kFloat64));
}

TEST_CASE("embedding_bag rejects bad arguments", "[nn][layers]") {
  Tensor w = randn({5, 2});
  Tensor idx = tensor({0L, 1L, 2L});
  CHECK_THROWS_AS(F::embedding_bag(idx, w), Error);                                             // 1-D without offsets
  CHECK_THROWS_AS(F::embedding_bag(idx, w, tensor({1L})), Error);                               // offsets[0] != 0
  CHECK_THROWS_AS(F::embedding_bag(idx, w, tensor({0L, 2L, 1L})), Error);                       // decreasing
  CHECK_THROWS_AS(F::embedding_bag(idx, w, tensor({0L, 4L})), Error);                           // past the end
  CHECK_THROWS_AS(F::embedding_bag(tensor({0L, 5L}), w, tensor({0L})), Error);                  // index out of range
  CHECK_THROWS_AS(F::embedding_bag(idx, w, tensor({0L}), ones({3}), {.mode = "mean"}), Error);  // psw needs sum
  CHECK_THROWS_AS(F::embedding_bag(idx, w, tensor({0L}), ones({2}), {.mode = "sum"}), Error);   // psw shape
  CHECK_THROWS_AS(F::embedding_bag(idx.reshape({1, 3}), w, tensor({0L})), Error);               // 2-D with offsets
  CHECK_THROWS_AS(F::embedding_bag(idx.reshape({1, 3}), w, {}, {}, {.include_last_offset = true}), Error);
  CHECK_THROWS_AS(F::embedding_bag(idx, w, tensor({0L}), {}, {.mode = "median"}), Error);
  CHECK_THROWS_AS(nn::EmbeddingBag(5, 2, {.padding_idx = 5}), Error);
}
