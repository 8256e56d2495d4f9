// test_sampling.cpp — interpolate, Upsample, PixelShuffle, affine_grid and
// grid_sample against torch 1.13 (values and gradients, float64 fixtures from
// tests/fixtures/make_nn_layers_fixtures.py), float64 gradcheck, and errors.
#include "layers_case.h"

using namespace ember;
namespace F = ember::nn::functional;
using testing::check_layers_case;

namespace {

Tensor leaf(IntArrayRef shape, double lo = -1, double hi = 1) {
  static Generator gen(11);
  return (rand(shape, kFloat64, &gen) * (hi - lo) + lo).requires_grad_();
}

void check_interpolate(const std::string& name, const F::InterpolateOptions& options) {
  check_layers_case("interpolate_" + name, {"input"},
                    [&](const TensorList& t) { return F::interpolate(t[0], options); });
}

}  // namespace

TEST_CASE("interpolate matches torch in every mode", "[nn][layers][sampling]") {
  check_interpolate("nearest_size", {.size = {5, 7}});
  check_interpolate("nearest_down", {.size = {2, 3}});
  check_interpolate("nearest_scale2", {.scale_factor = {2}});
  check_interpolate("nearest_scale17", {.scale_factor = {1.7}});
  check_interpolate("nearest_scale17_recompute", {.scale_factor = {1.7}, .recompute_scale_factor = true});
  check_interpolate("nearest_1d", {.size = {8}});
  check_interpolate("nearest_3d", {.scale_factor = {1.5, 2.0, 0.75}});
  check_interpolate("nearest_exact", {.size = {7, 5}, .mode = "nearest-exact"});
  check_interpolate("linear", {.scale_factor = {2.3}, .mode = "linear"});
  check_interpolate("linear_align", {.size = {9}, .mode = "linear", .align_corners = true});
  check_interpolate("bilinear", {.size = {5, 7}, .mode = "bilinear"});
  check_interpolate("bilinear_align", {.size = {5, 7}, .mode = "bilinear", .align_corners = true});
  check_interpolate("bilinear_down", {.scale_factor = {0.6}, .mode = "bilinear"});
  check_interpolate("bilinear_scale", {.scale_factor = {1.3, 2.5}, .mode = "bilinear"});
  check_interpolate("bicubic", {.size = {6, 9}, .mode = "bicubic"});
  check_interpolate("bicubic_align", {.size = {6, 9}, .mode = "bicubic", .align_corners = true});
  check_interpolate("bicubic_scale", {.scale_factor = {1.5}, .mode = "bicubic"});
  check_interpolate("trilinear", {.size = {3, 5, 6}, .mode = "trilinear"});
  check_interpolate("area", {.size = {2, 3}, .mode = "area"});
  check_interpolate("bilinear_aa", {.size = {4, 5}, .mode = "bilinear", .antialias = true});
  check_interpolate("bilinear_aa_align",
                    {.size = {3, 7}, .mode = "bilinear", .align_corners = true, .antialias = true});
  check_interpolate("bicubic_aa", {.scale_factor = {0.45, 0.3}, .mode = "bicubic", .antialias = true});
  check_interpolate("bicubic_aa_align", {.size = {5, 3}, .mode = "bicubic", .align_corners = true, .antialias = true});
  check_interpolate("bicubic_aa_up", {.size = {5, 7}, .mode = "bicubic", .antialias = true});
}

TEST_CASE("Upsample layers and PixelShuffle match torch", "[nn][layers][sampling]") {
  auto upsample = std::make_shared<nn::Upsample>(nn::UpsampleOptions{.scale_factor = {2.5}, .mode = "bilinear"});
  check_layers_case("upsample_module", {"input"}, [&](const TensorList& t) { return upsample->forward(t[0]); });
  auto nearest = std::make_shared<nn::UpsamplingNearest2d>(Shape{4, 6});
  check_layers_case("upsampling_nearest2d", {"input"}, [&](const TensorList& t) { return nearest->forward(t[0]); });
  auto bilinear = std::make_shared<nn::UpsamplingBilinear2d>(Shape{}, std::vector<double>{2});
  check_layers_case("upsampling_bilinear2d", {"input"}, [&](const TensorList& t) { return bilinear->forward(t[0]); });
  auto shuffle = std::make_shared<nn::PixelShuffle>(2);
  check_layers_case("pixel_shuffle", {"input"}, [&](const TensorList& t) { return shuffle->forward(t[0]); });
  auto unshuffle = std::make_shared<nn::PixelUnshuffle>(3);
  check_layers_case("pixel_unshuffle", {"input"}, [&](const TensorList& t) { return unshuffle->forward(t[0]); });
  // the two are inverses, with or without batch dims
  Tensor x = randn({3, 2, 12, 6}, kFloat64);
  REQUIRE_EQUAL(F::pixel_shuffle(F::pixel_unshuffle(x, 2), 2), x);
  REQUIRE_EQUAL(F::pixel_shuffle(F::pixel_unshuffle(x[0], 2), 2), x[0]);
}

