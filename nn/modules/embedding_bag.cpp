// embedding_bag.cpp — EmbeddingBag (see embedding_bag.h).
#include "nn/modules/embedding_bag.h"

#include "autograd/grad_mode.h"
#include "core/ops.h"
#include "nn/init.h"

namespace ember::nn {

EmbeddingBag::EmbeddingBag(int64_t n, int64_t dim, EmbeddingBagOptions opts)
    : Module("EmbeddingBag"), num_embeddings(n), embedding_dim(dim), options(std::move(opts)),
      weight(register_parameter("weight", empty({n, dim}))) {
  if (options.padding_idx) {
    int64_t& p = *options.padding_idx;
    EMBER_CHECK(p >= -n && p < n, "EmbeddingBag", "padding_idx ", p, " must be within num_embeddings ", n);
    if (p < 0) p += n;
  }
  init::normal_(weight);
  if (options.padding_idx) {
    NoGradGuard no_grad;
    weight.select(0, *options.padding_idx).zero_();
  }
}

Tensor EmbeddingBag::forward(const Tensor& input) { return forward(input, Tensor()); }

Tensor EmbeddingBag::forward(const Tensor& input, const Tensor& offsets, const Tensor& per_sample_weights) {
  return functional::embedding_bag(input, weight, offsets, per_sample_weights, options);
}

std::string EmbeddingBag::extra_repr() const {
  std::string s = std::to_string(num_embeddings) + ", " + std::to_string(embedding_dim) + ", mode='" + options.mode + "'";
  if (options.padding_idx) s += ", padding_idx=" + std::to_string(*options.padding_idx);
  return s;
}

}  // namespace ember::nn
