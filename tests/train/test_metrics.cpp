// Metrics against hand-computed values (and sklearn's documented examples for
// the regression scores): accuracy, top-k, confusion matrix, precision /
// recall / F1 with every average and zero division, MAE, MSE, R^2,
// AverageMeter, and the errors on bad input.
#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

// targets and predictions of a 3-class problem; confusion (rows = true class):
//   [[1, 1, 0],
//    [0, 2, 0],
//    [1, 0, 2]]
// tp = (1, 2, 2), fp = (1, 1, 0), fn = (1, 0, 1), support = (2, 2, 3).
Tensor targets3() { return tensor<int64_t>({0, 0, 1, 1, 2, 2, 2}); }
Tensor preds3() { return tensor<int64_t>({0, 1, 1, 1, 2, 0, 2}); }

double value(const Tensor& t) { return t.item<double>(); }

}  // namespace

TEST_CASE("accuracy from logits and from class indices", "[train][metrics]") {
  Tensor logits = tensor<float>({{2, 1, 0}, {0, 3, 1}, {1, 0, 0.5}, {0.1f, 0.2f, 0.3f}});
  Tensor targets = tensor<int64_t>({0, 1, 2, 2});  // argmax (0, 1, 0, 2): 3 of 4 right
  REQUIRE(train::accuracy(logits, targets) == 0.75);
  REQUIRE(train::accuracy(logits.to(kFloat64), targets) == 0.75);
  REQUIRE(train::accuracy(logits.to(kFloat16), targets.to(kInt32)) == 0.75);
  REQUIRE(train::accuracy(logits.to(kBFloat16), targets) == 0.75);
  REQUIRE(train::accuracy(preds3(), targets3()) == Approx(5.0 / 7.0).epsilon(1e-15));
  // a tie goes to the lowest index, as argmax
  REQUIRE(train::accuracy(tensor<float>({{1, 1, 0}}), tensor<int64_t>({0})) == 1.0);
}

TEST_CASE("top-k accuracy counts a target among the k best scores", "[train][metrics]") {
  Tensor logits = tensor<float>({{2, 1, 0}, {0, 3, 1}, {1, 0, 0.5}, {0.1f, 0.2f, 0.3f}});
  // top-2 sets: {0,1} {1,2} {0,2} {2,1}
  Tensor targets = tensor<int64_t>({1, 0, 2, 1});
  REQUIRE(train::topk_accuracy(logits, targets, 1) == 0.0);
  REQUIRE(train::topk_accuracy(logits, targets, 2) == 0.75);
  REQUIRE(train::topk_accuracy(logits, targets, 3) == 1.0);
  REQUIRE(train::topk_accuracy(logits, tensor<int64_t>({0, 1, 2, 2}), 1) == 0.75);  // top-1 is accuracy
  REQUIRE_THROWS_WITH(train::topk_accuracy(logits, targets, 4),
                      Contains("[topk_accuracy] k must be in [1, 3] (the number of classes), got 4"));
  REQUIRE_THROWS_WITH(train::topk_accuracy(logits, tensor<int64_t>({0, 1, 5, 1}), 1),
                      Contains("targets holds class 5, outside [0, 3)"));
}

TEST_CASE("confusion_matrix has true classes in rows", "[train][metrics]") {
  REQUIRE_EQUAL(train::confusion_matrix(preds3(), targets3(), 3), tensor<int64_t>({{1, 1, 0}, {0, 2, 0}, {1, 0, 2}}));
  // classes that never occur give zero rows and columns
  REQUIRE_EQUAL(train::confusion_matrix(tensor<int32_t>({1, 1}), tensor<uint8_t>({0, 1}), 3),
                tensor<int64_t>({{0, 1, 0}, {0, 1, 0}, {0, 0, 0}}));
}

