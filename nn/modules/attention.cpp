// attention.cpp — MultiheadAttention (see attention.h).
#include "nn/modules/attention.h"

#include <cmath>
#include <sstream>

#include "core/ops.h"
#include "nn/functional_attention.h"
#include "nn/functional_misc.h"
#include "nn/init.h"

namespace ember::nn {

namespace {

const char* kOp = "MultiheadAttention";

int64_t checked_head_dim(int64_t embed_dim, int64_t num_heads) {
  EMBER_CHECK(embed_dim > 0 && num_heads > 0, kOp, "embed_dim and num_heads must be positive, got ", embed_dim,
              " and ", num_heads);
  EMBER_CHECK(embed_dim % num_heads == 0, kOp, "embed_dim ", embed_dim, " must be divisible by num_heads ", num_heads);
  return embed_dim / num_heads;
}

int64_t checked_dim(std::optional<int64_t> dim, int64_t embed_dim, const char* what) {
  EMBER_CHECK(dim.value_or(embed_dim) > 0, kOp, what, " must be positive, got ", *dim);
  return dim.value_or(embed_dim);
}

// A bool mask (true = blocked) becomes 0 / -inf; a float mask is kept. Both
// end up in the scores' dtype, to be added to them.
Tensor additive_mask(const Tensor& mask, ScalarType dtype, const char* what) {
  EMBER_CHECK(mask.scalar_type() == kBool || mask.is_floating_point(), kOp, what,
              " must be bool or floating point, got ", mask.scalar_type());
  if (mask.scalar_type() == kBool) return zeros(mask.sizes(), TensorOptions(dtype).device(mask.device())).masked_fill(mask, -INFINITY);
  return mask.to(dtype);
}

}  // namespace

MultiheadAttention::MultiheadAttention(int64_t embed_dim_, int64_t num_heads_, MultiheadAttentionOptions options_)
    : Module("MultiheadAttention"), embed_dim(embed_dim_), num_heads(num_heads_),
      head_dim(checked_head_dim(embed_dim_, num_heads_)), kdim(checked_dim(options_.kdim, embed_dim_, "kdim")),
      vdim(checked_dim(options_.vdim, embed_dim_, "vdim")), options(options_),
      in_proj_weight(register_parameter(
          "in_proj_weight", kdim == embed_dim && vdim == embed_dim ? empty({3 * embed_dim, embed_dim}) : Tensor())),
      q_proj_weight(register_parameter("q_proj_weight", packed() ? Tensor() : empty({embed_dim, embed_dim}))),
      k_proj_weight(register_parameter("k_proj_weight", packed() ? Tensor() : empty({embed_dim, kdim}))),
      v_proj_weight(register_parameter("v_proj_weight", packed() ? Tensor() : empty({embed_dim, vdim}))),
      in_proj_bias(register_parameter("in_proj_bias", options.bias ? empty({3 * embed_dim}) : Tensor())),
      out_proj(register_module("out_proj",
                               std::make_shared<Linear>(embed_dim, embed_dim, LinearOptions{.bias = options.bias}))),
      bias_k(register_parameter("bias_k", options.add_bias_kv ? empty({1, 1, embed_dim}) : Tensor())),
      bias_v(register_parameter("bias_v", options.add_bias_kv ? empty({1, 1, embed_dim}) : Tensor())) {
  EMBER_CHECK(options.dropout >= 0 && options.dropout <= 1, kOp, "dropout must be in [0, 1], got ", options.dropout);
  reset_parameters();
}

void MultiheadAttention::reset_parameters() {
  if (packed()) {
    init::xavier_uniform_(in_proj_weight);
  } else {
    init::xavier_uniform_(q_proj_weight);
    init::xavier_uniform_(k_proj_weight);
    init::xavier_uniform_(v_proj_weight);
  }
  if (in_proj_bias.defined()) {
    init::zeros_(in_proj_bias);
    init::zeros_(out_proj->bias);
  }
  if (bias_k.defined()) {
    init::xavier_normal_(bias_k);
    init::xavier_normal_(bias_v);
  }
}

std::tuple<Tensor, Tensor> MultiheadAttention::forward(const Tensor& query_in, const Tensor& key_in,
                                                       const Tensor& value_in, const Tensor& key_padding_mask,
                                                       bool need_weights, const Tensor& attn_mask,
                                                       bool average_attn_weights) {
  const bool self_attention = query_in.is_same(key_in) && key_in.is_same(value_in);
  const bool batched = query_in.dim() == 3;
  EMBER_CHECK(query_in.dim() == 2 || batched, kOp, "query must be 2-D (unbatched) or 3-D (batched), got shape ",
              shape_str(query_in.sizes()));
  EMBER_CHECK(key_in.dim() == query_in.dim() && value_in.dim() == query_in.dim(), kOp, "query ",
              shape_str(query_in.sizes()), ", key ", shape_str(key_in.sizes()), " and value ",
              shape_str(value_in.sizes()), " must all be ", query_in.dim(), "-D");

  // Work in (L, N, E): move the batch dim second, or add a batch of one.
  auto to_lne = [&](const Tensor& t) {
    if (!batched) return t.unsqueeze(1);
    return options.batch_first ? t.transpose(0, 1) : t;
  };
  Tensor query = to_lne(query_in), key = to_lne(key_in), value = to_lne(value_in);
  const int64_t L = query.size(0), N = query.size(1), S = key.size(0), H = num_heads;
  EMBER_CHECK(query.size(2) == embed_dim && key.size(2) == kdim && value.size(2) == vdim, kOp,
              "expected query/key/value features ", embed_dim, "/", kdim, "/", vdim, ", got query ",
              shape_str(query_in.sizes()), ", key ", shape_str(key_in.sizes()), ", value ",
              shape_str(value_in.sizes()));
  EMBER_CHECK(key.size(1) == N && value.size(1) == N && value.size(0) == S, kOp, "key ", shape_str(key_in.sizes()),
              " and value ", shape_str(value_in.sizes()), " must match query ", shape_str(query_in.sizes()),
              " in batch size and each other in length");

  // ---- masks: one additive float mask broadcastable to (N, H, L, S) ----
  Tensor mask;
  if (attn_mask.defined()) {
    bool ok2 = attn_mask.dim() == 2 && attn_mask.size(0) == L && attn_mask.size(1) == S;
    bool ok3 = attn_mask.dim() == 3 && attn_mask.size(0) == N * H && attn_mask.size(1) == L && attn_mask.size(2) == S;
    EMBER_CHECK(ok2 || ok3, kOp, "attn_mask must be (L, S) = ", shape_str({L, S}), " or (N * num_heads, L, S) = ",
                shape_str({N * H, L, S}), ", got ", shape_str(attn_mask.sizes()));
    mask = additive_mask(attn_mask, query.scalar_type(), "attn_mask");
    mask = ok2 ? mask.reshape({1, 1, L, S}) : mask.reshape({N, H, L, S});
  }
  if (key_padding_mask.defined()) {
    Shape expected = batched ? Shape{N, S} : Shape{S};
    EMBER_CHECK(key_padding_mask.sizes() == expected, kOp, "key_padding_mask must be ", shape_str(expected),
                " (batch, source length), got ", shape_str(key_padding_mask.sizes()));
    Tensor padding = additive_mask(key_padding_mask, query.scalar_type(), "key_padding_mask").reshape({N, 1, 1, S});
    mask = mask.defined() ? mask + padding : padding;
  }

  // ---- input projections: q (L, N, E), k and v (S, N, E) ----
  Tensor q, k, v;
  std::vector<Tensor> b = in_proj_bias.defined() ? in_proj_bias.chunk(3) : std::vector<Tensor>(3);
  if (packed() && self_attention) {
    std::vector<Tensor> qkv = functional::linear(query, in_proj_weight, in_proj_bias).chunk(3, -1);
    q = qkv[0], k = qkv[1], v = qkv[2];
  } else {
    std::vector<Tensor> w =
        packed() ? in_proj_weight.chunk(3) : std::vector<Tensor>{q_proj_weight, k_proj_weight, v_proj_weight};
    q = functional::linear(query, w[0], b[0]);
    k = functional::linear(key, w[1], b[1]);
    v = functional::linear(value, w[2], b[2]);
  }
  if (bias_k.defined()) {  // one learned key/value more, the same for every batch entry
    k = cat({k, bias_k.expand({1, N, embed_dim})});
    v = cat({v, bias_v.expand({1, N, embed_dim})});
  }

  // ---- split the heads: (len, N, E) -> (N, H, len, head_dim) ----
  auto heads = [&](const Tensor& t) { return t.reshape({t.size(0), N, H, head_dim}).permute({1, 2, 0, 3}); };
  q = heads(q), k = heads(k), v = heads(v);
  if (options.add_zero_attn) {  // one all-zero key/value more
    k = cat({k, zeros({N, H, 1, head_dim}, TensorOptions(k.scalar_type()).device(k.device()))}, 2);
    v = cat({v, zeros({N, H, 1, head_dim}, TensorOptions(v.scalar_type()).device(v.device()))}, 2);
  }
  // the appended keys are never masked
  if (mask.defined() && k.size(2) > S) mask = pad(mask, {0, k.size(2) - S});

  // ---- attention per head: weights (N, H, L, S'), heads out (N, H, L, head_dim) ----
  Tensor weights = functional::attention_weights(q, k, mask);  // softmax(q k^T / sqrt(head_dim) + mask)
  weights = functional::dropout(weights, options.dropout, is_training());
  Tensor out = weights.matmul(v);
  // concatenate the heads back: (L, N, H * head_dim), then the output projection
  out = out.permute({2, 0, 1, 3}).reshape({L, N, embed_dim});
  out = out_proj->forward(out);

  if (!batched) out = out.squeeze(1);
  else if (options.batch_first) out = out.transpose(0, 1);
  if (!need_weights) return {out, Tensor()};
  if (average_attn_weights) weights = weights.mean(1);  // (N, L, S')
  if (!batched) weights = weights.squeeze(0);
  return {out, weights};
}

std::string MultiheadAttention::extra_repr() const {
  std::ostringstream s;
  s << "embed_dim=" << embed_dim << ", num_heads=" << num_heads;
  if (options.dropout > 0) s << ", dropout=" << options.dropout;
  if (kdim != embed_dim || vdim != embed_dim) s << ", kdim=" << kdim << ", vdim=" << vdim;
  if (options.batch_first) s << ", batch_first=true";
  return s.str();
}

}  // namespace ember::nn
