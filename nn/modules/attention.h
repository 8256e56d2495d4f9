// attention.h — MultiheadAttention (torch.nn.MultiheadAttention).
//
// Each of the H heads attends in its own slice of the embedding:
//   q = query W_q^T + b_q,  k = key W_k^T + b_k,  v = value W_v^T + b_v
//   head_h = softmax(q_h k_h^T / sqrt(E / H) + mask) v_h
//   output = concat(head_1 .. head_H) W_o^T + b_o
// The math is torch 1.13's reference path (F.multi_head_attention_forward);
// torch's "fast path" (nested tensors, fused kernels in inference) is an
// optimization of the same math and is left out.
//
// Masks follow torch's convention, the opposite of
// scaled_dot_product_attention's: in a bool attn_mask or key_padding_mask
// true means "may NOT attend"; a float mask is added to the scores. Both
// masks become additive and are summed, as in torch 2: where torch 1.13
// agrees (bool with bool, float attn_mask with bool padding, either alone)
// the result is the same; a float key_padding_mask next to an attn_mask is
// added here, where 1.13 treats it as bool or fails.
#pragma once

#include <optional>
#include <tuple>

#include "nn/module.h"
#include "nn/modules/linear.h"

namespace ember::nn {

struct MultiheadAttentionOptions {
  double dropout = 0.0;  // on the attention weights, in train() only
  bool bias = true;      // in_proj_bias and out_proj.bias
  bool add_bias_kv = false;    // learned bias_k, bias_v appended as one more key/value
  bool add_zero_attn = false;  // a zero key/value appended after the projections
  std::optional<int64_t> kdim;  // key features (default embed_dim)
  std::optional<int64_t> vdim;  // value features (default embed_dim)
  bool batch_first = false;     // (N, L, E) instead of (L, N, E)
};

class MultiheadAttention : public Module {
 public:
  MultiheadAttention(int64_t embed_dim, int64_t num_heads, MultiheadAttentionOptions options = {});

  /// query (L, N, E), key (S, N, kdim), value (S, N, vdim) — (N, L, E) ...
  /// when batch_first, or unbatched (L, E), (S, kdim), (S, vdim).
  /// key_padding_mask (N, S) (or (S) unbatched): bool (true = ignore that
  /// key) or float (added). attn_mask (L, S) or (N * num_heads, L, S): bool
  /// (true = blocked) or float (added).
  /// Returns the output, shaped like query, and when need_weights the
  /// attention weights: (N, L, S) averaged over heads or (N, num_heads, L, S)
  /// per head ((L, S) / (num_heads, L, S) unbatched); undefined otherwise.
  std::tuple<Tensor, Tensor> forward(const Tensor& query, const Tensor& key, const Tensor& value,
                                     const Tensor& key_padding_mask = {}, bool need_weights = true,
                                     const Tensor& attn_mask = {}, bool average_attn_weights = true);
  /// xavier_uniform_ on the input projections, zero biases, xavier_normal_ on bias_k/bias_v.
  void reset_parameters();
  std::string extra_repr() const override;

  int64_t embed_dim, num_heads, head_dim, kdim, vdim;
  MultiheadAttentionOptions options;
  // packed (3 E, E) when kdim == vdim == embed_dim, else the three separate ones
  Tensor& in_proj_weight;
  Tensor& q_proj_weight;  // (E, E)
  Tensor& k_proj_weight;  // (E, kdim)
  Tensor& v_proj_weight;  // (E, vdim)
  Tensor& in_proj_bias;   // (3 E)
  std::shared_ptr<Linear> out_proj;
  Tensor& bias_k;  // (1, 1, E) with add_bias_kv
  Tensor& bias_v;

 private:
  bool packed() const { return in_proj_weight.defined(); }
};

}  // namespace ember::nn
