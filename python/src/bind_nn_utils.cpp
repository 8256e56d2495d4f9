// bind_nn_utils.cpp — ember._C.nn.init (nn/init.h), ember._C.nn.utils
// (clip_grad.h, and utils.rnn's packing with PackedSequence) and the
// state-dict files behind ember.save / ember.load (safetensors through
// nn/serialization.h, PyTorch .pt/.pth through nn/torch_load.h).
//
// The init functions modify their tensor in place and return the same
// Python object, like torch's. Deciding which file format to read and
// accepting a single tensor in ember.save are Python (ember/serialization.py).
#include <pybind11/functional.h>

#include "bind_nn.h"

namespace py = pybind11;

namespace ember::python {

namespace {
// init_(tensor, ...) -> the same Python object, modified in place
template <class... Args>
std::function<py::object(py::object, Args...)> in_place(void (*fn)(Tensor&, Args...)) {
  return [fn](py::object t, Args... args) {
    fn(t.cast<Tensor&>(), args...);
    return t;
  };
}
}  // namespace

void bind_nn_utils(py::module_& nn) {
  using py::arg;
  namespace init = nn::init;

  py::module_ i = nn.def_submodule("init", "the C++ functions under ember.nn.init");
  i.def("uniform_", in_place(+[](Tensor& t, double a, double b) { init::uniform_(t, a, b); }), arg("tensor"),
        arg("a") = 0.0, arg("b") = 1.0);
  i.def("normal_", in_place(+[](Tensor& t, double mean, double std) { init::normal_(t, mean, std); }), arg("tensor"),
        arg("mean") = 0.0, arg("std") = 1.0);
  i.def("trunc_normal_",
        in_place(+[](Tensor& t, double mean, double std, double a, double b) { init::trunc_normal_(t, mean, std, a, b); }),
        arg("tensor"), arg("mean") = 0.0, arg("std") = 1.0, arg("a") = -2.0, arg("b") = 2.0);
  i.def("constant_", in_place(+[](Tensor& t, double val) { init::constant_(t, val); }), arg("tensor"), arg("val"));
  i.def("ones_", in_place(+[](Tensor& t) { init::ones_(t); }), arg("tensor"));
  i.def("zeros_", in_place(+[](Tensor& t) { init::zeros_(t); }), arg("tensor"));
  i.def("eye_", in_place(+[](Tensor& t) { init::eye_(t); }), arg("tensor"));
  i.def("dirac_", in_place(+[](Tensor& t, int64_t groups) { init::dirac_(t, groups); }), arg("tensor"),
        arg("groups") = 1);
  i.def("xavier_uniform_", in_place(+[](Tensor& t, double gain) { init::xavier_uniform_(t, gain); }), arg("tensor"),
        arg("gain") = 1.0);
  i.def("xavier_normal_", in_place(+[](Tensor& t, double gain) { init::xavier_normal_(t, gain); }), arg("tensor"),
        arg("gain") = 1.0);
  i.def("kaiming_uniform_",
        in_place(+[](Tensor& t, double a, std::string mode, std::string nonlinearity) {
          init::kaiming_uniform_(t, a, mode, nonlinearity);
        }),
        arg("tensor"), arg("a") = 0.0, arg("mode") = "fan_in", arg("nonlinearity") = "leaky_relu");
  i.def("kaiming_normal_",
        in_place(+[](Tensor& t, double a, std::string mode, std::string nonlinearity) {
          init::kaiming_normal_(t, a, mode, nonlinearity);
        }),
        arg("tensor"), arg("a") = 0.0, arg("mode") = "fan_in", arg("nonlinearity") = "leaky_relu");
  i.def("orthogonal_", in_place(+[](Tensor& t, double gain) { init::orthogonal_(t, gain); }), arg("tensor"),
        arg("gain") = 1.0);
  i.def("calculate_gain",
        [](std::string_view nonlinearity, std::optional<double> param) {
          return init::calculate_gain(nonlinearity, param.value_or(0.01));
        },
        arg("nonlinearity"), arg("param") = py::none());
  i.def("_calculate_fan_in_and_fan_out", &init::calculate_fan_in_and_fan_out, arg("tensor"));

  py::module_ u = nn.def_submodule("utils", "the C++ functions under ember.nn.utils");
  u.def("_clip_grad_norm", &nn::utils::clip_grad_norm_, arg("parameters"), arg("max_norm"), arg("norm_type"),
        arg("error_if_nonfinite"));
  u.def("_clip_grad_value", &nn::utils::clip_grad_value_, arg("parameters"), arg("clip_value"));
  u.def("_parameters_to_vector", &nn::utils::parameters_to_vector, arg("parameters"));
  u.def("_vector_to_parameters", &nn::utils::vector_to_parameters, arg("vec"), arg("parameters"));

  namespace rnn = nn::utils::rnn;
  py::module_ r = u.def_submodule("rnn", "sequence packing");
  py::class_<rnn::PackedSequence>(r, "PackedSequence")
      .def_property_readonly("data", [](const rnn::PackedSequence& p) { return p.data; })
      .def_property_readonly("batch_sizes", [](const rnn::PackedSequence& p) { return p.batch_sizes; })
      .def_property_readonly("sorted_indices", [](const rnn::PackedSequence& p) { return tensor_or_none(p.sorted_indices); })
      .def_property_readonly("unsorted_indices",
                             [](const rnn::PackedSequence& p) { return tensor_or_none(p.unsorted_indices); })
      .def("__iter__", [](const rnn::PackedSequence& p) {  // unpacks like torch's namedtuple
        return py::iter(py::make_tuple(p.data, p.batch_sizes, tensor_or_none(p.sorted_indices),
                                       tensor_or_none(p.unsorted_indices)));
      })
      .def("__repr__", [](const rnn::PackedSequence& p) {
        return "PackedSequence(data=" + py::repr(py::cast(p.data)).cast<std::string>() +
               ", batch_sizes=" + py::repr(py::cast(p.batch_sizes)).cast<std::string>() + ")";
      });
  r.def("pad_sequence", &rnn::pad_sequence, arg("sequences"), arg("batch_first") = false, arg("padding_value") = 0.0);
  r.def("pack_padded_sequence",
        py::overload_cast<const Tensor&, const Tensor&, bool, bool>(&rnn::pack_padded_sequence), arg("input"),
        arg("lengths"), arg("batch_first") = false, arg("enforce_sorted") = true);
  r.def("pack_padded_sequence",
        py::overload_cast<const Tensor&, const std::vector<int64_t>&, bool, bool>(&rnn::pack_padded_sequence),
        arg("input"), arg("lengths"), arg("batch_first") = false, arg("enforce_sorted") = true);
  r.def("pad_packed_sequence", &rnn::pad_packed_sequence, arg("sequence"), arg("batch_first") = false,
        arg("padding_value") = 0.0, arg("total_length") = py::none());
  r.def("pack_sequence", &rnn::pack_sequence, arg("sequences"), arg("enforce_sorted") = true);

  nn.def("_save_safetensors", &nn::save_safetensors, arg("path"), arg("tensors"), arg("metadata"));
  nn.def("_load_safetensors", [](const std::string& path) {
    nn::Metadata metadata;
    nn::StateDict tensors = nn::load_safetensors(path, &metadata);
    return py::make_tuple(tensors, metadata);
  }, arg("path"));
  nn.def("_load_torch", &nn::load_torch_state_dict, arg("path"), arg("key") = "");
}

}  // namespace ember::python
