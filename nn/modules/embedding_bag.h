// embedding_bag.h — EmbeddingBag: an Embedding table whose lookups are
// reduced per bag ("sum", "mean" or "max"), over F::embedding_bag. N(0, 1)
// initialized like PyTorch; the padding_idx row starts at zero, is left out
// of every bag and gets no gradient.
//
// Leaves out: scale_grad_by_freq and sparse gradients.
#pragma once

#include "nn/functional_embedding_bag.h"
#include "nn/module.h"

namespace ember::nn {

using EmbeddingBagOptions = functional::EmbeddingBagOptions;

class EmbeddingBag : public Module {
 public:
  EmbeddingBag(int64_t num_embeddings, int64_t embedding_dim, EmbeddingBagOptions options = {});
  /// input (B, L): one bag per row
  Tensor forward(const Tensor& input) override;
  /// input 1-D with offsets (or 2-D and no offsets); per_sample_weights for mode "sum"
  Tensor forward(const Tensor& input, const Tensor& offsets, const Tensor& per_sample_weights = {});
  std::string extra_repr() const override;
  int64_t num_embeddings, embedding_dim;
  EmbeddingBagOptions options;
  Tensor& weight;
};

}  // namespace ember::nn
