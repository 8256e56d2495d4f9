// test_layers2_padding.cpp — padding layers, unfold/fold and Unfold/Fold
// against torch 1.13 (values and gradients, fixtures from
// tests/fixtures/make_nn_layers_fixtures.py), gradcheck, and errors.
#include "layers_case.h"

using namespace ember;
namespace F = ember::nn::functional;
using testing::check_layers_case;
using testing::check_layers_module;

namespace {
Tensor leaf(IntArrayRef shape) {
  static Generator gen(5);
  return (rand(shape, kFloat64, &gen) * 2 - 1).requires_grad_();
}
}  // namespace

TEST_CASE("padding layers match torch", "[nn][layers]") {
  check_layers_module("zero_pad2d", std::make_shared<nn::ZeroPad2d>(Shape{1, 2, 0, 3}));
  check_layers_module("constant_pad1d", std::make_shared<nn::ConstantPad1d>(Shape{2}, 3.5));
  check_layers_module("constant_pad2d", std::make_shared<nn::ConstantPad2d>(Shape{2, 0, 1, -1}, -1.0));
  check_layers_module("constant_pad3d", std::make_shared<nn::ConstantPad3d>(Shape{1, 0, 0, 2, 1, 1}, 0.5));
  check_layers_module("reflection_pad1d", std::make_shared<nn::ReflectionPad1d>(Shape{3, 1}));
  check_layers_module("reflection_pad2d", std::make_shared<nn::ReflectionPad2d>(Shape{2}));
  check_layers_module("reflection_pad3d", std::make_shared<nn::ReflectionPad3d>(Shape{1, 2, 0, 1, 2, 1}));
  check_layers_module("replication_pad1d", std::make_shared<nn::ReplicationPad1d>(Shape{0, 4}));
  check_layers_module("replication_pad2d", std::make_shared<nn::ReplicationPad2d>(Shape{3, 1, 2, 0}));
  check_layers_module("replication_pad3d", std::make_shared<nn::ReplicationPad3d>(Shape{2}));
  CHECK_THROWS_AS(nn::ReflectionPad2d(Shape{1, 2, 3}), Error);                 // 3 values for 2 dims
  CHECK_THROWS_AS(nn::ReflectionPad2d(Shape{4})(randn({1, 1, 3, 3})), Error);  // pad >= size
  CHECK_THROWS_AS(nn::ReplicationPad2d(Shape{1})(randn({3, 3})), Error);       // 2-D input for a 2-D pad
  CHECK(nn::ZeroPad2d(Shape{1, 2, 3, 4}).extra_repr() == "(1, 2, 3, 4)");
}

TEST_CASE("unfold and fold match torch", "[nn][layers]") {
  check_layers_case("unfold", {"input"}, [](const TensorList& t) { return F::unfold(t[0], 3); });
  check_layers_case("unfold_all", {"input"}, [](const TensorList& t) {
    return F::unfold(t[0], {2, 3}, {2, 1}, {1, 2}, {2, 3});
  });
  check_layers_case("unfold_unbatched", {"input"}, [](const TensorList& t) { return F::unfold(t[0], 2, 1, 0, 2); });
  check_layers_case("fold", {"input"}, [](const TensorList& t) { return F::fold(t[0], {4, 5}, 2); });
  check_layers_case("fold_all", {"input"}, [](const TensorList& t) {
    return F::fold(t[0], {7, 6}, {2, 3}, {2, 1}, {1, 2}, {2, 3});
  });
  check_layers_case("fold_unbatched", {"input"}, [](const TensorList& t) { return F::fold(t[0], {5, 5}, 3, 1, 0, 2); });
  check_layers_module("unfold_module", std::make_shared<nn::Unfold>(Shape{2, 2}, nn::FoldOptions{.padding = {1}}));
  check_layers_module("fold_module",
                      std::make_shared<nn::Fold>(Shape{3, 4}, Shape{2}, nn::FoldOptions{.stride = {1, 2}}));

  // fold is unfold's adjoint: <unfold(x), c> = <x, fold(c)>
  Tensor x = randn({2, 3, 7, 6}, kFloat64);
  Tensor cols = F::unfold(x, {3, 2}, {1, 2}, {1, 0}, {2, 1});
  Tensor c = randn(cols.sizes(), kFloat64);
  double lhs = (cols * c).sum().item<double>();
  double rhs = (x * F::fold(c, {7, 6}, {3, 2}, {1, 2}, {1, 0}, {2, 1})).sum().item<double>();
  CHECK(std::abs(lhs - rhs) < 1e-10 * std::abs(lhs) + 1e-12);
  // a NaN reaches only the blocks that contain it
  Tensor img = zeros({1, 1, 4, 4});
  img.flatten()[0].fill_(std::numeric_limits<float>::quiet_NaN());
  CHECK(isnan(F::unfold(img, 2)).sum().item<int64_t>() == 1);
}

TEST_CASE("gradcheck: padding, unfold, fold", "[nn][layers][gradcheck]") {
  using autograd::gradcheck;
  using autograd::gradgradcheck;
  auto unfold = [](const TensorList& t) { return TensorList{F::unfold(t[0], {2, 3}, {2, 1}, {1, 1}, {1, 2})}; };
  CHECK(gradcheck(unfold, {leaf({1, 2, 5, 6})}));
  CHECK(gradgradcheck(unfold, {leaf({1, 2, 5, 6})}));
  auto fold = [](const TensorList& t) { return TensorList{F::fold(t[0], {5, 4}, {2, 2}, 1, {1, 0}, {2, 1})}; };
  CHECK(gradcheck(fold, {leaf({2, 8, 9})}));
  CHECK(gradgradcheck(fold, {leaf({2, 8, 9})}));
  auto reflect = [](const TensorList& t) { return TensorList{nn::ReflectionPad2d(Shape{2, 1, 0, 2})(t[0])}; };
  CHECK(gradcheck(reflect, {leaf({1, 2, 3, 4})}));
  auto replicate = [](const TensorList& t) { return TensorList{nn::ReplicationPad1d(Shape{1, 3})(t[0])}; };
  CHECK(gradcheck(replicate, {leaf({2, 3})}));
}

TEST_CASE("unfold and fold reject bad arguments", "[nn][layers]") {
  CHECK_THROWS_AS(F::unfold(randn({1, 1, 2, 2}), 3), Error);           // block larger than the image
  CHECK_THROWS_AS(F::unfold(randn({1, 1, 4, 4}), {2, 2, 2}), Error);   // 3 kernel sizes
  CHECK_THROWS_AS(F::unfold(randn({4, 4}), 2), Error);                 // 2-D input
  CHECK_THROWS_AS(F::unfold(randn({1, 1, 4, 4}), 2, 1, 0, 0), Error);  // stride 0
  CHECK_THROWS_AS(F::fold(randn({1, 5, 12}), {4, 5}, 2), Error);       // 5 rows, 4 taps
  CHECK_THROWS_AS(F::fold(randn({1, 4, 11}), {4, 5}, 2), Error);       // 11 blocks, 12 fit
}
