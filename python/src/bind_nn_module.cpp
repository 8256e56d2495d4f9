// bind_nn_module.cpp — ember.nn.Module (subclassable in Python) and the
// containers (Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict).
//
// Module is bound with a trampoline, so a Python subclass's forward runs when
// C++ calls it (a Python module inside a C++ model).
// Only the primitives are here: registering, looking up and replacing
// parameters, buffers and submodules, and the tree walks. The torch-shaped
// surface (__setattr__/__getattr__, __call__, parameters(), repr, the
// containers' indexing) is plain Python in ember/nn/modules/module.py and
// container.py, attached to these classes so built-in layers get it too.
#include <pybind11/functional.h>

#include <unordered_map>

#include "bindings.h"
#include "bind_nn.h"

namespace py = pybind11;

namespace ember::python {
namespace {

using nn::Module;

// Module's protected registration functions, reachable from the bindings.
struct ModuleAccess : Module {
  using Module::add_module;
  using Module::register_buffer;
  using Module::register_parameter;
  using Module::replace_module;
};

// The trampoline: a Python subclass's forward runs when C++ calls forward
// (printing is Python's, so extra_repr needs no trampoline).
class PyModule : public Module {
 public:
  /// `name` is the Python class's, for C++'s messages
  explicit PyModule(std::string name) : Module(std::move(name)) {}
  Tensor forward(const Tensor& input) override { PYBIND11_OVERRIDE(Tensor, Module, forward, input); }

