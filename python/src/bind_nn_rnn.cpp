// bind_nn_rnn.cpp — ember.nn's sequence layers: RNN, LSTM, GRU (padded or
// PackedSequence input, torch's (output, h_n) / (output, (h_n, c_n))
// results), the cells, MultiheadAttention ((output, weights)) and the
// Transformer family, with torch's constructor keywords.
//
// The per-layer weights (weight_ih_l0, ...) and the submodules (out_proj,
// self_attn, linear1, ...) are found by name through Module's __getattr__.
// Not accepted: torch's is_causal flags on the Transformer forwards.
#include "bind_nn.h"

namespace py = pybind11;

namespace ember::python {

void bind_nn_rnn(py::module_& nn) {
  using py::arg;
  auto none = py::none();
  using nn::utils::rnn::PackedSequence;

  layer_class<nn::RNNBase>(nn, "RNNBase", py::dynamic_attr())
      .def("reset_parameters", &nn::RNNBase::reset_parameters)
      .def("flatten_parameters", [](nn::RNNBase&) {})
      .def_property_readonly("all_weights", &nn::RNNBase::all_weights)
      .def_readonly("mode", &nn::RNNBase::mode)
      .def_readonly("input_size", &nn::RNNBase::input_size)
      .def_readonly("hidden_size", &nn::RNNBase::hidden_size)
      .def_readonly("num_layers", &nn::RNNBase::num_layers)
      .def_readonly("bias", &nn::RNNBase::bias)
      .def_readonly("batch_first", &nn::RNNBase::batch_first)
      .def_readwrite("dropout", &nn::RNNBase::dropout)
      .def_readonly("bidirectional", &nn::RNNBase::bidirectional)
      .def_readonly("proj_size", &nn::RNNBase::proj_size);
  layer_class<nn::RNN, nn::RNNBase>(nn, "RNN", py::dynamic_attr())
      .def(py::init([](int64_t input_size, int64_t hidden_size, int64_t num_layers, std::string nonlinearity, bool bias,
                       bool batch_first, double dropout, bool bidirectional) {
             return std::make_shared<nn::RNN>(
                 input_size, hidden_size,
                 nn::RNNOptions{num_layers, nonlinearity, bias, batch_first, dropout, bidirectional});
           }),
           arg("input_size"), arg("hidden_size"), arg("num_layers") = 1, arg("nonlinearity") = "tanh",
           arg("bias") = true, arg("batch_first") = false, arg("dropout") = 0.0, arg("bidirectional") = false)
      .def("forward", [](nn::RNN& m, const Tensor& input, const OptTensor& hx) { return m.forward(input, val(hx)); },
           arg("input"), arg("hx") = none)
      .def("forward",
           [](nn::RNN& m, const PackedSequence& input, const OptTensor& hx) {
             return m.forward_with_packed_input(input, val(hx));
           },
           arg("input"), arg("hx") = none);
  layer_class<nn::LSTM, nn::RNNBase>(nn, "LSTM", py::dynamic_attr())
      .def(py::init([](int64_t input_size, int64_t hidden_size, int64_t num_layers, bool bias, bool batch_first,
                       double dropout, bool bidirectional, int64_t proj_size) {
             return std::make_shared<nn::LSTM>(
                 input_size, hidden_size,
                 nn::LSTMOptions{num_layers, bias, batch_first, dropout, bidirectional, proj_size});
           }),
           arg("input_size"), arg("hidden_size"), arg("num_layers") = 1, arg("bias") = true,
           arg("batch_first") = false, arg("dropout") = 0.0, arg("bidirectional") = false, arg("proj_size") = 0)
      .def("forward", [](nn::LSTM& m, const Tensor& input, const std::optional<nn::LSTM::State>& hx) {
             return m.forward(input, hx);
           },
           arg("input"), arg("hx") = none)
      .def("forward",
           [](nn::LSTM& m, const PackedSequence& input, const std::optional<nn::LSTM::State>& hx) {
             return m.forward_with_packed_input(input, hx);
           },
           arg("input"), arg("hx") = none);
  layer_class<nn::GRU, nn::RNNBase>(nn, "GRU", py::dynamic_attr())
      .def(py::init([](int64_t input_size, int64_t hidden_size, int64_t num_layers, bool bias, bool batch_first,
                       double dropout, bool bidirectional) {
             return std::make_shared<nn::GRU>(input_size, hidden_size,
                                              nn::GRUOptions{num_layers, bias, batch_first, dropout, bidirectional});
           }),
           arg("input_size"), arg("hidden_size"), arg("num_layers") = 1, arg("bias") = true,
           arg("batch_first") = false, arg("dropout") = 0.0, arg("bidirectional") = false)
      .def("forward", [](nn::GRU& m, const Tensor& input, const OptTensor& hx) { return m.forward(input, val(hx)); },
           arg("input"), arg("hx") = none)
      .def("forward",
           [](nn::GRU& m, const PackedSequence& input, const OptTensor& hx) {
             return m.forward_with_packed_input(input, val(hx));
           },
           arg("input"), arg("hx") = none);

  // ---- cells ----
  layer_class<nn::RNNCellBase>(nn, "RNNCellBase", py::dynamic_attr())
      .def("reset_parameters", &nn::RNNCellBase::reset_parameters)
      .def_readonly("input_size", &nn::RNNCellBase::input_size)
      .def_readonly("hidden_size", &nn::RNNCellBase::hidden_size)
      .def_readonly("bias", &nn::RNNCellBase::bias)
      .EMBER_PARAMETER_ATTR(nn::RNNCellBase, weight_ih)
      .EMBER_PARAMETER_ATTR(nn::RNNCellBase, weight_hh)
      .EMBER_PARAMETER_ATTR(nn::RNNCellBase, bias_ih)
      .EMBER_PARAMETER_ATTR(nn::RNNCellBase, bias_hh);
  layer_class<nn::RNNCell, nn::RNNCellBase>(nn, "RNNCell", py::dynamic_attr())
      .def(py::init([](int64_t input_size, int64_t hidden_size, bool bias, std::string nonlinearity) {
             return std::make_shared<nn::RNNCell>(input_size, hidden_size, nn::RNNCellOptions{bias, nonlinearity});
           }),
           arg("input_size"), arg("hidden_size"), arg("bias") = true, arg("nonlinearity") = "tanh")
      .def("forward", [](nn::RNNCell& m, const Tensor& input, const OptTensor& hx) { return m.forward(input, val(hx)); },
           arg("input"), arg("hx") = none)
      .def_readonly("nonlinearity", &nn::RNNCell::nonlinearity);
  layer_class<nn::LSTMCell, nn::RNNCellBase>(nn, "LSTMCell", py::dynamic_attr())
      .def(py::init([](int64_t input_size, int64_t hidden_size, bool bias) {
             return std::make_shared<nn::LSTMCell>(input_size, hidden_size, nn::LSTMCellOptions{bias});
           }),
           arg("input_size"), arg("hidden_size"), arg("bias") = true)
      .def("forward", &nn::LSTMCell::forward, arg("input"), arg("hx") = none);
  layer_class<nn::GRUCell, nn::RNNCellBase>(nn, "GRUCell", py::dynamic_attr())
      .def(py::init([](int64_t input_size, int64_t hidden_size, bool bias) {
             return std::make_shared<nn::GRUCell>(input_size, hidden_size, nn::GRUCellOptions{bias});
           }),
           arg("input_size"), arg("hidden_size"), arg("bias") = true)
      .def("forward", [](nn::GRUCell& m, const Tensor& input, const OptTensor& hx) { return m.forward(input, val(hx)); },
           arg("input"), arg("hx") = none);

  // ---- attention ----
  layer_class<nn::MultiheadAttention>(nn, "MultiheadAttention", py::dynamic_attr())
      .def(py::init([](int64_t embed_dim, int64_t num_heads, double dropout, bool bias, bool add_bias_kv,
                       bool add_zero_attn, std::optional<int64_t> kdim, std::optional<int64_t> vdim, bool batch_first) {
             return std::make_shared<nn::MultiheadAttention>(
                 embed_dim, num_heads,
                 nn::MultiheadAttentionOptions{dropout, bias, add_bias_kv, add_zero_attn, kdim, vdim, batch_first});
           }),
           arg("embed_dim"), arg("num_heads"), arg("dropout") = 0.0, arg("bias") = true, arg("add_bias_kv") = false,
           arg("add_zero_attn") = false, arg("kdim") = none, arg("vdim") = none, arg("batch_first") = false)
      .def("forward",
           [](nn::MultiheadAttention& m, const Tensor& q, const Tensor& k, const Tensor& v, const OptTensor& key_padding_mask,
              bool need_weights, const OptTensor& attn_mask, bool average_attn_weights) -> py::object {
             auto [out, weights] = m.forward(q, k, v, val(key_padding_mask), need_weights, val(attn_mask),
                                             average_attn_weights);
             return py::make_tuple(out, tensor_or_none(weights));
           },
           arg("query"), arg("key"), arg("value"), arg("key_padding_mask") = none, arg("need_weights") = true,
           arg("attn_mask") = none, arg("average_attn_weights") = true)
      .def("_reset_parameters", &nn::MultiheadAttention::reset_parameters)
      .def_readonly("embed_dim", &nn::MultiheadAttention::embed_dim)
      .def_readonly("num_heads", &nn::MultiheadAttention::num_heads)
      .def_readonly("head_dim", &nn::MultiheadAttention::head_dim)
      .def_readonly("kdim", &nn::MultiheadAttention::kdim)
      .def_readonly("vdim", &nn::MultiheadAttention::vdim)
      .def_property_readonly("batch_first", [](const nn::MultiheadAttention& m) { return m.options.batch_first; })
      .EMBER_PARAMETER_ATTR(nn::MultiheadAttention, in_proj_weight)
      .EMBER_PARAMETER_ATTR(nn::MultiheadAttention, q_proj_weight)
      .EMBER_PARAMETER_ATTR(nn::MultiheadAttention, k_proj_weight)
      .EMBER_PARAMETER_ATTR(nn::MultiheadAttention, v_proj_weight)
      .EMBER_PARAMETER_ATTR(nn::MultiheadAttention, in_proj_bias)
      .EMBER_PARAMETER_ATTR(nn::MultiheadAttention, bias_k)
      .EMBER_PARAMETER_ATTR(nn::MultiheadAttention, bias_v);

  // ---- transformers ----
  auto layer_options = [](int64_t dim_feedforward, double dropout, std::string activation, double eps,
                          bool batch_first, bool norm_first) {
    return nn::TransformerLayerOptions{dim_feedforward, dropout, std::move(activation), eps, batch_first, norm_first};
  };
  layer_class<nn::TransformerEncoderLayer>(nn, "TransformerEncoderLayer", py::dynamic_attr())
      .def(py::init([layer_options](int64_t d_model, int64_t nhead, int64_t dim_feedforward, double dropout,
                                    std::string activation, double eps, bool batch_first, bool norm_first) {
             return std::make_shared<nn::TransformerEncoderLayer>(
                 d_model, nhead, layer_options(dim_feedforward, dropout, activation, eps, batch_first, norm_first));
           }),
           arg("d_model"), arg("nhead"), arg("dim_feedforward") = 2048, arg("dropout") = 0.1,
           arg("activation") = "relu", arg("layer_norm_eps") = 1e-5, arg("batch_first") = false,
           arg("norm_first") = false)
      .def("forward",
           [](nn::TransformerEncoderLayer& m, const Tensor& src, const OptTensor& src_mask,
              const OptTensor& src_key_padding_mask) { return m.forward(src, val(src_mask), val(src_key_padding_mask)); },
           arg("src"), arg("src_mask") = none, arg("src_key_padding_mask") = none);
  layer_class<nn::TransformerDecoderLayer>(nn, "TransformerDecoderLayer", py::dynamic_attr())
      .def(py::init([layer_options](int64_t d_model, int64_t nhead, int64_t dim_feedforward, double dropout,
                                    std::string activation, double eps, bool batch_first, bool norm_first) {
             return std::make_shared<nn::TransformerDecoderLayer>(
                 d_model, nhead, layer_options(dim_feedforward, dropout, activation, eps, batch_first, norm_first));
           }),
           arg("d_model"), arg("nhead"), arg("dim_feedforward") = 2048, arg("dropout") = 0.1,
           arg("activation") = "relu", arg("layer_norm_eps") = 1e-5, arg("batch_first") = false,
           arg("norm_first") = false)
      .def("forward",
           [](nn::TransformerDecoderLayer& m, const Tensor& tgt, const Tensor& memory, const OptTensor& tgt_mask,
              const OptTensor& memory_mask, const OptTensor& tgt_key_padding_mask,
              const OptTensor& memory_key_padding_mask) {
             return m.forward(tgt, memory, val(tgt_mask), val(memory_mask), val(tgt_key_padding_mask),
                              val(memory_key_padding_mask));
           },
           arg("tgt"), arg("memory"), arg("tgt_mask") = none, arg("memory_mask") = none,
           arg("tgt_key_padding_mask") = none, arg("memory_key_padding_mask") = none);
  layer_class<nn::TransformerEncoder>(nn, "TransformerEncoder", py::dynamic_attr())
      .def(py::init<const std::shared_ptr<nn::TransformerEncoderLayer>&, int64_t, std::shared_ptr<nn::LayerNorm>>(),
           arg("encoder_layer"), arg("num_layers"), arg("norm") = none)
      .def("forward",
           [](nn::TransformerEncoder& m, const Tensor& src, const OptTensor& mask, const OptTensor& src_key_padding_mask) {
             return m.forward(src, val(mask), val(src_key_padding_mask));
           },
           arg("src"), arg("mask") = none, arg("src_key_padding_mask") = none)
      .def_readonly("num_layers", &nn::TransformerEncoder::num_layers);
  layer_class<nn::TransformerDecoder>(nn, "TransformerDecoder", py::dynamic_attr())
      .def(py::init<const std::shared_ptr<nn::TransformerDecoderLayer>&, int64_t, std::shared_ptr<nn::LayerNorm>>(),
           arg("decoder_layer"), arg("num_layers"), arg("norm") = none)
      .def("forward",
           [](nn::TransformerDecoder& m, const Tensor& tgt, const Tensor& memory, const OptTensor& tgt_mask,
              const OptTensor& memory_mask, const OptTensor& tgt_key_padding_mask,
              const OptTensor& memory_key_padding_mask) {
             return m.forward(tgt, memory, val(tgt_mask), val(memory_mask), val(tgt_key_padding_mask),
                              val(memory_key_padding_mask));
           },
           arg("tgt"), arg("memory"), arg("tgt_mask") = none, arg("memory_mask") = none,
           arg("tgt_key_padding_mask") = none, arg("memory_key_padding_mask") = none)
      .def_readonly("num_layers", &nn::TransformerDecoder::num_layers);
  layer_class<nn::Transformer>(nn, "Transformer", py::dynamic_attr())
      .def(py::init([](int64_t d_model, int64_t nhead, int64_t num_encoder_layers, int64_t num_decoder_layers,
                       int64_t dim_feedforward, double dropout, std::string activation, double eps, bool batch_first,
                       bool norm_first) {
             return std::make_shared<nn::Transformer>(
                 nn::TransformerOptions{d_model, nhead, num_encoder_layers, num_decoder_layers, dim_feedforward,
                                        dropout, std::move(activation), eps, batch_first, norm_first});
           }),
           arg("d_model") = 512, arg("nhead") = 8, arg("num_encoder_layers") = 6, arg("num_decoder_layers") = 6,
           arg("dim_feedforward") = 2048, arg("dropout") = 0.1, arg("activation") = "relu",
           arg("layer_norm_eps") = 1e-5, arg("batch_first") = false, arg("norm_first") = false)
      .def("forward",
           [](nn::Transformer& m, const Tensor& src, const Tensor& tgt, const OptTensor& src_mask,
              const OptTensor& tgt_mask, const OptTensor& memory_mask, const OptTensor& src_key_padding_mask,
              const OptTensor& tgt_key_padding_mask, const OptTensor& memory_key_padding_mask) {
             return m.forward(src, tgt, val(src_mask), val(tgt_mask), val(memory_mask), val(src_key_padding_mask),
                              val(tgt_key_padding_mask), val(memory_key_padding_mask));
           },
           arg("src"), arg("tgt"), arg("src_mask") = none, arg("tgt_mask") = none, arg("memory_mask") = none,
           arg("src_key_padding_mask") = none, arg("tgt_key_padding_mask") = none,
           arg("memory_key_padding_mask") = none)
      .def_static("generate_square_subsequent_mask",
                  [](int64_t size) { return nn::Transformer::generate_square_subsequent_mask(size); }, arg("sz"))
      .def_property_readonly("d_model", [](const nn::Transformer& m) { return m.options.d_model; })
      .def_property_readonly("nhead", [](const nn::Transformer& m) { return m.options.nhead; })
      .def_property_readonly("batch_first", [](const nn::Transformer& m) { return m.options.batch_first; });
}

}  // namespace ember::python
