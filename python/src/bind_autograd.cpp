// bind_autograd.cpp — autograd from Python: a tensor's requires_grad, grad,
// grad_fn, backward and hooks; grad mode; ember.autograd.grad; gradcheck;
// and the run-time custom Function that ember.autograd.Function
// (ember/autograd/function.py) builds on.
//
// Python callables called from C++ (hooks, Function forward/backward,
// gradcheck's function) hold the GIL: ember never releases it, so they run
// on the calling Python thread.
#include "bindings.h"
#include "casters.h"

namespace py = pybind11;

namespace ember::python {
namespace {

// Python results of a custom backward: a tensor, None, or a tuple of them.
TensorList to_tensor_list(py::handle result) {
  TensorList out;
  auto add = [&](py::handle h) { out.push_back(h.is_none() ? Tensor() : h.cast<Tensor>()); };
  if (PyTuple_Check(result.ptr()) || PyList_Check(result.ptr())) {
    for (py::handle h : result) add(h);
  } else {
    add(result);
  }
  return out;
}

// _function_apply(name, args, forward, backward, ctx):
//   forward() returns the outputs (a tensor or tuple) after the Python side
//   filled ctx._to_save / ctx._non_differentiable; backward(*grads) returns
//   one gradient per argument. ctx.saved_tensors is set for backward's call.
py::object function_apply(const std::string& name, const py::tuple& args, py::object forward, py::object backward,
                          py::object ctx) {
  TensorList tensors;
  std::vector<bool> is_tensor;
  for (py::handle a : args) {
    bool t = py::isinstance<Tensor>(a);
    tensors.push_back(t ? a.cast<Tensor>() : Tensor());
    is_tensor.push_back(t);
  }
  bool single = false;
  auto fwd = [&](autograd::AutogradContext& c) {
    py::object result = forward();
    single = !PyTuple_Check(result.ptr());
    // moved into the C++ context: left on ctx they would keep the outputs,
    // and through them this node, alive
    if (py::hasattr(ctx, "_to_save")) {
      c.save_for_backward(py::cast<TensorList>(ctx.attr("_to_save")));
      py::delattr(ctx, "_to_save");
    }
    if (py::hasattr(ctx, "_non_differentiable")) {
      c.mark_non_differentiable(py::cast<TensorList>(ctx.attr("_non_differentiable")));
      py::delattr(ctx, "_non_differentiable");
    }
    return to_tensor_list(result);
  };
  std::shared_ptr<py::object> held_backward = hold(std::move(backward)), held_ctx = hold(ctx);
  auto bwd = [held_backward, held_ctx](autograd::AutogradContext& c, TensorList grads) {
    py::gil_scoped_acquire gil;
    held_ctx->attr("saved_tensors") = py::tuple(py::cast(c.get_saved_variables()));
    py::tuple py_grads(grads.size());
    for (size_t i = 0; i < grads.size(); ++i)
      py_grads[i] = grads[i].defined() ? py::cast(grads[i]) : py::none();
    TensorList out = to_tensor_list((*held_backward)(*py_grads));
    held_ctx->attr("saved_tensors") = py::none();
    return out;
  };
  TensorList outputs = autograd::apply_function(name, tensors, is_tensor, fwd, bwd);
  if (single) return py::cast(outputs.at(0));
  return py::tuple(py::cast(outputs));
}

}  // namespace

void bind_autograd(py::module_& m, py::class_<Tensor>& c) {
  c.def_property("requires_grad", &Tensor::requires_grad,
                 [](Tensor& t, bool r) { t.requires_grad_(r); });
  c.def("requires_grad_", [](Tensor& t, bool r) { return t.requires_grad_(r); }, py::arg("requires_grad") = true);
  c.def_property("grad",
                 [](const Tensor& t) -> py::object {
                   const Tensor& g = t.grad();
                   return g.defined() ? py::cast(g) : py::none();
                 },
                 [](Tensor& t, std::optional<Tensor> g) { t.mutable_grad() = g.value_or(Tensor()); });
  c.def_property_readonly("is_leaf", &Tensor::is_leaf);
  c.def_property_readonly("grad_fn", &Tensor::grad_fn);
  c.def_property_readonly("output_nr", &Tensor::output_nr);
  c.def("backward", [](const Tensor& t, std::optional<Tensor> gradient, std::optional<bool> retain_graph,
                       bool create_graph) { t.backward(gradient.value_or(Tensor()), retain_graph, create_graph); },
        py::arg("gradient") = py::none(), py::arg("retain_graph") = py::none(), py::arg("create_graph") = false);
  c.def("detach", &Tensor::detach);
  c.def("detach_", [](Tensor& t) { return t.detach_(); });
  c.def("retain_grad", &Tensor::retain_grad);
  c.def_property_readonly("retains_grad", &Tensor::retains_grad);
  c.def("register_hook", [](const Tensor& t, py::function hook) {
    std::shared_ptr<py::object> held = hold(std::move(hook));
    t.register_hook([held](const Tensor& grad) {
      py::gil_scoped_acquire gil;
      py::object r = (*held)(grad);
      return r.is_none() ? Tensor() : r.cast<Tensor>();
    });
  }, py::arg("hook"));

  py::class_<autograd::Node, std::shared_ptr<autograd::Node>>(m, "Node")
      .def("name", &autograd::Node::name)
      .def("__repr__", [](const autograd::Node& n) { return "<" + n.name() + ">"; })
      .def_property_readonly("next_functions", [](const autograd::Node& n) {
        py::list out;
        for (const autograd::Edge& e : n.next_edges) out.append(py::make_tuple(e.function, e.input_nr));
        return py::tuple(out);
      });

  m.def("is_grad_enabled", &ember::is_grad_enabled);
  m.def("_set_grad_enabled", &ember::set_grad_enabled, py::arg("mode"));
  m.def("_backward", [](const TensorList& outputs, const TensorList& grad_outputs, bool retain_graph,
                        bool create_graph) { autograd::backward(outputs, grad_outputs, retain_graph, create_graph); },
        py::arg("tensors"), py::arg("grad_tensors"), py::arg("retain_graph"), py::arg("create_graph"));
  m.def("_grad", [](const TensorList& outputs, const TensorList& inputs, const TensorList& grad_outputs,
                    std::optional<bool> retain_graph, bool create_graph, bool allow_unused) {
          TensorList grads = autograd::grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused);
          py::tuple out(grads.size());
          for (size_t i = 0; i < grads.size(); ++i) out[i] = grads[i].defined() ? py::cast(grads[i]) : py::none();
          return out;
        },
        py::arg("outputs"), py::arg("inputs"), py::arg("grad_outputs"), py::arg("retain_graph"),
        py::arg("create_graph"), py::arg("allow_unused"));
  auto checker = [](bool second_order) {
    return [second_order](py::function fn, const TensorList& inputs, double eps, double atol, double rtol,
                          bool raise_exception) {
      autograd::GradcheckFn f = [&fn](const TensorList& xs) { return to_tensor_list(fn(*py::cast(xs))); };
      autograd::GradcheckOptions o{.eps = eps, .atol = atol, .rtol = rtol, .raise_exception = raise_exception};
      return second_order ? autograd::gradgradcheck(f, inputs, o) : autograd::gradcheck(f, inputs, o);
    };
  };
  m.def("_gradcheck", checker(false), py::arg("func"), py::arg("inputs"), py::arg("eps"), py::arg("atol"),
        py::arg("rtol"), py::arg("raise_exception"));
  m.def("_gradgradcheck", checker(true), py::arg("func"), py::arg("inputs"), py::arg("eps"), py::arg("atol"),
        py::arg("rtol"), py::arg("raise_exception"));
  m.def("_function_apply", &function_apply, py::arg("name"), py::arg("args"), py::arg("forward"),
        py::arg("backward"), py::arg("ctx"));
}

}  // namespace ember::python
