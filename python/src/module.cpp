// module.cpp — the `ember._C` extension module: registers each area's
// bindings (bind_<area>.cpp) and turns C++ errors into Python exceptions.
//
//   ember::Error       -> ember.Error       (a RuntimeError, like torch's)
//   ember::IndexError  -> ember.IndexError  (both ember.Error and IndexError)
// pybind11 itself raises TypeError for arguments of the wrong type.
#include <pybind11/pybind11.h>

#include "bindings.h"

namespace py = pybind11;

std::shared_ptr<py::object> ember::python::hold(py::object o) {
  return std::shared_ptr<py::object>(new py::object(std::move(o)), [](py::object* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
}

PYBIND11_MODULE(_C, m) {
  m.doc() = "ember's C++ core; use the `ember` package, not this module";

  static py::exception<ember::Error> error(m, "Error", PyExc_RuntimeError);
  py::tuple index_bases = py::make_tuple(error, py::handle(PyExc_IndexError));
  static py::object index_error = py::reinterpret_steal<py::object>(
      PyErr_NewException("ember._C.IndexError", index_bases.ptr(), nullptr));
  m.attr("IndexError") = index_error;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ember::IndexError& e) {
      PyErr_SetString(index_error.ptr(), e.what());
    } catch (const ember::Error& e) {
      PyErr_SetString(error.ptr(), e.what());
    }
  });

  py::class_<ember::Tensor> tensor = ember::python::bind_tensor(m);
  ember::python::bind_ops_pointwise(tensor);
  ember::python::bind_ops(m, tensor);
  ember::python::bind_factories(m);
  ember::python::bind_autograd(m, tensor);
  ember::python::bind_dlpack(m, tensor);
  ember::python::bind_optim(m);
  ember::python::bind_data(m);
  ember::python::bind_vision(m);
  ember::python::bind_nn(m);
}
