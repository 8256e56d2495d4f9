// functional_loss_margin.h — margin and embedding losses (torch.nn.functional):
// margin ranking, hinge embedding, cosine embedding, triplet margin,
// soft margin, multi-label soft margin, multi-class and multi-label margin. `reduction`
// is "mean" (default), "sum" or "none", as in PyTorch.
#pragma once

#include <string_view>

#include "core/tensor.h"

namespace ember::nn::functional {

/// max(0, -y (x1 - x2) + margin), y = 1 or -1 says which input should rank higher
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target, double margin = 0.0,
                           std::string_view reduction = "mean");
/// x where y = 1, max(0, margin - x) where y = -1
Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target, double margin = 1.0,
                            std::string_view reduction = "mean");
/// 1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1 (cosine over the last dim)
Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target, double margin = 0.0,
                             std::string_view reduction = "mean");
/// max(0, margin + d(a, p) - d(a, n)), d the p-norm distance (pairwise_distance);
/// swap uses d(p, n) instead of d(a, n) when it is smaller
Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative, double margin = 1.0,
                           double p = 2.0, double eps = 1e-6, bool swap = false, std::string_view reduction = "mean");
/// log(1 + exp(-y x)), y = 1 or -1
Tensor soft_margin_loss(const Tensor& input, const Tensor& target, std::string_view reduction = "mean");
/// input, target (N, C), target 0/1 per class: the mean over classes of
/// -w_c (t log sigmoid(x) + (1 - t) log sigmoid(-x)); one loss per sample
Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target, const Tensor& weight = {},
                                   std::string_view reduction = "mean");
/// input (N, C) or (C), target (N) or () class indices:
/// sum over i != y of w_y max(0, margin - x_y + x_i)^p, divided by C; p = 1 or 2
Tensor multi_margin_loss(const Tensor& input, const Tensor& target, int64_t p = 1, double margin = 1.0,
                         const Tensor& weight = {}, std::string_view reduction = "mean");
/// input (N, C) or (C); target the same shape, each row's class indices up to
/// the first -1: sum over targets j and non-targets i of max(0, 1 - x_j + x_i), divided by C
Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target, std::string_view reduction = "mean");

}  // namespace ember::nn::functional
