// loss.cpp — loss layers (see loss.h). Class weights are buffers, so they
// move with the module and appear in its state_dict, as in PyTorch.
#include "nn/modules/loss.h"

#include "nn/functional_ctc.h"
#include "nn/functional_loss.h"
#include "nn/functional_loss_likelihood.h"
#include "nn/functional_loss_margin.h"

namespace ember::nn {

namespace F = functional;

Loss::Loss(const char* name, std::string r) : Module(name), reduction(std::move(r)) {
  EMBER_CHECK(reduction == "mean" || reduction == "sum" || reduction == "none" || reduction == "batchmean", name,
              "reduction must be 'mean', 'sum' or 'none', got '", reduction, "'");
}

Tensor MSELoss::forward(const Tensor& input, const Tensor& target) { return F::mse_loss(input, target, reduction); }
Tensor L1Loss::forward(const Tensor& input, const Tensor& target) { return F::l1_loss(input, target, reduction); }
Tensor SmoothL1Loss::forward(const Tensor& input, const Tensor& target) {
  return F::smooth_l1_loss(input, target, reduction, beta);
}
Tensor HuberLoss::forward(const Tensor& input, const Tensor& target) {
  return F::huber_loss(input, target, reduction, delta);
}

NLLLoss::NLLLoss(CrossEntropyLossOptions o)
    : Loss("NLLLoss", o.reduction), ignore_index(o.ignore_index), weight(register_buffer("weight", o.weight)) {}
Tensor NLLLoss::forward(const Tensor& input, const Tensor& target) {
  return F::nll_loss(input, target, weight, ignore_index, reduction);
}

CrossEntropyLoss::CrossEntropyLoss(CrossEntropyLossOptions o)
    : Loss("CrossEntropyLoss", o.reduction), ignore_index(o.ignore_index), label_smoothing(o.label_smoothing),
      weight(register_buffer("weight", o.weight)) {}
Tensor CrossEntropyLoss::forward(const Tensor& input, const Tensor& target) {
  return F::cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing);
}

BCELoss::BCELoss(Tensor w, std::string r) : Loss("BCELoss", std::move(r)), weight(register_buffer("weight", w)) {}
Tensor BCELoss::forward(const Tensor& input, const Tensor& target) {
  return F::binary_cross_entropy(input, target, weight, reduction);
}

BCEWithLogitsLoss::BCEWithLogitsLoss(Tensor w, std::string r, Tensor pw)
    : Loss("BCEWithLogitsLoss", std::move(r)), weight(register_buffer("weight", w)),
      pos_weight(register_buffer("pos_weight", pw)) {}
Tensor BCEWithLogitsLoss::forward(const Tensor& input, const Tensor& target) {
  return F::binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction);
}

Tensor KLDivLoss::forward(const Tensor& input, const Tensor& target) {
  return F::kl_div(input, target, reduction, log_target);
}

PoissonNLLLoss::PoissonNLLLoss(PoissonNLLLossOptions o) : Loss("PoissonNLLLoss", o.reduction), options(o) {}
Tensor PoissonNLLLoss::forward(const Tensor& input, const Tensor& target) {
  return F::poisson_nll_loss(input, target, options.log_input, options.full, options.eps, reduction);
}

Tensor HingeEmbeddingLoss::forward(const Tensor& input, const Tensor& target) {
  return F::hinge_embedding_loss(input, target, margin, reduction);
}

Tensor SoftMarginLoss::forward(const Tensor& input, const Tensor& target) {
  return F::soft_margin_loss(input, target, reduction);
}

MultiLabelSoftMarginLoss::MultiLabelSoftMarginLoss(Tensor w, std::string r)
    : Loss("MultiLabelSoftMarginLoss", std::move(r)), weight(register_buffer("weight", w)) {}
Tensor MultiLabelSoftMarginLoss::forward(const Tensor& input, const Tensor& target) {
  return F::multilabel_soft_margin_loss(input, target, weight, reduction);
}

MultiMarginLoss::MultiMarginLoss(MultiMarginLossOptions o)
    : Loss("MultiMarginLoss", o.reduction), p(o.p), margin(o.margin), weight(register_buffer("weight", o.weight)) {
  EMBER_CHECK(p == 1 || p == 2, "MultiMarginLoss", "p must be 1 or 2, got ", p);
}
Tensor MultiMarginLoss::forward(const Tensor& input, const Tensor& target) {
  return F::multi_margin_loss(input, target, p, margin, weight, reduction);
}

Tensor MultiLabelMarginLoss::forward(const Tensor& input, const Tensor& target) {
  return F::multilabel_margin_loss(input, target, reduction);
}

LossWithInputs::LossWithInputs(const char* name, std::string r) : Module(name), reduction(std::move(r)) {
  EMBER_CHECK(reduction == "mean" || reduction == "sum" || reduction == "none", name,
              "reduction must be 'mean', 'sum' or 'none', got '", reduction, "'");
}

GaussianNLLLoss::GaussianNLLLoss(GaussianNLLLossOptions o)
    : LossWithInputs("GaussianNLLLoss", o.reduction), full(o.full), eps(o.eps) {}
Tensor GaussianNLLLoss::forward(const Tensor& input, const Tensor& target, const Tensor& var) {
  return F::gaussian_nll_loss(input, target, var, full, eps, reduction);
}

Tensor MarginRankingLoss::forward(const Tensor& input1, const Tensor& input2, const Tensor& target) {
  return F::margin_ranking_loss(input1, input2, target, margin, reduction);
}

Tensor CosineEmbeddingLoss::forward(const Tensor& input1, const Tensor& input2, const Tensor& target) {
  return F::cosine_embedding_loss(input1, input2, target, margin, reduction);
}

TripletMarginLoss::TripletMarginLoss(TripletMarginLossOptions o)
    : LossWithInputs("TripletMarginLoss", o.reduction), options(o) {}
Tensor TripletMarginLoss::forward(const Tensor& anchor, const Tensor& positive, const Tensor& negative) {
  return F::triplet_margin_loss(anchor, positive, negative, options.margin, options.p, options.eps, options.swap,
                                reduction);
}

CTCLoss::CTCLoss(CTCLossOptions o)
    : LossWithInputs("CTCLoss", o.reduction), blank(o.blank), zero_infinity(o.zero_infinity) {}
Tensor CTCLoss::forward(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                        const Tensor& target_lengths) {
  return F::ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction, zero_infinity);
}

}  // namespace ember::nn