TEST_CASE("grid_sample and affine_grid match torch", "[nn][layers][sampling]") {
  for (std::string mode : {"bilinear", "nearest", "bicubic"})
    for (std::string padding : {"zeros", "border", "reflection"})
      for (bool align : {false, true})
        check_layers_case("grid_sample_" + mode + "_" + padding + "_" + std::to_string(int(align)), {"input", "grid"},
                          [&](const TensorList& t) { return F::grid_sample(t[0], t[1], mode, padding, align); });
  for (std::string name : {"bilinear_zeros_0", "bilinear_reflection_1", "bilinear_border_0", "nearest_reflection_0"}) {
    std::string mode = name.substr(0, name.find('_'));
    std::string padding = name.substr(mode.size() + 1, name.rfind('_') - mode.size() - 1);
    bool align = name.back() == '1';
    check_layers_case("grid_sample_3d_" + name, {"input", "grid"},
                      [&](const TensorList& t) { return F::grid_sample(t[0], t[1], mode, padding, align); });
  }
  for (bool align : {false, true}) {
    std::string a = std::to_string(int(align));
    check_layers_case("affine_grid_2d_" + a, {"theta"}, [&](const TensorList& t) {
      return F::affine_grid(t[0], {2, 3, 4, 5}, align);
    });
    check_layers_case("affine_grid_3d_" + a, {"theta"}, [&](const TensorList& t) {
      return F::affine_grid(t[0], {1, 1, 2, 3, 4}, align);
    });
  }
  // the identity transform samples the input back exactly
  Tensor x = randn({2, 3, 4, 5}, kFloat64);
  Tensor identity = tensor({1.0, 0.0, 0.0, 0.0, 1.0, 0.0}, kFloat64).reshape({1, 2, 3}).expand({2, 2, 3});
  for (bool align : {false, true})
    REQUIRE_CLOSE(F::grid_sample(x, F::affine_grid(identity, {2, 3, 4, 5}, align), "bilinear", "zeros", align), x,
                  1e-12, 1e-12);
}

TEST_CASE("gradcheck: resampling", "[nn][layers][sampling][gradcheck]") {
  using autograd::gradcheck;
  auto interp = [](F::InterpolateOptions o) {
    return [o](const TensorList& t) { return TensorList{F::interpolate(t[0], o)}; };
  };
  CHECK(gradcheck(interp({.size = {5, 3}}), {leaf({1, 2, 3, 4})}));
  CHECK(gradcheck(interp({.scale_factor = {1.7}, .mode = "linear"}), {leaf({2, 2, 4})}));
  CHECK(gradcheck(interp({.size = {4, 6}, .mode = "bilinear", .align_corners = true}), {leaf({1, 2, 3, 4})}));
  CHECK(gradcheck(interp({.scale_factor = {1.5, 0.8}, .mode = "bicubic"}), {leaf({1, 1, 4, 5})}));
  CHECK(gradcheck(interp({.size = {3, 2, 3}, .mode = "trilinear"}), {leaf({1, 1, 2, 3, 2})}));
  CHECK(gradcheck(interp({.size = {2, 3}, .mode = "bicubic", .antialias = true}), {leaf({1, 2, 5, 7})}));
  // the CPU kernel's backward is its adjoint pass, whose backward is the kernel again
  CHECK(autograd::gradgradcheck(interp({.size = {5, 3}, .mode = "bicubic"}), {leaf({1, 2, 3, 4})}));
  CHECK(autograd::gradgradcheck(interp({.scale_factor = {2}}), {leaf({1, 1, 2, 3})}));
  CHECK(gradcheck([](const TensorList& t) { return TensorList{F::pixel_shuffle(t[0], 2)}; }, {leaf({1, 4, 2, 3})}));
  CHECK(gradcheck(
      [](const TensorList& t) {
        return TensorList{F::affine_grid(t[0], {2, 1, 3, 4})};
      },
      {leaf({2, 2, 3})}));
  // positions kept off integer pixel coordinates, where floor jumps
  Tensor grid = leaf({1, 3, 3, 2}, -1.3, 1.3);
  for (std::string padding : {"zeros", "border", "reflection"})
    for (bool align : {false, true}) {
      INFO("grid_sample " << padding << " align_corners=" << align);
      CHECK(gradcheck(
          [&](const TensorList& t) { return TensorList{F::grid_sample(t[0], t[1], "bilinear", padding, align)}; },
          {leaf({1, 2, 3, 4}), grid}));
      CHECK(gradcheck(
          [&](const TensorList& t) { return TensorList{F::grid_sample(t[0], t[1], "nearest", padding, align)}; },
          {leaf({1, 2, 3, 4}), grid.detach()}));
      CHECK(gradcheck(
          [&](const TensorList& t) { return TensorList{F::grid_sample(t[0], t[1], "bicubic", padding, align)}; },
          {leaf({1, 2, 3, 4}), grid}));
    }
  Tensor grid3 = leaf({1, 2, 2, 2, 3}, -1.3, 1.3);
  for (std::string padding : {"zeros", "reflection"}) {
    INFO("3-D grid_sample " << padding);
    CHECK(gradcheck(
        [&](const TensorList& t) { return TensorList{F::grid_sample(t[0], t[1], "bilinear", padding, false)}; },
        {leaf({1, 2, 2, 3, 3}), grid3}));
  }
}

