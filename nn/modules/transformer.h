// transformer.h — the Transformer of "Attention Is All You Need" as torch
// 1.13 builds it: TransformerEncoderLayer, TransformerDecoderLayer, the
// stacks TransformerEncoder / TransformerDecoder, and Transformer.
//
// An encoder layer is self-attention then a feed-forward net, each wrapped in
// a residual connection and a LayerNorm:
//   post-norm (default):  x = norm1(x + SA(x));   x = norm2(x + FF(x))
//   norm_first:           x = x + SA(norm1(x));   x = x + FF(norm2(x))
// with FF(x) = linear2(dropout(activation(linear1(x)))). A decoder layer adds
// cross-attention to the encoder's output (memory) between the two.
//
// Submodule names are torch's (self_attn, multihead_attn, linear1, dropout,
// linear2, norm1..3, dropout1..3, encoder.layers.0, ...), so a torch
// state_dict loads unchanged. Masks are MultiheadAttention's (attention.h).
// Left out: torch's inference fast path (nested tensors — same math), custom
// encoder/decoder modules in Transformer, and activations other than "relu"
// and "gelu".
#pragma once

#include <string>
#include <vector>

#include "nn/module.h"
#include "nn/modules/attention.h"
#include "nn/modules/container.h"
#include "nn/modules/dropout.h"
#include "nn/modules/linear.h"
#include "nn/modules/normalization.h"

namespace ember::nn {

struct TransformerLayerOptions {
  int64_t dim_feedforward = 2048;
  double dropout = 0.1;
  std::string activation = "relu";  // "relu" or "gelu"
  double layer_norm_eps = 1e-5;
  bool batch_first = false;  // (N, L, E) instead of (L, N, E)
  bool norm_first = false;   // pre-norm instead of post-norm
};

class TransformerEncoderLayer : public Module {
 public:
  TransformerEncoderLayer(int64_t d_model, int64_t nhead, TransformerLayerOptions options = {});
  Tensor forward(const Tensor& src) override { return forward(src, {}); }
  Tensor forward(const Tensor& src, const Tensor& src_mask, const Tensor& src_key_padding_mask = {});
  /// A deep copy: same settings, its own copies of the weights, same mode.
  std::shared_ptr<TransformerEncoderLayer> clone() const;
  std::string extra_repr() const override;

  int64_t d_model, nhead;
  TransformerLayerOptions options;
  std::shared_ptr<MultiheadAttention> self_attn;
  std::shared_ptr<Linear> linear1;
  std::shared_ptr<Dropout> dropout;
  std::shared_ptr<Linear> linear2;
  std::shared_ptr<LayerNorm> norm1, norm2;
  std::shared_ptr<Dropout> dropout1, dropout2;
};

class TransformerDecoderLayer : public Module {
 public:
  TransformerDecoderLayer(int64_t d_model, int64_t nhead, TransformerLayerOptions options = {});
  /// tgt (T, N, E), memory (S, N, E) (batch first when batch_first, or
  /// unbatched); tgt_mask (T, T), memory_mask (T, S) — or 3-D per head.
  Tensor forward(const Tensor& tgt, const Tensor& memory, const Tensor& tgt_mask = {}, const Tensor& memory_mask = {},
                 const Tensor& tgt_key_padding_mask = {}, const Tensor& memory_key_padding_mask = {});
  std::shared_ptr<TransformerDecoderLayer> clone() const;
  std::string extra_repr() const override;

  int64_t d_model, nhead;
  TransformerLayerOptions options;
  std::shared_ptr<MultiheadAttention> self_attn, multihead_attn;
  std::shared_ptr<Linear> linear1;
  std::shared_ptr<Dropout> dropout;
  std::shared_ptr<Linear> linear2;
  std::shared_ptr<LayerNorm> norm1, norm2, norm3;
  std::shared_ptr<Dropout> dropout1, dropout2, dropout3;
};

/// num_layers deep copies of encoder_layer (layers.0, layers.1, ...), then
/// the optional final norm.
class TransformerEncoder : public Module {
 public:
  TransformerEncoder(const std::shared_ptr<TransformerEncoderLayer>& encoder_layer, int64_t num_layers,
                     std::shared_ptr<LayerNorm> norm = nullptr);
  Tensor forward(const Tensor& src) override { return forward(src, {}); }
  Tensor forward(const Tensor& src, const Tensor& mask, const Tensor& src_key_padding_mask = {});

  int64_t num_layers;
  std::shared_ptr<ModuleList> layers;
  std::shared_ptr<LayerNorm> norm;  // null: no final norm

 private:
  std::vector<std::shared_ptr<TransformerEncoderLayer>> stack_;  // layers' children, typed
};

class TransformerDecoder : public Module {
 public:
  TransformerDecoder(const std::shared_ptr<TransformerDecoderLayer>& decoder_layer, int64_t num_layers,
                     std::shared_ptr<LayerNorm> norm = nullptr);
  Tensor forward(const Tensor& tgt, const Tensor& memory, const Tensor& tgt_mask = {}, const Tensor& memory_mask = {},
                 const Tensor& tgt_key_padding_mask = {}, const Tensor& memory_key_padding_mask = {});

  int64_t num_layers;
  std::shared_ptr<ModuleList> layers;
  std::shared_ptr<LayerNorm> norm;

 private:
  std::vector<std::shared_ptr<TransformerDecoderLayer>> stack_;
};

struct TransformerOptions {
  int64_t d_model = 512;
  int64_t nhead = 8;
  int64_t num_encoder_layers = 6;
  int64_t num_decoder_layers = 6;
  int64_t dim_feedforward = 2048;
  double dropout = 0.1;
  std::string activation = "relu";
  double layer_norm_eps = 1e-5;
  bool batch_first = false;
  bool norm_first = false;
};

/// The encoder-decoder: encoder (with a final LayerNorm) over src, decoder
/// (with a final LayerNorm) over tgt attending to the encoder's output.
/// Every weight matrix starts xavier_uniform_, as in torch.
class Transformer : public Module {
 public:
  explicit Transformer(TransformerOptions options = {});
  /// src (S, N, E), tgt (T, N, E) (batch first when batch_first, or
  /// unbatched); returns (T, N, E).
  Tensor forward(const Tensor& src, const Tensor& tgt, const Tensor& src_mask = {}, const Tensor& tgt_mask = {},
                 const Tensor& memory_mask = {}, const Tensor& src_key_padding_mask = {},
                 const Tensor& tgt_key_padding_mask = {}, const Tensor& memory_key_padding_mask = {});
  static Tensor generate_square_subsequent_mask(int64_t size, const TensorOptions& options = {});

  TransformerOptions options;
  std::shared_ptr<TransformerEncoder> encoder;
  std::shared_ptr<TransformerDecoder> decoder;
};

/// The causal mask (size, size): 0 on and below the diagonal, -inf above it,
/// so position i attends to positions 0..i only.
Tensor generate_square_subsequent_mask(int64_t size, const TensorOptions& options = {});

}  // namespace ember::nn
