// loss.h — loss layers over nn/functional_loss*.h and nn/functional_ctc.h:
// MSELoss, L1Loss, SmoothL1Loss, HuberLoss, NLLLoss, CrossEntropyLoss,
// BCELoss, BCEWithLogitsLoss, KLDivLoss, PoissonNLLLoss, HingeEmbeddingLoss,
// SoftMarginLoss, MultiLabelSoftMarginLoss, MultiMarginLoss,
// MultiLabelMarginLoss: forward(input,
// target); GaussianNLLLoss, MarginRankingLoss, CosineEmbeddingLoss,
// TripletMarginLoss and CTCLoss take their own inputs.
#pragma once

#include <string>

#include "nn/module.h"

namespace ember::nn {

class Loss : public Module {
 public:
  Loss(const char* name, std::string reduction);
  virtual Tensor forward(const Tensor& input, const Tensor& target) = 0;
  Tensor operator()(const Tensor& input, const Tensor& target) { return forward(input, target); }
  std::string reduction;
};

#define EMBER_SIMPLE_LOSS(Name)                                             \
  class Name : public Loss {                                                \
   public:                                                                  \
    explicit Name(std::string reduction = "mean") : Loss(#Name, std::move(reduction)) {} \
    Tensor forward(const Tensor& input, const Tensor& target) override;     \
  };
EMBER_SIMPLE_LOSS(MSELoss)
EMBER_SIMPLE_LOSS(L1Loss)
#undef EMBER_SIMPLE_LOSS

class SmoothL1Loss : public Loss {
 public:
  explicit SmoothL1Loss(std::string reduction = "mean", double beta = 1.0)
      : Loss("SmoothL1Loss", std::move(reduction)), beta(beta) {}
  Tensor forward(const Tensor& input, const Tensor& target) override;
  double beta;
};

class HuberLoss : public Loss {
 public:
  explicit HuberLoss(std::string reduction = "mean", double delta = 1.0)
      : Loss("HuberLoss", std::move(reduction)), delta(delta) {}
  Tensor forward(const Tensor& input, const Tensor& target) override;
  double delta;
};

struct CrossEntropyLossOptions {
  Tensor weight;
  int64_t ignore_index = -100;
  std::string reduction = "mean";
  double label_smoothing = 0.0;
};

class NLLLoss : public Loss {
 public:
  explicit NLLLoss(CrossEntropyLossOptions options = {});
  Tensor forward(const Tensor& input, const Tensor& target) override;
  int64_t ignore_index;
  Tensor& weight;
};

class CrossEntropyLoss : public Loss {
 public:
  explicit CrossEntropyLoss(CrossEntropyLossOptions options = {});
  Tensor forward(const Tensor& input, const Tensor& target) override;
  int64_t ignore_index;
  double label_smoothing;
  Tensor& weight;
};

class BCELoss : public Loss {
 public:
  explicit BCELoss(Tensor weight = {}, std::string reduction = "mean");
  Tensor forward(const Tensor& input, const Tensor& target) override;
  Tensor& weight;
};

class BCEWithLogitsLoss : public Loss {
 public:
  explicit BCEWithLogitsLoss(Tensor weight = {}, std::string reduction = "mean", Tensor pos_weight = {});
  Tensor forward(const Tensor& input, const Tensor& target) override;
  Tensor& weight;
  Tensor& pos_weight;
};

class KLDivLoss : public Loss {
 public:
  explicit KLDivLoss(std::string reduction = "mean", bool log_target = false)
      : Loss("KLDivLoss", std::move(reduction)), log_target(log_target) {}
  Tensor forward(const Tensor& input, const Tensor& target) override;
  bool log_target;
};

struct PoissonNLLLossOptions {
  bool log_input = true;
  bool full = false;
  double eps = 1e-8;
  std::string reduction = "mean";
};

class PoissonNLLLoss : public Loss {
 public:
  explicit PoissonNLLLoss(PoissonNLLLossOptions options = {});
  Tensor forward(const Tensor& input, const Tensor& target) override;
  PoissonNLLLossOptions options;
};

class HingeEmbeddingLoss : public Loss {
 public:
  explicit HingeEmbeddingLoss(double margin = 1.0, std::string reduction = "mean")
      : Loss("HingeEmbeddingLoss", std::move(reduction)), margin(margin) {}
  Tensor forward(const Tensor& input, const Tensor& target) override;
  double margin;
};

class SoftMarginLoss : public Loss {
 public:
  explicit SoftMarginLoss(std::string reduction = "mean") : Loss("SoftMarginLoss", std::move(reduction)) {}
  Tensor forward(const Tensor& input, const Tensor& target) override;
};

class MultiLabelSoftMarginLoss : public Loss {
 public:
  explicit MultiLabelSoftMarginLoss(Tensor weight = {}, std::string reduction = "mean");
  Tensor forward(const Tensor& input, const Tensor& target) override;
  Tensor& weight;
};

struct MultiMarginLossOptions {
  int64_t p = 1;
  double margin = 1.0;
  Tensor weight;
  std::string reduction = "mean";
};

class MultiMarginLoss : public Loss {
 public:
  explicit MultiMarginLoss(MultiMarginLossOptions options = {});
  Tensor forward(const Tensor& input, const Tensor& target) override;
  int64_t p;
  double margin;
  Tensor& weight;
};

class MultiLabelMarginLoss : public Loss {
 public:
  explicit MultiLabelMarginLoss(std::string reduction = "mean") : Loss("MultiLabelMarginLoss", std::move(reduction)) {}
  Tensor forward(const Tensor& input, const Tensor& target) override;
};

/// A loss whose forward takes other inputs than (input, target).
class LossWithInputs : public Module {
 public:
  LossWithInputs(const char* name, std::string reduction);
  std::string reduction;
};

struct GaussianNLLLossOptions {
  bool full = false;
  double eps = 1e-6;
  std::string reduction = "mean";
};

class GaussianNLLLoss : public LossWithInputs {
 public:
  explicit GaussianNLLLoss(GaussianNLLLossOptions options = {});
  Tensor forward(const Tensor& input, const Tensor& target, const Tensor& var);
  Tensor operator()(const Tensor& input, const Tensor& target, const Tensor& var) { return forward(input, target, var); }
  bool full;
  double eps;
};

class MarginRankingLoss : public LossWithInputs {
 public:
  explicit MarginRankingLoss(double margin = 0.0, std::string reduction = "mean")
      : LossWithInputs("MarginRankingLoss", std::move(reduction)), margin(margin) {}
  Tensor forward(const Tensor& input1, const Tensor& input2, const Tensor& target);
  Tensor operator()(const Tensor& input1, const Tensor& input2, const Tensor& target) {
    return forward(input1, input2, target);
  }
  double margin;
};

class CosineEmbeddingLoss : public LossWithInputs {
 public:
  explicit CosineEmbeddingLoss(double margin = 0.0, std::string reduction = "mean")
      : LossWithInputs("CosineEmbeddingLoss", std::move(reduction)), margin(margin) {}
  Tensor forward(const Tensor& input1, const Tensor& input2, const Tensor& target);
  Tensor operator()(const Tensor& input1, const Tensor& input2, const Tensor& target) {
    return forward(input1, input2, target);
  }
  double margin;
};

struct TripletMarginLossOptions {
  double margin = 1.0;
  double p = 2.0;
  double eps = 1e-6;
  bool swap = false;
  std::string reduction = "mean";
};

class TripletMarginLoss : public LossWithInputs {
 public:
  explicit TripletMarginLoss(TripletMarginLossOptions options = {});
  Tensor forward(const Tensor& anchor, const Tensor& positive, const Tensor& negative);
  Tensor operator()(const Tensor& anchor, const Tensor& positive, const Tensor& negative) {
    return forward(anchor, positive, negative);
  }
  TripletMarginLossOptions options;
};

struct CTCLossOptions {
  int64_t blank = 0;
  std::string reduction = "mean";
  bool zero_infinity = false;
};

class CTCLoss : public LossWithInputs {
 public:
  explicit CTCLoss(CTCLossOptions options = {});
  Tensor forward(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                 const Tensor& target_lengths);
  Tensor operator()(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                    const Tensor& target_lengths) {
    return forward(log_probs, targets, input_lengths, target_lengths);
  }
  int64_t blank;
  bool zero_infinity;
};

}  // namespace ember::nn
