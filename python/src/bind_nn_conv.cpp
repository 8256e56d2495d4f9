// bind_nn_conv.cpp — ember.nn's spatial layers: Conv1d/2d/3d and
// ConvTranspose1d/2d/3d, pooling (max, avg, adaptive, LP, unpool),
// normalization (BatchNorm, LayerNorm, GroupNorm, InstanceNorm, LRN),
// Fold/Unfold and Upsample, with torch's constructor keywords: sizes are an
// int or a tuple, conv padding may also be "same"/"valid".
//
// Not accepted: MaxPool's return_indices=True module form (use
// F.max_pool2d(..., return_indices=True)).
#include "bind_nn.h"

#include <variant>

namespace py = pybind11;

namespace ember::python {

void bind_nn_conv(py::module_& nn) {
  using py::arg;
  auto none = py::none();
  auto tuple_of = [](const Shape& s) { return py::tuple(py::cast(s)); };
  // a size option as torch shows it: one value per spatial dim
  auto per_dim = [](const Shape& s, size_t dims) {
    return py::tuple(py::cast(s.size() == 1 ? Shape(dims, s[0]) : s));
  };
  // scale_factor=None, 2 or (2, 3)
  auto scales = [](const py::object& f) -> std::vector<double> {
    if (f.is_none()) return {};
    if (py::isinstance<py::sequence>(f)) return f.cast<std::vector<double>>();
    return {f.cast<double>()};
  };

  // ---- convolutions ----
  layer_class<nn::ConvNd>(nn, "_ConvNd", py::dynamic_attr())
      .EMBER_FORWARD(nn::ConvNd)
      .def("reset_parameters", &nn::ConvNd::reset_parameters)
      .def_readonly("in_channels", &nn::ConvNd::in_channels)
      .def_readonly("out_channels", &nn::ConvNd::out_channels)
      .def_property_readonly("kernel_size", [tuple_of](const nn::ConvNd& m) { return tuple_of(m.kernel_size); })
      .def_property_readonly("stride", [per_dim](const nn::ConvNd& m) { return per_dim(m.options.stride, m.kernel_size.size()); })
      .def_property_readonly("padding", [per_dim](const nn::ConvNd& m) -> py::object {
        if (!m.options.padding_str.empty()) return py::str(m.options.padding_str);
        return per_dim(m.options.padding, m.kernel_size.size());
      })
      .def_property_readonly("dilation", [per_dim](const nn::ConvNd& m) { return per_dim(m.options.dilation, m.kernel_size.size()); })
      .def_property_readonly("groups", [](const nn::ConvNd& m) { return m.options.groups; })
      .def_property_readonly("padding_mode", [](const nn::ConvNd& m) { return m.options.padding_mode; })
      .EMBER_PARAMETER_ATTR(nn::ConvNd, weight)
      .EMBER_PARAMETER_ATTR(nn::ConvNd, bias);
  layer_class<nn::ConvTransposeNd>(nn, "_ConvTransposeNd", py::dynamic_attr())
      .EMBER_FORWARD(nn::ConvTransposeNd)
      .def_readonly("in_channels", &nn::ConvTransposeNd::in_channels)
      .def_readonly("out_channels", &nn::ConvTransposeNd::out_channels)
      .def_property_readonly("kernel_size", [tuple_of](const nn::ConvTransposeNd& m) { return tuple_of(m.kernel_size); })
      .def_property_readonly("stride", [per_dim](const nn::ConvTransposeNd& m) { return per_dim(m.options.stride, m.kernel_size.size()); })
      .def_property_readonly("padding", [per_dim](const nn::ConvTransposeNd& m) { return per_dim(m.options.padding, m.kernel_size.size()); })
      .def_property_readonly("output_padding",
                             [per_dim](const nn::ConvTransposeNd& m) { return per_dim(m.options.output_padding, m.kernel_size.size()); })
      .def_property_readonly("dilation", [per_dim](const nn::ConvTransposeNd& m) { return per_dim(m.options.dilation, m.kernel_size.size()); })
      .def_property_readonly("groups", [](const nn::ConvTransposeNd& m) { return m.options.groups; })
      .EMBER_PARAMETER_ATTR(nn::ConvTransposeNd, weight)
      .EMBER_PARAMETER_ATTR(nn::ConvTransposeNd, bias);
#define EMBER_BIND_CONV(n)                                                                                         \
  layer_class<nn::Conv##n##d, nn::ConvNd>(nn, "Conv" #n "d", py::dynamic_attr())                                 \
      .def(py::init([](int64_t in, int64_t out, const Dims& kernel, const Dims& stride,                            \
                       const std::variant<Dims, std::string>& padding, const Dims& dilation, int64_t groups,      \
                       bool bias, std::string padding_mode) {                                                      \
             nn::ConvOptions o;                                                                                    \
             o.stride = to_shape(stride);                                                                          \
             if (auto* s = std::get_if<std::string>(&padding)) o.padding_str = *s;                                 \
             else o.padding = to_shape(std::get<Dims>(padding));                                                  \
             o.dilation = to_shape(dilation);                                                                      \
             o.groups = groups;                                                                                    \
             o.bias = bias;                                                                                        \
             o.padding_mode = std::move(padding_mode);                                                             \
             return std::make_shared<nn::Conv##n##d>(in, out, to_shape(kernel), o);                               \
           }),                                                                                                     \
           arg("in_channels"), arg("out_channels"), arg("kernel_size"), arg("stride") = 1, arg("padding") = 0,    \
           arg("dilation") = 1, arg("groups") = 1, arg("bias") = true, arg("padding_mode") = "zeros");            \
  layer_class<nn::ConvTranspose##n##d, nn::ConvTransposeNd>(nn, "ConvTranspose" #n "d", py::dynamic_attr())      \
      .def(py::init([](int64_t in, int64_t out, const Dims& kernel, const Dims& stride, const Dims& padding,      \
                       const Dims& output_padding, int64_t groups, bool bias, const Dims& dilation) {             \
             nn::ConvTransposeOptions o{to_shape(stride), to_shape(padding), to_shape(output_padding), groups,    \
                                        bias, to_shape(dilation)};                                                \
             return std::make_shared<nn::ConvTranspose##n##d>(in, out, to_shape(kernel), o);                      \
           }),                                                                                                     \
           arg("in_channels"), arg("out_channels"), arg("kernel_size"), arg("stride") = 1, arg("padding") = 0,    \
           arg("output_padding") = 0, arg("groups") = 1, arg("bias") = true, arg("dilation") = 1);
  EMBER_BIND_CONV(1)
  EMBER_BIND_CONV(2)
  EMBER_BIND_CONV(3)
#undef EMBER_BIND_CONV

  // ---- pooling ----
#define EMBER_BIND_POOL(n)                                                                                           \
  layer_class<nn::MaxPool##n##d>(nn, "MaxPool" #n "d", py::dynamic_attr())                                         \
      .def(py::init([](const Dims& kernel, const std::optional<Dims>& stride, const Dims& padding,                 \
                       const Dims& dilation, bool return_indices, bool ceil_mode) {                                \
             EMBER_CHECK(!return_indices, "MaxPool" #n "d",                                                         \
                         "return_indices=True is not supported; use F.max_pool" #n "d(..., return_indices=True)"); \
             nn::MaxPoolOptions o{stride ? to_shape(*stride) : Shape{}, to_shape(padding), to_shape(dilation),     \
                                  ceil_mode};                                                                       \
             return std::make_shared<nn::MaxPool##n##d>(to_shape(kernel), o);                                     \
           }),                                                                                                       \
           arg("kernel_size"), arg("stride") = py::none(), arg("padding") = 0, arg("dilation") = 1,                \
           arg("return_indices") = false, arg("ceil_mode") = false)                                                 \
      .EMBER_FORWARD(nn::MaxPool##n##d);                                                                           \
  layer_class<nn::AvgPool##n##d>(nn, "AvgPool" #n "d", py::dynamic_attr())                                         \
      .def(py::init([](const Dims& kernel, const std::optional<Dims>& stride, const Dims& padding, bool ceil_mode,  \
                       bool count_include_pad, std::optional<int64_t> divisor_override) {                           \
             nn::AvgPoolOptions o{stride ? to_shape(*stride) : Shape{}, to_shape(padding), ceil_mode,               \
                                  count_include_pad, divisor_override};                                             \
             return std::make_shared<nn::AvgPool##n##d>(to_shape(kernel), o);                                     \
           }),                                                                                                       \
           arg("kernel_size"), arg("stride") = py::none(), arg("padding") = 0, arg("ceil_mode") = false,           \
           arg("count_include_pad") = true, arg("divisor_override") = py::none())                                   \
      .EMBER_FORWARD(nn::AvgPool##n##d);                                                                           \
  layer_class<nn::AdaptiveAvgPool##n##d>(nn, "AdaptiveAvgPool" #n "d", py::dynamic_attr())                        \
      .def(py::init([](const Dims& size) { return std::make_shared<nn::AdaptiveAvgPool##n##d>(to_shape(size)); }), \
           arg("output_size"))                                                                                      \
      .EMBER_FORWARD(nn::AdaptiveAvgPool##n##d);                                                                   \
  layer_class<nn::AdaptiveMaxPool##n##d>(nn, "AdaptiveMaxPool" #n "d", py::dynamic_attr())                        \
      .def(py::init([](const Dims& size, bool return_indices) {                                                     \
             EMBER_CHECK(!return_indices, "AdaptiveMaxPool" #n "d", "return_indices=True is not supported");      \
             return std::make_shared<nn::AdaptiveMaxPool##n##d>(to_shape(size));                                   \
           }),                                                                                                       \
           arg("output_size"), arg("return_indices") = false)                                                       \
      .EMBER_FORWARD(nn::AdaptiveMaxPool##n##d);                                                                   \
  layer_class<nn::MaxUnpool##n##d>(nn, "MaxUnpool" #n "d", py::dynamic_attr())                                    \
      .def(py::init([](const Dims& kernel, const std::optional<Dims>& stride, const Dims& padding) {               \
             return std::make_shared<nn::MaxUnpool##n##d>(to_shape(kernel), stride ? to_shape(*stride) : Shape{},  \
                                                           to_shape(padding));                                      \
           }),                                                                                                       \
           arg("kernel_size"), arg("stride") = py::none(), arg("padding") = 0)                                      \
      .def("forward",                                                                                               \
           [](nn::MaxUnpool##n##d& m, const Tensor& input, const Tensor& indices,                                   \
              const std::optional<Dims>& output_size) {                                                             \
             return m.forward(input, indices, output_size.value_or(Dims{}));                                        \
           },                                                                                                        \
           arg("input"), arg("indices"), arg("output_size") = py::none());
  EMBER_BIND_POOL(1)
  EMBER_BIND_POOL(2)
  EMBER_BIND_POOL(3)
#undef EMBER_BIND_POOL
  layer_class<nn::LPPool1d>(nn, "LPPool1d", py::dynamic_attr())
      .def(py::init([](double p, int64_t kernel, const std::optional<Dims>& stride, bool ceil_mode) {
             return std::make_shared<nn::LPPool1d>(p, kernel, nn::LPPoolOptions{stride ? to_shape(*stride) : Shape{}, ceil_mode});
           }),
           arg("norm_type"), arg("kernel_size"), arg("stride") = none, arg("ceil_mode") = false)
      .EMBER_FORWARD(nn::LPPool1d)
      .def_readonly("norm_type", &nn::LPPool1d::norm_type)
      .def_readonly("kernel_size", &nn::LPPool1d::kernel_size)
      .def_property_readonly("stride", [](const nn::LPPool1d& m) -> py::object {
        return m.options.stride.empty() ? py::object(py::none()) : py::tuple(py::cast(m.options.stride));
      })
      .def_property_readonly("ceil_mode", [](const nn::LPPool1d& m) { return m.options.ceil_mode; });
  layer_class<nn::LPPool2d>(nn, "LPPool2d", py::dynamic_attr())
      .def(py::init([](double p, const Dims& kernel, const std::optional<Dims>& stride, bool ceil_mode) {
             return std::make_shared<nn::LPPool2d>(p, to_shape(kernel),
                                                   nn::LPPoolOptions{stride ? to_shape(*stride) : Shape{}, ceil_mode});
           }),
           arg("norm_type"), arg("kernel_size"), arg("stride") = none, arg("ceil_mode") = false)
      .EMBER_FORWARD(nn::LPPool2d)
      .def_readonly("norm_type", &nn::LPPool2d::norm_type)
      .def_property_readonly("kernel_size", [tuple_of](const nn::LPPool2d& m) { return tuple_of(m.kernel_size); })
      .def_property_readonly("stride", [tuple_of](const nn::LPPool2d& m) -> py::object {
        return m.options.stride.empty() ? py::object(py::none()) : tuple_of(m.options.stride);
      })
      .def_property_readonly("ceil_mode", [](const nn::LPPool2d& m) { return m.options.ceil_mode; });

  // ---- normalization ----
  layer_class<nn::BatchNormNd>(nn, "_BatchNorm", py::dynamic_attr())
      .EMBER_FORWARD(nn::BatchNormNd)
      .def("reset_running_stats", &nn::BatchNormNd::reset_running_stats)
      .def_readonly("num_features", &nn::BatchNormNd::num_features)
      .def_property_readonly("eps", [](const nn::BatchNormNd& m) { return m.options.eps; })
      .def_property("momentum", [](const nn::BatchNormNd& m) { return m.options.momentum; },
                    [](nn::BatchNormNd& m, std::optional<double> v) { m.options.momentum = v; })
      .def_property_readonly("affine", [](const nn::BatchNormNd& m) { return m.options.affine; })
      .def_property_readonly("track_running_stats", [](const nn::BatchNormNd& m) { return m.options.track_running_stats; })
      .EMBER_PARAMETER_ATTR(nn::BatchNormNd, weight)
      .EMBER_PARAMETER_ATTR(nn::BatchNormNd, bias)
      .EMBER_BUFFER_ATTR(nn::BatchNormNd, running_mean)
      .EMBER_BUFFER_ATTR(nn::BatchNormNd, running_var)
      .EMBER_BUFFER_ATTR(nn::BatchNormNd, num_batches_tracked);
  layer_class<nn::InstanceNormNd>(nn, "_InstanceNorm", py::dynamic_attr())
      .EMBER_FORWARD(nn::InstanceNormNd)
      .def_readonly("num_features", &nn::InstanceNormNd::num_features)
      .def_property_readonly("eps", [](const nn::InstanceNormNd& m) { return m.options.eps; })
      .def_property_readonly("momentum", [](const nn::InstanceNormNd& m) { return m.options.momentum; })
      .def_property_readonly("affine", [](const nn::InstanceNormNd& m) { return m.options.affine; })
      .def_property_readonly("track_running_stats",
                             [](const nn::InstanceNormNd& m) { return m.options.track_running_stats; })
      .EMBER_PARAMETER_ATTR(nn::InstanceNormNd, weight)
      .EMBER_PARAMETER_ATTR(nn::InstanceNormNd, bias)
      .EMBER_BUFFER_ATTR(nn::InstanceNormNd, running_mean)
      .EMBER_BUFFER_ATTR(nn::InstanceNormNd, running_var);
#define EMBER_BIND_NORM(n)                                                                                    \
  layer_class<nn::BatchNorm##n##d, nn::BatchNormNd>(nn, "BatchNorm" #n "d", py::dynamic_attr())              \
      .def(py::init([](int64_t num_features, double eps, std::optional<double> momentum, bool affine,         \
                       bool track_running_stats) {                                                             \
             return std::make_shared<nn::BatchNorm##n##d>(                                                     \
                 num_features, nn::BatchNormOptions{eps, momentum, affine, track_running_stats});              \
           }),                                                                                                  \
           arg("num_features"), arg("eps") = 1e-5, arg("momentum") = 0.1, arg("affine") = true,               \
           arg("track_running_stats") = true);                                                                 \
  layer_class<nn::InstanceNorm##n##d, nn::InstanceNormNd>(nn, "InstanceNorm" #n "d", py::dynamic_attr())     \
      .def(py::init([](int64_t num_features, double eps, double momentum, bool affine, bool track_running_stats) { \
             return std::make_shared<nn::InstanceNorm##n##d>(                                                  \
                 num_features, nn::InstanceNormOptions{eps, momentum, affine, track_running_stats});           \
           }),                                                                                                  \
           arg("num_features"), arg("eps") = 1e-5, arg("momentum") = 0.1, arg("affine") = false,              \
           arg("track_running_stats") = false);
  EMBER_BIND_NORM(1)
  EMBER_BIND_NORM(2)
  EMBER_BIND_NORM(3)
#undef EMBER_BIND_NORM
  layer_class<nn::LayerNorm>(nn, "LayerNorm", py::dynamic_attr())
      .def(py::init([](const Dims& shape, double eps, bool elementwise_affine, bool bias) {
             return std::make_shared<nn::LayerNorm>(to_shape(shape), nn::LayerNormOptions{eps, elementwise_affine, bias});
           }),
           arg("normalized_shape"), arg("eps") = 1e-5, arg("elementwise_affine") = true, arg("bias") = true)
      .EMBER_FORWARD(nn::LayerNorm)
      .def_property_readonly("normalized_shape", [tuple_of](const nn::LayerNorm& m) { return tuple_of(m.normalized_shape); })
      .def_property_readonly("eps", [](const nn::LayerNorm& m) { return m.options.eps; })
      .def_property_readonly("elementwise_affine", [](const nn::LayerNorm& m) { return m.options.elementwise_affine; })
      .EMBER_PARAMETER_ATTR(nn::LayerNorm, weight)
      .EMBER_PARAMETER_ATTR(nn::LayerNorm, bias);
  layer_class<nn::GroupNorm>(nn, "GroupNorm", py::dynamic_attr())
      .def(py::init([](int64_t groups, int64_t channels, double eps, bool affine) {
             return std::make_shared<nn::GroupNorm>(groups, channels, nn::GroupNormOptions{eps, affine});
           }),
           arg("num_groups"), arg("num_channels"), arg("eps") = 1e-5, arg("affine") = true)
      .EMBER_FORWARD(nn::GroupNorm)
      .def_readonly("num_groups", &nn::GroupNorm::num_groups)
      .def_readonly("num_channels", &nn::GroupNorm::num_channels)
      .EMBER_PARAMETER_ATTR(nn::GroupNorm, weight)
      .EMBER_PARAMETER_ATTR(nn::GroupNorm, bias);
  layer_class<nn::LocalResponseNorm>(nn, "LocalResponseNorm", py::dynamic_attr())
      .def(py::init<int64_t, double, double, double>(), arg("size"), arg("alpha") = 1e-4, arg("beta") = 0.75,
           arg("k") = 1.0)
      .EMBER_FORWARD(nn::LocalResponseNorm)
      .def_readonly("size", &nn::LocalResponseNorm::size)
      .def_readonly("alpha", &nn::LocalResponseNorm::alpha)
      .def_readonly("beta", &nn::LocalResponseNorm::beta)
      .def_readonly("k", &nn::LocalResponseNorm::k);

  // ---- fold, upsampling ----
  layer_class<nn::Unfold>(nn, "Unfold", py::dynamic_attr())
      .def(py::init([](const Dims& kernel, const Dims& dilation, const Dims& padding, const Dims& stride) {
             return std::make_shared<nn::Unfold>(to_shape(kernel),
                                                 nn::FoldOptions{to_shape(dilation), to_shape(padding), to_shape(stride)});
           }),
           arg("kernel_size"), arg("dilation") = 1, arg("padding") = 0, arg("stride") = 1)
      .EMBER_FORWARD(nn::Unfold);
  layer_class<nn::Fold>(nn, "Fold", py::dynamic_attr())
      .def(py::init([](const Dims& output_size, const Dims& kernel, const Dims& dilation, const Dims& padding,
                       const Dims& stride) {
             return std::make_shared<nn::Fold>(to_shape(output_size), to_shape(kernel),
                                               nn::FoldOptions{to_shape(dilation), to_shape(padding), to_shape(stride)});
           }),
           arg("output_size"), arg("kernel_size"), arg("dilation") = 1, arg("padding") = 0, arg("stride") = 1)
      .EMBER_FORWARD(nn::Fold);
  layer_class<nn::Upsample>(nn, "Upsample", py::dynamic_attr())
      .def(py::init([scales](const std::optional<Dims>& size, const py::object& scale_factor, std::string mode,
                             std::optional<bool> align_corners, std::optional<bool> recompute_scale_factor) {
             nn::UpsampleOptions o;
             if (size) o.size = to_shape(*size);
             o.scale_factor = scales(scale_factor);
             o.mode = std::move(mode);
             o.align_corners = align_corners;
             o.recompute_scale_factor = recompute_scale_factor;
             return std::make_shared<nn::Upsample>(o);
           }),
           arg("size") = none, arg("scale_factor") = none, arg("mode") = "nearest", arg("align_corners") = none,
           arg("recompute_scale_factor") = none)
      .EMBER_FORWARD(nn::Upsample)
      .def_property_readonly("size", [tuple_of](const nn::Upsample& m) -> py::object {
        return m.options.size.empty() ? py::object(py::none()) : tuple_of(m.options.size);
      })
      .def_property_readonly("scale_factor", [](const nn::Upsample& m) -> py::object {
        if (m.options.scale_factor.empty()) return py::none();
        if (m.options.scale_factor.size() == 1) return py::float_(m.options.scale_factor[0]);
        return py::tuple(py::cast(m.options.scale_factor));
      })
      .def_property_readonly("mode", [](const nn::Upsample& m) { return m.options.mode; })
      .def_property_readonly("align_corners", [](const nn::Upsample& m) { return m.options.align_corners; });
  layer_class<nn::UpsamplingNearest2d, nn::Upsample>(nn, "UpsamplingNearest2d", py::dynamic_attr())
      .def(py::init([scales](const std::optional<Dims>& size, const py::object& scale_factor) {
             return std::make_shared<nn::UpsamplingNearest2d>(size ? to_shape(*size) : Shape{}, scales(scale_factor));
           }),
           arg("size") = none, arg("scale_factor") = none);
  layer_class<nn::UpsamplingBilinear2d, nn::Upsample>(nn, "UpsamplingBilinear2d", py::dynamic_attr())
      .def(py::init([scales](const std::optional<Dims>& size, const py::object& scale_factor) {
             return std::make_shared<nn::UpsamplingBilinear2d>(size ? to_shape(*size) : Shape{}, scales(scale_factor));
           }),
           arg("size") = none, arg("scale_factor") = none);
}

}  // namespace ember::python
