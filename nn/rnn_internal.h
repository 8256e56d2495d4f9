// rnn_internal.h — one recurrent layer in one direction over a whole
// sequence, the engine under nn::RNN, nn::LSTM and nn::GRU. Internal to nn/.
#pragma once

#include <vector>

#include "core/tensor.h"
#include "nn/utils/rnn.h"

namespace ember::nn::detail {

enum class RecurrentMode { RnnTanh, RnnRelu, Lstm, Gru };

/// Gates per hidden unit: 1 (RNN), 4 (LSTM), 3 (GRU).
int64_t gate_count(RecurrentMode mode);

/// Runs the recurrence h_t = cell(input_gates_t, h_{t-1} W_hh^T + b_hh) over a
/// packed sequence (see nn/utils/rnn.h): input_gates (N, G*H) = x W_ih^T + b_ih
/// for every packed row (one GEMM by the caller), batch_sizes[t] rows at step t
/// (non-increasing, summing to N), h0 and c0 (batch_sizes[0], H); c0 only for
/// the LSTM. weight_hr (P, H), if defined, projects the LSTM's h to width P
/// (h0 then has width P). reverse runs t from last to first. Returns {output (N, H), h_n}
/// (and c_n for the LSTM) where h_n[b] is sequence b's state after its own last
/// step. One autograd node for the whole layer: backward is backpropagation
/// through time with the fused cell kernels, and weight_hh's gradient is a
/// single GEMM over all steps.
TensorList recurrent_layer(RecurrentMode mode, const Tensor& input_gates, const Tensor& weight_hh,
                           const Tensor& bias_hh, const Tensor& weight_hr, const Tensor& h0, const Tensor& c0,
                           const std::vector<int64_t>& batch_sizes, bool reverse);

/// sequence.batch_sizes as a vector, checked: non-empty, positive,
/// non-increasing, summing to data's rows (nn/utils/rnn.cpp).
std::vector<int64_t> packed_batch_sizes(const utils::rnn::PackedSequence& sequence, const char* op);

}  // namespace ember::nn::detail
