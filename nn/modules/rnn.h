// rnn.h — the multi-layer recurrent layers RNN, LSTM and GRU (torch.nn.RNN,
// LSTM, GRU).
//
// Shapes (D = 2 if bidirectional else 1, L = num_layers, H = hidden_size):
//   input   (T, B, input_size), batch_first: (B, T, input_size), unbatched: (T, input_size)
//   h0, c0  (D*L, B, H)  (unbatched: (D*L, H)); zeros when not given
//   output  (T, B, D*H) — the last layer's h_t, both directions concatenated
//   h_n, c_n (D*L, B, H) — each layer's and direction's final state
// A PackedSequence input (nn/utils/rnn.h) gives a PackedSequence output, and
// h_n/c_n hold each sequence's state after its own last step.
//
// Parameters are torch's, by name and order, so a torch state_dict loads
// unchanged: for layer k and direction suffix s ("" or "_reverse"),
// weight_ih_l{k}{s} (G*H, in), weight_hh_l{k}{s} (G*H, H), bias_ih_l{k}{s},
// bias_hh_l{k}{s} (G*H) with G = 1 (RNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n).
// LSTM with proj_size P > 0 adds weight_hr_l{k}{s} (P, H): h_t = (o tanh c_t) W_hr^T,
// so h0, h_n and the output have width P (c keeps H) and weight_hh is (4H, P).
// All start as U(-1/sqrt(H), 1/sqrt(H)). Dropout (if > 0) applies to every
// layer's output but the last, in training mode only.
#pragma once

#include <optional>
#include <tuple>

#include "nn/module.h"
#include "nn/utils/rnn.h"

namespace ember::nn {

using utils::rnn::PackedSequence;

struct RNNOptions {
  int64_t num_layers = 1;
  std::string nonlinearity = "tanh";  // "tanh" or "relu"
  bool bias = true;
  bool batch_first = false;
  double dropout = 0.0;
  bool bidirectional = false;
};

struct LSTMOptions {
  int64_t num_layers = 1;
  bool bias = true;
  bool batch_first = false;
  double dropout = 0.0;
  bool bidirectional = false;
  int64_t proj_size = 0;  // LSTM only (as in torch, GRU rejects it)
};

using GRUOptions = LSTMOptions;

/// What RNN, LSTM and GRU share: the parameters and the layer loop.
class RNNBase : public Module {
 public:
  /// mode: "RNN_TANH", "RNN_RELU", "LSTM" or "GRU" (torch's names).
  RNNBase(const char* name, std::string mode, int64_t input_size, int64_t hidden_size, int64_t num_layers, bool bias,
          bool batch_first, double dropout, bool bidirectional, int64_t proj_size = 0);
  void reset_parameters();
  std::string extra_repr() const override;
  /// Per layer and direction: {weight_ih, weight_hh, bias_ih, bias_hh, weight_hr} (no biases when bias
  /// is false, no weight_hr without proj_size).
  std::vector<TensorList> all_weights() const;

  std::string mode;
  int64_t input_size, hidden_size, num_layers;
  bool bias, batch_first;
  double dropout;
  bool bidirectional;
  int64_t proj_size;

 protected:
  int64_t num_directions() const { return bidirectional ? 2 : 1; }
  /// The width of h: proj_size if set, else hidden_size.
  int64_t real_hidden_size() const { return proj_size > 0 ? proj_size : hidden_size; }
  /// The padded-input forward: {output, h_n, c_n (LSTM)}; hx and cx may be undefined.
  TensorList forward_padded(const Tensor& input, const Tensor& hx, const Tensor& cx);
  /// The packed-input forward: {output data, h_n, c_n (LSTM)}.
  TensorList forward_packed(const PackedSequence& input, const Tensor& hx, const Tensor& cx);

 private:
  // every layer over packed rows; h0 and c0 (D*L, B, H) in packed (sorted) order
  TensorList run(const Tensor& data, const std::vector<int64_t>& batch_sizes, const Tensor& h0, const Tensor& c0);
  void check_state(const Tensor& state, int64_t batch, bool batched, int64_t width, const char* what) const;
  std::vector<std::vector<Tensor*>> weights_;  // slots, per layer and direction
};

/// Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu).
class RNN : public RNNBase {
 public:
  RNN(int64_t input_size, int64_t hidden_size, RNNOptions options = {});
  /// (output, h_n)
  std::tuple<Tensor, Tensor> forward(const Tensor& input, const Tensor& hx = {});
  std::tuple<PackedSequence, Tensor> forward_with_packed_input(const PackedSequence& input, const Tensor& hx = {});
};

/// Long short-term memory: per step i, f, g, o = sigmoid, sigmoid, tanh, sigmoid
/// of x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh;  c_t = f c_{t-1} + i g;  h_t = o tanh(c_t).
class LSTM : public RNNBase {
 public:
  LSTM(int64_t input_size, int64_t hidden_size, LSTMOptions options = {});
  using State = std::tuple<Tensor, Tensor>;  // (h, c)
  /// (output, (h_n, c_n))
  std::tuple<Tensor, State> forward(const Tensor& input, const std::optional<State>& hx = std::nullopt);
  std::tuple<PackedSequence, State> forward_with_packed_input(const PackedSequence& input,
                                                              const std::optional<State>& hx = std::nullopt);
};

/// Gated recurrent unit: r, z = sigmoid(x_t W_i{r,z}^T + b_i{r,z} + h W_h{r,z}^T + b_h{r,z}),
/// n = tanh(x_t W_in^T + b_in + r (h W_hn^T + b_hn)),  h_t = (1 - z) n + z h_{t-1}.
class GRU : public RNNBase {
 public:
  GRU(int64_t input_size, int64_t hidden_size, GRUOptions options = {});
  /// (output, h_n)
  std::tuple<Tensor, Tensor> forward(const Tensor& input, const Tensor& hx = {});
  std::tuple<PackedSequence, Tensor> forward_with_packed_input(const PackedSequence& input, const Tensor& hx = {});
};

}  // namespace ember::nn
