// embedding.h — Embedding: a lookup table of num_embeddings vectors, N(0, 1)
// initialized like PyTorch; the padding_idx row starts at zero and gets no
// gradient.
#pragma once

#include <optional>

#include "nn/module.h"

namespace ember::nn {

struct EmbeddingOptions {
  std::optional<int64_t> padding_idx;
  std::optional<double> max_norm;
  double norm_type = 2.0;
};

/// An embedding table's initialization, shared with EmbeddingBag: N(0, 1),
/// and the padding_idx row (made non-negative first) zero.
void init_embedding_weight(Tensor& weight, std::optional<int64_t>& padding_idx, const char* layer);

class Embedding : public Module {
 public:
  Embedding(int64_t num_embeddings, int64_t embedding_dim, EmbeddingOptions options = {});
  Tensor forward(const Tensor& indices) override;
  std::string extra_repr() const override;
  int64_t num_embeddings, embedding_dim;
  EmbeddingOptions options;
  Tensor& weight;
};

}  // namespace ember::nn
