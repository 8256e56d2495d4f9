// casters.h — how Python values become ember's C++ argument types.
//
// pybind11 converts most types itself; these casters add ember's own:
//   Scalar  <- bool, int, float (and NumPy scalars), -> the matching Python number
//   Dims    <- an int or a sequence of ints (shapes, dims, strides)
//   StateDict <-> a mapping of str -> Tensor (an OrderedDict when returned)
// and `to_size` turns a shape into an ember.Size (a tuple, like torch.Size).
// Only conversion lives here: no op logic.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <vector>

#include "ember.h"

namespace ember::python {

/// A shape or list of dims passed from Python; owns its values for the call.
struct Dims {
  std::vector<int64_t> values;
  operator IntArrayRef() const { return IntArrayRef(values); }
};

/// ember.Size(...) for a shape.
pybind11::object to_size(IntArrayRef sizes);

/// A shape given as varargs or as one sequence: x.view(2, 3) or x.view((2, 3)).
Dims dims_from_args(const pybind11::args& args);

}  // namespace ember::python

namespace pybind11::detail {

template <>
struct type_caster<ember::Scalar> {
  PYBIND11_TYPE_CASTER(ember::Scalar, const_name("Number"));
  bool load(handle src, bool convert) {
    PyObject* o = src.ptr();
    if (PyBool_Check(o)) {
      value = ember::Scalar(o == Py_True);
      return true;
    }
    if (PyFloat_Check(o)) {
      value = ember::Scalar(PyFloat_AsDouble(o));
      return true;
    }
    if (PyLong_Check(o)) {
      long long v = PyLong_AsLongLong(o);
      if (v == -1 && PyErr_Occurred()) {  // too big for int64: keep it as a float
        PyErr_Clear();
        value = ember::Scalar(PyLong_AsDouble(o));
        return true;
      }
      value = ember::Scalar(static_cast<int64_t>(v));
      return true;
    }
    // NumPy scalars (np.int64 is not an int, np.float32 not a float) and
    // anything else with __index__ or __float__, except tensors
    if (!convert || isinstance<ember::Tensor>(src)) return false;
    if (PyIndex_Check(o)) {
      Py_ssize_t v = PyNumber_AsSsize_t(o, nullptr);
      if (PyErr_Occurred()) return PyErr_Clear(), false;
      value = ember::Scalar(static_cast<int64_t>(v));
      return true;
    }
    if (PyNumber_Check(o)) {
      object f = reinterpret_steal<object>(PyNumber_Float(o));
      if (!f) return PyErr_Clear(), false;
      value = ember::Scalar(PyFloat_AsDouble(f.ptr()));
      return true;
    }
    return false;
  }
  static handle cast(const ember::Scalar& s, return_value_policy, handle) {
    if (s.is_bool()) return PyBool_FromLong(s.to_bool());
    if (s.is_integral()) return PyLong_FromLongLong(s.to_long());
    return PyFloat_FromDouble(s.to_double());
  }
};

template <>
struct type_caster<ember::python::Dims> {
  PYBIND11_TYPE_CASTER(ember::python::Dims, const_name("Sequence[int]"));
  bool load(handle src, bool convert) {
    value.values.clear();
    if (PyLong_Check(src.ptr()) && !PyBool_Check(src.ptr())) {
      value.values.push_back(src.cast<int64_t>());
      return true;
    }
    if (!PySequence_Check(src.ptr()) || PyUnicode_Check(src.ptr()) || PyBytes_Check(src.ptr())) return false;
    sequence seq = reinterpret_borrow<sequence>(src);
    for (handle item : seq) {
      if (!PyIndex_Check(item.ptr()) || PyBool_Check(item.ptr())) return false;
      value.values.push_back(PyNumber_AsSsize_t(item.ptr(), nullptr));
    }
    return !PyErr_Occurred();
  }
  static handle cast(const ember::python::Dims& d, return_value_policy, handle) {
    return ember::python::to_size(d).release();
  }
};

template <>
struct type_caster<ember::nn::StateDict> {
  PYBIND11_TYPE_CASTER(ember::nn::StateDict, const_name("OrderedDict[str, Tensor]"));
  bool load(handle src, bool) {
    if (!PyMapping_Check(src.ptr()) || PySequence_Check(src.ptr())) return false;
    value = ember::nn::StateDict();
    object items = reinterpret_steal<object>(PyMapping_Items(src.ptr()));
    if (!items) return PyErr_Clear(), false;
    for (handle item : items) {
      tuple kv = reinterpret_borrow<tuple>(item);
      if (!PyUnicode_Check(kv[0].ptr()) || !isinstance<ember::Tensor>(kv[1])) return false;
      value.insert(kv[0].cast<std::string>(), kv[1].cast<ember::Tensor>());
    }
    return true;
  }
  static handle cast(const ember::nn::StateDict& d, return_value_policy, handle) {
    object out = module_::import("collections").attr("OrderedDict")();
    for (const auto& [key, tensor] : d) out[pybind11::str(key)] = pybind11::cast(tensor);
    return out.release();
  }
};

}  // namespace pybind11::detail
