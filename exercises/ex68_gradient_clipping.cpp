// Exercise 68 — gradient clipping.
//
// 1. The definitions, on gradients known by hand (made by backward() of
//    sum(c * p), so grad p = c): g1 = [[1, 2], [3, 4]], g2 = [0, 5, -6].
//    clip_grad_norm_ scales all gradients by min(1, max_norm / (total + 1e-6)),
//    total = the norm of all of them together: L2 sqrt(91), L1 21, inf 6;
//    it returns total. clip_grad_value_ clamps each element to [-c, c].
// 2. Clipping stabilising training: linear regression with SGD, where one
//    batch holds a corrupted label (1e4) — its gradient explodes. Without
//    clipping that single step throws the weights far off and the loss jumps
//    by orders of magnitude; with clip_grad_norm_(max_norm = 10) the step is
//    bounded and the loss barely moves. max_norm is above every normal
//    gradient norm, so the normal steps are untouched (bit-identical weights
//    before the bad batch).
#include <cmath>
#include <cstdio>

#include "ember.h"
#include "exercise.h"

using namespace ember;
namespace F = ember::nn::functional;
using nn::utils::clip_grad_norm_;
using nn::utils::clip_grad_value_;

const Tensor g1_values = tensor<float>({{1, 2}, {3, 4}}), g2_values = tensor<float>({0, 5, -6});

// two parameters whose gradients are g1_values and g2_values
TensorList fresh_params() {
  Tensor p1 = randn({2, 2}).requires_grad_(), p2 = randn({3}).requires_grad_();
  ((p1 * g1_values).sum() + (p2 * g2_values).sum()).backward();
  return {p1, p2};
}

bool scaled_by(const TensorList& params, double coef) {
  return params[0].grad().allclose(g1_values * coef, 1e-6, 0) && params[1].grad().allclose(g2_values * coef, 1e-6, 0);
}

int main(int argc, char** argv) {
  (void)exercise::quick(argc, argv);
  exercise::Checker checker;
  manual_seed(68);

  // ---- 1. the definitions ----
  std::printf("1. gradients [[1, 2], [3, 4]] and [0, 5, -6]\n");
  struct Case {
    double max_norm, norm_type, total;
  };
  for (Case c : {Case{2.0, 2.0, std::sqrt(91.0)}, Case{7.0, 1.0, 21.0}, Case{3.0, INFINITY, 6.0},
                 Case{100.0, 2.0, std::sqrt(91.0)}}) {
    TensorList params = fresh_params();
    double total = clip_grad_norm_(params, c.max_norm, c.norm_type).item<double>();
    double coef = std::min(1.0, c.max_norm / (c.total + 1e-6));
    std::printf("  clip_grad_norm_(max_norm %g, norm_type %g): total norm %.6f (by hand %.6f), scale %.6f\n",
                c.max_norm, c.norm_type, total, c.total, coef);
    checker.check(std::fabs(total - c.total) < 1e-5 && scaled_by(params, coef),
                  "norm_type " + std::to_string(c.norm_type).substr(0, 3) +
                      ": returns the total norm, scales by min(1, max_norm / (total + 1e-6))");
  }
  {
    TensorList params = fresh_params();
    clip_grad_value_(params, 2.5);
    std::cout << "  clip_grad_value_(2.5):\n" << params[0].grad() << "\n" << params[1].grad() << "\n";
    checker.check(params[0].grad().equal(tensor<float>({{1, 2}, {2.5, 2.5}})) &&
                      params[1].grad().equal(tensor<float>({0, 2.5, -2.5})),
                  "clip_grad_value_ clamps every element to [-2.5, 2.5]");
  }

  // ---- 2. an exploding gradient ----
  std::printf("\n2. linear regression; batch 40 holds a corrupted label (1e4)\n");
  Tensor w_true = randn({8, 1});
  Tensor x = randn({50 * 32, 8}), y = x.matmul(w_true) + 0.1 * randn({50 * 32, 1});
  Tensor x_clean = randn({500, 8}), y_clean = x_clean.matmul(w_true);
  const int bad_batch = 40;
  auto run = [&](bool clip) {
    manual_seed(680);
    auto model = std::make_shared<nn::Linear>(8, 1);
    optim::SGD optimizer(model->parameters(), {.lr = 0.05});
    auto clean_loss = [&] {
      NoGradGuard no_grad;
      return F::mse_loss(model->forward(x_clean), y_clean).item<double>();
    };
    double max_normal_norm = 0, before = 0, after = 0, final_loss = 0;
    nn::StateDict state_before;
    for (int b = 0; b < 50; ++b) {
      Tensor xb = x.narrow(0, b * 32, 32), yb = y.narrow(0, b * 32, 32).clone();
      if (b == bad_batch) {
        yb.index_put_({0}, 1e4);  // the corrupted label
        before = clean_loss();
        for (const auto& [name, t] : model->state_dict())
          state_before.insert(name, t.clone());  // state_dict shares storage
      }
      Tensor loss = F::mse_loss(model->forward(xb), yb);
      optimizer.zero_grad();
      loss.backward();
      double norm = clip
                        ? clip_grad_norm_(model->parameters(), 10.0).item<double>()
                        : clip_grad_norm_(model->parameters(), INFINITY).item<double>();  // max_norm inf: just measures
      if (b < bad_batch) max_normal_norm = std::max(max_normal_norm, norm);
      optimizer.step();
      if (b == bad_batch) {
        after = clean_loss();
        std::printf("  %s: bad batch's gradient norm %.1f; clean loss %.4f -> %.4f after that step\n",
                    clip ? "clipped  " : "unclipped", norm, before, after);
      }
    }
    final_loss = clean_loss();
    std::printf("  %s: largest gradient norm before the bad batch %.2f; clean loss after the last batch %.4f\n",
                clip ? "clipped  " : "unclipped", max_normal_norm, final_loss);
    return std::tuple{before, after, final_loss, max_normal_norm, state_before};
  };
  auto [before_u, after_u, final_u, normal_u, state_u] = run(false);
  auto [before_c, after_c, final_c, normal_c, state_c] = run(true);
  bool identical = true;
  for (const auto& [name, t] : state_u) identical &= t.equal(state_c.at(name));
  checker.check(normal_c < 10 && identical,
                "normal gradients stay under max_norm: the steps before the bad batch are identical");
  checker.check(after_u > 100 * before_u, "without clipping the exploding step blows the loss up over 100x");
  checker.check(after_c < 1 && after_c < after_u / 1000,
                "with clipping the step is bounded (|step| <= lr * max_norm): the loss stays under 1");
  checker.check(final_c < 0.1 && final_c < final_u / 100, "the clipped run recovers within the remaining batches");
  return checker.exit_code();
}
