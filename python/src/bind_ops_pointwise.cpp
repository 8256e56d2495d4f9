// bind_ops_pointwise.cpp — elementwise ops as Tensor methods and Python
// operators (+ - * / // % ** @, comparisons, & | ^ ~, in-place forms).
//
// Every method forwards to one C++ op; ember/__init__.py also exports the
// methods as functions (ember.exp(x) is Tensor.exp(x)), as torch does.
#include "bindings.h"
#include "casters.h"

namespace py = pybind11;

namespace ember::python {

void bind_ops_pointwise(py::class_<Tensor>& c) {
  using OptScalar = std::optional<Scalar>;
  // ---- unary, each with its in-place form ----
#define EMBER_BIND_UNARY(name)                                  \
  c.def(#name, [](const Tensor& t) { return t.name(); });       \
  c.def(#name "_", [](Tensor& t) { return t.name##_(); });
  EMBER_BIND_UNARY(neg) EMBER_BIND_UNARY(abs) EMBER_BIND_UNARY(sign) EMBER_BIND_UNARY(exp)
  EMBER_BIND_UNARY(exp2) EMBER_BIND_UNARY(log) EMBER_BIND_UNARY(log2) EMBER_BIND_UNARY(log10)
  EMBER_BIND_UNARY(log1p) EMBER_BIND_UNARY(expm1) EMBER_BIND_UNARY(sqrt) EMBER_BIND_UNARY(rsqrt)
  EMBER_BIND_UNARY(reciprocal) EMBER_BIND_UNARY(square) EMBER_BIND_UNARY(sin) EMBER_BIND_UNARY(cos)
  EMBER_BIND_UNARY(tan) EMBER_BIND_UNARY(asin) EMBER_BIND_UNARY(acos) EMBER_BIND_UNARY(atan)
  EMBER_BIND_UNARY(sinh) EMBER_BIND_UNARY(cosh) EMBER_BIND_UNARY(tanh) EMBER_BIND_UNARY(sigmoid)
  EMBER_BIND_UNARY(relu) EMBER_BIND_UNARY(erf) EMBER_BIND_UNARY(floor) EMBER_BIND_UNARY(ceil)
  EMBER_BIND_UNARY(trunc) EMBER_BIND_UNARY(frac) EMBER_BIND_UNARY(logical_not) EMBER_BIND_UNARY(bitwise_not)
#undef EMBER_BIND_UNARY
  c.def("round", [](const Tensor& t, int64_t decimals) { return t.round(decimals); }, py::arg("decimals") = 0);
  c.def("round_", [](Tensor& t, int64_t decimals) { return t.round_(decimals); }, py::arg("decimals") = 0);
  c.def("isnan", &Tensor::isnan);
  c.def("isinf", &Tensor::isinf);
  c.def("isfinite", &Tensor::isfinite);
  c.def("nan_to_num", &Tensor::nan_to_num, py::arg("nan") = 0.0, py::arg("posinf") = py::none(),
        py::arg("neginf") = py::none());
  c.def("clamp", [](const Tensor& t, OptScalar min, OptScalar max) { return t.clamp(min, max); },
        py::arg("min") = py::none(), py::arg("max") = py::none());
  c.def("clamp", [](const Tensor& t, const Tensor& min, const Tensor& max) { return t.clamp(min, max); },
        py::arg("min"), py::arg("max"));
  c.def("clamp_", [](Tensor& t, OptScalar min, OptScalar max) { return t.clamp_(min, max); },
        py::arg("min") = py::none(), py::arg("max") = py::none());
  c.def("clamp_min", &Tensor::clamp_min, py::arg("min"));
  c.def("clamp_max", &Tensor::clamp_max, py::arg("max"));

  // ---- binary: other is a Tensor or a number ----
  c.def("add", [](const Tensor& a, const Tensor& b, Scalar alpha) { return a.add(b, alpha); }, py::arg("other"),
        py::arg("alpha") = 1);
  c.def("add", [](const Tensor& a, Scalar b, Scalar alpha) { return a.add(b, alpha); }, py::arg("other"),
        py::arg("alpha") = 1);
  c.def("add_", [](Tensor& a, const Tensor& b, Scalar alpha) { return a.add_(b, alpha); }, py::arg("other"),
        py::arg("alpha") = 1);
  c.def("add_", [](Tensor& a, Scalar b, Scalar alpha) { return a.add_(b, alpha); }, py::arg("other"),
        py::arg("alpha") = 1);
  c.def("sub", [](const Tensor& a, const Tensor& b, Scalar alpha) { return a.sub(b, alpha); }, py::arg("other"),
        py::arg("alpha") = 1);
  c.def("sub", [](const Tensor& a, Scalar b, Scalar alpha) { return a.sub(b, alpha); }, py::arg("other"),
        py::arg("alpha") = 1);
  c.def("sub_", [](Tensor& a, const Tensor& b, Scalar alpha) { return a.sub_(b, alpha); }, py::arg("other"),
        py::arg("alpha") = 1);
  c.def("sub_", [](Tensor& a, Scalar b, Scalar alpha) { return a.sub_(b, alpha); }, py::arg("other"),
        py::arg("alpha") = 1);
#define EMBER_BIND_BINARY(name)                                                                          \
  c.def(#name, [](const Tensor& a, const Tensor& b) { return a.name(b); }, py::arg("other"));            \
  c.def(#name, [](const Tensor& a, Scalar b) { return a.name(b); }, py::arg("other"));                   \
  c.def(#name "_", [](Tensor& a, const Tensor& b) { return a.name##_(b); }, py::arg("other"));           \
  c.def(#name "_", [](Tensor& a, Scalar b) { return a.name##_(b); }, py::arg("other"));
  EMBER_BIND_BINARY(mul) EMBER_BIND_BINARY(pow) EMBER_BIND_BINARY(fmod)
  EMBER_BIND_BINARY(remainder) EMBER_BIND_BINARY(atan2) EMBER_BIND_BINARY(bitwise_and)
  EMBER_BIND_BINARY(bitwise_or) EMBER_BIND_BINARY(bitwise_xor) EMBER_BIND_BINARY(logical_and)
  EMBER_BIND_BINARY(logical_or) EMBER_BIND_BINARY(logical_xor)
  EMBER_BIND_BINARY(eq) EMBER_BIND_BINARY(ne) EMBER_BIND_BINARY(lt) EMBER_BIND_BINARY(le)
  EMBER_BIND_BINARY(gt) EMBER_BIND_BINARY(ge)
#undef EMBER_BIND_BINARY
  using OptMode = std::optional<std::string_view>;
  c.def("div", [](const Tensor& a, const Tensor& b, OptMode mode) { return a.div(b, mode); }, py::arg("other"),
        py::kw_only(), py::arg("rounding_mode") = py::none());
  c.def("div", [](const Tensor& a, Scalar b, OptMode mode) { return a.div(b, mode); }, py::arg("other"),
        py::kw_only(), py::arg("rounding_mode") = py::none());
  c.def("div_", [](Tensor& a, const Tensor& b, OptMode mode) { return a.div_(b, mode); }, py::arg("other"),
        py::kw_only(), py::arg("rounding_mode") = py::none());
  c.def("div_", [](Tensor& a, Scalar b, OptMode mode) { return a.div_(b, mode); }, py::arg("other"),
        py::kw_only(), py::arg("rounding_mode") = py::none());
  c.def("floor_divide", [](const Tensor& a, const Tensor& b) { return a.div(b, "floor"); }, py::arg("other"));
  c.def("floor_divide", [](const Tensor& a, Scalar b) { return a.div(b, "floor"); }, py::arg("other"));
  c.def("maximum", &Tensor::maximum, py::arg("other"));
  c.def("minimum", &Tensor::minimum, py::arg("other"));
  c.def("where", &Tensor::where, py::arg("condition"), py::arg("other"));
  c.def("masked_fill", [](const Tensor& t, const Tensor& mask, Scalar v) { return t.masked_fill(mask, v); },
        py::arg("mask"), py::arg("value"));
  c.def("masked_fill", [](const Tensor& t, const Tensor& mask, const Tensor& v) { return t.masked_fill(mask, v); },
        py::arg("mask"), py::arg("value"));
  c.def("masked_fill_", [](Tensor& t, const Tensor& mask, Scalar v) { return t.masked_fill_(mask, v); },
        py::arg("mask"), py::arg("value"));
  c.def("lerp", [](const Tensor& a, const Tensor& b, Scalar w) { return a.lerp(b, w); }, py::arg("end"),
        py::arg("weight"));
  c.def("lerp", [](const Tensor& a, const Tensor& b, const Tensor& w) { return a.lerp(b, w); }, py::arg("end"),
        py::arg("weight"));
  c.def("addcmul", &Tensor::addcmul, py::arg("tensor1"), py::arg("tensor2"), py::kw_only(), py::arg("value") = 1);
  c.def("addcdiv", &Tensor::addcdiv, py::arg("tensor1"), py::arg("tensor2"), py::kw_only(), py::arg("value") = 1);
  c.def("addcmul_", &Tensor::addcmul_, py::arg("tensor1"), py::arg("tensor2"), py::kw_only(), py::arg("value") = 1);
  c.def("addcdiv_", &Tensor::addcdiv_, py::arg("tensor1"), py::arg("tensor2"), py::kw_only(), py::arg("value") = 1);
  c.def("allclose", &Tensor::allclose, py::arg("other"), py::arg("rtol") = 1e-5, py::arg("atol") = 1e-8,
        py::arg("equal_nan") = false);
  c.def("isclose", &Tensor::isclose, py::arg("other"), py::arg("rtol") = 1e-5, py::arg("atol") = 1e-8,
        py::arg("equal_nan") = false);
  c.def("equal", &Tensor::equal, py::arg("other"));

  // ---- Python operators; NotImplemented for other operand types ----
  auto op = py::is_operator();
// name: a (op) b for a tensor or number b; rname: b (op) a for a number b
#define EMBER_BIND_OPERATOR(name, rname, expr, rexpr)                             \
  c.def(name, [](const Tensor& a, const Tensor& b) { return expr; }, op);         \
  c.def(name, [](const Tensor& a, Scalar b) { return expr; }, op);                \
  c.def(rname, [](const Tensor& a, Scalar b) { return rexpr; }, op);
  EMBER_BIND_OPERATOR("__add__", "__radd__", a + b, b + a)
  EMBER_BIND_OPERATOR("__sub__", "__rsub__", a - b, b - a)
  EMBER_BIND_OPERATOR("__mul__", "__rmul__", a * b, b * a)
  EMBER_BIND_OPERATOR("__truediv__", "__rtruediv__", a / b, b / a)
  EMBER_BIND_OPERATOR("__floordiv__", "__rfloordiv__", a.div(b, "floor"), full_like(a, b).div(a, "floor"))
  EMBER_BIND_OPERATOR("__mod__", "__rmod__", a % b, b % a)
  EMBER_BIND_OPERATOR("__pow__", "__rpow__", a.pow(b), ember::pow(b, a))
  EMBER_BIND_OPERATOR("__and__", "__rand__", a & b, b & a)
  EMBER_BIND_OPERATOR("__or__", "__ror__", a | b, b | a)
  EMBER_BIND_OPERATOR("__xor__", "__rxor__", a ^ b, b ^ a)
#undef EMBER_BIND_OPERATOR
#define EMBER_BIND_COMPARISON(pyname, cop)                                    \
  c.def(pyname, [](const Tensor& a, const Tensor& b) { return a cop b; }, op); \
  c.def(pyname, [](const Tensor& a, Scalar b) { return a cop b; }, op);
  EMBER_BIND_COMPARISON("__eq__", ==) EMBER_BIND_COMPARISON("__ne__", !=) EMBER_BIND_COMPARISON("__lt__", <)
  EMBER_BIND_COMPARISON("__le__", <=) EMBER_BIND_COMPARISON("__gt__", >) EMBER_BIND_COMPARISON("__ge__", >=)
#undef EMBER_BIND_COMPARISON
#define EMBER_BIND_INPLACE(pyname, method)                                                   \
  c.def(pyname, [](Tensor& a, const Tensor& b) { return a.method(b); }, op);                \
  c.def(pyname, [](Tensor& a, Scalar b) { return a.method(b); }, op);
  EMBER_BIND_INPLACE("__iadd__", add_) EMBER_BIND_INPLACE("__isub__", sub_) EMBER_BIND_INPLACE("__imul__", mul_)
  EMBER_BIND_INPLACE("__itruediv__", div_) EMBER_BIND_INPLACE("__imod__", remainder_)
  EMBER_BIND_INPLACE("__ipow__", pow_) EMBER_BIND_INPLACE("__iand__", bitwise_and_)
  EMBER_BIND_INPLACE("__ior__", bitwise_or_) EMBER_BIND_INPLACE("__ixor__", bitwise_xor_)
#undef EMBER_BIND_INPLACE
  c.def("__ifloordiv__", [](Tensor& a, const Tensor& b) { return a.div_(b, "floor"); }, op);
  c.def("__ifloordiv__", [](Tensor& a, Scalar b) { return a.div_(b, "floor"); }, op);
  c.def("__matmul__", &Tensor::matmul, op);
  c.def("__neg__", [](const Tensor& a) { return -a; });
  c.def("__pos__", [](const Tensor& a) { return a; });
  c.def("__abs__", &Tensor::abs);
  c.def("__invert__", [](const Tensor& a) { return ~a; });
  c.def("__bool__", [](const Tensor& t) { return t.item().to_bool(); });
  c.def("__float__", [](const Tensor& t) { return t.item().to_double(); });
  c.def("__int__", [](const Tensor& t) { return t.item().to_long(); });
  c.def("__index__", [](const Tensor& t) {
    EMBER_CHECK(!t.is_floating_point() && t.scalar_type() != kBool, "__index__",
                "only integer tensors of a single element can be converted to an index, got ", t.scalar_type());
    return t.item().to_long();
  });
}

}  // namespace ember::python
