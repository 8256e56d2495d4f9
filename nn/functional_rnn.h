// functional_rnn.h — one step of the recurrent cells as functions (torch's
// rnn_tanh_cell, rnn_relu_cell, lstm_cell, gru_cell). Inputs are batched:
// input (N, input_size), hx and cx (N, hidden_size); weight_ih (G*H, input_size),
// weight_hh (G*H, H) with G = 1 (RNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n).
//
// The LSTM and GRU pointwise parts are fused (kernels/cpu/rnn.cpp) with a
// hand-written backward: first derivatives only (no gradgradcheck), CPU only.
#pragma once

#include <tuple>

#include "core/tensor.h"

namespace ember::nn::functional {

/// h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)
Tensor rnn_tanh_cell(const Tensor& input, const Tensor& hx, const Tensor& weight_ih, const Tensor& weight_hh,
                     const Tensor& bias_ih = {}, const Tensor& bias_hh = {});
/// h' = relu(x W_ih^T + b_ih + h W_hh^T + b_hh)
Tensor rnn_relu_cell(const Tensor& input, const Tensor& hx, const Tensor& weight_ih, const Tensor& weight_hh,
                     const Tensor& bias_ih = {}, const Tensor& bias_hh = {});
/// i, f, g, o = chunks of x W_ih^T + b_ih + h W_hh^T + b_hh (sigmoid, sigmoid, tanh, sigmoid);
/// c' = f c + i g, h' = o tanh(c'). Returns (h', c').
std::tuple<Tensor, Tensor> lstm_cell(const Tensor& input, const Tensor& hx, const Tensor& cx, const Tensor& weight_ih,
                                     const Tensor& weight_hh, const Tensor& bias_ih = {}, const Tensor& bias_hh = {});
/// r, z = sigmoid(x W_i{r,z}^T + b_i{r,z} + h W_h{r,z}^T + b_h{r,z}),
/// n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn)), h' = (1 - z) n + z h.
Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& weight_ih, const Tensor& weight_hh,
                const Tensor& bias_ih = {}, const Tensor& bias_hh = {});

}  // namespace ember::nn::functional