TEST_CASE("interpolate: the CPU kernel agrees with the composed path", "[nn][layers][sampling]") {
  // float16 takes the composed path (index_select, products, sums); float32 the kernel
  Tensor x = randn({2, 3, 5, 4});
  for (std::string mode : {"nearest", "bilinear", "bicubic"}) {
    INFO(mode);
    F::InterpolateOptions o{.size = {7, 9}, .mode = mode};
    Tensor kernel = F::interpolate(x, o);
    Tensor composed = F::interpolate(x.to(kFloat16), o).to(kFloat32);
    REQUIRE_CLOSE(composed, kernel, 1e-2, 1e-2);
  }
}

TEST_CASE("resampling rejects bad arguments", "[nn][layers][sampling]") {
  Tensor x = randn({1, 2, 3, 4});
  CHECK_THROWS_AS(F::interpolate(x, {}), Error);                                     // neither size nor scale
  CHECK_THROWS_AS(F::interpolate(x, {.size = {2, 2}, .scale_factor = {2}}), Error);  // both
  CHECK_THROWS_AS(F::interpolate(x, {.size = {2, 2, 2}}), Error);                    // wrong count
  CHECK_THROWS_AS(F::interpolate(x, {.size = {4}, .mode = "linear"}), Error);        // linear needs 3-D
  CHECK_THROWS_AS(F::interpolate(x, {.size = {4}, .align_corners = true}), Error);   // nearest + align
  CHECK_THROWS_AS(F::interpolate(x, {.size = {4}, .mode = "cubic"}), Error);         // unknown mode
  CHECK_THROWS_AS(F::interpolate(x, {.scale_factor = {0.1}}), Error);                // empty output
  CHECK_THROWS_AS(F::interpolate(randn({2, 3}), {.size = {4}}), Error);              // unbatched
  CHECK_THROWS_AS(F::interpolate(x, {.size = {2, 2}, .antialias = true}), Error);    // nearest + antialias
  CHECK_THROWS_AS(F::pixel_shuffle(randn({1, 3, 2, 2}), 2), Error);
  CHECK_THROWS_AS(F::pixel_unshuffle(randn({1, 3, 5, 4}), 2), Error);
  CHECK_THROWS_AS(F::grid_sample(x, randn({1, 2, 2, 3})), Error);
  CHECK_THROWS_AS(F::grid_sample(x, randn({1, 2, 2, 2}), "trilinear"), Error);
  CHECK_THROWS_AS(F::grid_sample(randn({1, 1, 2, 2, 2}), randn({1, 1, 1, 1, 3}), "bicubic"), Error);  // 4-D only
  CHECK_THROWS_AS(F::grid_sample(x, randn({1, 2, 2, 2}), "bilinear", "circular"), Error);
  CHECK_THROWS_AS(F::affine_grid(randn({1, 2, 3}), {2, 1, 3, 3}), Error);
  // non-finite grid positions read as zeros, never out of bounds
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  Tensor wild = tensor({nan, 0.0f, inf, -inf, 1e30f, -1e30f, 0.0f, nan}).reshape({1, 2, 2, 2});
  for (std::string padding : {"zeros", "border", "reflection"})
    for (std::string mode : {"bilinear", "nearest", "bicubic"}) CHECK_NOTHROW(F::grid_sample(x, wild, mode, padding));
}
