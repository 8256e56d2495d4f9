// transformer.cpp — Transformer layers, stacks and model (see transformer.h).
#include "nn/modules/transformer.h"

#include <cmath>
#include <sstream>

#include "autograd/grad_mode.h"
#include "core/ops.h"
#include "nn/init.h"

namespace ember::nn {

namespace {

void check_layer_args(const char* op, int64_t d_model, int64_t nhead, const TransformerLayerOptions& o) {
  EMBER_CHECK(o.activation == "relu" || o.activation == "gelu", op, "activation should be relu/gelu, not '",
              o.activation, "'");
  EMBER_CHECK(d_model > 0 && nhead > 0 && o.dim_feedforward > 0, op,
              "d_model, nhead and dim_feedforward must be positive, got ", d_model, ", ", nhead, ", ",
              o.dim_feedforward);
}

MultiheadAttentionOptions attention_options(const TransformerLayerOptions& o) {
  return {.dropout = o.dropout, .batch_first = o.batch_first};
}

// FF(x) = linear2(dropout(activation(linear1(x)))), the block both layer kinds share
Tensor feed_forward(const TransformerLayerOptions& o, Linear& linear1, Dropout& dropout, Linear& linear2,
                    const Tensor& x) {
  Tensor h = linear1.forward(x);
  h = o.activation == "gelu" ? gelu(h) : relu(h);
  return linear2.forward(dropout.forward(h));
}

// Self- or cross-attention without the weights: output only.
Tensor attend(MultiheadAttention& attention, const Tensor& x, const Tensor& kv, const Tensor& mask,
              const Tensor& key_padding_mask) {
  return std::get<0>(attention.forward(x, kv, kv, key_padding_mask, /*need_weights=*/false, mask));
}

// A deep copy of a layer: a new layer from the same settings, then every
// parameter and buffer replaced by a copy of the original's (same values,
// dtype, device and requires_grad), and the same train/eval mode. This is
// what copy.deepcopy does for torch's _get_clones.
template <class Layer>
std::shared_ptr<Layer> deep_copy(const Layer& layer) {
  auto copy = std::make_shared<Layer>(layer.d_model, layer.nhead, layer.options);
  NoGradGuard no_grad;
  auto copy_all = [&](const auto& from, const auto& to) {
    EMBER_CHECK(from.size() == to.size(), layer.name(), "cannot copy a layer whose tensors were shared or removed");
    for (size_t i = 0; i < from.size(); ++i) {
      EMBER_CHECK(from[i].first == to[i].first, layer.name(), "cannot copy: '", from[i].first, "' vs '", to[i].first,
                  "'");
      Tensor target = to[i].second;
      target.set_data(from[i].second.clone());
      if (target.is_floating_point()) target.requires_grad_(from[i].second.requires_grad());
    }
  };
  copy_all(layer.named_parameters(), copy->named_parameters());
  copy_all(layer.named_buffers(), copy->named_buffers());
  copy->train(layer.is_training());
  return copy;
}

}  // namespace

// ---- encoder layer ----

TransformerEncoderLayer::TransformerEncoderLayer(int64_t d_model_, int64_t nhead_, TransformerLayerOptions options_)
    : Module("TransformerEncoderLayer"), d_model(d_model_), nhead(nhead_), options(std::move(options_)) {
  check_layer_args("TransformerEncoderLayer", d_model, nhead, options);
  LayerNormOptions norm{.eps = options.layer_norm_eps};
  self_attn = register_module("self_attn", std::make_shared<MultiheadAttention>(d_model, nhead, attention_options(options)));
  linear1 = register_module("linear1", std::make_shared<Linear>(d_model, options.dim_feedforward));
  dropout = register_module("dropout", std::make_shared<Dropout>(options.dropout));
  linear2 = register_module("linear2", std::make_shared<Linear>(options.dim_feedforward, d_model));
  norm1 = register_module("norm1", std::make_shared<LayerNorm>(Shape{d_model}, norm));
  norm2 = register_module("norm2", std::make_shared<LayerNorm>(Shape{d_model}, norm));
  dropout1 = register_module("dropout1", std::make_shared<Dropout>(options.dropout));
  dropout2 = register_module("dropout2", std::make_shared<Dropout>(options.dropout));
}

Tensor TransformerEncoderLayer::forward(const Tensor& src, const Tensor& src_mask, const Tensor& src_key_padding_mask) {
  auto sa = [&](const Tensor& x) { return dropout1->forward(attend(*self_attn, x, x, src_mask, src_key_padding_mask)); };
  auto ff = [&](const Tensor& x) { return dropout2->forward(feed_forward(options, *linear1, *dropout, *linear2, x)); };
  Tensor x = src;
  if (options.norm_first) {
    x = x + sa(norm1->forward(x));
    x = x + ff(norm2->forward(x));
  } else {
    x = norm1->forward(x + sa(x));
    x = norm2->forward(x + ff(x));
  }
  return x;
}

std::shared_ptr<TransformerEncoderLayer> TransformerEncoderLayer::clone() const { return deep_copy(*this); }

// ---- decoder layer ----

TransformerDecoderLayer::TransformerDecoderLayer(int64_t d_model_, int64_t nhead_, TransformerLayerOptions options_)
    : Module("TransformerDecoderLayer"), d_model(d_model_), nhead(nhead_), options(std::move(options_)) {
  check_layer_args("TransformerDecoderLayer", d_model, nhead, options);
  LayerNormOptions norm{.eps = options.layer_norm_eps};
  self_attn = register_module("self_attn", std::make_shared<MultiheadAttention>(d_model, nhead, attention_options(options)));
  multihead_attn =
      register_module("multihead_attn", std::make_shared<MultiheadAttention>(d_model, nhead, attention_options(options)));
  linear1 = register_module("linear1", std::make_shared<Linear>(d_model, options.dim_feedforward));
  dropout = register_module("dropout", std::make_shared<Dropout>(options.dropout));
  linear2 = register_module("linear2", std::make_shared<Linear>(options.dim_feedforward, d_model));
  norm1 = register_module("norm1", std::make_shared<LayerNorm>(Shape{d_model}, norm));
  norm2 = register_module("norm2", std::make_shared<LayerNorm>(Shape{d_model}, norm));
  norm3 = register_module("norm3", std::make_shared<LayerNorm>(Shape{d_model}, norm));
  dropout1 = register_module("dropout1", std::make_shared<Dropout>(options.dropout));
  dropout2 = register_module("dropout2", std::make_shared<Dropout>(options.dropout));
  dropout3 = register_module("dropout3", std::make_shared<Dropout>(options.dropout));
}

Tensor TransformerDecoderLayer::forward(const Tensor& tgt, const Tensor& memory, const Tensor& tgt_mask,
                                        const Tensor& memory_mask, const Tensor& tgt_key_padding_mask,
                                        const Tensor& memory_key_padding_mask) {
  auto sa = [&](const Tensor& x) { return dropout1->forward(attend(*self_attn, x, x, tgt_mask, tgt_key_padding_mask)); };
  auto mha = [&](const Tensor& x) {
    return dropout2->forward(attend(*multihead_attn, x, memory, memory_mask, memory_key_padding_mask));
  };
  auto ff = [&](const Tensor& x) { return dropout3->forward(feed_forward(options, *linear1, *dropout, *linear2, x)); };
  Tensor x = tgt;
  if (options.norm_first) {
    x = x + sa(norm1->forward(x));
    x = x + mha(norm2->forward(x));
    x = x + ff(norm3->forward(x));
  } else {
    x = norm1->forward(x + sa(x));
    x = norm2->forward(x + mha(x));
    x = norm3->forward(x + ff(x));
  }
  return x;
}

std::shared_ptr<TransformerDecoderLayer> TransformerDecoderLayer::clone() const { return deep_copy(*this); }

namespace {

std::string layer_repr(int64_t d_model, int64_t nhead, const TransformerLayerOptions& o) {
  std::ostringstream s;
  s << "d_model=" << d_model << ", nhead=" << nhead << ", dim_feedforward=" << o.dim_feedforward
    << ", activation=" << o.activation << (o.norm_first ? ", norm_first=true" : "")
    << (o.batch_first ? ", batch_first=true" : "");
  return s.str();
}

}  // namespace

std::string TransformerEncoderLayer::extra_repr() const { return layer_repr(d_model, nhead, options); }
std::string TransformerDecoderLayer::extra_repr() const { return layer_repr(d_model, nhead, options); }

// ---- stacks ----

namespace {

// num_layers deep copies of layer, appended to list as "0", "1", ...
template <class Layer>
std::vector<std::shared_ptr<Layer>> stack_copies(const char* op, const std::shared_ptr<Layer>& layer,
                                                 int64_t num_layers, ModuleList& list) {
  EMBER_CHECK(layer != nullptr, op, "the layer to copy is null");
  EMBER_CHECK(num_layers > 0, op, "num_layers must be positive, got ", num_layers);
  std::vector<std::shared_ptr<Layer>> copies;
  for (int64_t i = 0; i < num_layers; ++i) {
    copies.push_back(layer->clone());
    list.push_back(copies.back());
  }
  return copies;
}

}  // namespace

TransformerEncoder::TransformerEncoder(const std::shared_ptr<TransformerEncoderLayer>& encoder_layer,
                                       int64_t num_layers_, std::shared_ptr<LayerNorm> norm_)
    : Module("TransformerEncoder"), num_layers(num_layers_), norm(std::move(norm_)) {
  layers = register_module("layers", std::make_shared<ModuleList>());
  stack_ = stack_copies("TransformerEncoder", encoder_layer, num_layers, *layers);
  if (norm) register_module("norm", norm);
}

Tensor TransformerEncoder::forward(const Tensor& src, const Tensor& mask, const Tensor& src_key_padding_mask) {
  Tensor output = src;
  for (auto& layer : stack_) output = layer->forward(output, mask, src_key_padding_mask);
  return norm ? norm->forward(output) : output;
}

TransformerDecoder::TransformerDecoder(const std::shared_ptr<TransformerDecoderLayer>& decoder_layer,
                                       int64_t num_layers_, std::shared_ptr<LayerNorm> norm_)
    : Module("TransformerDecoder"), num_layers(num_layers_), norm(std::move(norm_)) {
  layers = register_module("layers", std::make_shared<ModuleList>());
  stack_ = stack_copies("TransformerDecoder", decoder_layer, num_layers, *layers);
  if (norm) register_module("norm", norm);
}

Tensor TransformerDecoder::forward(const Tensor& tgt, const Tensor& memory, const Tensor& tgt_mask,
                                   const Tensor& memory_mask, const Tensor& tgt_key_padding_mask,
                                   const Tensor& memory_key_padding_mask) {
  Tensor output = tgt;
  for (auto& layer : stack_)
    output = layer->forward(output, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask);
  return norm ? norm->forward(output) : output;
}

// ---- the full model ----

Transformer::Transformer(TransformerOptions options_) : Module("Transformer"), options(std::move(options_)) {
  TransformerLayerOptions layer{.dim_feedforward = options.dim_feedforward,
                                .dropout = options.dropout,
                                .activation = options.activation,
                                .layer_norm_eps = options.layer_norm_eps,
                                .batch_first = options.batch_first,
                                .norm_first = options.norm_first};
  LayerNormOptions norm{.eps = options.layer_norm_eps};
  encoder = register_module(
      "encoder", std::make_shared<TransformerEncoder>(
                     std::make_shared<TransformerEncoderLayer>(options.d_model, options.nhead, layer),
                     options.num_encoder_layers, std::make_shared<LayerNorm>(Shape{options.d_model}, norm)));
  decoder = register_module(
      "decoder", std::make_shared<TransformerDecoder>(
                     std::make_shared<TransformerDecoderLayer>(options.d_model, options.nhead, layer),
                     options.num_decoder_layers, std::make_shared<LayerNorm>(Shape{options.d_model}, norm)));
  // torch's _reset_parameters: every weight matrix xavier_uniform_ (the copies then differ)
  for (Tensor& p : parameters())
    if (p.dim() > 1) init::xavier_uniform_(p);
}

Tensor Transformer::forward(const Tensor& src, const Tensor& tgt, const Tensor& src_mask, const Tensor& tgt_mask,
                            const Tensor& memory_mask, const Tensor& src_key_padding_mask,
                            const Tensor& tgt_key_padding_mask, const Tensor& memory_key_padding_mask) {
  const char* op = "Transformer";
  EMBER_CHECK(src.dim() == tgt.dim() && (src.dim() == 2 || src.dim() == 3), op,
              "src and tgt must both be 2-D (unbatched) or 3-D (batched), got ", shape_str(src.sizes()), " and ",
              shape_str(tgt.sizes()));
  int64_t batch_dim = options.batch_first ? 0 : 1;
  EMBER_CHECK(src.dim() == 2 || src.size(batch_dim) == tgt.size(batch_dim), op,
              "the batch number of src and tgt must be equal, got src ", shape_str(src.sizes()), " and tgt ",
              shape_str(tgt.sizes()), options.batch_first ? " (batch_first)" : "");
  EMBER_CHECK(src.size(-1) == options.d_model && tgt.size(-1) == options.d_model, op,
              "the feature number of src and tgt must be equal to d_model ", options.d_model, ", got src ",
              shape_str(src.sizes()), " and tgt ", shape_str(tgt.sizes()));
  Tensor memory = encoder->forward(src, src_mask, src_key_padding_mask);
  return decoder->forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask);
}

Tensor Transformer::generate_square_subsequent_mask(int64_t size, const TensorOptions& options) {
  return nn::generate_square_subsequent_mask(size, options);
}

Tensor generate_square_subsequent_mask(int64_t size, const TensorOptions& options) {
  EMBER_CHECK(size >= 0, "generate_square_subsequent_mask", "size must be non-negative, got ", size);
  // -inf strictly above the diagonal (the future), 0 on and below it
  return full({size, size}, -INFINITY, options).triu(1);
}

}  // namespace ember::nn
