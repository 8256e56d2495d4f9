// rnn_cell.cpp — RNNCell, LSTMCell, GRUCell: parameters, unbatched input,
// default states; the step itself is nn/functional_rnn.cpp.
#include "nn/modules/rnn_cell.h"

#include <cmath>
#include <sstream>

#include "core/ops.h"
#include "nn/functional_rnn.h"
#include "nn/init.h"

namespace ember::nn {

RNNCellBase::RNNCellBase(const char* name, int64_t input_size_, int64_t hidden_size_, bool bias_, int64_t num_gates)
    : Module(name), input_size(input_size_), hidden_size(hidden_size_), bias(bias_),
      weight_ih(register_parameter("weight_ih", empty({num_gates * hidden_size_, input_size_}))),
      weight_hh(register_parameter("weight_hh", empty({num_gates * hidden_size_, hidden_size_}))),
      bias_ih(register_parameter("bias_ih", bias_ ? empty({num_gates * hidden_size_}) : Tensor())),
      bias_hh(register_parameter("bias_hh", bias_ ? empty({num_gates * hidden_size_}) : Tensor())) {
  EMBER_CHECK(input_size > 0 && hidden_size > 0, name, "input_size and hidden_size must be positive, got ",
              input_size, " and ", hidden_size);
  reset_parameters();
}

void RNNCellBase::reset_parameters() {
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden_size));
  for (Tensor& p : parameters()) init::uniform_(p, -bound, bound);
}

std::string RNNCellBase::extra_repr() const {
  std::ostringstream s;
  s << input_size << ", " << hidden_size;
  if (!bias) s << ", bias=false";
  return s.str();
}

Tensor RNNCellBase::batched_input(const Tensor& input) const {
  EMBER_CHECK(input.defined() && (input.dim() == 1 || input.dim() == 2), name(),
              "expected input to be 1-D or 2-D, got ", input.defined() ? shape_str(input.sizes()) : "undefined");
  EMBER_CHECK(input.size(-1) == input_size, name(), "input has inconsistent input_size: got ", input.size(-1),
              " (input ", shape_str(input.sizes()), "), expected ", input_size);
  return input.dim() == 1 ? input.unsqueeze(0) : input;
}

Tensor RNNCellBase::batched_state(const Tensor& state, const Tensor& input, const char* what) const {
  Tensor x = batched_input(input);
  if (!state.defined()) return zeros({x.size(0), hidden_size}, x.options());
  Shape expected = input.dim() == 1 ? Shape{hidden_size} : Shape{x.size(0), hidden_size};
  EMBER_CHECK(state.sizes() == IntArrayRef(expected), name(), "expected ", what, " of shape ", shape_str(expected),
              " for input ", shape_str(input.sizes()), ", got ", shape_str(state.sizes()));
  return state.dim() == 1 ? state.unsqueeze(0) : state;
}

RNNCell::RNNCell(int64_t input_size, int64_t hidden_size, RNNCellOptions options)
    : RNNCellBase("RNNCell", input_size, hidden_size, options.bias, 1), nonlinearity(options.nonlinearity) {
  EMBER_CHECK(nonlinearity == "tanh" || nonlinearity == "relu", "RNNCell", "unknown nonlinearity '", nonlinearity,
              "', select from 'tanh' or 'relu'");
}

Tensor RNNCell::forward(const Tensor& input, const Tensor& hx) {
  Tensor x = batched_input(input), h = batched_state(hx, input, "hx");
  Tensor out = nonlinearity == "tanh" ? functional::rnn_tanh_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh)
                                      : functional::rnn_relu_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh);
  return input.dim() == 1 ? out.squeeze(0) : out;
}

std::string RNNCell::extra_repr() const {
  return RNNCellBase::extra_repr() + (nonlinearity == "tanh" ? "" : ", nonlinearity=" + nonlinearity);
}

LSTMCell::LSTMCell(int64_t input_size, int64_t hidden_size, LSTMCellOptions options)
    : RNNCellBase("LSTMCell", input_size, hidden_size, options.bias, 4) {}

LSTMCell::State LSTMCell::forward(const Tensor& input, const std::optional<State>& hx) {
  Tensor x = batched_input(input);
  Tensor h = batched_state(hx ? std::get<0>(*hx) : Tensor(), input, "hx");
  Tensor c = batched_state(hx ? std::get<1>(*hx) : Tensor(), input, "cx");
  auto [h_new, c_new] = functional::lstm_cell(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh);
  if (input.dim() == 1) return {h_new.squeeze(0), c_new.squeeze(0)};
  return {h_new, c_new};
}

GRUCell::GRUCell(int64_t input_size, int64_t hidden_size, GRUCellOptions options)
    : RNNCellBase("GRUCell", input_size, hidden_size, options.bias, 3) {}

Tensor GRUCell::forward(const Tensor& input, const Tensor& hx) {
  Tensor x = batched_input(input), h = batched_state(hx, input, "hx");
  Tensor out = functional::gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh);
  return input.dim() == 1 ? out.squeeze(0) : out;
}

}  // namespace ember::nn
