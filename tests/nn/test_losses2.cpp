// test_losses2.cpp — the second batch of losses (Poisson and Gaussian NLL,
// the margin and embedding losses, CTC) and cross entropy's options against
// torch 1.13 in every reduction (values and gradients, fixtures from
// tests/fixtures/make_nn_layers_fixtures.py), float64 gradcheck, and errors.
#include "layers_case.h"

using namespace ember;
namespace F = ember::nn::functional;
using testing::check_layers_case;
using testing::layers_fixture;

namespace {
Generator& gen() {
  static Generator g(21);
  return g;
}
Tensor leaf(IntArrayRef shape, double lo = -1, double hi = 1) {
  return (rand(shape, kFloat64, &gen()) * (hi - lo) + lo).requires_grad_();
}
}  // namespace

TEST_CASE("likelihood and margin losses match torch", "[nn][layers][losses2]") {
  for (std::string r : {"none", "mean", "sum"}) {
    INFO("reduction " << r);
    nn::PoissonNLLLoss poisson({.reduction = r});
    check_layers_case("poisson_" + r, {"input", "target"}, [&](const TensorList& t) { return poisson(t[0], t[1]); });
    nn::PoissonNLLLoss poisson_full({.log_input = false, .full = true, .eps = 1e-3, .reduction = r});
    check_layers_case("poisson_full_" + r, {"input", "target"},
                      [&](const TensorList& t) { return poisson_full(t[0], t[1]); });
    nn::GaussianNLLLoss gaussian({.reduction = r});
    check_layers_case("gaussian_" + r, {"input", "target", "var"},
                      [&](const TensorList& t) { return gaussian(t[0], t[1], t[2]); });
    nn::GaussianNLLLoss gaussian_full({.full = true, .eps = 0.3, .reduction = r});
    check_layers_case("gaussian_full_" + r, {"input", "target", "var"},
                      [&](const TensorList& t) { return gaussian_full(t[0], t[1], t[2]); });
    nn::MarginRankingLoss ranking(0.3, r);
    check_layers_case("margin_ranking_" + r, {"input1", "input2", "target"},
                      [&](const TensorList& t) { return ranking(t[0], t[1], t[2]); });
    nn::HingeEmbeddingLoss hinge(0.5, r);
    check_layers_case("hinge_embedding_" + r, {"input", "target"},
                      [&](const TensorList& t) { return hinge(t[0], t[1]); });
    nn::CosineEmbeddingLoss cosine(-0.2, r);
    check_layers_case("cosine_embedding_" + r, {"input1", "input2", "target"},
                      [&](const TensorList& t) { return cosine(t[0], t[1], t[2]); });
    nn::TripletMarginLoss triplet({.margin = 1.5, .reduction = r});
    check_layers_case("triplet_" + r, {"anchor", "positive", "negative"},
                      [&](const TensorList& t) { return triplet(t[0], t[1], t[2]); });
    nn::TripletMarginLoss triplet_swap({.margin = 0.8, .p = 3, .swap = true, .reduction = r});
    check_layers_case("triplet_swap_p3_" + r, {"anchor", "positive", "negative"},
                      [&](const TensorList& t) { return triplet_swap(t[0], t[1], t[2]); });
    nn::SoftMarginLoss soft(r);
    check_layers_case("soft_margin_" + r, {"input", "target"}, [&](const TensorList& t) { return soft(t[0], t[1]); });
    nn::MultiLabelSoftMarginLoss multilabel(layers_fixture("multilabel_soft_margin_" + r + ".weight"), r);
    check_layers_case("multilabel_soft_margin_" + r, {"input", "target"},
                      [&](const TensorList& t) { return multilabel(t[0], t[1]); });
    nn::MultiMarginLoss multi({.reduction = r});
    check_layers_case("multi_margin_" + r, {"input", "target"}, [&](const TensorList& t) { return multi(t[0], t[1]); });
    nn::MultiMarginLoss multi_p2(
        {.p = 2, .margin = 0.7, .weight = layers_fixture("multi_margin_p2_" + r + ".weight"), .reduction = r});
    check_layers_case("multi_margin_p2_" + r, {"input", "target"},
                      [&](const TensorList& t) { return multi_p2(t[0], t[1]); });
  }
}

