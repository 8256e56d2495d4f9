// functional_attention.cpp — scaled dot-product attention as tensor ops.
#include "nn/functional_attention.h"

#include <cmath>

#include "core/ops.h"
#include "core/ops_internal.h"
#include "nn/functional_misc.h"

namespace ember::nn::functional {

Tensor attention_weights(const Tensor& query, const Tensor& key, const Tensor& attn_mask, bool is_causal,
                         std::optional<double> scale) {
  const char* op = "scaled_dot_product_attention";
  ember::detail::check_same_device(op, query, key);
  EMBER_CHECK(query.dim() >= 2 && key.dim() >= 2 && query.size(-1) == key.size(-1), op, "query ",
              shape_str(query.sizes()), " and key ", shape_str(key.sizes()), " need a shared last dim (embedding)");
  EMBER_CHECK(!(is_causal && attn_mask.defined()), op, "pass either attn_mask or is_causal, not both");
  double s = scale.value_or(1.0 / std::sqrt(static_cast<double>(query.size(-1))));
  Tensor scores = query.matmul(key.mT()) * s;  // (..., L, S)
  int64_t L = scores.size(-2), S = scores.size(-1);
  if (is_causal) {
    // query i sees keys 0..i
    Tensor allowed = ones({L, S}, TensorOptions(kBool).device(scores.device())).tril();
    scores = scores.masked_fill(logical_not(allowed), -INFINITY);
  } else if (attn_mask.defined()) {
    if (attn_mask.scalar_type() == kBool) scores = scores.masked_fill(logical_not(attn_mask).broadcast_to(scores.sizes()), -INFINITY);
    else scores = scores + attn_mask;
  }
  return scores.softmax(-1);
}

Tensor scaled_dot_product_attention(const Tensor& query, const Tensor& key, const Tensor& value,
                                    const Tensor& attn_mask, double dropout_p, bool is_causal,
                                    std::optional<double> scale) {
  EMBER_CHECK(value.dim() >= 2 && value.size(-2) == key.size(-2), "scaled_dot_product_attention", "value ",
              shape_str(value.sizes()), " must have as many rows as key ", shape_str(key.sizes()));
  Tensor weights = attention_weights(query, key, attn_mask, is_causal, scale);
  if (dropout_p > 0) weights = dropout(weights, dropout_p, true);
  return weights.matmul(value);
}

}  // namespace ember::nn::functional
