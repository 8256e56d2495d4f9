// bind_tensor.cpp — ember.Tensor's identity and data: dtypes, devices,
// metadata, NumPy and the buffer protocol (zero-copy both ways), printing,
// and Python indexing (x[1:3, None, mask] = v).
//
// The ops themselves are bound in bind_ops.cpp; the torch-shaped conveniences
// that are plain Python (tensor(), to(), tolist(), __iter__) live in
// ember/_tensor.py.
#include <pybind11/numpy.h>

#include <sstream>

#include "bindings.h"
#include "casters.h"

namespace py = pybind11;

namespace ember::python {

py::object to_size(IntArrayRef sizes) {
  static py::handle size_type = py::object(py::module_::import("ember._size").attr("Size")).release();
  py::tuple t(sizes.size());
  for (size_t i = 0; i < sizes.size(); ++i) t[i] = sizes[i];
  return size_type(t);
}

Dims dims_from_args(const py::args& args) {
  try {
    if (args.size() == 1 && !PyLong_Check(args[0].ptr())) return args[0].cast<Dims>();
    Dims d;
    for (py::handle a : args) d.values.push_back(a.cast<int64_t>());
    return d;
  } catch (const py::cast_error&) {
    throw py::type_error("ember: expected a shape as ints or one sequence of ints, got " +
                         py::str(py::object(args)).cast<std::string>());
  }
}

namespace {

// ---- NumPy dtypes <-> ember dtypes ----
py::dtype numpy_dtype(ScalarType t) {
  switch (t) {
    case kBool: return py::dtype::of<bool>();
    case kUInt8: return py::dtype::of<uint8_t>();
    case kInt8: return py::dtype::of<int8_t>();
    case kInt32: return py::dtype::of<int32_t>();
    case kInt64: return py::dtype::of<int64_t>();
    case kFloat16: return py::dtype("float16");
    case kFloat32: return py::dtype::of<float>();
    case kFloat64: return py::dtype::of<double>();
    default: EMBER_FAIL("numpy", "NumPy has no dtype for ", t);
  }
}

ScalarType from_numpy_dtype(const py::dtype& d) {
  EMBER_CHECK(d.byteorder() != '>', "from_numpy", "big-endian arrays are not supported");
  char kind = d.kind();
  size_t size = d.itemsize();
  if (kind == 'b') return kBool;
  if (kind == 'u' && size == 1) return kUInt8;
  if (kind == 'i' && size == 1) return kInt8;
  if (kind == 'i' && size == 4) return kInt32;
  if (kind == 'i' && size == 8) return kInt64;
  if (kind == 'f' && size == 2) return kFloat16;
  if (kind == 'f' && size == 4) return kFloat32;
  if (kind == 'f' && size == 8) return kFloat64;
  EMBER_FAIL("from_numpy", "can't convert a NumPy array of dtype ", py::str(py::object(d)).cast<std::string>(),
             "; supported: float64, float32, float16, int64, int32, int8, uint8, bool");
}

// A tensor's shape, and its strides in bytes, as NumPy and buffers count them.
std::vector<py::ssize_t> shape_of(const Tensor& t) { return {t.sizes().begin(), t.sizes().end()}; }
std::vector<py::ssize_t> byte_strides(const Tensor& t) {
  std::vector<py::ssize_t> strides;
  for (int64_t s : t.strides()) strides.push_back(static_cast<py::ssize_t>(s * t.element_size()));
  return strides;
}

// tensor.numpy(): an ndarray over the tensor's memory; the array keeps the
// storage alive through a capsule holding a Tensor handle.
py::array to_numpy(const Tensor& t) {
  EMBER_CHECK(!t.requires_grad(), "numpy",
              "can't call numpy() on a tensor that requires grad; use tensor.detach().numpy()");
  EMBER_CHECK(t.is_cpu(), "numpy", "can't convert a ", t.device().str(),
              " tensor to NumPy; copy it to the CPU first with tensor.cpu()");
  auto* keep = new Tensor(t);
  py::capsule owner(keep, [](void* p) { delete static_cast<Tensor*>(p); });
  return py::array(numpy_dtype(t.scalar_type()), shape_of(t), byte_strides(t), t.data_ptr(), owner);
}

// ember.from_numpy(a): a tensor over the array's memory (which the tensor
// keeps alive); writes through either are seen by the other.
Tensor from_numpy(const py::array& a) {
  ScalarType dtype = from_numpy_dtype(a.dtype());
  Shape sizes(a.shape(), a.shape() + a.ndim()), strides;
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    py::ssize_t s = a.strides(i);
    EMBER_CHECK(s >= 0, "from_numpy", "arrays with negative strides are not supported (stride ", s, " in dim ", i,
                "); copy it first with array.copy()");
    EMBER_CHECK(s % a.itemsize() == 0, "from_numpy", "stride ", s, " of dim ", i,
                " is not a multiple of the element size ", a.itemsize());
    strides.push_back(s / a.itemsize());
  }
  auto* keep = new py::object(a);
  return from_blob(const_cast<void*>(a.data()), sizes, strides, TensorOptions(dtype), [keep](void*) {
    py::gil_scoped_acquire gil;
    delete keep;
  });
}

py::buffer_info buffer_of(const Tensor& t) {
  EMBER_CHECK(t.is_cpu() && !t.requires_grad(), "buffer",
              "only CPU tensors that do not require grad expose their memory");
  std::string format(1, numpy_dtype(t.scalar_type()).char_());
  return py::buffer_info(t.data_ptr(), static_cast<py::ssize_t>(t.element_size()), format,
                         static_cast<py::ssize_t>(t.dim()), shape_of(t), byte_strides(t));
}

// ---- Python subscripts -> TensorIndex ----
Tensor index_tensor(py::handle obj) {
  if (py::isinstance<Tensor>(obj)) return obj.cast<Tensor>();
  // a list or array of ints or bools: through NumPy, like torch
  py::array a = py::module_::import("numpy").attr("asarray")(obj);
  EMBER_CHECK(a.dtype().kind() == 'i' || a.dtype().kind() == 'u' || a.dtype().kind() == 'b', "index",
              "only integers, slices, None, Ellipsis, and integer or bool tensors are valid indices, got an array "
              "of dtype ", py::str(py::object(a.dtype())).cast<std::string>());
  return from_numpy(a).clone();
}

TensorIndex to_index(py::handle item) {
  if (item.is_none()) return indexing::None;
  if (item.ptr() == Py_Ellipsis) return indexing::Ellipsis;
  if (PyBool_Check(item.ptr()))
    throw py::type_error("ember: indexing with a Python bool is not supported; use a bool tensor");
  if (PySlice_Check(item.ptr())) {
    auto part = [&](const char* name) -> std::optional<int64_t> {
      py::object v = item.attr(name);
      if (v.is_none()) return std::nullopt;
      return py::cast<int64_t>(v);
    };
    return indexing::Slice(part("start"), part("stop"), part("step"));
  }
  if (PyIndex_Check(item.ptr()) && !py::isinstance<Tensor>(item)) return py::cast<int64_t>(item);
  if (py::isinstance<Tensor>(item) || PySequence_Check(item.ptr()) || py::isinstance<py::array>(item))
    return index_tensor(item);
  throw py::type_error("ember: invalid index of type " + std::string(py::str(item.get_type())));
}

std::vector<TensorIndex> to_indices(py::handle key) {
  std::vector<TensorIndex> out;
  if (PyTuple_Check(key.ptr())) {
    for (py::handle item : py::reinterpret_borrow<py::tuple>(key)) out.push_back(to_index(item));
  } else {
    out.push_back(to_index(key));
  }
  return out;
}

void set_item(Tensor& self, py::handle key, py::handle value) {
  std::vector<TensorIndex> indices = to_indices(key);
  if (py::isinstance<Tensor>(value)) {
    self.index_put_(indices, value.cast<Tensor>());
  } else if (PyBool_Check(value.ptr()) || PyLong_Check(value.ptr()) || PyFloat_Check(value.ptr())) {
    self.index_put_(indices, value.cast<Scalar>());
  } else {
    py::array a = py::module_::import("numpy").attr("asarray")(value);
    self.index_put_(indices, from_numpy(a).to(self.scalar_type(), /*copy=*/true));
  }
}

std::string repr(const Tensor& t) {
  std::ostringstream s;
  s << t;
  return s.str();
}

}  // namespace