TEST_CASE("cross entropy: weights, ignore_index, smoothing, spatial dims, probabilities", "[nn][layers][losses2]") {
  for (std::string r : {"none", "mean", "sum"}) {
    INFO("reduction " << r);
    check_layers_case("cross_entropy_" + r, {"input", "target", "weight"},
                      [&](const TensorList& t) { return F::cross_entropy(t[0], t[1], t[2], -1, r, 0.2); });
    check_layers_case("cross_entropy_probs_" + r, {"input", "target", "weight"},
                      [&](const TensorList& t) { return F::cross_entropy(t[0], t[1], t[2], -100, r, 0.1); });
  }
}

TEST_CASE("CTC loss matches torch", "[nn][layers][losses2]") {
  auto ctc_case = [](const std::string& name, nn::CTCLoss& loss) {
    check_layers_case(name, {"logits", "targets", "input_lengths", "target_lengths"},
                      [&](const TensorList& t) { return loss(t[0].log_softmax(2), t[1], t[2], t[3]); });
  };
  nn::CTCLoss none({.reduction = "none"});
  ctc_case("ctc_none_0", none);  // sample 3 has no alignment: inf, as torch
  for (std::string r : {"none", "mean", "sum"}) {
    nn::CTCLoss loss({.reduction = r, .zero_infinity = true});
    ctc_case("ctc_" + r + "_1", loss);
  }
  nn::CTCLoss blank2({.blank = 2});
  ctc_case("ctc_concat_blank2", blank2);
  // unbatched input: (T, C) log-probs and a 1-D target
  Tensor lp = layers_fixture("ctc_none_0.logits").select(1, 0).log_softmax(1);
  Tensor unbatched = F::ctc_loss(lp, layers_fixture("ctc_none_0.targets")[0], tensor({12L}).reshape({}),
                                 tensor({5L}).reshape({}), 0, "none");
  REQUIRE_CLOSE(unbatched, layers_fixture("ctc_none_0.output")[0], 1e-10, 1e-10);
}

TEST_CASE("gradcheck: losses", "[nn][layers][losses2][gradcheck]") {
  using autograd::gradcheck;
  Tensor x = leaf({3, 4}), y = leaf({3, 4}), z = leaf({3, 4});
  Tensor sign = tensor({1.0, -1.0, 1.0}, kFloat64),
         sign_nc = (rand({3, 4}, kFloat64, &gen()).gt(0.5).to(kFloat64) * 2 - 1);
  Tensor classes = tensor({2L, 0L, 3L}), weight = rand({4}, kFloat64, &gen()) + 0.5;
  Tensor counts = (rand({3, 4}, kFloat64, &gen()) * 5).floor();
  auto one = [](auto f) { return [f](const TensorList& t) { return TensorList{f(t)}; }; };
  for (std::string r : {"none", "mean", "sum"}) {
    INFO("reduction " << r);
    CHECK(gradcheck(one([&](const TensorList& t) { return F::poisson_nll_loss(t[0], counts, true, true, 1e-8, r); }),
                    {x}));
    CHECK(gradcheck(
        one([&](const TensorList& t) { return F::poisson_nll_loss(t[0].abs() + 0.1, counts, false, false, 1e-8, r); }),
        {x}));
    CHECK(gradcheck(
        one([&](const TensorList& t) { return F::gaussian_nll_loss(t[0], t[1], t[2].abs() + 0.2, true, 1e-6, r); }),
        {x, y, z}));
    CHECK(gradcheck(one([&](const TensorList& t) {
                      return F::margin_ranking_loss(t[0].select(1, 0), t[1].select(1, 0), sign, 0.1, r);
                    }),
                    {x, y}));
    CHECK(gradcheck(one([&](const TensorList& t) { return F::hinge_embedding_loss(t[0], sign_nc, 0.7, r); }), {x}));
    CHECK(gradcheck(one([&](const TensorList& t) { return F::cosine_embedding_loss(t[0], t[1], sign, 0.1, r); }),
                    {x, y}));
    CHECK(gradcheck(
        one([&](const TensorList& t) { return F::triplet_margin_loss(t[0], t[1], t[2], 2.0, 2, 1e-6, true, r); }),
        {x, y, z}));
    CHECK(gradcheck(one([&](const TensorList& t) { return F::soft_margin_loss(t[0], sign_nc, r); }), {x}));
    CHECK(gradcheck(one([&](const TensorList& t) {
                      return F::multilabel_soft_margin_loss(t[0], sign_nc.gt(0).to(kFloat64), weight, r);
                    }),
                    {x}));
    CHECK(gradcheck(one([&](const TensorList& t) { return F::multi_margin_loss(t[0], classes, 2, 1.3, weight, r); }),
                    {x}));
    CHECK(gradcheck(one([&](const TensorList& t) { return F::cross_entropy(t[0], classes, weight, 0, r, 0.3); }), {x}));
  }
  // CTC on raw (unnormalized) log-probs too: the gradient is the loss's own
  Tensor logits = leaf({7, 2, 4}, -2, 2);
  Tensor targets = tensor({1L, 1L, 2L, 3L, 2L, 0L}).reshape({2, 3});
  Tensor in_len = tensor({7L, 5L}), tgt_len = tensor({3L, 2L});
  for (std::string r : {"none", "mean", "sum"}) {
    INFO("ctc reduction " << r);
    CHECK(gradcheck(
        one([&](const TensorList& t) { return F::ctc_loss(t[0].log_softmax(2), targets, in_len, tgt_len, 0, r); }),
        {logits}));
    CHECK(gradcheck(one([&](const TensorList& t) { return F::ctc_loss(t[0], targets, in_len, tgt_len, 0, r); }),
                    {logits}));
  }
}

