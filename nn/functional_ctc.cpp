// functional_ctc.cpp — CTC loss: the alpha-beta (forward-backward) recursion
// in log space, as a custom autograd Function with its gradient.
//
// For a target l of length L, the extended target l' puts blanks around and
// between its labels: l' = (b, l1, b, l2, ..., b, lL, b), S = 2L + 1. An
// alignment walks l' through the T frames, each frame staying on its symbol,
// moving one on, or skipping a blank between two different labels. With y_t(c)
// = exp(log_probs[t][c]):
//   alpha_t(s) = y_t(l'_s) (alpha_{t-1}(s) + alpha_{t-1}(s-1) + [l'_s != l'_{s-2}] alpha_{t-1}(s-2))
//   beta_t(s)  = y_t(l'_s) (beta_{t+1}(s) + beta_{t+1}(s+1) + [l'_s != l'_{s+2}] beta_{t+1}(s+2))
//   p(l | x)   = alpha_{T-1}(S-1) + alpha_{T-1}(S-2),   loss = -log p
// Both alpha and beta include frame t's own probability, so for every t
//   p = sum_s alpha_t(s) beta_t(s) / y_t(l'_s)
// and the gradient of the loss with respect to log_probs[t][c] is
//   -exp(log(sum_{s: l'_s = c} alpha_t(s) beta_t(s)) + loss - log_probs[t][c])
// (torch's kernel adds exp(log_probs[t][c]), a term that vanishes once the
// gradient passes back through log_softmax; ember returns the gradient of
// the loss itself, so gradcheck holds for any log_probs). Frames past an
// input's length get 0. Everything runs in float64 log space (log-sum-exp),
// so long sequences neither underflow nor lose precision.
//
// Leaves out: double backward (torch has none either).
#include "nn/functional_ctc.h"

#include <cmath>
#include <limits>
#include <vector>

#include "autograd/function.h"
#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/functional_loss.h"

