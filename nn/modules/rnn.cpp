// rnn.cpp — RNN, LSTM, GRU: parameters, shape handling, and the loop over
// layers and directions. Each (layer, direction) is
//   input gates = x W_ih^T + b_ih      one GEMM over every time step at once
//   recurrence                         nn/functional_rnn.cpp (one GEMM per step
//                                      and a fused gate kernel)
// Padded input runs as a packed sequence whose steps all hold the full batch,
// so one code path serves both.
#include "nn/modules/rnn.h"

#include <cmath>
#include <sstream>

#include "core/ops.h"
#include "nn/functional_misc.h"
#include "nn/init.h"
#include "nn/rnn_internal.h"

namespace ember::nn {

namespace {

detail::RecurrentMode parse_mode(const std::string& mode) {
  if (mode == "RNN_TANH") return detail::RecurrentMode::RnnTanh;
  if (mode == "RNN_RELU") return detail::RecurrentMode::RnnRelu;
  if (mode == "LSTM") return detail::RecurrentMode::Lstm;
  if (mode == "GRU") return detail::RecurrentMode::Gru;
  EMBER_FAIL("RNNBase", "unknown mode '", mode, "' (expected RNN_TANH, RNN_RELU, LSTM or GRU)");
}

std::string rnn_mode(const std::string& nonlinearity) {
  EMBER_CHECK(nonlinearity == "tanh" || nonlinearity == "relu", "RNN", "unknown nonlinearity '", nonlinearity,
              "', select from 'tanh' or 'relu'");
  return nonlinearity == "tanh" ? "RNN_TANH" : "RNN_RELU";
}

std::string dims_str(const Tensor& t) { return t.defined() ? std::to_string(t.dim()) + "-D" : "undefined"; }

}  // namespace

RNNBase::RNNBase(const char* name, std::string mode_, int64_t input_size_, int64_t hidden_size_, int64_t num_layers_,
                 bool bias_, bool batch_first_, double dropout_, bool bidirectional_, int64_t proj_size_)
    : Module(name), mode(std::move(mode_)), input_size(input_size_), hidden_size(hidden_size_),
      num_layers(num_layers_), bias(bias_), batch_first(batch_first_), dropout(dropout_),
      bidirectional(bidirectional_), proj_size(proj_size_) {
  EMBER_CHECK(input_size > 0 && hidden_size > 0 && num_layers > 0, name,
              "input_size, hidden_size and num_layers must be positive, got ", input_size, ", ", hidden_size, ", ",
              num_layers);
  EMBER_CHECK(dropout >= 0 && dropout <= 1, name, "dropout should be a probability in [0, 1], got ", dropout);
  EMBER_CHECK(proj_size >= 0 && proj_size < hidden_size, name, "proj_size must be in [0, hidden_size = ",
              hidden_size, "), got ", proj_size);
  EMBER_CHECK(proj_size == 0 || mode == "LSTM", name, "proj_size is only supported for LSTM, not RNN or GRU");
  const int64_t gates = detail::gate_count(parse_mode(mode)) * hidden_size;
  for (int64_t layer = 0; layer < num_layers; ++layer)
    for (int64_t direction = 0; direction < num_directions(); ++direction) {
      const int64_t in = layer == 0 ? input_size : real_hidden_size() * num_directions();
      const std::string suffix = "_l" + std::to_string(layer) + (direction == 1 ? "_reverse" : "");
      std::vector<Tensor*> slots = {&register_parameter("weight_ih" + suffix, empty({gates, in})),
                                    &register_parameter("weight_hh" + suffix, empty({gates, real_hidden_size()}))};
      if (bias) {
        slots.push_back(&register_parameter("bias_ih" + suffix, empty({gates})));
        slots.push_back(&register_parameter("bias_hh" + suffix, empty({gates})));
      }
      if (proj_size > 0) slots.push_back(&register_parameter("weight_hr" + suffix, empty({proj_size, hidden_size})));
      weights_.push_back(slots);
    }
  reset_parameters();
}

void RNNBase::reset_parameters() {
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  for (Tensor& p : parameters()) init::uniform_(p, -bound, bound);
}

std::vector<TensorList> RNNBase::all_weights() const {
  std::vector<TensorList> out;
  for (const auto& slots : weights_) {
    TensorList layer;
    for (Tensor* slot : slots) layer.push_back(*slot);
    out.push_back(layer);
  }
  return out;
}

std::string RNNBase::extra_repr() const {
  std::ostringstream s;
  s << input_size << ", " << hidden_size;
  if (mode == "RNN_RELU") s << ", nonlinearity=relu";
  if (num_layers != 1) s << ", num_layers=" << num_layers;
  if (!bias) s << ", bias=false";
  if (batch_first) s << ", batch_first=true";
  if (dropout != 0) s << ", dropout=" << dropout;
  if (bidirectional) s << ", bidirectional=true";
  if (proj_size > 0) s << ", proj_size=" << proj_size;
  return s.str();
}

void RNNBase::check_state(const Tensor& state, int64_t batch, bool batched, int64_t width, const char* what) const {
  if (!state.defined()) return;
  Shape expected = {num_layers * num_directions(), batch, width};
  if (!batched) expected.erase(expected.begin() + 1);
  EMBER_CHECK(state.sizes() == IntArrayRef(expected), name(), "expected ", what, " of shape ", shape_str(expected),
              ", got ", shape_str(state.sizes()));
}

TensorList RNNBase::run(const Tensor& data, const std::vector<int64_t>& batch_sizes, const Tensor& h0,
                        const Tensor& c0) {
  const auto kind = parse_mode(mode);
  const bool lstm = kind == detail::RecurrentMode::Lstm;
  const int64_t batch = batch_sizes[0], states = num_layers * num_directions();
  Tensor h_init = h0.defined() ? h0 : zeros({states, batch, real_hidden_size()}, data.options());
  Tensor c_init = !lstm ? Tensor() : c0.defined() ? c0 : zeros({states, batch, hidden_size}, data.options());
  Tensor layer_input = data;
  TensorList h_n, c_n;
  for (int64_t layer = 0; layer < num_layers; ++layer) {
    TensorList outputs;
    for (int64_t direction = 0; direction < num_directions(); ++direction) {
      const int64_t k = layer * num_directions() + direction;
      const std::vector<Tensor*>& w = weights_[k];
      const Tensor &w_ih = *w[0], &w_hh = *w[1];
      Tensor b_ih = bias ? *w[2] : Tensor(), b_hh = bias ? *w[3] : Tensor();
      Tensor w_hr = proj_size > 0 ? *w.back() : Tensor();
      // x W_ih^T + b_ih for all steps in one GEMM
      Tensor input_gates = b_ih.defined() ? addmm(b_ih, layer_input, w_ih.t()) : layer_input.mm(w_ih.t());
      TensorList out = detail::recurrent_layer(kind, input_gates, w_hh, b_hh, w_hr, h_init.select(0, k),
                                               lstm ? c_init.select(0, k) : Tensor(), batch_sizes, direction == 1);
      outputs.push_back(out[0]);
      h_n.push_back(out[1]);
      if (lstm) c_n.push_back(out[2]);
    }
    layer_input = outputs.size() == 1 ? outputs[0] : cat(outputs, 1);
    if (dropout > 0 && is_training() && layer + 1 < num_layers)
      layer_input = functional::dropout(layer_input, dropout, true);
  }
  TensorList result = {layer_input, stack(h_n)};
  if (lstm) result.push_back(stack(c_n));
  return result;
}

TensorList RNNBase::forward_padded(const Tensor& input, const Tensor& hx, const Tensor& cx) {
  EMBER_CHECK(input.defined() && (input.dim() == 2 || input.dim() == 3), name(),
              "expected input to be 2-D (T, input_size) or 3-D (batched), got ", dims_str(input), " input");
  const bool batched = input.dim() == 3;
  for (const Tensor* state : {&hx, &cx})
    EMBER_CHECK(!state->defined() || state->dim() == input.dim(), name(), "for ", batched ? "batched 3-D" : "unbatched 2-D",
                " input the initial states must be ", batched ? "3-D" : "2-D", ", got ", dims_str(*state));
  // to (T, B, input_size)
  Tensor x = !batched ? input.unsqueeze(1) : batch_first ? input.transpose(0, 1) : input;
  EMBER_CHECK(x.size(2) == input_size, name(), "input.size(-1) must be equal to input_size, expected ", input_size,
              ", got input ", shape_str(input.sizes()));
  const int64_t T = x.size(0), B = x.size(1);
  EMBER_CHECK(T > 0 && B > 0, name(), "expected a non-empty sequence and batch, got input ", shape_str(input.sizes()));
  check_state(hx, B, batched, real_hidden_size(), "hx");
  check_state(cx, B, batched, hidden_size, "cx");
  auto to_batched = [&](const Tensor& s) { return s.defined() && !batched ? s.unsqueeze(1) : s; };

  TensorList out = run(x.reshape({T * B, input_size}), std::vector<int64_t>(T, B), to_batched(hx), to_batched(cx));
  Tensor output = out[0].view({T, B, out[0].size(1)});
  out[0] = !batched ? output.squeeze(1) : batch_first ? output.transpose(0, 1) : output;
  for (size_t i = 1; i < out.size(); ++i)
    if (!batched) out[i] = out[i].squeeze(1);
  return out;
}

TensorList RNNBase::forward_packed(const PackedSequence& input, const Tensor& hx, const Tensor& cx) {
  const std::string op = name();
  std::vector<int64_t> batch_sizes = detail::packed_batch_sizes(input, op.c_str());
  EMBER_CHECK(input.data.dim() == 2, op, "a packed input needs 2-D data, got ", dims_str(input.data));
  EMBER_CHECK(input.data.size(1) == input_size, name(), "input.size(-1) must be equal to input_size, expected ",
              input_size, ", got packed data ", shape_str(input.data.sizes()));
  const int64_t B = batch_sizes[0];
  for (const Tensor* state : {&hx, &cx})
    EMBER_CHECK(!state->defined() || state->dim() == 3, name(), "for a packed input the initial states must be 3-D, got ",
                dims_str(*state));
  check_state(hx, B, true, real_hidden_size(), "hx");
  check_state(cx, B, true, hidden_size, "cx");
  // states come in the caller's batch order; the packed rows are sorted by length
  auto permute = [&](const Tensor& s, const Tensor& index) {
    return s.defined() && index.defined() ? s.index_select(1, index) : s;
  };
  TensorList out = run(input.data, batch_sizes, permute(hx, input.sorted_indices), permute(cx, input.sorted_indices));
  for (size_t i = 1; i < out.size(); ++i) out[i] = permute(out[i], input.unsorted_indices);
  return out;
}

RNN::RNN(int64_t input_size, int64_t hidden_size, RNNOptions o)
    : RNNBase("RNN", rnn_mode(o.nonlinearity), input_size, hidden_size, o.num_layers, o.bias, o.batch_first,
              o.dropout, o.bidirectional) {}

std::tuple<Tensor, Tensor> RNN::forward(const Tensor& input, const Tensor& hx) {
  TensorList out = forward_padded(input, hx, {});
  return {out[0], out[1]};
}

std::tuple<PackedSequence, Tensor> RNN::forward_with_packed_input(const PackedSequence& input, const Tensor& hx) {
  TensorList out = forward_packed(input, hx, {});
  return {PackedSequence{out[0], input.batch_sizes, input.sorted_indices, input.unsorted_indices}, out[1]};
}

LSTM::LSTM(int64_t input_size, int64_t hidden_size, LSTMOptions o)
    : RNNBase("LSTM", "LSTM", input_size, hidden_size, o.num_layers, o.bias, o.batch_first, o.dropout,
              o.bidirectional, o.proj_size) {}

std::tuple<Tensor, LSTM::State> LSTM::forward(const Tensor& input, const std::optional<State>& hx) {
  TensorList out = hx ? forward_padded(input, std::get<0>(*hx), std::get<1>(*hx)) : forward_padded(input, {}, {});
  return {out[0], {out[1], out[2]}};
}

std::tuple<PackedSequence, LSTM::State> LSTM::forward_with_packed_input(const PackedSequence& input,
                                                                         const std::optional<State>& hx) {
  TensorList out = hx ? forward_packed(input, std::get<0>(*hx), std::get<1>(*hx)) : forward_packed(input, {}, {});
  return {PackedSequence{out[0], input.batch_sizes, input.sorted_indices, input.unsorted_indices}, {out[1], out[2]}};
}

GRU::GRU(int64_t input_size, int64_t hidden_size, GRUOptions o)
    : RNNBase("GRU", "GRU", input_size, hidden_size, o.num_layers, o.bias, o.batch_first, o.dropout,
              o.bidirectional, o.proj_size) {}

std::tuple<Tensor, Tensor> GRU::forward(const Tensor& input, const Tensor& hx) {
  TensorList out = forward_padded(input, hx, {});
  return {out[0], out[1]};
}

std::tuple<PackedSequence, Tensor> GRU::forward_with_packed_input(const PackedSequence& input, const Tensor& hx) {
  TensorList out = forward_packed(input, hx, {});
  return {PackedSequence{out[0], input.batch_sizes, input.sorted_indices, input.unsorted_indices}, out[1]};
}

}  // namespace ember::nn
