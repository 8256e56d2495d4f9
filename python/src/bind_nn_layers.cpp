// bind_nn_layers.cpp — ember.nn's simple layers: Identity, Linear, Bilinear,
// Flatten/Unflatten, the activations, dropout, Embedding, padding and the
// pixel/channel shuffles, with torch's constructor keywords and attributes.
//
// Constructors take torch's positional order and keyword names; device= and
// dtype= keywords are handled for every layer in ember/nn/modules/module.py.
// Convolutions, pooling and normalization are in bind_nn_conv.cpp; losses in
// bind_nn_loss.cpp; recurrent and attention layers in bind_nn_rnn.cpp.
#include "bind_nn.h"

namespace py = pybind11;

namespace ember::python {

namespace {
py::handle parameter_type() {
  static py::handle type = py::object(py::module_::import("ember.nn.parameter").attr("Parameter")).release();
  return type;
}
}  // namespace

py::object parameter_or_none(const Tensor& t) {
  return t.defined() ? parameter_type().attr("_wrap")(t) : py::none();
}

py::object tensor_or_none(const Tensor& t) { return t.defined() ? py::cast(t) : py::none(); }

void bind_nn_layers(py::module_& nn) {
  using nn::Module;
  using py::arg;

  layer_class<nn::Identity>(nn, "Identity", py::dynamic_attr())
      .def(py::init([](const py::args&, const py::kwargs&) { return std::make_shared<nn::Identity>(); }))
      .EMBER_FORWARD(nn::Identity);

  layer_class<nn::Linear>(nn, "Linear", py::dynamic_attr())
      .def(py::init([](int64_t in, int64_t out, bool bias) {
             return std::make_shared<nn::Linear>(in, out, nn::LinearOptions{bias});
           }),
           arg("in_features"), arg("out_features"), arg("bias") = true)
      .EMBER_FORWARD(nn::Linear)
      .def("reset_parameters", &nn::Linear::reset_parameters)
      .def_readonly("in_features", &nn::Linear::in_features)
      .def_readonly("out_features", &nn::Linear::out_features)
      .EMBER_PARAMETER_ATTR(nn::Linear, weight)
      .EMBER_PARAMETER_ATTR(nn::Linear, bias);

  layer_class<nn::Bilinear>(nn, "Bilinear", py::dynamic_attr())
      .def(py::init([](int64_t in1, int64_t in2, int64_t out, bool bias) {
             return std::make_shared<nn::Bilinear>(in1, in2, out, nn::LinearOptions{bias});
           }),
           arg("in1_features"), arg("in2_features"), arg("out_features"), arg("bias") = true)
      .def("forward", &nn::Bilinear::forward, arg("input1"), arg("input2"))
      .def_readonly("in1_features", &nn::Bilinear::in1_features)
      .def_readonly("in2_features", &nn::Bilinear::in2_features)
      .def_readonly("out_features", &nn::Bilinear::out_features)
      .EMBER_PARAMETER_ATTR(nn::Bilinear, weight)
      .EMBER_PARAMETER_ATTR(nn::Bilinear, bias);

  layer_class<nn::Flatten>(nn, "Flatten", py::dynamic_attr())
      .def(py::init<int64_t, int64_t>(), arg("start_dim") = 1, arg("end_dim") = -1)
      .EMBER_FORWARD(nn::Flatten)
      .def_readwrite("start_dim", &nn::Flatten::start_dim)
      .def_readwrite("end_dim", &nn::Flatten::end_dim);
  layer_class<nn::Unflatten>(nn, "Unflatten", py::dynamic_attr())
      .def(py::init([](int64_t dim, const Dims& sizes) { return std::make_shared<nn::Unflatten>(dim, to_shape(sizes)); }),
           arg("dim"), arg("unflattened_size"))
      .EMBER_FORWARD(nn::Unflatten)
      .def_readonly("dim", &nn::Unflatten::dim)
      .def_property_readonly("unflattened_size", [](const nn::Unflatten& m) { return to_size(m.sizes); });

  // ---- activations ----
#define EMBER_BIND_SIMPLE(Name)                                                                                \
  layer_class<nn::Name>(nn, #Name, py::dynamic_attr())                                                         \
      .def(py::init([](bool /*inplace*/) { return std::make_shared<nn::Name>(); }), arg("inplace") = false) \
      .EMBER_FORWARD(nn::Name);
  EMBER_BIND_SIMPLE(ReLU)
  EMBER_BIND_SIMPLE(ReLU6)
  EMBER_BIND_SIMPLE(SELU)
  EMBER_BIND_SIMPLE(SiLU)
  EMBER_BIND_SIMPLE(Mish)
  EMBER_BIND_SIMPLE(Hardsigmoid)
  EMBER_BIND_SIMPLE(Hardswish)
#undef EMBER_BIND_SIMPLE
#define EMBER_BIND_NO_ARGS(Name) \
  layer_class<nn::Name>(nn, #Name, py::dynamic_attr()).def(py::init<>()).EMBER_FORWARD(nn::Name);
  EMBER_BIND_NO_ARGS(Sigmoid)
  EMBER_BIND_NO_ARGS(Tanh)
  EMBER_BIND_NO_ARGS(Softsign)
  EMBER_BIND_NO_ARGS(LogSigmoid)
  EMBER_BIND_NO_ARGS(Tanhshrink)
  EMBER_BIND_NO_ARGS(Softmax2d)
#undef EMBER_BIND_NO_ARGS
  // activations with one or two numeric settings (inplace is accepted and ignored)
#define EMBER_BIND_ACTIVATION1(Name, a, a_default)                                                              \
  layer_class<nn::Name>(nn, #Name, py::dynamic_attr())                                                          \
      .def(py::init([](double a, bool) { return std::make_shared<nn::Name>(a); }), arg(#a) = a_default, \
           arg("inplace") = false)                                                                              \
      .EMBER_FORWARD(nn::Name)                                                                                  \
      .def_readwrite(#a, &nn::Name::a);
  EMBER_BIND_ACTIVATION1(LeakyReLU, negative_slope, 0.01)
  EMBER_BIND_ACTIVATION1(ELU, alpha, 1.0)
  EMBER_BIND_ACTIVATION1(CELU, alpha, 1.0)
#undef EMBER_BIND_ACTIVATION1
  layer_class<nn::Hardshrink>(nn, "Hardshrink", py::dynamic_attr())
      .def(py::init<double>(), arg("lambd") = 0.5)
      .EMBER_FORWARD(nn::Hardshrink)
      .def_readwrite("lambd", &nn::Hardshrink::lambd);
  layer_class<nn::Softshrink>(nn, "Softshrink", py::dynamic_attr())
      .def(py::init<double>(), arg("lambd") = 0.5)
      .EMBER_FORWARD(nn::Softshrink)
      .def_readwrite("lambd", &nn::Softshrink::lambd);
  layer_class<nn::GELU>(nn, "GELU", py::dynamic_attr())
      .def(py::init<std::string>(), arg("approximate") = "none")
      .EMBER_FORWARD(nn::GELU)
      .def_readwrite("approximate", &nn::GELU::approximate);
  layer_class<nn::Softplus>(nn, "Softplus", py::dynamic_attr())
      .def(py::init<double, double>(), arg("beta") = 1.0, arg("threshold") = 20.0)
      .EMBER_FORWARD(nn::Softplus)
      .def_readwrite("beta", &nn::Softplus::beta)
      .def_readwrite("threshold", &nn::Softplus::threshold);
  layer_class<nn::Hardtanh>(nn, "Hardtanh", py::dynamic_attr())
      .def(py::init([](double min_val, double max_val, bool) { return std::make_shared<nn::Hardtanh>(min_val, max_val); }),
           arg("min_val") = -1.0, arg("max_val") = 1.0, arg("inplace") = false)
      .EMBER_FORWARD(nn::Hardtanh)
      .def_readwrite("min_val", &nn::Hardtanh::min_val)
      .def_readwrite("max_val", &nn::Hardtanh::max_val);
  layer_class<nn::Threshold>(nn, "Threshold", py::dynamic_attr())
      .def(py::init([](double threshold, double value, bool) { return std::make_shared<nn::Threshold>(threshold, value); }),
           arg("threshold"), arg("value"), arg("inplace") = false)
      .EMBER_FORWARD(nn::Threshold)
      .def_readwrite("threshold", &nn::Threshold::threshold)
      .def_readwrite("value", &nn::Threshold::value);
  layer_class<nn::PReLU>(nn, "PReLU", py::dynamic_attr())
      .def(py::init<int64_t, double>(), arg("num_parameters") = 1, arg("init") = 0.25)
      .EMBER_FORWARD(nn::PReLU)
      .EMBER_PARAMETER_ATTR(nn::PReLU, weight);
  layer_class<nn::GLU>(nn, "GLU", py::dynamic_attr())
      .def(py::init<int64_t>(), arg("dim") = -1)
      .EMBER_FORWARD(nn::GLU)
      .def_readwrite("dim", &nn::GLU::dim);
  // softmax-like layers: dim is required in ember (torch's implicit dim is deprecated)
#define EMBER_BIND_DIM_LAYER(Name)                        \
  layer_class<nn::Name>(nn, #Name, py::dynamic_attr())    \
      .def(py::init<int64_t>(), arg("dim"))               \
      .EMBER_FORWARD(nn::Name)                            \
      .def_readwrite("dim", &nn::Name::dim);
  EMBER_BIND_DIM_LAYER(Softmax)
  EMBER_BIND_DIM_LAYER(LogSoftmax)
  EMBER_BIND_DIM_LAYER(Softmin)
#undef EMBER_BIND_DIM_LAYER

  // ---- dropout ----
  layer_class<nn::Dropout>(nn, "Dropout", py::dynamic_attr())
      .def(py::init([](double p, bool) { return std::make_shared<nn::Dropout>(p); }), arg("p") = 0.5,
           arg("inplace") = false)
      .EMBER_FORWARD(nn::Dropout)
      .def_readwrite("p", &nn::Dropout::p);
  layer_class<nn::Dropout2d>(nn, "Dropout2d", py::dynamic_attr())
      .def(py::init([](double p, bool) { return std::make_shared<nn::Dropout2d>(p); }), arg("p") = 0.5,
           arg("inplace") = false)
      .EMBER_FORWARD(nn::Dropout2d)
      .def_readwrite("p", &nn::Dropout2d::p);

  // ---- embeddings ----
  layer_class<nn::Embedding>(nn, "Embedding", py::dynamic_attr())
      .def(py::init([](int64_t num, int64_t dim, std::optional<int64_t> padding_idx, std::optional<double> max_norm,
                       double norm_type, std::optional<Tensor> weight) {
             auto m = std::make_shared<nn::Embedding>(num, dim, nn::EmbeddingOptions{padding_idx, max_norm, norm_type});
             if (weight) m->weight = weight->detach().requires_grad_(true);
             return m;
           }),
           arg("num_embeddings"), arg("embedding_dim"), arg("padding_idx") = py::none(), arg("max_norm") = py::none(),
           arg("norm_type") = 2.0, arg("_weight") = py::none())
      .EMBER_FORWARD(nn::Embedding)
      .def_readonly("num_embeddings", &nn::Embedding::num_embeddings)
      .def_readonly("embedding_dim", &nn::Embedding::embedding_dim)
      .def_property_readonly("padding_idx", [](const nn::Embedding& m) { return m.options.padding_idx; })
      .def_property_readonly("max_norm", [](const nn::Embedding& m) { return m.options.max_norm; })
      .EMBER_PARAMETER_ATTR(nn::Embedding, weight);
  layer_class<nn::EmbeddingBag>(nn, "EmbeddingBag", py::dynamic_attr())
      .def(py::init([](int64_t num, int64_t dim, std::optional<double> max_norm, double norm_type, std::string mode,
                       std::optional<int64_t> padding_idx) {
             nn::EmbeddingBagOptions o;
             o.max_norm = max_norm;
             o.norm_type = norm_type;
             o.mode = std::move(mode);
             o.padding_idx = padding_idx;
             return std::make_shared<nn::EmbeddingBag>(num, dim, o);
           }),
           arg("num_embeddings"), arg("embedding_dim"), arg("max_norm") = py::none(), arg("norm_type") = 2.0,
           arg("mode") = "mean", arg("padding_idx") = py::none())
      .def("forward",
           [](nn::EmbeddingBag& m, const Tensor& input, std::optional<Tensor> offsets,
              std::optional<Tensor> per_sample_weights) {
             if (!offsets && !per_sample_weights) return m.forward(input);
             return m.forward(input, offsets.value_or(Tensor()), per_sample_weights.value_or(Tensor()));
           },
           arg("input"), arg("offsets") = py::none(), arg("per_sample_weights") = py::none())
      .def_readonly("num_embeddings", &nn::EmbeddingBag::num_embeddings)
      .def_readonly("embedding_dim", &nn::EmbeddingBag::embedding_dim)
      .def_property_readonly("mode", [](const nn::EmbeddingBag& m) { return m.options.mode; })
      .def_property_readonly("max_norm", [](const nn::EmbeddingBag& m) { return m.options.max_norm; })
      .def_property_readonly("padding_idx", [](const nn::EmbeddingBag& m) { return m.options.padding_idx; })
      .EMBER_PARAMETER_ATTR(nn::EmbeddingBag, weight);

  // ---- padding and shuffles ----
  layer_class<nn::Pad>(nn, "_Pad", py::dynamic_attr())
      .EMBER_FORWARD(nn::Pad)
      .def_property_readonly("padding", [](const nn::Pad& m) { return py::tuple(py::cast(m.padding)); })
      .def_readonly("value", &nn::Pad::value);
#define EMBER_BIND_PAD(Name)                                                                               \
  layer_class<nn::Name, nn::Pad>(nn, #Name, py::dynamic_attr())                                                \
      .def(py::init([](const Dims& padding) { return std::make_shared<nn::Name>(to_shape(padding)); }), arg("padding"));
  EMBER_BIND_PAD(ZeroPad2d)
  EMBER_BIND_PAD(ReflectionPad1d)
  EMBER_BIND_PAD(ReflectionPad2d)
  EMBER_BIND_PAD(ReflectionPad3d)
  EMBER_BIND_PAD(ReplicationPad1d)
  EMBER_BIND_PAD(ReplicationPad2d)
  EMBER_BIND_PAD(ReplicationPad3d)
#undef EMBER_BIND_PAD
#define EMBER_BIND_CONSTANT_PAD(Name)                                                                          \
  layer_class<nn::Name, nn::Pad>(nn, #Name, py::dynamic_attr())                                              \
      .def(py::init([](const Dims& padding, double value) { return std::make_shared<nn::Name>(to_shape(padding), value); }), \
           arg("padding"), arg("value"));
  EMBER_BIND_CONSTANT_PAD(ConstantPad1d)
  EMBER_BIND_CONSTANT_PAD(ConstantPad2d)
  EMBER_BIND_CONSTANT_PAD(ConstantPad3d)
#undef EMBER_BIND_CONSTANT_PAD

  layer_class<nn::PixelShuffle>(nn, "PixelShuffle", py::dynamic_attr())
      .def(py::init<int64_t>(), arg("upscale_factor"))
      .EMBER_FORWARD(nn::PixelShuffle)
      .def_readonly("upscale_factor", &nn::PixelShuffle::upscale_factor);
  layer_class<nn::PixelUnshuffle>(nn, "PixelUnshuffle", py::dynamic_attr())
      .def(py::init<int64_t>(), arg("downscale_factor"))
      .EMBER_FORWARD(nn::PixelUnshuffle)
      .def_readonly("downscale_factor", &nn::PixelUnshuffle::downscale_factor);
  layer_class<nn::ChannelShuffle>(nn, "ChannelShuffle", py::dynamic_attr())
      .def(py::init<int64_t>(), arg("groups"))
      .EMBER_FORWARD(nn::ChannelShuffle)
      .def_readonly("groups", &nn::ChannelShuffle::groups);
}

}  // namespace ember::python
