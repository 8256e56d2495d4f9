// test_layers2_more.cpp — Hardshrink, Softshrink, Softmax2d, ChannelShuffle,
// LPPool1d/2d and MultiLabelMarginLoss against torch 1.13 (values and
// gradients, fixtures from tests/fixtures/make_nn_layers_fixtures.py),
// gradcheck, and errors.
#include "layers_case.h"

using namespace ember;
namespace F = ember::nn::functional;
using testing::check_layers_case;
using testing::check_layers_module;

TEST_CASE("shrink, Softmax2d, ChannelShuffle and LPPool layers match torch", "[nn][layers]") {
  check_layers_module("hardshrink", std::make_shared<nn::Hardshrink>(0.3));
  check_layers_module("softshrink", std::make_shared<nn::Softshrink>(0.4));
  check_layers_module("softmax2d", std::make_shared<nn::Softmax2d>());
  check_layers_module("channel_shuffle", std::make_shared<nn::ChannelShuffle>(3));
  check_layers_module("lp_pool1d", std::make_shared<nn::LPPool1d>(2, 3, nn::LPPoolOptions{.stride = {2}}));
  check_layers_module("lp_pool1d_ceil", std::make_shared<nn::LPPool1d>(3.5, 2, nn::LPPoolOptions{.ceil_mode = true}));
  check_layers_module("lp_pool2d",
                      std::make_shared<nn::LPPool2d>(1.5, Shape{2, 3}, nn::LPPoolOptions{.stride = {1, 2}}));
  CHECK_THROWS_AS(nn::ChannelShuffle(4)(randn({1, 6, 2})), Error);
  CHECK_THROWS_AS(nn::Softmax2d()(randn({2, 3})), Error);
}

TEST_CASE("MultiLabelMarginLoss matches torch", "[nn][layers][losses2]") {
  for (std::string r : {"none", "mean", "sum"}) {
    nn::MultiLabelMarginLoss loss(r);
    check_layers_case("multilabel_margin_" + r, {"input", "target"},
                      [&](const TensorList& t) { return loss(t[0], t[1]); });
  }
  CHECK_THROWS_AS(F::multilabel_margin_loss(randn({2, 3}), tensor({0L, 3L, -1L, 1L, -1L, 0L}).reshape({2, 3})), Error);
  CHECK_THROWS_AS(F::multilabel_margin_loss(randn({2, 3}), tensor({0L, 1L}).reshape({1, 2})), Error);
}

TEST_CASE("gradcheck: shrink, channel shuffle, LPPool, MultiLabelMarginLoss", "[nn][layers][gradcheck]") {
  using autograd::gradcheck;
  Generator gen(8);
  Tensor x = (rand({2, 3, 4, 5}, kFloat64, &gen) * 2 - 1).requires_grad_();
  Tensor pos = (rand({2, 3, 4, 5}, kFloat64, &gen) + 0.2).requires_grad_();
  CHECK(gradcheck(
      [](const TensorList& t) {
        return TensorList{F::hardshrink(t[0], 0.3), F::softshrink(t[0], 0.2)};
      },
      {x}));
  CHECK(gradcheck([](const TensorList& t) { return TensorList{F::channel_shuffle(t[0], 3)}; }, {x}));
  CHECK(gradcheck([](const TensorList& t) { return TensorList{F::lp_pool2d(t[0], 2.5, {2, 2}, {1, 2})}; }, {pos}));
  CHECK(gradcheck([](const TensorList& t) { return TensorList{F::lp_pool1d(t[0].flatten(2), 3, 3)}; }, {pos}));
  Tensor target = tensor({2L, 0L, -1L, 1L, 4L, 3L, 0L, 2L, 1L, -1L}).reshape({2, 5});
  Tensor logits = (rand({2, 5}, kFloat64, &gen) * 2 - 1).requires_grad_();
  CHECK(gradcheck([&](const TensorList& t) { return TensorList{F::multilabel_margin_loss(t[0], target, "none")}; },
                  {logits}));
}