TEST_CASE("precision, recall and F1 per class and averaged", "[train][metrics]") {
  auto none = train::precision_recall_f1(preds3(), targets3(), 3, "none");
  REQUIRE(none.precision.scalar_type() == kFloat64);
  REQUIRE_CLOSE(none.precision, tensor<double>({1.0 / 2, 2.0 / 3, 1.0}, kFloat64), 1e-15);
  REQUIRE_CLOSE(none.recall, tensor<double>({1.0 / 2, 1.0, 2.0 / 3}, kFloat64), 1e-15);
  REQUIRE_CLOSE(none.f1, tensor<double>({0.5, 0.8, 0.8}, kFloat64), 1e-15);  // 2 tp / (2 tp + fp + fn)
  REQUIRE_EQUAL(none.support, tensor<int64_t>({2, 2, 3}));

  auto macro = train::precision_recall_f1(preds3(), targets3(), 3);  // "macro" by default
  REQUIRE(macro.precision.dim() == 0);
  REQUIRE(value(macro.precision) == Approx(13.0 / 18).epsilon(1e-15));
  REQUIRE(value(macro.recall) == Approx(13.0 / 18).epsilon(1e-15));
  REQUIRE(value(macro.f1) == Approx(0.7).epsilon(1e-15));  // the mean of per-class F1, not F1 of the means

  auto weighted = train::precision_recall_f1(preds3(), targets3(), 3, "weighted");
  REQUIRE(value(weighted.precision) == Approx(16.0 / 21).epsilon(1e-15));
  REQUIRE(value(weighted.recall) == Approx(5.0 / 7).epsilon(1e-15));
  REQUIRE(value(weighted.f1) == Approx(5.0 / 7).epsilon(1e-15));

  // micro: single-label data gives accuracy three times
  auto micro = train::precision_recall_f1(train::confusion_matrix(preds3(), targets3(), 3), "micro");
  REQUIRE(value(micro.precision) == Approx(5.0 / 7).epsilon(1e-15));
  REQUIRE(value(micro.recall) == Approx(5.0 / 7).epsilon(1e-15));
  REQUIRE(value(micro.f1) == Approx(5.0 / 7).epsilon(1e-15));
}

TEST_CASE("precision_recall_f1 scores a zero denominator as 0 (zero_division=0)", "[train][metrics]") {
  // class 2 never occurs: confusion [[1, 0, 0], [1, 1, 0], [0, 0, 0]]
  Tensor preds = tensor<int64_t>({0, 0, 1}), targets = tensor<int64_t>({0, 1, 1});
  auto none = train::precision_recall_f1(preds, targets, 3, "none");
  REQUIRE_CLOSE(none.precision, tensor<double>({0.5, 1.0, 0.0}, kFloat64), 1e-15);
  REQUIRE_CLOSE(none.recall, tensor<double>({1.0, 0.5, 0.0}, kFloat64), 1e-15);
  REQUIRE_CLOSE(none.f1, tensor<double>({2.0 / 3, 2.0 / 3, 0.0}, kFloat64), 1e-15);
  // the absent class still counts in the macro mean (sklearn with labels=range(3))
  REQUIRE(value(train::precision_recall_f1(preds, targets, 3).f1) == Approx(4.0 / 9).epsilon(1e-15));
  // class 1 occurs but is never predicted: precision 0 / 0 -> 0
  auto never_predicted = train::precision_recall_f1(tensor<int64_t>({0, 0}), tensor<int64_t>({0, 1}), 2, "none");
  REQUIRE_CLOSE(never_predicted.precision, tensor<double>({0.5, 0.0}, kFloat64), 1e-15);
  REQUIRE_CLOSE(never_predicted.f1, tensor<double>({2.0 / 3, 0.0}, kFloat64), 1e-15);
}

