// bind_ops.cpp — the non-elementwise tensor ops as methods: reductions,
// views and shape ops, indexing ops, sorting, linear algebra, in-place fills
// and dtype conversions, plus the ops that are only functions (cat, stack,
// where, einsum, ...).
//
// Shapes may be given as varargs or one sequence (x.view(2, 3) or
// x.view((2, 3))), as in torch. (values, indices) results are named tuples.
#include "bindings.h"
#include "casters.h"

namespace py = pybind11;

namespace ember::python {
namespace {

// x.view(2, 3) and x.view((2, 3)) both give {2, 3}.

// torch.return_types.max(values=..., indices=...)
py::object values_indices(const char* type, const std::tuple<Tensor, Tensor>& r) {
  static py::object namedtuple = py::module_::import("collections").attr("namedtuple");
  static std::map<std::string, py::object>* types = new std::map<std::string, py::object>();
  py::object& t = (*types)[type];
  if (!t) t = namedtuple(type, py::make_tuple("values", "indices"));
  return t(std::get<0>(r), std::get<1>(r));
}

}  // namespace

void bind_ops(py::module_& m, py::class_<Tensor>& c) {
  using OptDims = std::optional<Dims>;
  using OptType = std::optional<ScalarType>;
  auto dims = [](const OptDims& d) { return d ? IntArrayRef(*d) : IntArrayRef(); };
  // ---- reductions ----
  c.def("sum", [dims](const Tensor& t, OptDims dim, bool keepdim, OptType dtype) {
          return ember::sum(t, dims(dim), keepdim, dtype);
        },
        py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dtype") = py::none());
  c.def("mean", [dims](const Tensor& t, OptDims dim, bool keepdim, OptType dtype) {
          return ember::mean(t, dims(dim), keepdim, dtype);
        },
        py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dtype") = py::none());
  c.def("prod", [](const Tensor& t, std::optional<int64_t> dim, bool keepdim, OptType dtype) {
          return ember::prod(t, dim, keepdim, dtype);
        },
        py::arg("dim") = py::none(), py::arg("keepdim") = false, py::kw_only(), py::arg("dtype") = py::none());
  // torch: unbiased (bool) or correction (number); unbiased=True is correction 1
  auto correction_of = [](std::optional<bool> unbiased, std::optional<double> correction) {
    return correction ? *correction : (unbiased.value_or(true) ? 1.0 : 0.0);
  };
  c.def("var", [dims, correction_of](const Tensor& t, OptDims dim, std::optional<bool> unbiased, bool keepdim,
                                     std::optional<double> correction) {
          return ember::var(t, dims(dim), correction_of(unbiased, correction), keepdim);
        },
        py::arg("dim") = py::none(), py::arg("unbiased") = py::none(), py::arg("keepdim") = false, py::kw_only(),
        py::arg("correction") = py::none());
  c.def("std", [dims, correction_of](const Tensor& t, OptDims dim, std::optional<bool> unbiased, bool keepdim,
                                     std::optional<double> correction) {
          return ember::std(t, dims(dim), correction_of(unbiased, correction), keepdim);
        },
        py::arg("dim") = py::none(), py::arg("unbiased") = py::none(), py::arg("keepdim") = false, py::kw_only(),
        py::arg("correction") = py::none());
  m.def("var_mean", [dims, correction_of](const Tensor& t, OptDims dim, std::optional<bool> unbiased, bool keepdim,
                                          std::optional<double> correction) {
          return ember::var_mean(t, dims(dim), correction_of(unbiased, correction), keepdim);
        },
        py::arg("input"), py::arg("dim") = py::none(), py::arg("unbiased") = py::none(), py::arg("keepdim") = false,
        py::kw_only(), py::arg("correction") = py::none());
  m.def("std_mean", [dims, correction_of](const Tensor& t, OptDims dim, std::optional<bool> unbiased, bool keepdim,
                                          std::optional<double> correction) {
          return ember::std_mean(t, dims(dim), correction_of(unbiased, correction), keepdim);
        },
        py::arg("input"), py::arg("dim") = py::none(), py::arg("unbiased") = py::none(), py::arg("keepdim") = false,
        py::kw_only(), py::arg("correction") = py::none());
  c.def("max", [](const Tensor& t) { return t.max(); });
  c.def("max", [](const Tensor& t, int64_t dim, bool keepdim) { return values_indices("max", t.max(dim, keepdim)); },
        py::arg("dim"), py::arg("keepdim") = false);
  c.def("max", [](const Tensor& t, const Tensor& other) { return t.maximum(other); }, py::arg("other"));
  c.def("min", [](const Tensor& t) { return t.min(); });
  c.def("min", [](const Tensor& t, int64_t dim, bool keepdim) { return values_indices("min", t.min(dim, keepdim)); },
        py::arg("dim"), py::arg("keepdim") = false);
  c.def("min", [](const Tensor& t, const Tensor& other) { return t.minimum(other); }, py::arg("other"));
  c.def("amax", [dims](const Tensor& t, OptDims dim, bool keepdim) { return t.amax(dims(dim), keepdim); },
        py::arg("dim") = py::none(), py::arg("keepdim") = false);
  c.def("amin", [dims](const Tensor& t, OptDims dim, bool keepdim) { return t.amin(dims(dim), keepdim); },
        py::arg("dim") = py::none(), py::arg("keepdim") = false);
  c.def("argmax", &Tensor::argmax, py::arg("dim") = py::none(), py::arg("keepdim") = false);
  c.def("argmin", &Tensor::argmin, py::arg("dim") = py::none(), py::arg("keepdim") = false);
  c.def("all", [dims](const Tensor& t, OptDims dim, bool keepdim) { return ember::all(t, dims(dim), keepdim); },
        py::arg("dim") = py::none(), py::arg("keepdim") = false);
  c.def("any", [dims](const Tensor& t, OptDims dim, bool keepdim) { return ember::any(t, dims(dim), keepdim); },
        py::arg("dim") = py::none(), py::arg("keepdim") = false);
  c.def("norm", [dims](const Tensor& t, Scalar p, OptDims dim, bool keepdim) {
          return ember::norm(t, p, dims(dim), keepdim);
        },
        py::arg("p") = 2, py::arg("dim") = py::none(), py::arg("keepdim") = false);
  c.def("logsumexp", [](const Tensor& t, Dims dim, bool keepdim) { return t.logsumexp(dim, keepdim); },
        py::arg("dim"), py::arg("keepdim") = false);
  c.def("cumsum", &Tensor::cumsum, py::arg("dim"), py::kw_only(), py::arg("dtype") = py::none());
  c.def("cumprod", &Tensor::cumprod, py::arg("dim"), py::kw_only(), py::arg("dtype") = py::none());
  c.def("count_nonzero", [dims](const Tensor& t, OptDims dim) { return t.count_nonzero(dims(dim)); },
        py::arg("dim") = py::none());
  c.def("softmax", &Tensor::softmax, py::arg("dim"), py::arg("dtype") = py::none());
  c.def("log_softmax", &Tensor::log_softmax, py::arg("dim"), py::arg("dtype") = py::none());
  c.def("sum_to_size", [](const Tensor& t, py::args size) { return t.sum_to_size(dims_from_args(size)); });

  // ---- views and shape ops ----
  c.def("view", [](const Tensor& t, py::args shape) { return t.view(dims_from_args(shape)); });
  c.def("view_as", &Tensor::view_as, py::arg("other"));
  c.def("reshape", [](const Tensor& t, py::args shape) { return t.reshape(dims_from_args(shape)); });
  c.def("reshape_as", &Tensor::reshape_as, py::arg("other"));
  c.def("flatten", &Tensor::flatten, py::arg("start_dim") = 0, py::arg("end_dim") = -1);
  c.def("unflatten", [](const Tensor& t, int64_t dim, Dims sizes) { return t.unflatten(dim, sizes); },
        py::arg("dim"), py::arg("sizes"));
  c.def("squeeze", [](const Tensor& t, std::optional<int64_t> dim) { return dim ? t.squeeze(*dim) : t.squeeze(); },
        py::arg("dim") = py::none());
  c.def("unsqueeze", &Tensor::unsqueeze, py::arg("dim"));
  c.def("permute", [](const Tensor& t, py::args d) { return t.permute(dims_from_args(d)); });
  c.def("movedim", &Tensor::movedim, py::arg("source"), py::arg("destination"));
  c.def("transpose", &Tensor::transpose, py::arg("dim0"), py::arg("dim1"));
  c.def("swapaxes", &Tensor::transpose, py::arg("axis0"), py::arg("axis1"));
  c.def("t", &Tensor::t);
  c.def_property_readonly("T", [](const Tensor& t) {
    Dims reversed;
    for (int64_t d = t.dim() - 1; d >= 0; --d) reversed.values.push_back(d);
    return t.permute(reversed);
  });
  c.def_property_readonly("mT", &Tensor::mT);
  c.def("expand", [](const Tensor& t, py::args size) { return t.expand(dims_from_args(size)); });
  c.def("expand_as", &Tensor::expand_as, py::arg("other"));
  c.def("broadcast_to", [](const Tensor& t, Dims size) { return t.broadcast_to(size); }, py::arg("size"));
  c.def("narrow", &Tensor::narrow, py::arg("dim"), py::arg("start"), py::arg("length"));
  c.def("select", &Tensor::select, py::arg("dim"), py::arg("index"));
  c.def("diagonal", &Tensor::diagonal, py::arg("offset") = 0, py::arg("dim1") = 0, py::arg("dim2") = 1);
  c.def("as_strided", [](const Tensor& t, Dims size, Dims stride, std::optional<int64_t> offset) {
          return t.as_strided(size, stride, offset);
        },
        py::arg("size"), py::arg("stride"), py::arg("storage_offset") = py::none());
  c.def("unfold", &Tensor::unfold, py::arg("dimension"), py::arg("size"), py::arg("step"));
  c.def("split", [](const Tensor& t, int64_t size, int64_t dim) { return t.split(size, dim); },
        py::arg("split_size_or_sections"), py::arg("dim") = 0);
  c.def("split", [](const Tensor& t, Dims sizes, int64_t dim) { return t.split(IntArrayRef(sizes), dim); },
        py::arg("split_size_or_sections"), py::arg("dim") = 0);
  c.def("chunk", &Tensor::chunk, py::arg("chunks"), py::arg("dim") = 0);
  c.def("unbind", &Tensor::unbind, py::arg("dim") = 0);
  c.def("flip", [](const Tensor& t, py::args d) { return t.flip(dims_from_args(d)); });
  c.def("roll", [](const Tensor& t, Dims shifts, OptDims dim) {
          return t.roll(shifts, dim ? IntArrayRef(*dim) : IntArrayRef());
        },
        py::arg("shifts"), py::arg("dims") = py::none());
  c.def("repeat", [](const Tensor& t, py::args r) { return t.repeat(dims_from_args(r)); });
  c.def("tile", [](const Tensor& t, py::args r) { return t.tile(dims_from_args(r)); });
  c.def("repeat_interleave", [](const Tensor& t, int64_t r, std::optional<int64_t> dim) {
          return t.repeat_interleave(r, dim);
        },
        py::arg("repeats"), py::arg("dim") = py::none());
  c.def("repeat_interleave", [](const Tensor& t, const Tensor& r, std::optional<int64_t> dim) {
          return t.repeat_interleave(r, dim);
        },
        py::arg("repeats"), py::arg("dim") = py::none());

  // ---- indexing ops ----
  c.def("index_select", &Tensor::index_select, py::arg("dim"), py::arg("index"));
  c.def("gather", &Tensor::gather, py::arg("dim"), py::arg("index"));
  c.def("scatter", py::overload_cast<int64_t, const Tensor&, const Tensor&>(&Tensor::scatter, py::const_),
        py::arg("dim"), py::arg("index"), py::arg("src"));
  c.def("scatter", py::overload_cast<int64_t, const Tensor&, Scalar>(&Tensor::scatter, py::const_), py::arg("dim"),
        py::arg("index"), py::arg("value"));
  c.def("scatter_", py::overload_cast<int64_t, const Tensor&, const Tensor&>(&Tensor::scatter_), py::arg("dim"),
        py::arg("index"), py::arg("src"));
  c.def("scatter_", py::overload_cast<int64_t, const Tensor&, Scalar>(&Tensor::scatter_), py::arg("dim"),
        py::arg("index"), py::arg("value"));
  c.def("scatter_add", &Tensor::scatter_add, py::arg("dim"), py::arg("index"), py::arg("src"));
  c.def("scatter_add_", &Tensor::scatter_add_, py::arg("dim"), py::arg("index"), py::arg("src"));
  c.def("scatter_reduce", &Tensor::scatter_reduce, py::arg("dim"), py::arg("index"), py::arg("src"),
        py::arg("reduce"), py::kw_only(), py::arg("include_self") = true);
  c.def("index_add", &Tensor::index_add, py::arg("dim"), py::arg("index"), py::arg("source"), py::kw_only(),
        py::arg("alpha") = 1);
  c.def("index_add_", &Tensor::index_add_, py::arg("dim"), py::arg("index"), py::arg("source"), py::kw_only(),
        py::arg("alpha") = 1);
  c.def("index_put", &Tensor::index_put, py::arg("indices"), py::arg("values"), py::arg("accumulate") = false);
  c.def("index_put_", py::overload_cast<const TensorList&, const Tensor&, bool>(&Tensor::index_put_),
        py::arg("indices"), py::arg("values"), py::arg("accumulate") = false);
  c.def("masked_select", &Tensor::masked_select, py::arg("mask"));
  c.def("masked_scatter", &Tensor::masked_scatter, py::arg("mask"), py::arg("source"));
  c.def("masked_scatter_", &Tensor::masked_scatter_, py::arg("mask"), py::arg("source"));
  c.def("nonzero", [](const Tensor& t, bool as_tuple) -> py::object {
          Tensor nz = t.nonzero();
          if (!as_tuple) return py::cast(nz);
          return py::tuple(py::cast(nz.unbind(1)));
        },
        py::kw_only(), py::arg("as_tuple") = false);
  c.def("take", &Tensor::take, py::arg("index"));

  // ---- sorting ----
  c.def("topk", [](const Tensor& t, int64_t k, int64_t dim, bool largest, bool sorted) {
          return values_indices("topk", t.topk(k, dim, largest, sorted));
        },
        py::arg("k"), py::arg("dim") = -1, py::arg("largest") = true, py::arg("sorted") = true);
  c.def("sort", [](const Tensor& t, int64_t dim, bool descending, bool stable) {
          return values_indices("sort", t.sort(dim, descending, stable));
        },
        py::arg("dim") = -1, py::arg("descending") = false, py::kw_only(), py::arg("stable") = false);
  c.def("argsort", &Tensor::argsort, py::arg("dim") = -1, py::arg("descending") = false, py::kw_only(),
        py::arg("stable") = false);

  // ---- linear algebra ----
  c.def("matmul", &Tensor::matmul, py::arg("other"));
  c.def("mm", &Tensor::mm, py::arg("mat2"));
  c.def("bmm", &Tensor::bmm, py::arg("mat2"));
  c.def("mv", &Tensor::mv, py::arg("vec"));
  c.def("dot", &Tensor::dot, py::arg("other"));
  c.def("outer", &Tensor::outer, py::arg("vec2"));
  c.def("tril", &Tensor::tril, py::arg("diagonal") = 0);
  c.def("triu", &Tensor::triu, py::arg("diagonal") = 0);
  c.def("trace", &Tensor::trace);
  c.def("addmm", [](const Tensor& t, const Tensor& a, const Tensor& b, Scalar beta, Scalar alpha) {
          return ember::addmm(t, a, b, beta, alpha);
        },
        py::arg("mat1"), py::arg("mat2"), py::kw_only(), py::arg("beta") = 1, py::arg("alpha") = 1);
  c.def("baddbmm", [](const Tensor& t, const Tensor& a, const Tensor& b, Scalar beta, Scalar alpha) {
          return ember::baddbmm(t, a, b, beta, alpha);
        },
        py::arg("batch1"), py::arg("batch2"), py::kw_only(), py::arg("beta") = 1, py::arg("alpha") = 1);

  // ---- in-place fills and dtype conversions ----
  c.def("zero_", &Tensor::zero_);
  c.def("fill_", py::overload_cast<Scalar>(&Tensor::fill_), py::arg("value"));
  c.def("fill_", py::overload_cast<const Tensor&>(&Tensor::fill_), py::arg("value"));
  c.def("fill_diagonal_", &Tensor::fill_diagonal_, py::arg("fill_value"), py::arg("wrap") = false);
  c.def("uniform_", &Tensor::uniform_, py::arg("from") = 0.0, py::arg("to") = 1.0);
  c.def("normal_", &Tensor::normal_, py::arg("mean") = 0.0, py::arg("std") = 1.0);
  c.def("bernoulli_", &Tensor::bernoulli_, py::arg("p") = 0.5);
  c.def("random_", &Tensor::random_, py::arg("from"), py::arg("to"));
#define EMBER_BIND_CONVERSION(name, dtype) c.def(name, [](const Tensor& t) { return t.to(dtype); });
  EMBER_BIND_CONVERSION("float", kFloat32) EMBER_BIND_CONVERSION("double", kFloat64)
  EMBER_BIND_CONVERSION("half", kFloat16) EMBER_BIND_CONVERSION("bfloat16", kBFloat16)
  EMBER_BIND_CONVERSION("long", kInt64) EMBER_BIND_CONVERSION("int", kInt32) EMBER_BIND_CONVERSION("char", kInt8)
  EMBER_BIND_CONVERSION("byte", kUInt8) EMBER_BIND_CONVERSION("bool", kBool)
#undef EMBER_BIND_CONVERSION
  c.def("type_as", &Tensor::type_as, py::arg("other"));

  // ---- ops that are only functions ----
  m.def("cat", &ember::cat, py::arg("tensors"), py::arg("dim") = 0);
  m.def("concat", &ember::cat, py::arg("tensors"), py::arg("dim") = 0);
  m.def("stack", &ember::stack, py::arg("tensors"), py::arg("dim") = 0);
  m.def("hstack", &ember::hstack, py::arg("tensors"));
  m.def("vstack", &ember::vstack, py::arg("tensors"));
  m.def("broadcast_tensors", [](py::args ts) { return ember::broadcast_tensors(ts.cast<TensorList>()); });
  m.def("meshgrid", [](py::args ts, std::string_view indexing) {
          TensorList list = ts.size() == 1 && !py::isinstance<Tensor>(ts[0]) ? ts[0].cast<TensorList>()
                                                                               : ts.cast<TensorList>();
          return ember::meshgrid(list, indexing);
        },
        py::kw_only(), py::arg("indexing") = "ij");
  m.def("where", py::overload_cast<const Tensor&, const Tensor&, const Tensor&>(&ember::where),
        py::arg("condition"), py::arg("input"), py::arg("other"));
  m.def("where", py::overload_cast<const Tensor&, Scalar, const Tensor&>(&ember::where), py::arg("condition"),
        py::arg("input"), py::arg("other"));
  m.def("where", py::overload_cast<const Tensor&, const Tensor&, Scalar>(&ember::where), py::arg("condition"),
        py::arg("input"), py::arg("other"));
  m.def("where", py::overload_cast<const Tensor&, Scalar, Scalar>(&ember::where), py::arg("condition"),
        py::arg("input"), py::arg("other"));
  m.def("einsum", [](std::string_view equation, py::args operands) {
    TensorList list = operands.size() == 1 && !py::isinstance<Tensor>(operands[0])
                          ? operands[0].cast<TensorList>() : operands.cast<TensorList>();
    return ember::einsum(equation, list);
  });
  m.def("unique", [](const Tensor& t, bool sorted, bool return_inverse, bool return_counts) -> py::object {
          UniqueResult r = ember::unique(t, sorted, return_inverse, return_counts);
          if (!return_inverse && !return_counts) return py::cast(r.values);
          py::list out;
          out.append(r.values);
          if (return_inverse) out.append(r.inverse);
          if (return_counts) out.append(r.counts);
          return py::tuple(out);
        },
        py::arg("input"), py::arg("sorted") = true, py::arg("return_inverse") = false,
        py::arg("return_counts") = false);
  m.def("cdist", &ember::cdist, py::arg("x1"), py::arg("x2"), py::arg("p") = 2.0);
  m.def("bincount", &ember::bincount, py::arg("input"), py::arg("weights") = Tensor(), py::arg("minlength") = 0);
  m.def("histc", &ember::histc, py::arg("input"), py::arg("bins") = 100, py::arg("min") = 0.0, py::arg("max") = 0.0);
  m.def("searchsorted", &ember::searchsorted, py::arg("sorted_sequence"), py::arg("values"), py::kw_only(),
        py::arg("right") = false);
  m.def("pow", py::overload_cast<Scalar, const Tensor&>(&ember::pow), py::arg("self"), py::arg("exponent"));
}

}  // namespace ember::python
