// bindings.h — one function per bind_<area>.cpp, called by module.cpp.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>

#include "ember.h"

namespace ember::python {

/// A Python object owned by C++ (a graph node, a DataLoader worker's
/// function): released with the GIL held, from whichever thread drops it last.
std::shared_ptr<pybind11::object> hold(pybind11::object o);

pybind11::class_<Tensor> bind_tensor(pybind11::module_& m);  // Tensor, dtype, device, NumPy, indexing
void bind_ops_pointwise(pybind11::class_<Tensor>& c);        // elementwise ops and Python operators
void bind_ops(pybind11::module_& m, pybind11::class_<Tensor>& c);  // reductions, shapes, indexing ops, linalg
void bind_factories(pybind11::module_& m);                   // zeros, arange, randn, ... and manual_seed
void bind_autograd(pybind11::module_& m, pybind11::class_<Tensor>& c);  // grad mode, backward, Function
void bind_optim(pybind11::module_& m);                       // optimizers and LR schedulers
void bind_data(pybind11::module_& m);                        // datasets, samplers, DataLoader
void bind_vision(pybind11::module_& m);                      // image transforms and datasets
void bind_dlpack(pybind11::module_& m, pybind11::class_<Tensor>& c);  // zero-copy exchange with torch, NumPy
void bind_nn(pybind11::module_& m);                          // nn: Module, layers, functional, init, utils, save/load

}  // namespace ember::python
