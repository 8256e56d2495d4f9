// functional_loss_margin.cpp — margin and embedding losses as compositions
// of tensor ops, written as torch 1.13 writes them
// (aten/src/ATen/native/Loss.cpp, torch/nn/functional.py), so that values
// and gradients agree.
#include "nn/functional_loss_margin.h"

#include <vector>

#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/functional_loss.h"
#include "nn/functional_misc.h"

namespace ember::nn::functional {

namespace {
void check_same_shape(const char* op, const Tensor& a, const Tensor& b, const char* a_name, const char* b_name) {
  ember::detail::check_same_device(op, a, b);
  EMBER_CHECK(a.sizes() == b.sizes(), op, a_name, " ", shape_str(a.sizes()), " and ", b_name, " ", shape_str(b.sizes()),
              " must have the same shape");
}
}  // namespace

Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target, double margin,
                           std::string_view reduction) {
  check_same_shape("margin_ranking_loss", input1, input2, "input1", "input2");
  check_same_shape("margin_ranking_loss", input1, target, "input1", "target");
  return reduce_loss((neg(target) * (input1 - input2) + margin).clamp_min(0.0), reduction, "margin_ranking_loss");
}

Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target, double margin, std::string_view reduction) {
  ember::detail::check_same_device("hinge_embedding_loss", input, target);
  broadcast_shapes(input.sizes(), target.sizes(), "hinge_embedding_loss");
  // torch: targets other than 1 take the margin term, targets other than -1 the input
  Tensor margin_term = where(target.ne(1), (margin - input).clamp_min(0.0), Scalar(0.0));
  Tensor self_term = where(target.ne(-1), input, Scalar(0.0));
  return reduce_loss(margin_term + self_term, reduction, "hinge_embedding_loss");
}

Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target, double margin,
                             std::string_view reduction) {
  check_same_shape("cosine_embedding_loss", input1, input2, "input1", "input2");
  EMBER_CHECK((input1.dim() == 1 && target.dim() == 0) ||
                  (input1.dim() == 2 && target.dim() == 1 && target.size(0) == input1.size(0)),
              "cosine_embedding_loss", "expected inputs (N, D) with target (N), or (D) with target (), got ",
              shape_str(input1.sizes()), " and ", shape_str(target.sizes()));
  // cos = x1 . x2 / sqrt((|x1|^2 + 1e-12) (|x2|^2 + 1e-12)), torch's EPSILON
  const int64_t d = input1.dim() - 1;
  constexpr double eps = 1e-12;
  Tensor dot = (input1 * input2).sum({d});
  Tensor cos = dot / (((input1 * input1).sum({d}) + eps) * ((input2 * input2).sum({d}) + eps)).sqrt();
  Tensor pos = where(target.eq(1), 1 - cos, Scalar(0.0));
  Tensor neg_term = where(target.eq(-1), (cos - margin).clamp_min(0.0), Scalar(0.0));
  return reduce_loss(pos + neg_term, reduction, "cosine_embedding_loss");
}

Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative, double margin,
                           double p, double eps, bool swap, std::string_view reduction) {
  check_same_shape("triplet_margin_loss", anchor, positive, "anchor", "positive");
  check_same_shape("triplet_margin_loss", anchor, negative, "anchor", "negative");
  EMBER_CHECK(anchor.dim() == 1 || anchor.dim() == 2, "triplet_margin_loss", "expected inputs (N, D) or (D), got ",
              shape_str(anchor.sizes()));
  EMBER_CHECK(p > 0, "triplet_margin_loss", "p must be positive, got ", p);
  Tensor d_pos = pairwise_distance(anchor, positive, p, eps);
  Tensor d_neg = pairwise_distance(anchor, negative, p, eps);
  if (swap) d_neg = minimum(d_neg, pairwise_distance(positive, negative, p, eps));
  return reduce_loss((d_pos - d_neg + margin).clamp_min(0.0), reduction, "triplet_margin_loss");
}

Tensor soft_margin_loss(const Tensor& input, const Tensor& target, std::string_view reduction) {
  check_same_shape("soft_margin_loss", input, target, "input", "target");
  return reduce_loss(log1p(exp(neg(input) * target)), reduction, "soft_margin_loss");
}

Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target, const Tensor& weight,
                                   std::string_view reduction) {
  check_same_shape("multilabel_soft_margin_loss", input, target, "input", "target");
  EMBER_CHECK(input.dim() >= 1, "multilabel_soft_margin_loss", "expected input (N, C) or (C), got a scalar");
  Tensor loss = neg(target * logsigmoid(input) + (1 - target) * logsigmoid(neg(input)));
  if (weight.defined()) loss = loss * weight;
  const int64_t classes = input.size(-1);
  return reduce_loss(loss.sum({-1}) / static_cast<double>(classes), reduction, "multilabel_soft_margin_loss");
}

