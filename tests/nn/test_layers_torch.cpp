// test_layers_torch.cpp — every layer and loss gives torch 1.13's outputs on
// fixtures made by tests/fixtures/make_nn_fixtures.py (weights, input and
// output saved from the torch layer; float64).
#include <cmath>
#include <filesystem>
#include <limits>

#include "support/test_utils.h"

using namespace ember;
namespace F = ember::nn::functional;

namespace {

Tensor fx(const std::string& name) { return testing::fixture("nn/" + name); }
bool has(const std::string& name) {
  return std::filesystem::exists(std::string(EMBER_FIXTURES_DIR) + "/nn/" + name + ".npy");
}

// builds the module (float64), loads the case's weights, checks the output
// (and the buffers after a training step when the fixture has them)
void check_layer(const std::string& name, std::shared_ptr<nn::Module> module, bool train = false,
                 double tol = 1e-10) {
  INFO("layer case " << name);
  module->to(kFloat64);
  module->train(train);
  nn::StateDict dict;
  for (auto& [key, t] : module->state_dict()) dict.insert(key, fx(name + "." + key));
  module->load_state_dict(dict);
  Tensor out = has(name + ".input2") ? std::dynamic_pointer_cast<nn::Bilinear>(module)->forward(fx(name + ".input"),
                                                                                              fx(name + ".input2"))
                                     : module->forward(fx(name + ".input"));
  REQUIRE_CLOSE(out, fx(name + ".output"), tol, tol);
  if (train)
    for (auto& [key, t] : module->state_dict())
      if (has(name + ".after." + key)) {
        INFO("buffer " << key << " after the step");
        REQUIRE_CLOSE(t.to(kFloat64), fx(name + ".after." + key), tol, tol);
      }
}

}  // namespace

TEST_CASE("linear and convolution layers match torch", "[nn][torch]") {
  check_layer("linear", std::make_shared<nn::Linear>(5, 3));
  check_layer("linear_nobias", std::make_shared<nn::Linear>(5, 3, nn::LinearOptions{.bias = false}));
  check_layer("bilinear", std::make_shared<nn::Bilinear>(3, 4, 2));
  check_layer("conv1d", std::make_shared<nn::Conv1d>(3, 4, Shape{3}, nn::ConvOptions{.stride = {2}, .padding = {1}}));
  check_layer("conv2d", std::make_shared<nn::Conv2d>(3, 6, Shape{3, 2},
                                                     nn::ConvOptions{.stride = {2, 1},
                                                                     .padding = {1, 0},
                                                                     .dilation = {1, 2},
                                                                     .groups = 3}));
  check_layer("conv2d_same", std::make_shared<nn::Conv2d>(2, 3, Shape{4}, nn::ConvOptions{.padding_str = "same"}));
  check_layer("conv2d_reflect",
              std::make_shared<nn::Conv2d>(2, 3, Shape{3}, nn::ConvOptions{.padding = {1}, .padding_mode = "reflect"}));
  check_layer("conv3d", std::make_shared<nn::Conv3d>(2, 2, Shape{2, 3, 2}, nn::ConvOptions{.padding = {1}}));
  check_layer("conv_transpose2d",
              std::make_shared<nn::ConvTranspose2d>(
                  4, 2, Shape{3}, nn::ConvTransposeOptions{.stride = {2}, .padding = {1}, .output_padding = {1}}));
  check_layer("conv_transpose1d",
              std::make_shared<nn::ConvTranspose1d>(2, 4, Shape{3}, nn::ConvTransposeOptions{.stride = {3}, .groups = 2}));
}

