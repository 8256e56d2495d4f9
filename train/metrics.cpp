// metrics.cpp — the metrics of metrics.h, as plain loops over float64 and
// int64 copies of the inputs (metrics run once per evaluation, so clarity
// wins over speed here).
#include "train/metrics.h"

#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/ops_creation.h"
#include "core/ops_reduce.h"
#include "core/ops_sort.h"
#include "core/shape.h"

namespace ember::train {

namespace {

void check_defined(const Tensor& t, const char* op, const char* what) {
  EMBER_CHECK(t.defined(), op, what, " is an undefined tensor");
}

// The elements of `t` in row-major order, as int64 on the CPU.
std::vector<int64_t> int64_values(const Tensor& t) {
  Tensor c = t.to(Device(kCPU), kInt64).contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

// The elements of `t` in row-major order, as float64 on the CPU.
std::vector<double> float64_values(const Tensor& t) {
  Tensor c = t.to(Device(kCPU), kFloat64).contiguous();
  const double* p = c.data_ptr<double>();
  return std::vector<double>(p, p + c.numel());
}

// Class indices [N] of an integer dtype.
std::vector<int64_t> class_indices(const Tensor& t, const char* op, const char* what) {
  check_defined(t, op, what);
  EMBER_CHECK(t.dim() == 1, op, what, " must be class indices of shape [N], got shape ", shape_str(t.sizes()));
  EMBER_CHECK(is_integral(t.scalar_type()), op, what, " must have an integer dtype, got ", t.scalar_type());
  return int64_values(t);
}

void check_same_length(const std::vector<int64_t>& preds, const std::vector<int64_t>& targets, const char* op,
                       const char* what) {
  EMBER_CHECK(preds.size() == targets.size(), op, what, " has ", preds.size(), " samples but targets has ",
              targets.size());
  EMBER_CHECK(!targets.empty(), op, "no samples (N = 0)");
}

void check_classes(const std::vector<int64_t>& classes, int64_t num_classes, const char* op, const char* what) {
  for (int64_t c : classes)
    EMBER_CHECK(c >= 0 && c < num_classes, op, what, " holds class ", c, ", outside [0, ", num_classes, ")");
}

// Scores [N, C] with C >= 1 and targets [N] of classes in [0, C).
void check_scores(const Tensor& scores, const std::vector<int64_t>& targets, const char* op) {
  EMBER_CHECK(scores.dim() == 2 && scores.size(1) > 0, op, "scores must have shape [N, C] with C >= 1, got shape ",
              shape_str(scores.sizes()));
  EMBER_CHECK(scores.size(0) == static_cast<int64_t>(targets.size()), op, "scores have ", scores.size(0),
              " rows but targets has ", targets.size(), " samples");
  EMBER_CHECK(!targets.empty(), op, "no samples (N = 0)");
  check_classes(targets, scores.size(1), op, "targets");
}

// n / d, or 0 when d = 0 (sklearn's zero_division=0).
double safe_divide(double n, double d) { return d == 0.0 ? 0.0 : n / d; }

// Float64 values of preds and targets after checking they match in shape.
void regression_inputs(const Tensor& preds, const Tensor& targets, const char* op, std::vector<double>& p,
                       std::vector<double>& t) {
  check_defined(preds, op, "preds");
  check_defined(targets, op, "targets");
  EMBER_CHECK(preds.sizes() == targets.sizes(), op, "preds has shape ", shape_str(preds.sizes()),
              " but targets has shape ", shape_str(targets.sizes()));
  EMBER_CHECK(preds.dim() == 1 || preds.dim() == 2, op, "expected shape [N] or [N, K], got ", shape_str(preds.sizes()));
  EMBER_CHECK(preds.numel() > 0, op, "no samples (shape ", shape_str(preds.sizes()), ")");
  p = float64_values(preds);
  t = float64_values(targets);
}

}  // namespace

// ---- classification ----

double accuracy(const Tensor& input, const Tensor& targets) {
  std::vector<int64_t> t = class_indices(targets, "accuracy", "targets");
  check_defined(input, "accuracy", "input");
  std::vector<int64_t> p;
  if (input.dim() == 2) {
    check_scores(input, t, "accuracy");
    p = int64_values(input.argmax(1));
  } else {
    EMBER_CHECK(input.dim() == 1, "accuracy", "input must be scores [N, C] or class indices [N], got shape ",
                shape_str(input.sizes()));
    p = class_indices(input, "accuracy", "predicted classes");
  }
  check_same_length(p, t, "accuracy", "input");
  int64_t correct = 0;
  for (size_t i = 0; i < t.size(); ++i) correct += p[i] == t[i];
  return static_cast<double>(correct) / static_cast<double>(t.size());
}

double topk_accuracy(const Tensor& logits, const Tensor& targets, int64_t k) {
  std::vector<int64_t> t = class_indices(targets, "topk_accuracy", "targets");
  check_defined(logits, "topk_accuracy", "logits");
  check_scores(logits, t, "topk_accuracy");
  EMBER_CHECK(k >= 1 && k <= logits.size(1), "topk_accuracy", "k must be in [1, ", logits.size(1),
              "] (the number of classes), got ", k);
  auto [values, indices] = topk(logits, k, 1);
  std::vector<int64_t> top = int64_values(indices);  // row i holds the k best classes of sample i
  int64_t correct = 0;
  for (size_t i = 0; i < t.size(); ++i)
    for (int64_t j = 0; j < k; ++j)
      if (top[i * static_cast<size_t>(k) + static_cast<size_t>(j)] == t[i]) {
        ++correct;
        break;
      }
  return static_cast<double>(correct) / static_cast<double>(t.size());
}

Tensor confusion_matrix(const Tensor& preds, const Tensor& targets, int64_t num_classes) {
  EMBER_CHECK(num_classes >= 1, "confusion_matrix", "num_classes must be at least 1, got ", num_classes);
  std::vector<int64_t> p = class_indices(preds, "confusion_matrix", "preds");
  std::vector<int64_t> t = class_indices(targets, "confusion_matrix", "targets");
  check_same_length(p, t, "confusion_matrix", "preds");
  check_classes(p, num_classes, "confusion_matrix", "preds");
  check_classes(t, num_classes, "confusion_matrix", "targets");
  Tensor m = zeros({num_classes, num_classes}, kInt64);
  int64_t* counts = m.data_ptr<int64_t>();
  for (size_t i = 0; i < t.size(); ++i) ++counts[t[i] * num_classes + p[i]];  // M[true, predicted]
  return m;
}

PrecisionRecallF1 precision_recall_f1(const Tensor& confusion, const std::string& average) {
  const char* op = "precision_recall_f1";
  EMBER_CHECK(average == "none" || average == "macro" || average == "micro" || average == "weighted", op,
              "average must be \"none\", \"macro\", \"micro\" or \"weighted\", got \"", average, "\"");
  check_defined(confusion, op, "confusion");
  EMBER_CHECK(confusion.dim() == 2 && confusion.size(0) == confusion.size(1) && confusion.size(0) > 0, op,
              "confusion must be a square matrix [C, C], got shape ", shape_str(confusion.sizes()));
  EMBER_CHECK(is_integral(confusion.scalar_type()), op, "confusion must hold integer counts, got dtype ",
              confusion.scalar_type());
  const int64_t C = confusion.size(0);
  std::vector<int64_t> m = int64_values(confusion);
  for (int64_t v : m) EMBER_CHECK(v >= 0, op, "confusion holds a negative count ", v);

  // tp_c = M[c, c]; fp_c = sum_i M[i, c] - tp_c; fn_c = sum_j M[c, j] - tp_c.
  std::vector<double> tp(C), fp(C), fn(C);
  Tensor support = zeros({C}, kInt64);
  int64_t* s = support.data_ptr<int64_t>();
  for (int64_t i = 0; i < C; ++i)
    for (int64_t j = 0; j < C; ++j) {
      double v = static_cast<double>(m[i * C + j]);
      s[i] += m[i * C + j];
      if (i == j) {
        tp[i] += v;
      } else {
        fn[i] += v;
        fp[j] += v;
      }
    }

  PrecisionRecallF1 r;
  r.support = support;
  if (average == "micro") {
    double TP = 0, FP = 0, FN = 0;
    for (int64_t c = 0; c < C; ++c) TP += tp[c], FP += fp[c], FN += fn[c];
    r.precision = scalar_tensor(safe_divide(TP, TP + FP), kFloat64);
    r.recall = scalar_tensor(safe_divide(TP, TP + FN), kFloat64);
    r.f1 = scalar_tensor(safe_divide(2 * TP, 2 * TP + FP + FN), kFloat64);
    return r;
  }
  Tensor precision = zeros({C}, kFloat64), recall = zeros({C}, kFloat64), f1 = zeros({C}, kFloat64);
  double* P = precision.data_ptr<double>();
  double* R = recall.data_ptr<double>();
  double* F = f1.data_ptr<double>();
  for (int64_t c = 0; c < C; ++c) {
    P[c] = safe_divide(tp[c], tp[c] + fp[c]);
    R[c] = safe_divide(tp[c], tp[c] + fn[c]);
    F[c] = safe_divide(2 * tp[c], 2 * tp[c] + fp[c] + fn[c]);
  }
  if (average == "none") {
    r.precision = precision, r.recall = recall, r.f1 = f1;
    return r;
  }
  // macro: mean_c x_c; weighted: sum_c support_c x_c / sum_c support_c (0 when no samples).
  std::vector<double> w(C, 1.0);
  if (average == "weighted")
    for (int64_t c = 0; c < C; ++c) w[c] = static_cast<double>(s[c]);
  double total = 0, p = 0, rc = 0, f = 0;
  for (int64_t c = 0; c < C; ++c) total += w[c], p += w[c] * P[c], rc += w[c] * R[c], f += w[c] * F[c];
  r.precision = scalar_tensor(safe_divide(p, total), kFloat64);
  r.recall = scalar_tensor(safe_divide(rc, total), kFloat64);
  r.f1 = scalar_tensor(safe_divide(f, total), kFloat64);
  return r;
}

PrecisionRecallF1 precision_recall_f1(const Tensor& preds, const Tensor& targets, int64_t num_classes,
                                      const std::string& average) {
  return precision_recall_f1(confusion_matrix(preds, targets, num_classes), average);
}

// ---- regression ----

double mean_absolute_error(const Tensor& preds, const Tensor& targets) {
  std::vector<double> p, t;
  regression_inputs(preds, targets, "mean_absolute_error", p, t);
  double total = 0;
  for (size_t i = 0; i < p.size(); ++i) total += std::abs(p[i] - t[i]);
  return total / static_cast<double>(p.size());
}

double mean_squared_error(const Tensor& preds, const Tensor& targets) {
  std::vector<double> p, t;
  regression_inputs(preds, targets, "mean_squared_error", p, t);
  double total = 0;
  for (size_t i = 0; i < p.size(); ++i) total += (p[i] - t[i]) * (p[i] - t[i]);
  return total / static_cast<double>(p.size());
}

double r2_score(const Tensor& preds, const Tensor& targets) {
  std::vector<double> p, t;
  regression_inputs(preds, targets, "r2_score", p, t);
  const int64_t N = preds.size(0), K = preds.dim() == 2 ? preds.size(1) : 1;
  EMBER_CHECK(N >= 2, "r2_score", "needs at least 2 samples, got ", N);
  double sum_r2 = 0;
  for (int64_t k = 0; k < K; ++k) {
    double mean = 0;
    for (int64_t i = 0; i < N; ++i) mean += t[i * K + k];
    mean /= static_cast<double>(N);
    double ss_res = 0, ss_tot = 0;
    for (int64_t i = 0; i < N; ++i) {
      double y = t[i * K + k];
      ss_res += (y - p[i * K + k]) * (y - p[i * K + k]);
      ss_tot += (y - mean) * (y - mean);
    }
    if (ss_tot == 0)
      sum_r2 += ss_res == 0 ? 1.0 : 0.0;
    else
      sum_r2 += 1.0 - ss_res / ss_tot;
  }
  return sum_r2 / static_cast<double>(K);
}

// ---- running averages ----

void AverageMeter::update(double value, int64_t n) {
  EMBER_CHECK(n >= 1, "AverageMeter", "update: n must be at least 1, got ", n);
  sum_ += value * static_cast<double>(n);
  count_ += n;
}

void AverageMeter::reset() {
  sum_ = 0.0;
  count_ = 0;
}

double AverageMeter::mean() const {
  EMBER_CHECK(count_ > 0, "AverageMeter", "mean of no values (call update first)");
  return sum_ / static_cast<double>(count_);
}

}  // namespace ember::train