Tensor multi_margin_loss(const Tensor& input, const Tensor& target, int64_t p, double margin, const Tensor& weight,
                         std::string_view reduction) {
  const char* op = "multi_margin_loss";
  ember::detail::check_same_device(op, input, target);
  EMBER_CHECK(p == 1 || p == 2, op, "p must be 1 or 2, got ", p);
  EMBER_CHECK(!target.is_floating_point() && target.scalar_type() != kBool, op, "target must hold class indices, got ",
              target.scalar_type());
  EMBER_CHECK((input.dim() == 2 && target.dim() == 1 && target.size(0) == input.size(0)) ||
                  (input.dim() == 1 && target.dim() == 0),
              op, "expected input (N, C) with target (N), or (C) with target (), got ", shape_str(input.sizes()),
              " and ", shape_str(target.sizes()));
  Tensor x = input.dim() == 2 ? input : input.unsqueeze(0);
  Tensor t = target.reshape({-1, 1}).to(kInt64);
  const int64_t classes = x.size(1);
  EMBER_CHECK(!weight.defined() || (weight.dim() == 1 && weight.size(0) == classes), op, "weight must have shape (",
              classes, "), got ", weight.defined() ? shape_str(weight.sizes()) : "");
  if (t.numel() > 0)
    EMBER_CHECK(t.amin().item<int64_t>() >= 0 && t.amax().item<int64_t>() < classes, op,
                "target values must be in [0, ", classes, ")");
  // z_i = max(0, margin - x_y + x_i) for every class i, then i = y is dropped
  Tensor z = (x - x.gather(1, t) + margin).clamp_min(0.0);
  if (p == 2) z = z * z;
  if (weight.defined()) z = z * weight.to(x.scalar_type()).index_select(0, t.reshape({-1})).unsqueeze(1);
  Tensor is_target = arange(classes, TensorOptions(kInt64).device(x.device())).unsqueeze(0).eq(t);
  Tensor loss = where(is_target, Scalar(0.0), z).sum({1}) / static_cast<double>(classes);
  return reduce_loss(input.dim() == 2 ? loss : loss.squeeze(0), reduction, op);
}

Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target, std::string_view reduction) {
  const char* op = "multilabel_margin_loss";
  check_same_shape(op, input, target, "input", "target");
  EMBER_CHECK(input.dim() == 1 || input.dim() == 2, op, "expected input (N, C) or (C), got ", shape_str(input.sizes()));
  EMBER_CHECK(!target.is_floating_point() && target.scalar_type() != kBool, op, "target must hold class indices, got ",
              target.scalar_type());
  Tensor x = input.dim() == 2 ? input : input.unsqueeze(0);
  const int64_t n = x.size(0), classes = x.size(1);
  // each row's targets are its entries before the first -1
  Tensor t = target.reshape({n, classes}).to(Device::cpu(), kInt64).contiguous();
  std::vector<int64_t> labels(static_cast<size_t>(n * classes), 0);
  std::vector<double> valid(static_cast<size_t>(n * classes), 0.0), is_target(static_cast<size_t>(n * classes), 0.0);
  const int64_t* tp = t.data_ptr<int64_t>();
  for (int64_t r = 0; r < n; ++r)
    for (int64_t j = 0; j < classes && tp[r * classes + j] != -1; ++j) {
      int64_t c = tp[r * classes + j];
      EMBER_CHECK(c >= 0 && c < classes, op, "target class ", c, " is not in [0, ", classes, ")");
      auto k = static_cast<size_t>(r * classes + j);
      labels[k] = c;
      valid[k] = 1.0;
      is_target[static_cast<size_t>(r * classes + c)] = 1.0;
    }
  TensorOptions real = TensorOptions(kFloat64).device(x.device());
  Tensor label = tensor(labels, {n, classes}, TensorOptions(kInt64).device(x.device()));
  Tensor valid_j = tensor(valid, {n, classes, 1}, real).to(x.scalar_type());
  Tensor other_i = (1 - tensor(is_target, {n, 1, classes}, real)).to(x.scalar_type());
  // hinge[r, j, i] = max(0, 1 - x[r, label_j] + x[r, i]) for target j and non-target i
  Tensor hinge = (1 - x.gather(1, label).unsqueeze(2) + x.unsqueeze(1)).clamp_min(0.0);
  Tensor loss = (hinge * valid_j * other_i).sum({1, 2}) / static_cast<double>(classes);
  return reduce_loss(input.dim() == 2 ? loss : loss.squeeze(0), reduction, op);
}

}  // namespace ember::nn::functional
