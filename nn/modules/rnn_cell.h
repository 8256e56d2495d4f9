// rnn_cell.h — single recurrent steps as layers: RNNCell, LSTMCell, GRUCell
// (torch.nn.RNNCell, LSTMCell, GRUCell). The math is in nn/functional_rnn.h.
//
// input (N, input_size) or unbatched (input_size); hx, cx (N, H) or (H),
// zeros when not given. Parameters weight_ih (G*H, input_size), weight_hh
// (G*H, H), bias_ih, bias_hh (G*H), all U(-1/sqrt(H), 1/sqrt(H)), with
// G = 1 (RNNCell), 4 (LSTMCell), 3 (GRUCell).
#pragma once

#include <optional>
#include <tuple>

#include "nn/module.h"

namespace ember::nn {

struct RNNCellOptions {
  bool bias = true;
  std::string nonlinearity = "tanh";  // "tanh" or "relu"
};

struct LSTMCellOptions {
  bool bias = true;
};

using GRUCellOptions = LSTMCellOptions;

/// The parameters and checks the three cells share.
class RNNCellBase : public Module {
 public:
  RNNCellBase(const char* name, int64_t input_size, int64_t hidden_size, bool bias, int64_t num_gates);
  void reset_parameters();
  std::string extra_repr() const override;

  int64_t input_size, hidden_size;
  bool bias;
  Tensor& weight_ih;
  Tensor& weight_hh;
  Tensor& bias_ih;  // undefined when bias is false
  Tensor& bias_hh;

 protected:
  /// The input as a batch (N, input_size); checks its shape.
  Tensor batched_input(const Tensor& input) const;
  /// The state as (N, H): zeros when undefined; checked against the input.
  Tensor batched_state(const Tensor& state, const Tensor& input, const char* what) const;
};

/// h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu)
class RNNCell : public RNNCellBase {
 public:
  RNNCell(int64_t input_size, int64_t hidden_size, RNNCellOptions options = {});
  Tensor forward(const Tensor& input, const Tensor& hx = {});
  std::string extra_repr() const override;
  std::string nonlinearity;
};

/// (h', c') = one LSTM step (i, f, g, o gates)
class LSTMCell : public RNNCellBase {
 public:
  LSTMCell(int64_t input_size, int64_t hidden_size, LSTMCellOptions options = {});
  using State = std::tuple<Tensor, Tensor>;
  State forward(const Tensor& input, const std::optional<State>& hx = std::nullopt);
};

/// h' = one GRU step (r, z, n gates)
class GRUCell : public RNNCellBase {
 public:
  GRUCell(int64_t input_size, int64_t hidden_size, GRUCellOptions options = {});
  Tensor forward(const Tensor& input, const Tensor& hx = {});
};

}  // namespace ember::nn
