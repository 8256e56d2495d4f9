// loss.h — loss layers over nn/functional_loss.h: MSELoss, L1Loss,
// SmoothL1Loss, HuberLoss, NLLLoss, CrossEntropyLoss, BCELoss,
// BCEWithLogitsLoss, KLDivLoss. forward(input, target).
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

}  // namespace ember::nn
