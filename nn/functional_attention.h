// functional_attention.h — scaled dot-product attention (torch's
// F.scaled_dot_product_attention):
//   attention(Q, K, V) = softmax(Q K^T / sqrt(d) + mask) V
// over the last two dims, batched over the rest.
#pragma once

#include <optional>

#include "core/tensor.h"

namespace ember::nn::functional {

/// attn_mask: bool (true = may attend) or float (added to the scores),
/// broadcastable to (..., L, S). is_causal masks out keys after each query.
/// scale defaults to 1 / sqrt(query.size(-1)).
Tensor scaled_dot_product_attention(const Tensor& query, const Tensor& key, const Tensor& value,
                                    const Tensor& attn_mask = {}, double dropout_p = 0.0, bool is_causal = false,
                                    std::optional<double> scale = std::nullopt);

/// The attention weights softmax(Q K^T * scale + mask) alone, (..., L, S).
Tensor attention_weights(const Tensor& query, const Tensor& key, const Tensor& attn_mask = {}, bool is_causal = false,
                         std::optional<double> scale = std::nullopt);

}  // namespace ember::nn::functional