namespace ember::nn::functional {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

// log(e^a + e^b), exact for -inf operands
double log_add(double a, double b) {
  if (a == kNegInf) return b;
  if (b == kNegInf) return a;
  double m = std::max(a, b);
  return m + std::log1p(std::exp(-std::abs(a - b)));
}

// One batch element's loss, and (when grad is non-null) its gradient
// with respect to lp, written into grad (T, C) rows 0 .. frames - 1.
// lp: row-major log-probs for frame t at lp + t * stride.
double ctc_one(const double* lp, int64_t stride, int64_t frames, const std::vector<int64_t>& target, int64_t blank,
               double* grad, int64_t classes) {
  const int64_t L = static_cast<int64_t>(target.size()), S = 2 * L + 1;
  auto label = [&](int64_t s) { return s % 2 == 0 ? blank : target[static_cast<size_t>(s / 2)]; };
  // a skip from s - 2 to s is allowed between two different labels
  auto can_skip = [&](int64_t s) { return s >= 2 && s % 2 == 1 && label(s) != label(s - 2); };
  if (frames == 0) return L == 0 ? 0.0 : std::numeric_limits<double>::infinity();
  std::vector<double> alpha(static_cast<size_t>(frames * S), kNegInf);
  auto A = [&](int64_t t, int64_t s) -> double& { return alpha[static_cast<size_t>(t * S + s)]; };
  A(0, 0) = lp[blank];
  if (S > 1) A(0, 1) = lp[label(1)];
  for (int64_t t = 1; t < frames; ++t)
    for (int64_t s = 0; s < S; ++s) {
      double a = A(t - 1, s);
      if (s >= 1) a = log_add(a, A(t - 1, s - 1));
      if (can_skip(s)) a = log_add(a, A(t - 1, s - 2));
      A(t, s) = a == kNegInf ? kNegInf : a + lp[t * stride + label(s)];
    }
  double log_p = S > 1 ? log_add(A(frames - 1, S - 1), A(frames - 1, S - 2)) : A(frames - 1, 0);
  double nll = -log_p;
  if (!grad || std::isinf(nll)) return nll;  // an infinite loss has no finite gradient; the caller decides

  std::vector<double> beta(static_cast<size_t>(frames * S), kNegInf);
  auto B = [&](int64_t t, int64_t s) -> double& { return beta[static_cast<size_t>(t * S + s)]; };
  B(frames - 1, S - 1) = lp[(frames - 1) * stride + label(S - 1)];
  if (S > 1) B(frames - 1, S - 2) = lp[(frames - 1) * stride + label(S - 2)];
  for (int64_t t = frames - 2; t >= 0; --t)
    for (int64_t s = 0; s < S; ++s) {
      double b = B(t + 1, s);
      if (s + 1 < S) b = log_add(b, B(t + 1, s + 1));
      if (s + 2 < S && can_skip(s + 2)) b = log_add(b, B(t + 1, s + 2));
      B(t, s) = b == kNegInf ? kNegInf : b + lp[t * stride + label(s)];
    }
  // d loss / d lp[t][c] = -exp(logsumexp_{s: l'_s = c}(alpha + beta) + nll - lp[t][c])
  std::vector<double> lcab(static_cast<size_t>(classes));
  for (int64_t t = 0; t < frames; ++t) {
    std::fill(lcab.begin(), lcab.end(), kNegInf);
    for (int64_t s = 0; s < S; ++s) {
      auto& slot = lcab[static_cast<size_t>(label(s))];
      slot = log_add(slot, A(t, s) + B(t, s));
    }
    for (int64_t c = 0; c < classes; ++c) {
      double v = lcab[static_cast<size_t>(c)];
      grad[t * classes + c] = v == kNegInf ? 0.0 : -std::exp(v + nll - lp[t * stride + c]);
    }
  }
  return nll;
}

// Per-sample losses (N) as a Function of log_probs (T, N, C); the gradient is
// computed with the loss (it needs the same alphas) and kept for backward.
struct CtcLoss : autograd::Function<CtcLoss> {
  static Tensor forward(autograd::AutogradContext* ctx, const Tensor& log_probs,
                        const std::vector<std::vector<int64_t>>& targets, const std::vector<int64_t>& input_lengths,
                        int64_t blank, bool zero_infinity, bool want_grad) {
    const int64_t T = log_probs.size(0), N = log_probs.size(1), C = log_probs.size(2);
    Tensor lp = log_probs.to(Device::cpu(), kFloat64).contiguous();
    Tensor losses = empty({N}, TensorOptions(kFloat64));
    Tensor grad = want_grad ? zeros({T, N, C}, TensorOptions(kFloat64)) : Tensor();
    const double* lp_data = lp.data_ptr<double>();
    double* loss_data = losses.data_ptr<double>();
    for (int64_t n = 0; n < N; ++n) {
      const int64_t frames = input_lengths[static_cast<size_t>(n)];
      std::vector<double> g(want_grad ? static_cast<size_t>(frames * C) : 0);
      double nll = ctc_one(lp_data + n * C, N * C, frames, targets[static_cast<size_t>(n)], blank,
                           want_grad ? g.data() : nullptr, C);
      bool zeroed = zero_infinity && std::isinf(nll);
      loss_data[n] = zeroed ? 0.0 : nll;
      if (want_grad && !std::isinf(nll)) {
        double* dst = grad.data_ptr<double>();
        for (int64_t t = 0; t < frames; ++t) std::copy_n(g.data() + t * C, C, dst + (t * N + n) * C);
      } else if (want_grad && !zeroed) {
        // an impossible alignment without zero_infinity: the loss is inf and so is torch's gradient
        grad.select(1, n).narrow(0, 0, frames).fill_(std::numeric_limits<double>::quiet_NaN());
      }
    }
    if (want_grad) ctx->saved_data["grad"] = grad.to(log_probs.scalar_type()).to(log_probs.device());
    return losses.to(log_probs.scalar_type()).to(log_probs.device());
  }

