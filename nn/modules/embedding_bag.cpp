// embedding_bag.cpp — EmbeddingBag (see embedding_bag.h).
#include "nn/modules/embedding_bag.h"

#include "core/ops.h"
#include "nn/modules/embedding.h"

namespace ember::nn {

EmbeddingBag::EmbeddingBag(int64_t n, int64_t dim, EmbeddingBagOptions opts)
    : Module("EmbeddingBag"),
      num_embeddings(n),
      embedding_dim(dim),
      options(std::move(opts)),
      weight(register_parameter("weight", empty({n, dim}))) {
  init_embedding_weight(weight, options.padding_idx, "EmbeddingBag");
}

Tensor EmbeddingBag::forward(const Tensor& input) { return forward(input, Tensor()); }

Tensor EmbeddingBag::forward(const Tensor& input, const Tensor& offsets, const Tensor& per_sample_weights) {
  return functional::embedding_bag(input, weight, offsets, per_sample_weights, options);
}

std::string EmbeddingBag::extra_repr() const {
  std::string s =
      std::to_string(num_embeddings) + ", " + std::to_string(embedding_dim) + ", mode='" + options.mode + "'";
  if (options.padding_idx) s += ", padding_idx=" + std::to_string(*options.padding_idx);
  return s;
}

}  // namespace ember::nn