TEST_CASE("regression scores match sklearn's documented examples", "[train][metrics]") {
  // sklearn.metrics docs: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]
  Tensor y = tensor<double>({3, -0.5, 2, 7}, kFloat64), p = tensor<double>({2.5, 0.0, 2, 8}, kFloat64);
  REQUIRE(train::mean_absolute_error(p, y) == 0.5);
  REQUIRE(train::mean_squared_error(p, y) == 0.375);
  REQUIRE(train::r2_score(p, y) == Approx(0.9486081370449679).epsilon(1e-14));
  REQUIRE(train::r2_score(p.to(kFloat32), y.to(kFloat32)) == Approx(0.9486081370449679).epsilon(1e-7));

  // two outputs: R^2 per column, then their mean (multioutput="uniform_average"):
  // column 0: ss_res = 1.25, ss_tot = 217 / 6; column 1: ss_res = 3, ss_tot = 98 / 3
  Tensor Y = tensor<double>({{0.5, 1}, {-1, 1}, {7, -6}}, kFloat64);
  Tensor P = tensor<double>({{0, 2}, {-1, 2}, {8, -5}}, kFloat64);
  REQUIRE(train::mean_absolute_error(P, Y) == 0.75);
  REQUIRE(train::mean_squared_error(P, Y) == Approx(0.7083333333333334).epsilon(1e-15));
  REQUIRE(train::r2_score(P, Y) == Approx(1 - (7.5 / 217 + 9.0 / 98) / 2).epsilon(1e-14));  // 0.9368...

  // a constant target: 1 when predicted exactly, else 0 (force_finite)
  Tensor c = tensor<double>({1, 1, 1}, kFloat64);
  REQUIRE(train::r2_score(c, c) == 1.0);
  REQUIRE(train::r2_score(tensor<double>({1, 2, 1}, kFloat64), c) == 0.0);
}

TEST_CASE("AverageMeter weights each value by its count", "[train][metrics]") {
  train::AverageMeter meter;
  REQUIRE_THROWS_WITH(meter.mean(), Contains("[AverageMeter] mean of no values"));
  meter.update(2.0, 3);  // a batch of 3 with mean loss 2
  meter.update(4.0);
  REQUIRE(meter.sum() == 10.0);
  REQUIRE(meter.count() == 4);
  REQUIRE(meter.mean() == 2.5);
  meter.reset();
  REQUIRE(meter.count() == 0);
  REQUIRE(meter.sum() == 0.0);
  REQUIRE_THROWS_WITH(meter.update(1.0, 0), Contains("[AverageMeter] update: n must be at least 1, got 0"));
}

TEST_CASE("metrics name the function and the bad values", "[train][metrics]") {
  REQUIRE_THROWS_WITH(train::confusion_matrix(tensor<int64_t>({0, 3}), tensor<int64_t>({0, 1}), 3),
                      Contains("[confusion_matrix] preds holds class 3, outside [0, 3)"));
  REQUIRE_THROWS_WITH(train::confusion_matrix(tensor<int64_t>({0}), tensor<int64_t>({0, 1}), 3),
                      Contains("[confusion_matrix] preds has 1 samples but targets has 2"));
  REQUIRE_THROWS_WITH(train::confusion_matrix(tensor<float>({0, 1}), tensor<int64_t>({0, 1}), 3),
                      Contains("[confusion_matrix] preds must have an integer dtype, got float32"));
  REQUIRE_THROWS_WITH(train::precision_recall_f1(preds3(), targets3(), 3, "samples"),
                      Contains("[precision_recall_f1] average must be \"none\", \"macro\", \"micro\" or "
                               "\"weighted\", got \"samples\""));
  REQUIRE_THROWS_WITH(train::precision_recall_f1(zeros({2, 3}, kInt64)),
                      Contains("confusion must be a square matrix [C, C], got shape (2, 3)"));
  REQUIRE_THROWS_WITH(train::accuracy(zeros({4, 3}), tensor<int64_t>({0, 1})),
                      Contains("[accuracy] scores have 4 rows but targets has 2 samples"));
  REQUIRE_THROWS_WITH(train::accuracy(zeros({2, 3, 1}), tensor<int64_t>({0, 1})),
                      Contains("[accuracy] input must be scores [N, C] or class indices [N], got shape (2, 3, 1)"));
  REQUIRE_THROWS_WITH(train::accuracy(empty({0}, kInt64), empty({0}, kInt64)), Contains("no samples"));
  REQUIRE_THROWS_WITH(train::mean_squared_error(zeros({3}), zeros({4})),
                      Contains("[mean_squared_error] preds has shape (3) but targets has shape (4)"));
  REQUIRE_THROWS_WITH(train::r2_score(zeros({1}), zeros({1})), Contains("[r2_score] needs at least 2 samples, got 1"));
}
