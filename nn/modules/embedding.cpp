// embedding.cpp — Embedding (see embedding.h).
#include "nn/modules/embedding.h"

#include "autograd/grad_mode.h"
#include "core/ops.h"
#include "nn/functional_misc.h"
#include "nn/init.h"

namespace ember::nn {

Embedding::Embedding(int64_t n, int64_t dim, EmbeddingOptions opts)
    : Module("Embedding"), num_embeddings(n), embedding_dim(dim), options(opts),
      weight(register_parameter("weight", empty({n, dim}))) {
  init_embedding_weight(weight, options.padding_idx, "Embedding");
}

void init_embedding_weight(Tensor& weight, std::optional<int64_t>& padding_idx, const char* layer) {
  const int64_t n = weight.size(0);
  if (padding_idx) {
    int64_t& p = *padding_idx;
    EMBER_CHECK(p >= -n && p < n, layer, "padding_idx ", p, " must be within num_embeddings ", n);
    if (p < 0) p += n;
  }
  init::normal_(weight);
  if (padding_idx) {
    NoGradGuard no_grad;
    weight.select(0, *padding_idx).zero_();
  }
}

Tensor Embedding::forward(const Tensor& indices) {
  return functional::embedding(indices, weight, options.padding_idx, options.max_norm, options.norm_type);
}

std::string Embedding::extra_repr() const {
  std::string s = std::to_string(num_embeddings) + ", " + std::to_string(embedding_dim);
  if (options.padding_idx) s += ", padding_idx=" + std::to_string(*options.padding_idx);
  return s;
}

}  // namespace ember::nn
