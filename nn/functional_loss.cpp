// functional_loss.cpp — loss functions as compositions of tensor ops.
#include "nn/functional_loss.h"

#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember::nn::functional {

Tensor reduce_loss(const Tensor& loss, std::string_view reduction, const char* op) {
  if (reduction == "mean") return loss.mean();
  if (reduction == "sum") return loss.sum();
  if (reduction == "none") return loss;
  EMBER_FAIL(op, "reduction must be 'mean', 'sum' or 'none', got '", reduction, "'");
}

namespace {
void check_pair(const char* op, const Tensor& input, const Tensor& target) {
  ember::detail::check_same_device(op, input, target);
  broadcast_shapes(input.sizes(), target.sizes(), op);
}
}  // namespace

Tensor mse_loss(const Tensor& input, const Tensor& target, std::string_view reduction) {
  check_pair("mse_loss", input, target);
  return reduce_loss((input - target).square(), reduction, "mse_loss");
}

Tensor l1_loss(const Tensor& input, const Tensor& target, std::string_view reduction) {
  check_pair("l1_loss", input, target);
  return reduce_loss((input - target).abs(), reduction, "l1_loss");
}

Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, std::string_view reduction, double beta) {
  check_pair("smooth_l1_loss", input, target);
  EMBER_CHECK(beta >= 0, "smooth_l1_loss", "beta must be non-negative, got ", beta);
  Tensor d = (input - target).abs();
  if (beta == 0) return reduce_loss(d, reduction, "smooth_l1_loss");
  return reduce_loss(where(d.lt(beta), d.square() * (0.5 / beta), d - 0.5 * beta), reduction, "smooth_l1_loss");
}

Tensor huber_loss(const Tensor& input, const Tensor& target, std::string_view reduction, double delta) {
  check_pair("huber_loss", input, target);
  EMBER_CHECK(delta > 0, "huber_loss", "delta must be positive, got ", delta);
  Tensor d = (input - target).abs();
  return reduce_loss(where(d.lt(delta), d.square() * 0.5, (d - 0.5 * delta) * delta), reduction, "huber_loss");
}

namespace {

// input (N, C, d...) or (C) and target (N, d...) or (): moves C last and
// flattens, giving (M, C) scores and (M) targets
std::pair<Tensor, Tensor> flatten_classes(const char* op, const Tensor& input, const Tensor& target) {
  ember::detail::check_same_device(op, input, target);
  EMBER_CHECK(target.scalar_type() == kInt64 || target.scalar_type() == kInt32, op,
              "target must hold class indices (int64), got ", target.scalar_type());
  if (input.dim() == 1) {
    EMBER_CHECK(target.dim() == 0, op, "a 1-D input (C) needs a 0-D target, got ", shape_str(target.sizes()));
    return {input.unsqueeze(0), target.reshape({1})};
  }
  EMBER_CHECK(input.dim() >= 2 && target.dim() == input.dim() - 1, op, "input ", shape_str(input.sizes()),
              " and target ", shape_str(target.sizes()), " do not fit (expected input (N, C, d...), target (N, d...))");
  EMBER_CHECK(target.size(0) == input.size(0), op, "batch sizes differ: input ", shape_str(input.sizes()),
              " and target ", shape_str(target.sizes()));
  for (int64_t d = 1; d < target.dim(); ++d)
    EMBER_CHECK(target.size(d) == input.size(d + 1), op, "spatial sizes differ: input ", shape_str(input.sizes()),
                " and target ", shape_str(target.sizes()));
  Tensor scores = input.dim() == 2 ? input : input.movedim(1, -1).reshape({-1, input.size(1)});
  return {scores, target.reshape({-1})};
}

// the per-sample losses -w[t] * logp[t] (0 for ignored samples), and the
// per-sample weights that "mean" divides by
std::pair<Tensor, Tensor> nll_terms(const char* op, const Tensor& logp, const Tensor& target, const Tensor& weight,
                                    int64_t ignore_index) {
  int64_t classes = logp.size(1);
  Tensor t = target.to(kInt64);
  Tensor ignored = t.eq(ignore_index);
  Tensor safe = where(ignored, Scalar(0), t);
  if (safe.numel() > 0) {
    int64_t lo = safe.amin().item<int64_t>(), hi = safe.amax().item<int64_t>();
    EMBER_CHECK(lo >= 0 && hi < classes, op, "target ", lo < 0 ? lo : hi, " is out of bounds for ", classes,
                " classes");
  }
  Tensor picked = logp.gather(1, safe.unsqueeze(1)).squeeze(1);
  Tensor w = weight.defined() ? weight.to(logp.scalar_type()).index_select(0, safe)
                              : ones({safe.numel()}, TensorOptions(logp.scalar_type()).device(logp.device()));
  w = where(ignored, Scalar(0.0), w);
  return {neg(picked) * w, w};
}

Tensor reduce_weighted(const Tensor& losses, const Tensor& weights, std::string_view reduction, const char* op,
                       const Shape& none_shape) {
  if (reduction == "none") return losses.reshape(none_shape);
  if (reduction == "sum") return losses.sum();
  EMBER_CHECK(reduction == "mean", op, "reduction must be 'mean', 'sum' or 'none', got '", reduction, "'");
  return losses.sum() / weights.sum();
}

Shape target_shape(const Tensor& input) {
  if (input.dim() == 1) return {};
  Shape s{input.size(0)};
  s.insert(s.end(), input.sizes().begin() + 2, input.sizes().end());
  return s;
}

}  // namespace

Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight, int64_t ignore_index,
                std::string_view reduction) {
  auto [logp, t] = flatten_classes("nll_loss", input, target);
  EMBER_CHECK(!weight.defined() || (weight.dim() == 1 && weight.size(0) == logp.size(1)), "nll_loss",
              "weight must have shape (", logp.size(1), ")");
  auto [losses, w] = nll_terms("nll_loss", logp, t, weight, ignore_index);
  return reduce_weighted(losses, w, reduction, "nll_loss", target_shape(input));
}

