// bind_functional.cpp — ember._C.nn.functional: nn/functional*.h and the
// activation ops of core/ops_pointwise.h under torch.nn.functional's names
// and keywords. Optional tensors (weight=None, bias=None) are None.
//
// Left to ember/nn/functional.py (plain Python over these): the functions
// that only rename or reorder (softmax(dim=...), relu(inplace=...),
// interpolate's keywords, conv's string padding, max_pool's return_indices).
// Deprecated size_average/reduce arguments are not accepted.
#include "bind_nn.h"

namespace py = pybind11;

namespace ember::python {

void bind_functional(py::module_& nn) {
  namespace F = nn::functional;
  using py::arg;
  py::module_ f = nn.def_submodule("functional", "the C++ functions under ember.nn.functional");
  auto none = py::none();

  // ---- activations (core ops) ----
  f.def("relu6", [](const Tensor& x) { return relu6(x); }, arg("input"));
  f.def("selu", [](const Tensor& x) { return selu(x); }, arg("input"));
  f.def("silu", [](const Tensor& x) { return silu(x); }, arg("input"));
  f.def("mish", [](const Tensor& x) { return mish(x); }, arg("input"));
  f.def("hardsigmoid", [](const Tensor& x) { return hardsigmoid(x); }, arg("input"));
  f.def("hardswish", [](const Tensor& x) { return hardswish(x); }, arg("input"));
  f.def("softsign", [](const Tensor& x) { return softsign(x); }, arg("input"));
  f.def("logsigmoid", [](const Tensor& x) { return logsigmoid(x); }, arg("input"));
  f.def("leaky_relu", [](const Tensor& x, double slope) { return leaky_relu(x, slope); }, arg("input"),
        arg("negative_slope") = 0.01);
  f.def("elu", [](const Tensor& x, double alpha) { return elu(x, alpha); }, arg("input"), arg("alpha") = 1.0);
  f.def("celu", [](const Tensor& x, double alpha) { return celu(x, alpha); }, arg("input"), arg("alpha") = 1.0);
  f.def("gelu", [](const Tensor& x, std::string_view approximate) { return gelu(x, approximate); }, arg("input"),
        py::kw_only(), arg("approximate") = "none");
  f.def("softplus", [](const Tensor& x, double beta, double threshold) { return softplus(x, beta, threshold); },
        arg("input"), arg("beta") = 1.0, arg("threshold") = 20.0);
  f.def("hardtanh", [](const Tensor& x, double lo, double hi) { return hardtanh(x, lo, hi); }, arg("input"),
        arg("min_val") = -1.0, arg("max_val") = 1.0);
  f.def("threshold", [](const Tensor& x, double threshold, double value) { return ember::threshold(x, threshold, value); },
        arg("input"), arg("threshold"), arg("value"));
  f.def("hardshrink", &F::hardshrink, arg("input"), arg("lambd") = 0.5);
  f.def("softshrink", &F::softshrink, arg("input"), arg("lambd") = 0.5);
  f.def("prelu", &F::prelu, arg("input"), arg("weight"));
  f.def("glu", &F::glu, arg("input"), arg("dim") = -1);
  f.def("softmin", &F::softmin, arg("input"), arg("dim"));
  f.def("pad", [](const Tensor& x, const Dims& pad, std::string_view mode, double value) { return ember::pad(x, pad, mode, value); },
        arg("input"), arg("pad"), arg("mode") = "constant", arg("value") = 0.0);

  // ---- linear, dropout, embedding, distances ----
  f.def("linear", [](const Tensor& x, const Tensor& w, const OptTensor& b) { return F::linear(x, w, val(b)); },
        arg("input"), arg("weight"), arg("bias") = none);
  f.def("bilinear",
        [](const Tensor& x1, const Tensor& x2, const Tensor& w, const OptTensor& b) { return F::bilinear(x1, x2, w, val(b)); },
        arg("input1"), arg("input2"), arg("weight"), arg("bias") = none);
  f.def("dropout", &F::dropout, arg("input"), arg("p") = 0.5, arg("training") = true);
  f.def("dropout2d", &F::dropout2d, arg("input"), arg("p") = 0.5, arg("training") = true);
  f.def("embedding", &F::embedding, arg("input"), arg("weight"), arg("padding_idx") = none, arg("max_norm") = none,
        arg("norm_type") = 2.0);
  f.def("embedding_bag",
        [](const Tensor& input, const Tensor& weight, const OptTensor& offsets, std::optional<double> max_norm,
           double norm_type, std::string mode, const OptTensor& per_sample_weights, bool include_last_offset,
           std::optional<int64_t> padding_idx) {
          F::EmbeddingBagOptions o;
          o.mode = std::move(mode);
          o.max_norm = max_norm;
          o.norm_type = norm_type;
          o.include_last_offset = include_last_offset;
          o.padding_idx = padding_idx;
          return F::embedding_bag(input, weight, val(offsets), val(per_sample_weights), o);
        },
        arg("input"), arg("weight"), arg("offsets") = none, arg("max_norm") = none, arg("norm_type") = 2.0,
        arg("mode") = "mean", arg("per_sample_weights") = none, arg("include_last_offset") = false,
        arg("padding_idx") = none);
  f.def("one_hot", &F::one_hot, arg("tensor"), arg("num_classes") = -1);
  f.def("cosine_similarity", &F::cosine_similarity, arg("x1"), arg("x2"), arg("dim") = 1, arg("eps") = 1e-8);
  f.def("pairwise_distance", &F::pairwise_distance, arg("x1"), arg("x2"), arg("p") = 2.0, arg("eps") = 1e-6,
        arg("keepdim") = false);
  f.def("normalize", &F::normalize, arg("input"), arg("p") = 2.0, arg("dim") = 1, arg("eps") = 1e-12);

  // ---- normalization ----
  f.def("batch_norm",
        [](const Tensor& x, const OptTensor& mean, const OptTensor& var, const OptTensor& w, const OptTensor& b,
           bool training, double momentum, double eps) {
          return F::batch_norm(x, val(mean), val(var), val(w), val(b), training, momentum, eps);
        },
        arg("input"), arg("running_mean"), arg("running_var"), arg("weight") = none, arg("bias") = none,
        arg("training") = false, arg("momentum") = 0.1, arg("eps") = 1e-5);
  f.def("layer_norm",
        [](const Tensor& x, const Dims& shape, const OptTensor& w, const OptTensor& b, double eps) {
          return F::layer_norm(x, shape, val(w), val(b), eps);
        },
        arg("input"), arg("normalized_shape"), arg("weight") = none, arg("bias") = none, arg("eps") = 1e-5);
  f.def("group_norm",
        [](const Tensor& x, int64_t groups, const OptTensor& w, const OptTensor& b, double eps) {
          return F::group_norm(x, groups, val(w), val(b), eps);
        },
        arg("input"), arg("num_groups"), arg("weight") = none, arg("bias") = none, arg("eps") = 1e-5);
  f.def("instance_norm",
        [](const Tensor& x, const OptTensor& mean, const OptTensor& var, const OptTensor& w, const OptTensor& b,
           bool use_input_stats, double momentum, double eps) {
          return F::instance_norm(x, val(mean), val(var), val(w), val(b), use_input_stats, momentum, eps);
        },
        arg("input"), arg("running_mean") = none, arg("running_var") = none, arg("weight") = none,
        arg("bias") = none, arg("use_input_stats") = true, arg("momentum") = 0.1, arg("eps") = 1e-5);
  f.def("local_response_norm", &F::local_response_norm, arg("input"), arg("size"), arg("alpha") = 1e-4,
        arg("beta") = 0.75, arg("k") = 1.0);

  // ---- convolution, pooling, folding ----
#define EMBER_BIND_CONV(n)                                                                                        \
  f.def("conv" #n "d",                                                                                            \
        [](const Tensor& x, const Tensor& w, const OptTensor& b, const Dims& stride, const Dims& padding,          \
           const Dims& dilation, int64_t groups) { return F::conv##n##d(x, w, val(b), stride, padding, dilation, groups); }, \
        arg("input"), arg("weight"), arg("bias") = none, arg("stride") = 1, arg("padding") = 0, arg("dilation") = 1, \
        arg("groups") = 1);                                                                                        \
  f.def("conv" #n "d",                                                                                            \
        [](const Tensor& x, const Tensor& w, const OptTensor& b, const Dims& stride, std::string_view padding,    \
           const Dims& dilation, int64_t groups) { return F::conv##n##d(x, w, val(b), stride, padding, dilation, groups); }, \
        arg("input"), arg("weight"), arg("bias") = none, arg("stride") = 1, arg("padding") = "valid",            \
        arg("dilation") = 1, arg("groups") = 1);                                                                   \
  f.def("conv_transpose" #n "d",                                                                                  \
        [](const Tensor& x, const Tensor& w, const OptTensor& b, const Dims& stride, const Dims& padding,          \
           const Dims& output_padding, int64_t groups, const Dims& dilation) {                                    \
          return F::conv_transpose##n##d(x, w, val(b), stride, padding, output_padding, groups, dilation);         \
        },                                                                                                         \
        arg("input"), arg("weight"), arg("bias") = none, arg("stride") = 1, arg("padding") = 0,                   \
        arg("output_padding") = 0, arg("groups") = 1, arg("dilation") = 1);                                        \
  f.def("_max_pool" #n "d",                                                                                       \
        [](const Tensor& x, const Dims& kernel, const std::optional<Dims>& stride, const Dims& padding,           \
           const Dims& dilation, bool ceil_mode, bool return_indices) -> py::object {                              \
          Dims s = stride.value_or(Dims{});                                                                        \
          if (return_indices)                                                                                      \
            return py::cast(F::max_pool##n##d_with_indices(x, kernel, s, padding, dilation, ceil_mode));          \
          return py::cast(F::max_pool##n##d(x, kernel, s, padding, dilation, ceil_mode));                          \
        },                                                                                                         \
        arg("input"), arg("kernel_size"), arg("stride"), arg("padding"), arg("dilation"), arg("ceil_mode"),       \
        arg("return_indices"));                                                                                    \
  f.def("avg_pool" #n "d",                                                                                        \
        [](const Tensor& x, const Dims& kernel, const std::optional<Dims>& stride, const Dims& padding,           \
           bool ceil_mode, bool count_include_pad, std::optional<int64_t> divisor_override) {                      \
          return F::avg_pool##n##d(x, kernel, stride.value_or(Dims{}), padding, ceil_mode, count_include_pad,      \
                                   divisor_override);                                                              \
        },                                                                                                         \
        arg("input"), arg("kernel_size"), arg("stride") = none, arg("padding") = 0, arg("ceil_mode") = false,     \
        arg("count_include_pad") = true, arg("divisor_override") = none);                                         \
  f.def("adaptive_avg_pool" #n "d", [](const Tensor& x, const Dims& size) { return F::adaptive_avg_pool##n##d(x, size); }, \
        arg("input"), arg("output_size"));                                                                         \
  f.def("_adaptive_max_pool" #n "d",                                                                              \
        [](const Tensor& x, const Dims& size, bool return_indices) -> py::object {                                \
          if (return_indices) return py::cast(F::adaptive_max_pool##n##d_with_indices(x, size));                  \
          return py::cast(F::adaptive_max_pool##n##d(x, size));                                                    \
        },                                                                                                         \
        arg("input"), arg("output_size"), arg("return_indices"));                                                  \
  f.def("max_unpool" #n "d",                                                                                      \
        [](const Tensor& x, const Tensor& indices, const Dims& kernel, const std::optional<Dims>& stride,         \
           const Dims& padding, const std::optional<Dims>& output_size) {                                          \
          return F::max_unpool##n##d(x, indices, kernel, stride.value_or(Dims{}), padding,                          \
                                     output_size.value_or(Dims{}));                                                \
        },                                                                                                         \
        arg("input"), arg("indices"), arg("kernel_size"), arg("stride") = none, arg("padding") = 0,                \
        arg("output_size") = none);
  EMBER_BIND_CONV(1)
  EMBER_BIND_CONV(2)
  EMBER_BIND_CONV(3)
#undef EMBER_BIND_CONV
  f.def("lp_pool1d",
        [](const Tensor& x, double p, int64_t kernel, const std::optional<Dims>& stride, bool ceil_mode) {
          return F::lp_pool1d(x, p, kernel, stride.value_or(Dims{}), ceil_mode);
        },
        arg("input"), arg("norm_type"), arg("kernel_size"), arg("stride") = none, arg("ceil_mode") = false);
  f.def("lp_pool2d",
        [](const Tensor& x, double p, const Dims& kernel, const std::optional<Dims>& stride, bool ceil_mode) {
          return F::lp_pool2d(x, p, kernel, stride.value_or(Dims{}), ceil_mode);
        },
        arg("input"), arg("norm_type"), arg("kernel_size"), arg("stride") = none, arg("ceil_mode") = false);
  f.def("unfold",
        [](const Tensor& x, const Dims& kernel, const Dims& dilation, const Dims& padding, const Dims& stride) {
          return F::unfold(x, kernel, dilation, padding, stride);
        },
        arg("input"), arg("kernel_size"), arg("dilation") = 1, arg("padding") = 0, arg("stride") = 1);
  f.def("fold",
        [](const Tensor& x, const Dims& output_size, const Dims& kernel, const Dims& dilation, const Dims& padding,
           const Dims& stride) { return F::fold(x, output_size, kernel, dilation, padding, stride); },
        arg("input"), arg("output_size"), arg("kernel_size"), arg("dilation") = 1, arg("padding") = 0,
        arg("stride") = 1);

  // ---- sampling ----
  f.def("_interpolate",
        [](const Tensor& x, const std::optional<Dims>& size, std::vector<double> scale_factor, std::string mode,
           std::optional<bool> align_corners, std::optional<bool> recompute_scale_factor, bool antialias) {
          F::InterpolateOptions o;
          if (size) o.size = to_shape(*size);
          o.scale_factor = std::move(scale_factor);
          o.mode = std::move(mode);
          o.align_corners = align_corners;
          o.recompute_scale_factor = recompute_scale_factor;
          o.antialias = antialias;
          return F::interpolate(x, o);
        },
        arg("input"), arg("size"), arg("scale_factor"), arg("mode"), arg("align_corners"),
        arg("recompute_scale_factor"), arg("antialias"));
  f.def("pixel_shuffle", &F::pixel_shuffle, arg("input"), arg("upscale_factor"));
  f.def("pixel_unshuffle", &F::pixel_unshuffle, arg("input"), arg("downscale_factor"));
  f.def("channel_shuffle", &F::channel_shuffle, arg("input"), arg("groups"));
  f.def("affine_grid", [](const Tensor& theta, const Dims& size, bool align) { return F::affine_grid(theta, size, align); },
        arg("theta"), arg("size"), arg("align_corners") = false);
  f.def("grid_sample", &F::grid_sample, arg("input"), arg("grid"), arg("mode") = "bilinear",
        arg("padding_mode") = "zeros", arg("align_corners") = false);
  f.def("scaled_dot_product_attention",
        [](const Tensor& q, const Tensor& k, const Tensor& v, const OptTensor& mask, double dropout_p, bool is_causal,
           std::optional<double> scale) { return F::scaled_dot_product_attention(q, k, v, val(mask), dropout_p, is_causal, scale); },
        arg("query"), arg("key"), arg("value"), arg("attn_mask") = none, arg("dropout_p") = 0.0,
        arg("is_causal") = false, py::kw_only(), arg("scale") = none);

  // ---- losses ----
  f.def("mse_loss", &F::mse_loss, arg("input"), arg("target"), arg("reduction") = "mean");
  f.def("l1_loss", &F::l1_loss, arg("input"), arg("target"), arg("reduction") = "mean");
  f.def("smooth_l1_loss", &F::smooth_l1_loss, arg("input"), arg("target"), arg("reduction") = "mean",
        arg("beta") = 1.0);
  f.def("huber_loss", &F::huber_loss, arg("input"), arg("target"), arg("reduction") = "mean", arg("delta") = 1.0);
  f.def("nll_loss",
        [](const Tensor& x, const Tensor& t, const OptTensor& w, int64_t ignore_index, std::string_view reduction) {
          return F::nll_loss(x, t, val(w), ignore_index, reduction);
        },
        arg("input"), arg("target"), arg("weight") = none, arg("ignore_index") = -100, arg("reduction") = "mean");
  f.def("cross_entropy",
        [](const Tensor& x, const Tensor& t, const OptTensor& w, int64_t ignore_index, std::string_view reduction,
           double label_smoothing) { return F::cross_entropy(x, t, val(w), ignore_index, reduction, label_smoothing); },
        arg("input"), arg("target"), arg("weight") = none, arg("ignore_index") = -100, arg("reduction") = "mean",
        arg("label_smoothing") = 0.0);
  f.def("binary_cross_entropy",
        [](const Tensor& x, const Tensor& t, const OptTensor& w, std::string_view reduction) {
          return F::binary_cross_entropy(x, t, val(w), reduction);
        },
        arg("input"), arg("target"), arg("weight") = none, arg("reduction") = "mean");
  f.def("binary_cross_entropy_with_logits",
        [](const Tensor& x, const Tensor& t, const OptTensor& w, std::string_view reduction, const OptTensor& pos_weight) {
          return F::binary_cross_entropy_with_logits(x, t, val(w), val(pos_weight), reduction);
        },
        arg("input"), arg("target"), arg("weight") = none, arg("reduction") = "mean", arg("pos_weight") = none);
  f.def("kl_div", &F::kl_div, arg("input"), arg("target"), arg("reduction") = "mean", arg("log_target") = false);
  f.def("poisson_nll_loss", &F::poisson_nll_loss, arg("input"), arg("target"), arg("log_input") = true,
        arg("full") = false, arg("eps") = 1e-8, arg("reduction") = "mean");
  f.def("gaussian_nll_loss", &F::gaussian_nll_loss, arg("input"), arg("target"), arg("var"), arg("full") = false,
        arg("eps") = 1e-6, arg("reduction") = "mean");
  f.def("margin_ranking_loss", &F::margin_ranking_loss, arg("input1"), arg("input2"), arg("target"),
        arg("margin") = 0.0, arg("reduction") = "mean");
  f.def("hinge_embedding_loss", &F::hinge_embedding_loss, arg("input"), arg("target"), arg("margin") = 1.0,
        arg("reduction") = "mean");
  f.def("cosine_embedding_loss", &F::cosine_embedding_loss, arg("input1"), arg("input2"), arg("target"),
        arg("margin") = 0.0, arg("reduction") = "mean");
  f.def("triplet_margin_loss", &F::triplet_margin_loss, arg("anchor"), arg("positive"), arg("negative"),
        arg("margin") = 1.0, arg("p") = 2.0, arg("eps") = 1e-6, arg("swap") = false, arg("reduction") = "mean");
  f.def("soft_margin_loss", &F::soft_margin_loss, arg("input"), arg("target"), arg("reduction") = "mean");
  f.def("multilabel_soft_margin_loss",
        [](const Tensor& x, const Tensor& t, const OptTensor& w, std::string_view reduction) {
          return F::multilabel_soft_margin_loss(x, t, val(w), reduction);
        },
        arg("input"), arg("target"), arg("weight") = none, arg("reduction") = "mean");
  f.def("multi_margin_loss",
        [](const Tensor& x, const Tensor& t, int64_t p, double margin, const OptTensor& w, std::string_view reduction) {
          return F::multi_margin_loss(x, t, p, margin, val(w), reduction);
        },
        arg("input"), arg("target"), arg("p") = 1, arg("margin") = 1.0, arg("weight") = none,
        arg("reduction") = "mean");
  f.def("multilabel_margin_loss", &F::multilabel_margin_loss, arg("input"), arg("target"), arg("reduction") = "mean");
  f.def("ctc_loss", &F::ctc_loss, arg("log_probs"), arg("targets"), arg("input_lengths"), arg("target_lengths"),
        arg("blank") = 0, arg("reduction") = "mean", arg("zero_infinity") = false);
}

}  // namespace ember::python