  // The slots of parameters and buffers registered from Python, so a later
  // assignment (`self.w = nn.Parameter(...)`) can replace what they hold.
  // Built-in layers' own tensors are replaced through their attributes instead.
  std::unordered_map<std::string, Tensor*> slots;
};

Tensor** python_slot(const Module& m, const std::string& name) {
  auto* pm = dynamic_cast<const PyModule*>(&m);
  if (pm == nullptr) return nullptr;
  auto it = pm->slots.find(name);
  return it == pm->slots.end() ? nullptr : const_cast<Tensor**>(&it->second);
}

void register_slot(Module& m, const std::string& name, const std::optional<Tensor>& t, bool parameter,
                   bool persistent) {
  Tensor value = t.value_or(Tensor());
  Tensor& slot = parameter ? (m.*&ModuleAccess::register_parameter)(name, value, value.defined() && value.requires_grad())
                           : (m.*&ModuleAccess::register_buffer)(name, value, persistent);
  // keep the caller's tensor itself (not a detached alias) when it is a leaf,
  // so the Parameter the user holds is the one that receives .grad
  if (value.defined() && value.is_leaf()) slot = value;
  if (auto* pm = dynamic_cast<PyModule*>(&m)) pm->slots[name] = &slot;
}

void set_slot(Module& m, const std::string& name, const std::optional<Tensor>& t) {
  Tensor** slot = python_slot(m, name);
  EMBER_CHECK(slot != nullptr, m.name(), "can't replace '", name,
              "' of a built-in module except through its own attribute; copy_ into it instead");
  **slot = t.value_or(Tensor());
}

// A parameter, buffer or submodule by name: (kind, value) or None.
py::object find(const Module& m, const std::string& name) {
  for (auto& [n, t] : m.named_parameters(false))
    if (n == name) return py::make_tuple("parameter", t);
  for (auto& [n, t] : m.named_buffers(false))
    if (n == name) return py::make_tuple("buffer", t);
  for (auto& [n, c] : m.named_children())
    if (n == name) return py::make_tuple("module", c);
  // a registered but empty slot (bias=False) reads as None
  if (python_slot(m, name) != nullptr) return py::make_tuple("empty", py::none());
  return py::none();
}

// Whether a module object's C++ part exists: false inside a Python
// subclass's __init__ before it calls super().__init__().
bool constructed(py::handle self) {
  for (auto vh : py::detail::values_and_holders(reinterpret_cast<py::detail::instance*>(self.ptr())))
    if (!vh.holder_constructed()) return false;
  return true;
}

void add_or_replace(Module& m, const std::string& name, std::shared_ptr<Module> child) {
  for (auto& [n, c] : m.named_children())
    if (n == name) return (m.*&ModuleAccess::replace_module)(name, std::move(child));
  (m.*&ModuleAccess::add_module)(name, std::move(child));
}

}  // namespace

void bind_nn(py::module_& parent) {
  py::module_ nn = parent.def_submodule("nn", "neural network layers, functional ops, init and utils");
  py::class_<Module, PyModule, std::shared_ptr<Module>> c(nn, "Module", py::dynamic_attr());
  nn.def("_constructed", &constructed, py::arg("module"));
  c.def(py::init_alias<std::string>(), py::arg("name"))
      .def("forward", [](Module& m, const Tensor& input) { return m.forward(input); }, py::arg("input"))
      .def("_extra_repr", &Module::extra_repr)
      .def("_named_parameters", &Module::named_parameters, py::arg("recurse") = true)
      .def("_named_buffers", &Module::named_buffers, py::arg("recurse") = true)
      .def("_named_children", &Module::named_children)
      .def("_named_modules", &Module::named_modules, py::arg("prefix") = "")
      .def("_find", &find, py::arg("name"))
      .def("_register_parameter",
           [](Module& m, const std::string& name, std::optional<Tensor> t) { register_slot(m, name, t, true, true); },
           py::arg("name"), py::arg("param"))
      .def("_register_buffer",
           [](Module& m, const std::string& name, std::optional<Tensor> t, bool persistent) {
             register_slot(m, name, t, false, persistent);
           },
           py::arg("name"), py::arg("tensor"), py::arg("persistent") = true)
      .def("_set_slot", &set_slot, py::arg("name"), py::arg("value"))
      .def("_add_module", &add_or_replace, py::arg("name"), py::arg("module"))
      .def("_train", &Module::train, py::arg("mode") = true)
      .def_property("training", &Module::is_training, &Module::train)
      .def("_to",
           [](Module& m, std::optional<Device> device, std::optional<ScalarType> dtype) {
             if (device && dtype) m.to(*device, *dtype);
             else if (device) m.to(*device);
             else if (dtype) m.to(*dtype);
           },
           py::arg("device"), py::arg("dtype"))
      .def("_zero_grad", &Module::zero_grad, py::arg("set_to_none") = true)
      .def("_requires_grad", &Module::requires_grad_, py::arg("requires_grad") = true)
      .def("_state_dict", &Module::state_dict)
      .def("_load_state_dict",
           [](Module& m, const nn::StateDict& dict, bool strict) {
             nn::LoadResult r = m.load_state_dict(dict, strict);
             return py::make_tuple(r.missing_keys, r.unexpected_keys);
           },
           py::arg("state_dict"), py::arg("strict") = true);
  // containers: the registration and iteration are Python (container.py)
  py::class_<nn::Sequential, Module, std::shared_ptr<nn::Sequential>>(nn, "Sequential", py::dynamic_attr())
      .def(py::init<>());
  py::class_<nn::ModuleList, Module, std::shared_ptr<nn::ModuleList>>(nn, "ModuleList", py::dynamic_attr())
      .def(py::init<>());
  py::class_<nn::ModuleDict, Module, std::shared_ptr<nn::ModuleDict>>(nn, "ModuleDict", py::dynamic_attr())
      .def(py::init<>());
  py::class_<nn::ParameterList, Module, std::shared_ptr<nn::ParameterList>>(nn, "ParameterList", py::dynamic_attr())
      .def(py::init<>());
  py::class_<nn::ParameterDict, Module, std::shared_ptr<nn::ParameterDict>>(nn, "ParameterDict", py::dynamic_attr())
      .def(py::init<>());

  bind_nn_layers(nn);
  bind_nn_conv(nn);
  bind_nn_loss(nn);
  bind_nn_rnn(nn);
  bind_functional(nn);
  bind_nn_utils(nn);
}

}  // namespace ember::python
