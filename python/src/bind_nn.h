// bind_nn.h — helpers shared by the bind_nn_*.cpp files: how a built-in
// layer's tensors, forward and shape arguments look from Python.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "casters.h"

namespace ember::python {

/// A module's parameter as an ember.nn.Parameter (aliasing the slot), or None when empty.
pybind11::object parameter_or_none(const Tensor& t);
/// A buffer or other optional tensor: the tensor, or None when empty.
pybind11::object tensor_or_none(const Tensor& t);

inline Shape to_shape(const Dims& d) { return Shape(d.values.begin(), d.values.end()); }

/// An optional tensor argument (weight=None), and its C++ form: undefined when None.
using OptTensor = std::optional<Tensor>;
inline Tensor val(const OptTensor& t) { return t.value_or(Tensor()); }

/// py::class_ for a built-in layer: a Module, held by shared_ptr, with a __dict__.
template <class M, class Base = nn::Module>
using layer_class = pybind11::class_<M, Base, std::shared_ptr<M>>;

void bind_nn_layers(pybind11::module_& nn);   // linear, activations, dropout, embedding, padding, shuffles
void bind_nn_conv(pybind11::module_& nn);     // convolutions, pooling, normalization, fold, upsampling
void bind_nn_loss(pybind11::module_& nn);     // losses and distances
void bind_nn_rnn(pybind11::module_& nn);      // RNN/LSTM/GRU (+ cells), attention, transformers
void bind_functional(pybind11::module_& nn);  // nn.functional
void bind_nn_utils(pybind11::module_& nn);    // nn.init, nn.utils (+ rnn packing), state-dict files

}  // namespace ember::python

// A layer's tensor slot as a read/write attribute: layer.weight, layer.bias = None.
#define EMBER_PARAMETER_ATTR(Cls, field)                                                     \
  def_property(                                                                               \
      #field, [](Cls& m) { return ::ember::python::parameter_or_none(m.field); },            \
      [](Cls& m, std::optional<::ember::Tensor> t) { m.field = t.value_or(::ember::Tensor()); })
#define EMBER_BUFFER_ATTR(Cls, field)                                                        \
  def_property(                                                                               \
      #field, [](Cls& m) { return ::ember::python::tensor_or_none(m.field); },               \
      [](Cls& m, std::optional<::ember::Tensor> t) { m.field = t.value_or(::ember::Tensor()); })
// forward(input) of a single-input layer.
#define EMBER_FORWARD(Cls) \
  def("forward", [](Cls& m, const ::ember::Tensor& input) { return m.forward(input); }, pybind11::arg("input"))
