// bind_factories.cpp — tensors from nothing: zeros, ones, full, arange,
// linspace, eye, empty, the random factories, their *_like forms, and
// manual_seed and the thread count. Sizes may be varargs or one sequence (zeros(2, 3) or
// zeros((2, 3))); dtype, device and requires_grad are keywords, as in torch.
// ember.tensor() (from Python data) is in ember/_tensor.py.
#include "bindings.h"
#include "casters.h"

namespace py = pybind11;

namespace ember::python {
namespace {

using OptType = std::optional<ScalarType>;
using OptDevice = std::optional<Device>;


TensorOptions options_of(OptType dtype, OptDevice device) {
  TensorOptions o;
  if (dtype) o = o.dtype(*dtype);
  if (device) o = o.device(*device);
  return o;
}

Tensor finish(Tensor t, bool requires_grad) {
  if (requires_grad) t.requires_grad_(true);
  return t;
}

}  // namespace

void bind_factories(py::module_& m) {
  // factory(*size, dtype=None, device=None, requires_grad=False)
#define EMBER_BIND_SIZED(name, call)                                                             \
  m.def(name, [](py::args size, OptType dtype, OptDevice device, bool requires_grad) {           \
        return finish(call(dims_from_args(size), options_of(dtype, device)), requires_grad);            \
      },                                                                                         \
      py::kw_only(), py::arg("dtype") = py::none(), py::arg("device") = py::none(),              \
      py::arg("requires_grad") = false);
  EMBER_BIND_SIZED("zeros", ember::zeros)
  EMBER_BIND_SIZED("ones", ember::ones)
  EMBER_BIND_SIZED("empty", ember::empty)
  EMBER_BIND_SIZED("rand", [](IntArrayRef s, const TensorOptions& o) { return ember::rand(s, o); })
  EMBER_BIND_SIZED("randn", [](IntArrayRef s, const TensorOptions& o) { return ember::randn(s, o); })
#undef EMBER_BIND_SIZED
  m.def("full", [](Dims size, Scalar value, OptType dtype, OptDevice device, bool requires_grad) {
          return finish(ember::full(size, value, options_of(dtype, device)), requires_grad);
        },
        py::arg("size"), py::arg("fill_value"), py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("device") = py::none(), py::arg("requires_grad") = false);
  m.def("arange", [](Scalar start, std::optional<Scalar> end, Scalar step, OptType dtype, OptDevice device,
                     bool requires_grad) {
          TensorOptions o = options_of(dtype, device);
          Tensor t = end ? ember::arange(start, *end, step, o) : ember::arange(start, o);
          return finish(t, requires_grad);
        },
        py::arg("start"), py::arg("end") = py::none(), py::arg("step") = 1, py::kw_only(),
        py::arg("dtype") = py::none(), py::arg("device") = py::none(), py::arg("requires_grad") = false);
  m.def("linspace", [](Scalar start, Scalar end, int64_t steps, OptType dtype, OptDevice device, bool requires_grad) {
          return finish(ember::linspace(start, end, steps, options_of(dtype, device)), requires_grad);
        },
        py::arg("start"), py::arg("end"), py::arg("steps"), py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("device") = py::none(), py::arg("requires_grad") = false);
  m.def("logspace", [](Scalar start, Scalar end, int64_t steps, double base, OptType dtype, OptDevice device,
                       bool requires_grad) {
          return finish(ember::logspace(start, end, steps, base, options_of(dtype, device)), requires_grad);
        },
        py::arg("start"), py::arg("end"), py::arg("steps"), py::arg("base") = 10.0, py::kw_only(),
        py::arg("dtype") = py::none(), py::arg("device") = py::none(), py::arg("requires_grad") = false);
  m.def("scalar_tensor", [](Scalar value, OptType dtype, OptDevice device, bool requires_grad) {
          return finish(ember::scalar_tensor(value, options_of(dtype, device)), requires_grad);
        },
        py::arg("s"), py::kw_only(), py::arg("dtype") = py::none(), py::arg("device") = py::none(),
        py::arg("requires_grad") = false);
  m.def("empty_strided", [](Dims size, Dims stride, OptType dtype, OptDevice device, bool requires_grad) {
          return finish(ember::empty_strided(size, stride, options_of(dtype, device)), requires_grad);
        },
        py::arg("size"), py::arg("stride"), py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("device") = py::none(), py::arg("requires_grad") = false);
  m.def("eye", [](int64_t n, std::optional<int64_t> cols, OptType dtype, OptDevice device, bool requires_grad) {
          return finish(ember::eye(n, cols.value_or(n), options_of(dtype, device)), requires_grad);
        },
        py::arg("n"), py::arg("m") = py::none(), py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("device") = py::none(), py::arg("requires_grad") = false);
  m.def("randint", [](int64_t low, int64_t high, Dims size, OptType dtype, OptDevice device) {
          return ember::randint(low, high, size, options_of(dtype, device));
        },
        py::arg("low"), py::arg("high"), py::arg("size"), py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("device") = py::none());
  m.def("randint", [](int64_t high, Dims size, OptType dtype, OptDevice device) {
          return ember::randint(high, size, options_of(dtype, device));
        },
        py::arg("high"), py::arg("size"), py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("device") = py::none());
  m.def("randperm", [](int64_t n, OptType dtype, OptDevice device) {
          return ember::randperm(n, options_of(dtype, device));
        },
        py::arg("n"), py::kw_only(), py::arg("dtype") = py::none(), py::arg("device") = py::none());
  m.def("normal", [](double mean, double std, Dims size, OptType dtype) {
          return ember::normal(mean, std, size, options_of(dtype, std::nullopt));
        },
        py::arg("mean"), py::arg("std"), py::arg("size"), py::kw_only(), py::arg("dtype") = py::none());
  m.def("normal", [](const Tensor& mean, const Tensor& std) { return ember::normal(mean, std); }, py::arg("mean"),
        py::arg("std"));
  m.def("bernoulli", [](const Tensor& p) { return ember::bernoulli(p); }, py::arg("input"));
  m.def("multinomial", [](const Tensor& p, int64_t n, bool replacement) {
          return ember::multinomial(p, n, replacement);
        },
        py::arg("input"), py::arg("num_samples"), py::arg("replacement") = false);

  // *_like(t, dtype=None, requires_grad=False)
#define EMBER_BIND_LIKE(name, call)                                                                    \
  m.def(name, [](const Tensor& t, OptType dtype, bool requires_grad) {                                 \
        return finish(call(t, dtype), requires_grad);                                                  \
      },                                                                                               \
      py::arg("input"), py::kw_only(), py::arg("dtype") = py::none(), py::arg("requires_grad") = false);
  EMBER_BIND_LIKE("zeros_like", ember::zeros_like)
  EMBER_BIND_LIKE("ones_like", ember::ones_like)
  EMBER_BIND_LIKE("empty_like", ember::empty_like)
  EMBER_BIND_LIKE("rand_like", [](const Tensor& x, OptType d) { return ember::rand_like(x, d); })
  EMBER_BIND_LIKE("randn_like", [](const Tensor& x, OptType d) { return ember::randn_like(x, d); })
#undef EMBER_BIND_LIKE
  m.def("randint_like", [](const Tensor& t, int64_t low, std::optional<int64_t> high) {
          return high ? ember::randint_like(t, low, *high) : ember::randint_like(t, 0, low);
        },
        py::arg("input"), py::arg("low"), py::arg("high") = py::none());
  m.def("full_like", [](const Tensor& t, Scalar v, OptType dtype, bool requires_grad) {
          return finish(ember::full_like(t, v, dtype), requires_grad);
        },
        py::arg("input"), py::arg("fill_value"), py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("requires_grad") = false);
  m.def("manual_seed", [](uint64_t seed) { ember::manual_seed(seed); }, py::arg("seed"));
  m.def("set_num_threads", &ember::set_num_threads, py::arg("n"));
  m.def("get_num_threads", &ember::get_num_threads);
}

}  // namespace ember::python
