// loss.cpp — loss layers (see loss.h). Class weights are buffers, so they
// move with the module and appear in its state_dict, as in PyTorch.
#include "nn/modules/loss.h"

#include "nn/functional_loss.h"

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

}  // namespace ember::nn