Tensor cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight, int64_t ignore_index,
                     std::string_view reduction, double label_smoothing) {
  ember::detail::check_defined("cross_entropy", input);
  EMBER_CHECK(input.is_floating_point(), "cross_entropy", "input must be floating point scores, got ",
              input.scalar_type());
  EMBER_CHECK(label_smoothing >= 0 && label_smoothing <= 1, "cross_entropy", "label_smoothing must be in [0, 1], got ",
              label_smoothing);
  int64_t class_dim = input.dim() == 1 ? 0 : 1;
  int64_t classes = input.size(class_dim);
  Tensor logp = input.log_softmax(class_dim);
  Shape w_shape(static_cast<size_t>(input.dim()), 1);
  w_shape[class_dim] = classes;
  if (target.is_floating_point()) {
    // class probabilities: -sum_c w_c t_c log p_c, the target smoothed toward uniform
    EMBER_CHECK(target.sizes() == input.sizes(), "cross_entropy", "probability targets must have the input's shape ",
                shape_str(input.sizes()), ", got ", shape_str(target.sizes()));
    Tensor t = label_smoothing > 0 ? target * (1 - label_smoothing) + label_smoothing / classes : target;
    Tensor terms = logp * t;
    if (weight.defined()) terms = terms * weight.reshape(w_shape);
    Tensor losses = neg(terms.sum({class_dim}));
    if (reduction == "mean" && input.dim() > 1) return losses.sum() / static_cast<double>(losses.numel());
    return reduce_loss(losses, reduction, "cross_entropy");
  }
  Tensor nll = nll_loss(logp, target, weight, ignore_index, reduction);
  if (label_smoothing == 0) return nll;
  // torch: (1 - eps) nll + eps / C * sum_c (-w_c log p_c), ignored samples excluded
  auto [flat, t] = flatten_classes("cross_entropy", logp, target);
  Tensor terms = weight.defined() ? flat * weight.to(flat.scalar_type()).reshape({1, classes}) : flat;
  Tensor smooth = neg(terms.sum({1}));
  Tensor ignored = t.to(kInt64).eq(ignore_index);
  smooth = where(ignored, Scalar(0.0), smooth);
  Tensor smooth_reduced;
  if (reduction == "none") {
    smooth_reduced = smooth.reshape(target_shape(input));
  } else if (reduction == "sum") {
    smooth_reduced = smooth.sum();
  } else {
    Tensor denom = weight.defined() ? std::get<1>(nll_terms("cross_entropy", flat, t, weight, ignore_index)).sum()
                                    : logical_not(ignored).sum().to(flat.scalar_type());
    smooth_reduced = smooth.sum() / denom;
  }
  return nll * (1 - label_smoothing) + smooth_reduced * (label_smoothing / classes);
}

Tensor binary_cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight,
                            std::string_view reduction) {
  check_pair("binary_cross_entropy", input, target);
  EMBER_CHECK(input.sizes() == target.sizes(), "binary_cross_entropy", "target ", shape_str(target.sizes()),
              " must have the input's shape ", shape_str(input.sizes()));
  // torch clamps each log at -100 so that p = 0 or 1 gives a finite loss
  Tensor loss = neg(target * input.log().clamp_min(-100.0) + (1 - target) * (1 - input).log().clamp_min(-100.0));
  if (weight.defined()) loss = loss * weight;
  return reduce_loss(loss, reduction, "binary_cross_entropy");
}

Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target, const Tensor& weight,
                                        const Tensor& pos_weight, std::string_view reduction) {
  check_pair("binary_cross_entropy_with_logits", input, target);
  EMBER_CHECK(input.sizes() == target.sizes(), "binary_cross_entropy_with_logits", "target ",
              shape_str(target.sizes()), " must have the input's shape ", shape_str(input.sizes()));
  // loss = (1 - t) x + l (log(1 + e^-|x|) + max(-x, 0)), l = 1 + (pos_weight - 1) t
  Tensor log_sig_neg = (neg(input.abs())).exp().log1p() + neg(input).clamp_min(0.0);
  Tensor l = pos_weight.defined() ? (pos_weight - 1) * target + 1 : Tensor();
  Tensor loss = l.defined() ? (1 - target) * input + l * log_sig_neg : (1 - target) * input + log_sig_neg;
  if (weight.defined()) loss = loss * weight;
  return reduce_loss(loss, reduction, "binary_cross_entropy_with_logits");
}

Tensor kl_div(const Tensor& input, const Tensor& target, std::string_view reduction, bool log_target) {
  check_pair("kl_div", input, target);
  // pointwise: t (log t - x); where t = 0 the term is 0 (log is taken of 1 there, so
  // no inf or NaN reaches the value or the gradient)
  Tensor safe = where(target.gt(0), target, Scalar(1.0));
  Tensor loss = log_target ? target.exp() * (target - input) : target * (safe.log() - input);
  if (reduction == "batchmean") return loss.sum() / static_cast<double>(input.dim() > 0 ? input.size(0) : 1);
  return reduce_loss(loss, reduction, "kl_div");
}

}  // namespace ember::nn::functional
