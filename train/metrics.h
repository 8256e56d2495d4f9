// metrics.h — scores of a trained model on held-out data, with
// scikit-learn's names and definitions (sklearn.metrics), plus AverageMeter
// for running means over batches.
//
// Every metric takes ember tensors on any device and of any floating dtype
// (class indices: any integer dtype), computes in float64 on the CPU and
// returns plain numbers, or float64 / int64 tensors for per-class results.
// Classification metrics are single-label multiclass: one true class per
// sample. Left out: multilabel and probabilistic metrics (ROC AUC, log loss),
// sample weights, and sklearn's warnings (zero_division is always 0).
#pragma once

#include <cstdint>
#include <string>

#include "core/tensor.h"

namespace ember::train {

// ---- classification ----

/// Fraction of samples whose prediction equals the target. `input` is either
/// scores [N, C] (logits or probabilities; the prediction is the argmax over
/// C, ties to the lowest index) or predicted class indices [N]; `targets` are
/// class indices [N].
double accuracy(const Tensor& input, const Tensor& targets);

/// Fraction of samples whose target is among the k highest scores of its row
/// of `logits` [N, C] (sklearn's top_k_accuracy_score). k = 1 is accuracy.
double topk_accuracy(const Tensor& logits, const Tensor& targets, int64_t k);

/// int64 [C, C], C = num_classes: entry (i, j) counts samples of true class i
/// predicted as class j (rows are true classes, as in sklearn). `preds` and
/// `targets` are class indices [N] in [0, C).
Tensor confusion_matrix(const Tensor& preds, const Tensor& targets, int64_t num_classes);

/// precision_recall_f1's result (sklearn's precision_recall_fscore_support).
struct PrecisionRecallF1 {
  Tensor precision;  // float64: [C] for average "none", else a 0-d tensor
  Tensor recall;     // float64, shaped like precision
  Tensor f1;         // float64, shaped like precision
  Tensor support;    // int64 [C]: samples of each true class (always per class)
};

/// Per class c, from the confusion matrix M (tp_c = M[c, c], fp_c = column
/// sum - tp_c, fn_c = row sum - tp_c):
///   precision_c = tp_c / (tp_c + fp_c)    recall_c = tp_c / (tp_c + fn_c)
///   f1_c = 2 tp_c / (2 tp_c + fp_c + fn_c)   (= 2 P R / (P + R))
/// with 0 for a zero denominator (sklearn's zero_division=0). `average`:
///   "none"     the per-class values;
///   "macro"    their unweighted mean (every one of the C classes counts, as
///              sklearn with labels=range(C));
///   "weighted" their mean weighted by support;
///   "micro"    the formulas on tp, fp, fn summed over classes (for
///              single-label data all three equal accuracy).
PrecisionRecallF1 precision_recall_f1(const Tensor& confusion, const std::string& average = "macro");
/// The same from class indices [N] in [0, num_classes).
PrecisionRecallF1 precision_recall_f1(const Tensor& preds, const Tensor& targets, int64_t num_classes,
                                      const std::string& average = "macro");

// ---- regression ----
// `preds` and `targets` have the same shape, [N] or [N, K] (K outputs).

/// mean |pred - target| over every element.
double mean_absolute_error(const Tensor& preds, const Tensor& targets);
/// mean (pred - target)^2 over every element.
double mean_squared_error(const Tensor& preds, const Tensor& targets);
/// Coefficient of determination, per output column k:
///   R^2_k = 1 - sum_i (y_ik - p_ik)^2 / sum_i (y_ik - mean_i y_ik)^2
/// averaged over the K outputs (sklearn's multioutput="uniform_average"). A
/// constant target column scores 1 when predicted exactly, else 0 (sklearn's
/// force_finite=True).
double r2_score(const Tensor& preds, const Tensor& targets);

// ---- running averages ----

/// Sum and count of values seen so far, for a mean over an epoch's batches
/// (the AverageMeter of PyTorch's ImageNet example). A batch mean enters
/// with its batch size as weight, so the result is the mean over samples.
class AverageMeter {
 public:
  /// Adds `value` with weight n (value counted n times).
  void update(double value, int64_t n = 1);
  void reset();

  double sum() const { return sum_; }
  int64_t count() const { return count_; }
  /// sum / count; an error before the first update.
  double mean() const;

 private:
  double sum_ = 0.0;
  int64_t count_ = 0;
};

}  // namespace ember::train
