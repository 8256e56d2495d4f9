// functional_embedding_bag.h — embedding_bag (torch.nn.functional): sums,
// means or maxima of bags of embedding rows, without materializing the
// looked-up rows per bag.
#pragma once

#include <optional>
#include <string>

#include "core/tensor.h"

namespace ember::nn::functional {

struct EmbeddingBagOptions {
  /// "sum", "mean" or "max" over each bag's rows
  std::string mode = "mean";
  /// entries equal to padding_idx are left out of their bag (and of its count)
  std::optional<int64_t> padding_idx = std::nullopt;
  /// looked-up rows with a larger norm are renormalized in place, as in embedding
  std::optional<double> max_norm = std::nullopt;
  double norm_type = 2.0;
  /// offsets has one entry more than there are bags: the end of the last bag
  bool include_last_offset = false;
};

/// input (B, L): B bags of L indices; or 1-D indices split into bags at
/// `offsets` (each the start of a bag). weight (num_embeddings, D).
/// per_sample_weights (input's shape, mode "sum" only) scale each row.
/// Empty bags give zeros. Output (B, D).
Tensor embedding_bag(const Tensor& input, const Tensor& weight, const Tensor& offsets = {},
                     const Tensor& per_sample_weights = {}, const EmbeddingBagOptions& options = {});

}  // namespace ember::nn::functional