py::class_<Tensor> bind_tensor(py::module_& m) {
  py::enum_<ScalarType> dtype(m, "dtype");
  dtype.value("bool", kBool)
      .value("uint8", kUInt8)
      .value("int8", kInt8)
      .value("int32", kInt32)
      .value("int64", kInt64)
      .value("float16", kFloat16)
      .value("bfloat16", kBFloat16)
      .value("float32", kFloat32)
      .value("float64", kFloat64)
      .def_property_readonly("is_floating_point", [](ScalarType t) { return is_floating_point(t); })
      .def_property_readonly("itemsize", [](ScalarType t) { return element_size(t); });
  // replace (not overload) enum_'s own printing: ember.float32, as torch.float32
  py::cpp_function name([](py::handle t) { return "ember." + py::str(t.attr("name")).cast<std::string>(); },
                        py::is_method(dtype));
  dtype.attr("__repr__") = name;
  dtype.attr("__str__") = name;
  m.def("get_default_dtype", &default_dtype);
  m.def("set_default_dtype", &set_default_dtype, py::arg("d"));

  py::class_<Device>(m, "device")
      .def(py::init<const std::string&>(), py::arg("type"))
      .def(py::init([](const std::string& type, int index) {
             return Device(type == "cuda" ? kCUDA : Device(type).type, index);
           }),
           py::arg("type"), py::arg("index"))
      .def_property_readonly("type", [](Device d) { return d.is_cuda() ? "cuda" : "cpu"; })
      .def_property_readonly("index", [](Device d) -> py::object {
        return d.is_cuda() ? py::object(py::int_(d.index)) : py::object(py::none());
      })
      .def("__eq__", [](Device a, Device b) { return a == b; })
      .def("__hash__", [](Device d) { return std::hash<std::string>()(d.str()); })
      .def("__str__", &Device::str)
      .def("__repr__", [](Device d) {
        return d.is_cuda() ? "device(type='cuda', index=" + std::to_string(d.index) + ")"
                           : std::string("device(type='cpu')");
      });
  py::implicitly_convertible<std::string, Device>();
  py::module_ cuda = m.def_submodule("cuda", "CUDA availability");
  cuda.def("is_available", &cuda::is_available);
  cuda.def("device_count", &cuda::device_count);
  cuda.def("synchronize", &cuda::synchronize);

  py::class_<Tensor> c(m, "Tensor", py::buffer_protocol(), py::dynamic_attr());
  c.def(py::init<>())
      .def(py::init<const Tensor&>(), py::arg("other"))  // an alias of other (Parameter uses it)
      // torch's legacy constructor: Tensor(2, 3) is uninitialized float32, Tensor([1, 2]) copies data
      .def(py::init([](py::args args) {
        if (args.size() == 1 && !PyLong_Check(args[0].ptr()))
          return py::module_::import("ember").attr("tensor")(args[0], py::arg("dtype") = kFloat32).cast<Tensor>();
        return empty(dims_from_args(args), TensorOptions(kFloat32));
      }))
      .def_buffer(&buffer_of)
      // ---- metadata ----
      .def_property_readonly("shape", [](const Tensor& t) { return to_size(t.sizes()); })
      .def("size", [](const Tensor& t) { return to_size(t.sizes()); })
      .def("size", [](const Tensor& t, int64_t dim) { return t.size(dim); }, py::arg("dim"))
      .def("stride", [](const Tensor& t) { return to_size(t.strides()); })
      .def("stride", [](const Tensor& t, int64_t dim) { return t.stride(dim); }, py::arg("dim"))
      .def("dim", &Tensor::dim)
      .def("ndimension", &Tensor::dim)
      .def_property_readonly("ndim", &Tensor::dim)
      .def("numel", &Tensor::numel)
      .def("nelement", &Tensor::numel)
      .def("element_size", &Tensor::element_size)
      .def("storage_offset", &Tensor::storage_offset)
      .def("is_contiguous", &Tensor::is_contiguous)
      .def("is_floating_point", &Tensor::is_floating_point)
      .def("data_ptr", [](const Tensor& t) { return reinterpret_cast<uintptr_t>(t.data_ptr()); })
      .def_property_readonly("dtype", &Tensor::scalar_type)
      .def_property_readonly("device", &Tensor::device)
      .def_property_readonly("is_cuda", &Tensor::is_cuda)
      .def_property_readonly("is_cpu", &Tensor::is_cpu)
      .def_property_readonly("_version", &Tensor::_version)
      .def("__repr__", &repr)
      .def("__hash__", [](const Tensor& t) { return reinterpret_cast<uintptr_t>(t.impl()); })
      .def("_is_same", [](const Tensor& a, const Tensor& b) { return a.is_same(b); })  // one TensorImpl
      // ---- data ----
      .def("item", [](const Tensor& t) { return t.item(); })
      .def("numpy", &to_numpy)
      .def("_to", [](const Tensor& t, std::optional<Device> device, std::optional<ScalarType> to_dtype, bool copy) {
             return t.to(device.value_or(t.device()), to_dtype.value_or(t.scalar_type()), copy);
           },
           py::arg("device"), py::arg("dtype"), py::arg("copy") = false)
      .def("contiguous", &Tensor::contiguous)
      .def("clone", &Tensor::clone)
      .def("copy_", [](Tensor& t, const Tensor& src) { return t.copy_(src); }, py::arg("src"))
      .def_property("data", &Tensor::detach, &Tensor::set_data)
      // ---- indexing ----
      .def("__getitem__", [](const Tensor& t, py::handle key) { return t.index(to_indices(key)); })
      .def("__setitem__", &set_item);

  m.def("from_numpy", &from_numpy, py::arg("ndarray"));
  return c;
}

}  // namespace ember::python