  static TensorList backward(autograd::AutogradContext* ctx, TensorList grad_outputs) {
    const Tensor& grad = std::any_cast<const Tensor&>(ctx->saved_data.at("grad"));
    // d loss_n / d log_probs[:, n, :] scaled by the incoming gradient of loss_n
    return {grad * grad_outputs[0].reshape({1, -1, 1}), Tensor(), Tensor(), Tensor(), Tensor(), Tensor()};
  }
};

std::vector<int64_t> to_vector(const Tensor& t) {
  Tensor c = t.to(Device::cpu(), kInt64).contiguous().reshape({-1});
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

}  // namespace

Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, int64_t blank, std::string_view reduction, bool zero_infinity) {
  const char* op = "ctc_loss";
  ember::detail::check_defined(op, log_probs);
  ember::detail::check_defined(op, targets);
  EMBER_CHECK(log_probs.is_floating_point(), op, "log_probs must be floating point, got ", log_probs.scalar_type());
  EMBER_CHECK(reduction == "mean" || reduction == "sum" || reduction == "none", op,
              "reduction must be 'mean', 'sum' or 'none', got '", reduction, "'");
  const bool batched = log_probs.dim() == 3;
  EMBER_CHECK(batched || log_probs.dim() == 2, op, "log_probs must be (T, N, C) or (T, C), got ",
              shape_str(log_probs.sizes()));
  Tensor lp = batched ? log_probs : log_probs.unsqueeze(1);
  const int64_t T = lp.size(0), N = lp.size(1), C = lp.size(2);
  EMBER_CHECK(blank >= 0 && blank < C, op, "blank ", blank, " is not a class of log_probs ", shape_str(lp.sizes()));
  EMBER_CHECK(!targets.is_floating_point() && !input_lengths.is_floating_point() && !target_lengths.is_floating_point(),
              op, "targets and lengths must be integers");
  std::vector<int64_t> in_len = to_vector(input_lengths), tgt_len = to_vector(target_lengths);
  EMBER_CHECK(static_cast<int64_t>(in_len.size()) == N && static_cast<int64_t>(tgt_len.size()) == N, op,
              "input_lengths and target_lengths need ", N, " entries, got ", in_len.size(), " and ", tgt_len.size());
  // the targets of each batch element, from padded (N, S) or concatenated 1-D targets
  const bool padded = batched && targets.dim() == 2;
  EMBER_CHECK(padded || targets.dim() == 1, op, "targets must be (N, S) or 1-D, got ", shape_str(targets.sizes()));
  EMBER_CHECK(!padded || targets.size(0) == N, op, "targets ", shape_str(targets.sizes()), " need ", N, " rows");
  std::vector<int64_t> flat = to_vector(targets);
  const int64_t row = padded ? targets.size(1) : 0;
  std::vector<std::vector<int64_t>> per_sample(static_cast<size_t>(N));
  int64_t offset = 0;
  for (int64_t n = 0; n < N; ++n) {
    int64_t len = tgt_len[static_cast<size_t>(n)], frames = in_len[static_cast<size_t>(n)];
    EMBER_CHECK(frames >= 0 && frames <= T, op, "input_lengths[", n, "] = ", frames, " is not within [0, ", T, "]");
    EMBER_CHECK(len >= 0, op, "target_lengths[", n, "] = ", len, " is negative");
    int64_t start = padded ? n * row : offset;
    EMBER_CHECK(padded ? len <= row : start + len <= static_cast<int64_t>(flat.size()), op, "target_lengths[", n,
                "] = ", len, " runs past the targets ", shape_str(targets.sizes()));
    auto& labels = per_sample[static_cast<size_t>(n)];
    labels.assign(flat.begin() + start, flat.begin() + start + len);
    for (int64_t c : labels)
      EMBER_CHECK(c >= 0 && c < C && c != blank, op, "target label ", c, " must be a class in [0, ", C,
                  ") other than blank ", blank);
    offset += len;
  }
  bool want_grad = is_grad_enabled() && log_probs.requires_grad();
  Tensor losses = CtcLoss::apply(lp, per_sample, in_len, blank, zero_infinity, want_grad);
  if (!batched) losses = losses.squeeze(0);
  if (reduction == "none") return losses;
  if (reduction == "sum") return losses.sum();
  Tensor lengths = target_lengths.to(losses.device()).to(losses.scalar_type()).clamp_min(1.0);
  return (losses / (batched ? lengths : lengths.reshape({}))).mean();
}

}  // namespace ember::nn::functional
