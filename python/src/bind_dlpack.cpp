// bind_dlpack.cpp — DLPack (version 0.6, Debian's libdlpack-dev): tensors
// shared with torch, NumPy, CuPy ... without a copy.
//
//   ember.from_dlpack(torch_tensor)  -> an ember tensor over torch's memory
//   torch.from_dlpack(ember_tensor)  -> the reverse (Tensor.__dlpack__)
//
// The capsule protocol: a producer returns a PyCapsule named "dltensor"
// holding a DLManagedTensor; the consumer renames it "used_dltensor" and
// calls the managed tensor's deleter when done with the memory. DLPack 0.6
// has no bool type: bool tensors travel as uint8, as torch 1.13 sends them.
// Left out: streams (CUDA tensors are shared as they are; the producer must
// have finished writing), complex and opaque types.
#include <dlpack/dlpack.h>

#include "bindings.h"
#include "casters.h"

namespace py = pybind11;

namespace ember::python {
namespace {

DLDataType dl_dtype(ScalarType t) {
  switch (t) {
    case kBool:
    case kUInt8: return {kDLUInt, 8, 1};
    case kInt8: return {kDLInt, 8, 1};
    case kInt32: return {kDLInt, 32, 1};
    case kInt64: return {kDLInt, 64, 1};
    case kFloat16: return {kDLFloat, 16, 1};
    case kBFloat16: return {kDLBfloat, 16, 1};
    case kFloat32: return {kDLFloat, 32, 1};
    case kFloat64: return {kDLFloat, 64, 1};
  }
  EMBER_FAIL("__dlpack__", "no DLPack type for ", t);
}

ScalarType from_dl_dtype(DLDataType d) {
  EMBER_CHECK(d.lanes == 1, "from_dlpack", "vector types (lanes ", d.lanes, ") are not supported");
  if (d.code == kDLUInt && d.bits == 8) return kUInt8;
  if (d.code == kDLInt && d.bits == 8) return kInt8;
  if (d.code == kDLInt && d.bits == 32) return kInt32;
  if (d.code == kDLInt && d.bits == 64) return kInt64;
  if (d.code == kDLFloat && d.bits == 16) return kFloat16;
  if (d.code == kDLBfloat && d.bits == 16) return kBFloat16;
  if (d.code == kDLFloat && d.bits == 32) return kFloat32;
  if (d.code == kDLFloat && d.bits == 64) return kFloat64;
  EMBER_FAIL("from_dlpack", "unsupported DLPack type (code ", int(d.code), ", ", int(d.bits), " bits)");
}

// What a DLManagedTensor made by ember owns: the tensor and its shape arrays.
struct Exported {
  Tensor tensor;
  std::vector<int64_t> shape, strides;
  DLManagedTensor managed{};
};

py::capsule to_dlpack(const Tensor& t) {
  EMBER_CHECK(!t.requires_grad(), "__dlpack__",
              "can't export a tensor that requires grad; use tensor.detach().__dlpack__()");
  auto* e = new Exported{t, t.sizes().vec(), t.strides().vec(), {}};
  DLTensor& dl = e->managed.dl_tensor;
  dl.data = t.data_ptr();
  dl.device = {t.is_cuda() ? kDLCUDA : kDLCPU, t.is_cuda() ? t.device().index : 0};
  dl.ndim = static_cast<int>(t.dim());
  dl.dtype = dl_dtype(t.scalar_type());
  dl.shape = e->shape.data();
  dl.strides = e->strides.data();
  dl.byte_offset = 0;
  e->managed.manager_ctx = e;
  e->managed.deleter = [](DLManagedTensor* m) { delete static_cast<Exported*>(m->manager_ctx); };
  // an unconsumed capsule frees the export itself
  return py::capsule(&e->managed, "dltensor", [](PyObject* capsule) {
    if (!PyCapsule_IsValid(capsule, "dltensor")) return;  // consumed: the consumer calls the deleter
    auto* m = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule, "dltensor"));
    m->deleter(m);
  });
}

Tensor from_dlpack(py::object obj) {
  py::object capsule = py::hasattr(obj, "__dlpack__") ? obj.attr("__dlpack__")() : obj;
  PyObject* c = capsule.ptr();
  if (!PyCapsule_IsValid(c, "dltensor"))
    throw py::type_error("ember.from_dlpack expects an object with __dlpack__ or an unused 'dltensor' capsule");
  auto* m = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(c, "dltensor"));
  const DLTensor& dl = m->dl_tensor;
  EMBER_CHECK(dl.device.device_type == kDLCPU || dl.device.device_type == kDLCUDA, "from_dlpack",
              "only CPU and CUDA memory can be shared, got device type ", dl.device.device_type);
  EMBER_CHECK(dl.ndim >= 0 && (dl.ndim == 0 || dl.shape), "from_dlpack", "malformed tensor (ndim ", dl.ndim, ")");
  ScalarType dtype = from_dl_dtype(dl.dtype);
  Shape sizes(dl.shape, dl.shape + dl.ndim);
  Shape strides = dl.strides ? Shape(dl.strides, dl.strides + dl.ndim) : contiguous_strides(sizes);
  Device device = dl.device.device_type == kDLCUDA ? Device::cuda(dl.device.device_id) : Device::cpu();
  void* data = static_cast<char*>(dl.data) + dl.byte_offset;
  Tensor t = from_blob(data, sizes, strides, TensorOptions(dtype).device(device), [m](void*) {
    py::gil_scoped_acquire gil;  // a Python producer's deleter drops Python references
    if (m->deleter) m->deleter(m);
  });
  PyCapsule_SetName(c, "used_dltensor");
  return t;
}

}  // namespace

void bind_dlpack(py::module_& m, py::class_<Tensor>& c) {
  c.def("__dlpack__", [](const Tensor& t, py::object /*stream*/) { return to_dlpack(t); },
        py::arg("stream") = py::none());
  c.def("__dlpack_device__", [](const Tensor& t) {
    return py::make_tuple(t.is_cuda() ? int(kDLCUDA) : int(kDLCPU), t.is_cuda() ? t.device().index : 0);
  });
  m.def("from_dlpack", &from_dlpack, py::arg("ext_tensor"));
}

}  // namespace ember::python
