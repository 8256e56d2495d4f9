// test_norm_gradcheck.cpp — the normalization ops pass gradcheck (and
// gradgradcheck) in float64, and fused batch norm (kernels/cpu/batch_norm.cpp
// with its own backward node) agrees with the textbook formula written in
// tensor ops: outputs, running statistics and all three gradients.
#include "support/test_utils.h"

using namespace ember;
namespace F = ember::nn::functional;
using autograd::gradcheck;
using autograd::gradgradcheck;

namespace {

Generator& gen() {
  static Generator g(2024);
  return g;
}
Tensor leaf(IntArrayRef shape, double lo = -1, double hi = 1) { return testing::uniform_leaf(shape, gen(), lo, hi); }

// y = (x - mean) / sqrt(var + eps) * w + b over dims {0, 2, ...}, and the
// running-statistics update, as plain recorded ops
Tensor reference_batch_norm(const Tensor& x, Tensor& running_mean, Tensor& running_var, const Tensor& w,
                            const Tensor& b, bool training, double momentum, double eps) {
  std::vector<int64_t> dims{0};
  for (int64_t d = 2; d < x.dim(); ++d) dims.push_back(d);
  Shape cs(static_cast<size_t>(x.dim()), 1);
  cs[1] = x.size(1);
  Tensor mean, var;
  if (training) {
    mean = x.mean(dims, true);
    var = x.var(dims, VarOptions{.correction = 0, .keepdim = true});
    double n = static_cast<double>(x.numel() / x.size(1));
    NoGradGuard no_grad;
    running_mean = running_mean * (1 - momentum) + mean.detach().reshape({-1}) * momentum;
    running_var = running_var * (1 - momentum) + var.detach().reshape({-1}) * (n / (n - 1)) * momentum;
  } else {
    mean = running_mean.reshape(cs);
    var = running_var.reshape(cs);
  }
  Tensor y = (x - mean) * (var + eps).rsqrt();
  if (w.defined()) y = y * w.reshape(cs);
  if (b.defined()) y = y + b.reshape(cs);
  return y;
}

}  // namespace

TEST_CASE("gradcheck: batch_norm (fused) in training and eval mode", "[nn][gradcheck][norm]") {
  Tensor rm = zeros({3}, kFloat64), rv = ones({3}, kFloat64);
  for (bool training : {true, false}) {
    INFO("training " << training);
    auto with_affine = [&](const TensorList& t) {
      Tensor m = rm.clone(), v = rv.clone();
      return TensorList{F::batch_norm(t[0], m, v, t[1], t[2], training, 0.1, 1e-5)};
    };
    auto without_affine = [&](const TensorList& t) {
      Tensor m = rm.clone(), v = rv.clone();
      return TensorList{F::batch_norm(t[0], m, v, {}, {}, training, 0.1, 1e-5)};
    };
    TensorList affine_inputs{leaf({4, 3, 2, 3}), leaf({3}, 0.5, 1.5), leaf({3})};
    REQUIRE(gradcheck(with_affine, affine_inputs));
    REQUIRE(gradgradcheck(with_affine, affine_inputs));
    REQUIRE(gradcheck(without_affine, {leaf({5, 3})}));
    REQUIRE(gradgradcheck(without_affine, {leaf({2, 3, 4})}));
  }
  // a non-contiguous input (channels last in memory)
  Tensor x = leaf({2, 4, 3, 3}).detach().permute({0, 3, 1, 2}).requires_grad_();  // (2, 3, 4, 3)
  REQUIRE_FALSE(x.is_contiguous());
  REQUIRE(gradcheck([&](const TensorList& t) { return TensorList{F::batch_norm(t[0], {}, {}, t[1], t[2], true)}; },
                    {x, leaf({3}), leaf({3})}));
}