TEST_CASE("pooling layers match torch", "[nn][torch]") {
  auto mp = std::make_shared<nn::MaxPool2d>(Shape{3}, nn::MaxPoolOptions{.stride = {2}, .padding = {1}, .ceil_mode = true});
  auto [values, indices] = mp->forward_with_indices(fx("max_pool2d.input"));
  REQUIRE_CLOSE(values, fx("max_pool2d.output"), 0, 0);
  REQUIRE_EQUAL(indices, fx("max_pool2d.indices"));
  auto plain = std::make_shared<nn::MaxPool2d>(Shape{2});
  auto [plain_values, plain_indices] = plain->forward_with_indices(fx("max_pool2d_plain.input"));
  REQUIRE_CLOSE(plain_values, fx("max_pool2d_plain.output"), 0, 0);
  REQUIRE_EQUAL(plain_indices, fx("max_pool2d_plain.indices"));
  // NaN propagates and the first NaN's position is the index, in both kernel paths.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor with_nan = tensor({1.0f, nan, 3.0f, nan}).reshape({1, 1, 2, 2});
  auto [v_plain, i_plain] = plain->forward_with_indices(with_nan);  // one window, two NaNs
  REQUIRE(std::isnan(v_plain.flatten()[0].item<float>()));
  REQUIRE(i_plain.flatten()[0].item<int64_t>() == 1);
  auto padded = std::make_shared<nn::MaxPool2d>(Shape{2}, nn::MaxPoolOptions{.padding = {1}});
  auto [v_padded, i_padded] = padded->forward_with_indices(with_nan);  // one element per window
  REQUIRE(std::isnan(v_padded.flatten()[1].item<float>()));
  REQUIRE(i_padded.flatten()[1].item<int64_t>() == 1);
  check_layer("max_pool1d", std::make_shared<nn::MaxPool1d>(Shape{2}, nn::MaxPoolOptions{.stride = {1}, .dilation = {2}}));
  check_layer("avg_pool2d", std::make_shared<nn::AvgPool2d>(Shape{3}, nn::AvgPoolOptions{.stride = {2},
                                                                                        .padding = {1},
                                                                                        .ceil_mode = true,
                                                                                        .count_include_pad = false}));
  check_layer("avg_pool2d_pad", std::make_shared<nn::AvgPool2d>(Shape{2}, nn::AvgPoolOptions{.stride = {2}, .padding = {1}}));
  check_layer("avg_pool1d", std::make_shared<nn::AvgPool1d>(Shape{3}, nn::AvgPoolOptions{.stride = {2}}));
  check_layer("adaptive_avg_pool2d", std::make_shared<nn::AdaptiveAvgPool2d>(Shape{3, 5}));
  check_layer("adaptive_max_pool2d", std::make_shared<nn::AdaptiveMaxPool2d>(Shape{2, 3}));
}

TEST_CASE("normalization layers match torch in train and eval modes", "[nn][torch]") {
  check_layer("batch_norm2d_train", std::make_shared<nn::BatchNorm2d>(3), /*train=*/true);
  check_layer("batch_norm2d_eval", std::make_shared<nn::BatchNorm2d>(3), /*train=*/false);
  check_layer("batch_norm1d_train", std::make_shared<nn::BatchNorm1d>(5, nn::BatchNormOptions{.momentum = std::nullopt}),
              true);
  check_layer("layer_norm", std::make_shared<nn::LayerNorm>(Shape{4, 5}));
  check_layer("group_norm", std::make_shared<nn::GroupNorm>(2, 6));
  check_layer("instance_norm2d", std::make_shared<nn::InstanceNorm2d>(3, nn::InstanceNormOptions{.affine = true}));
  check_layer("local_response_norm", std::make_shared<nn::LocalResponseNorm>(3));
  check_layer("embedding", std::make_shared<nn::Embedding>(10, 4, nn::EmbeddingOptions{.padding_idx = 0}));
  check_layer("prelu", std::make_shared<nn::PReLU>(3));
}

TEST_CASE("losses match torch for every reduction", "[nn][torch][loss]") {
  Tensor logits = fx("loss.logits"), classes = fx("loss.classes"), weight = fx("loss.weight"), prob = fx("loss.prob"),
         binary = fx("loss.binary"), spatial = fx("loss.spatial"), spatial_t = fx("loss.spatial_target"),
         soft = fx("loss.soft");
  Tensor pos_weight = tensor({1.0, 2.0, 0.5, 3.0}, kFloat64);
  for (std::string r : {"mean", "sum", "none"}) {
    INFO("reduction " << r);
    auto check = [&](const std::string& name, const Tensor& actual) {
      INFO("loss " << name);
      REQUIRE_CLOSE(actual, fx("loss." + name + "." + r), 1e-10, 1e-12);
    };
    check("mse", F::mse_loss(logits, prob, r));
    check("l1", F::l1_loss(logits, prob, r));
    check("smooth_l1", F::smooth_l1_loss(logits, prob, r, 0.5));
    check("huber", F::huber_loss(logits, prob, r, 0.7));
    check("nll", F::nll_loss(logits.log_softmax(1), classes, weight, -100, r));
    check("cross_entropy", F::cross_entropy(logits, classes, {}, -100, r));
    check("cross_entropy_weighted", F::cross_entropy(logits, classes, weight, -100, r, 0.1));
    check("cross_entropy_spatial", F::cross_entropy(spatial, spatial_t, {}, -100, r, 0.2));
    check("cross_entropy_probs", F::cross_entropy(logits, soft, {}, -100, r, 0.1));
    check("bce", F::binary_cross_entropy(prob, binary, {}, r));
    check("bce_logits", F::binary_cross_entropy_with_logits(logits, binary, {}, pos_weight, r));
    check("kl_div", F::kl_div(logits.log_softmax(1), soft, r));
  }
  REQUIRE_CLOSE(F::kl_div(logits.log_softmax(1), soft, "batchmean"), fx("loss.kl_div.batchmean"), 1e-10);
  auto ce = std::make_shared<nn::CrossEntropyLoss>(nn::CrossEntropyLossOptions{.weight = weight, .label_smoothing = 0.1});
  REQUIRE_CLOSE((*ce)(logits, classes), fx("loss.cross_entropy_weighted.mean"), 1e-10);
}