TEST_CASE("CTC loss stays finite on long sequences", "[nn][layers][losses2]") {
  // 2000 frames: the probabilities of single alignments underflow any
  // linear-space recursion, the log-space one keeps full precision
  Tensor lp = randn({2000, 1, 6}, kFloat64).log_softmax(2);
  Tensor target = tensor({1L, 2L, 3L, 4L, 5L}).reshape({1, 5});
  Tensor loss = F::ctc_loss(lp, target, tensor({2000L}), tensor({5L}), 0, "sum");
  CHECK(std::isfinite(loss.item<double>()));
}

TEST_CASE("losses reject bad arguments", "[nn][layers][losses2]") {
  Tensor x = randn({3, 4});
  CHECK_THROWS_AS(F::margin_ranking_loss(x, randn({3, 5}), x), Error);
  CHECK_THROWS_AS(F::gaussian_nll_loss(x, x, randn({2, 4}).abs()), Error);
  CHECK_THROWS_AS(F::gaussian_nll_loss(x, x, -ones({3, 4})), Error);
  CHECK_THROWS_AS(F::multi_margin_loss(x, tensor({0L, 4L, 1L})), Error);  // class 4 of 4
  CHECK_THROWS_AS(F::multi_margin_loss(x, tensor({0L, 1L, 1L}), 3), Error);
  CHECK_THROWS_AS(F::cosine_embedding_loss(x, x, ones({4})), Error);
  CHECK_THROWS_AS(F::soft_margin_loss(x, ones({4}), "avg"), Error);
  CHECK_THROWS_AS(nn::MarginRankingLoss(0.0, "avg"), Error);
  Tensor lp = randn({5, 2, 3}).log_softmax(2);
  Tensor t = tensor({1L, 2L, 1L, 1L}).reshape({2, 2});
  CHECK_THROWS_AS(F::ctc_loss(lp, t, tensor({5L, 6L}), tensor({2L, 2L})), Error);  // 6 frames of 5
  CHECK_THROWS_AS(F::ctc_loss(lp, t, tensor({5L, 5L}), tensor({2L, 3L})), Error);  // 3 labels in a row of 2
  CHECK_THROWS_AS(F::ctc_loss(lp, t, tensor({5L}), tensor({2L})), Error);          // one length for two samples
  CHECK_THROWS_AS(F::ctc_loss(lp, tensor({0L, 1L, 1L, 1L}).reshape({2, 2}), tensor({5L, 5L}), tensor({2L, 2L})),
                  Error);                                                             // a blank inside a target
  CHECK_THROWS_AS(F::ctc_loss(lp, t, tensor({5L, 5L}), tensor({2L, 2L}), 3), Error);  // blank not a class
}