TEST_CASE("fused batch_norm equals the formula in tensor ops", "[nn][norm]") {
  for (ScalarType dtype : {kFloat64, kFloat32}) {
    for (bool training : {true, false}) {
      INFO("dtype " << dtype << ", training " << training);
      const double tol = dtype == kFloat64 ? 1e-12 : 2e-5;
      Tensor x0 = randn({8, 5, 6, 7}, dtype, &gen()) * 3 + 2;
      Tensor w0 = rand({5}, dtype, &gen()) + 0.5, b0 = randn({5}, dtype, &gen());
      Tensor gy = randn({8, 5, 6, 7}, dtype, &gen());
      Tensor rm_f = randn({5}, dtype, &gen()), rv_f = rand({5}, dtype, &gen()) + 0.5;
      Tensor rm_r = rm_f.clone(), rv_r = rv_f.clone();

      Tensor x = x0.clone().requires_grad_(), w = w0.clone().requires_grad_(), b = b0.clone().requires_grad_();
      Tensor y = F::batch_norm(x, rm_f, rv_f, w, b, training, 0.1, 1e-5);
      REQUIRE(y.grad_fn()->name() == "NativeBatchNormBackward0");
      y.backward(gy);

      Tensor xr = x0.clone().requires_grad_(), wr = w0.clone().requires_grad_(), br = b0.clone().requires_grad_();
      Tensor yr = reference_batch_norm(xr, rm_r, rv_r, wr, br, training, 0.1, 1e-5);
      yr.backward(gy);

      REQUIRE_CLOSE(y, yr, tol, tol);
      REQUIRE_CLOSE(rm_f, rm_r, tol, tol);
      REQUIRE_CLOSE(rv_f, rv_r, tol, tol);
      REQUIRE_CLOSE(x.grad(), xr.grad(), tol, tol);
      REQUIRE_CLOSE(w.grad(), wr.grad(), tol, tol);
      REQUIRE_CLOSE(b.grad(), br.grad(), tol, tol);
    }
  }
}

TEST_CASE("layer_norm without autograd (the fused kernel) equals the recorded composition", "[nn][norm]") {
  for (ScalarType dtype : {kFloat32, kFloat64}) {
    INFO(dtype);
    Tensor x = (leaf({4, 9, 515}) * 3 + 1).detach().to(dtype);
    Tensor w = leaf({515}).detach().to(dtype), b = leaf({515}).detach().to(dtype);
    const double rtol = dtype == kFloat32 ? 1e-5 : 1e-12;
    for (bool affine : {false, true}) {
      Tensor wa = affine ? w : Tensor(), ba = affine ? b : Tensor();
      Tensor recorded = F::layer_norm(x.clone().requires_grad_(), {515}, wa, ba).detach();
      REQUIRE_CLOSE(F::layer_norm(x, {515}, wa, ba), recorded, rtol, rtol);
    }
  }
}

TEST_CASE("fused layer_norm's one-pass statistics stay accurate for a large mean", "[nn][norm]") {
  // the kernel sums x - s and (x - s)² in one pass, s the row's first
  // element: on 1e8 + N(0, 1) a plain Σx² - n·mean² would lose every digit
  // of the variance; row 3's first element lies far out, a poor shift
  Tensor x = randn({8, 300}, kFloat64, &gen()) + 1e8;
  x.index_put_({3, 0}, 1e8 + 1e4);
  Tensor recorded = F::layer_norm(x.clone().requires_grad_(), {300}).detach();
  REQUIRE_CLOSE(F::layer_norm(x, {300}), recorded, 1e-7, 1e-7);
}

TEST_CASE("batch_norm statistics stay accurate for a large mean", "[nn][norm]") {
  // values 1000 + N(0, 1): a one-pass Σx² - M·mean² formula would lose the
  // variance to cancellation in float32; the two-pass kernel keeps it
  Tensor x = randn({64, 2, 10, 10}, kFloat32, &gen()) + 1000;
  Tensor y = F::batch_norm(x, {}, {}, {}, {}, true);
  Tensor var = y.var({0, 2, 3}, VarOptions{.correction = 0});
  REQUIRE_CLOSE(var, ones({2}), 1e-3, 1e-3);
}

TEST_CASE("gradcheck: layer, group, instance and local response norm", "[nn][gradcheck][norm]") {
  auto ln = [](const TensorList& t) { return TensorList{F::layer_norm(t[0], {3, 4}, t[1], t[2])}; };
  REQUIRE(gradcheck(ln, {leaf({2, 3, 4}), leaf({3, 4}), leaf({3, 4})}));
  REQUIRE(gradgradcheck(ln, {leaf({2, 3, 4}), leaf({3, 4}), leaf({3, 4})}));
  auto gn = [](const TensorList& t) { return TensorList{F::group_norm(t[0], 2, t[1], t[2])}; };
  REQUIRE(gradcheck(gn, {leaf({2, 4, 3}), leaf({4}), leaf({4})}));
  auto in = [](const TensorList& t) {
    return TensorList{F::instance_norm(t[0], {}, {}, t[1], t[2], true, 0.1, 1e-5)};
  };
  REQUIRE(gradcheck(in, {leaf({2, 3, 4, 2}), leaf({3}), leaf({3})}));
  auto lrn = [](const TensorList& t) { return TensorList{F::local_response_norm(t[0], 3, 1e-2, 0.75, 1.0)}; };
  REQUIRE(gradcheck(lrn, {leaf({2, 5, 3})}));
}
