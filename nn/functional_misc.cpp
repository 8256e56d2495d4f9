// functional_misc.cpp — linear maps, dropout, embeddings, distances and
// parameterized activations, as compositions of tensor ops.
#include "nn/functional_misc.h"

#include "autograd/grad_mode.h"
#include "core/ops_internal.h"

namespace ember::nn::functional {

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  ember::detail::check_defined("linear", input);
  ember::detail::check_defined("linear", weight);
  EMBER_CHECK(weight.dim() == 2, "linear", "weight must be 2-D (out_features, in_features), got ",
              shape_str(weight.sizes()));
  EMBER_CHECK(input.dim() >= 1 && input.size(-1) == weight.size(1), "linear", "input ", shape_str(input.sizes()),
              " does not end in in_features=", weight.size(1));
  // 2-D input with a bias: one fused GEMM, bias as the accumulator
  if (input.dim() == 2 && bias.defined()) return addmm(bias, input, weight.t());
  Tensor y = input.matmul(weight.t());
  return bias.defined() ? y + bias : y;
}

Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight, const Tensor& bias) {
  EMBER_CHECK(weight.dim() == 3 && input1.size(-1) == weight.size(1) && input2.size(-1) == weight.size(2),
              "bilinear", "weight ", shape_str(weight.sizes()), " does not fit inputs ", shape_str(input1.sizes()),
              " and ", shape_str(input2.sizes()));
  Tensor y = einsum("...i,oij,...j->...o", {input1, weight, input2});
  return bias.defined() ? y + bias : y;
}

Tensor dropout(const Tensor& input, double p, bool training) {
  ember::detail::check_defined("dropout", input);
  EMBER_CHECK(p >= 0 && p <= 1, "dropout", "probability must be in [0, 1], got ", p);
  if (!training || p == 0) return input;
  if (p == 1) return input * 0.0;
  // keep with probability 1 - p, scaled so the expected value is unchanged
  Tensor keep = bernoulli(input, 1 - p).to(input.scalar_type());
  return input * keep * (1.0 / (1 - p));
}

Tensor dropout2d(const Tensor& input, double p, bool training) {
  ember::detail::check_defined("dropout2d", input);
  EMBER_CHECK(p >= 0 && p <= 1, "dropout2d", "probability must be in [0, 1], got ", p);
  EMBER_CHECK(input.dim() >= 2, "dropout2d", "expected (N, C, ...) input, got shape ", shape_str(input.sizes()));
  if (!training || p == 0) return input;
  Shape mask_shape{input.size(0), input.size(1)};
  mask_shape.resize(static_cast<size_t>(input.dim()), 1);
  Tensor keep = bernoulli(zeros(mask_shape, TensorOptions(input.scalar_type()).device(input.device())), 1 - p)
                    .to(input.scalar_type());
  return input * keep * (p == 1 ? 0.0 : 1.0 / (1 - p));
}

Tensor embedding(const Tensor& indices, const Tensor& weight, std::optional<int64_t> padding_idx,
                 std::optional<double> max_norm, double norm_type) {
  ember::detail::check_same_device("embedding", indices, weight);
  EMBER_CHECK(weight.dim() == 2, "embedding", "weight must be 2-D (num_embeddings, dim), got ",
              shape_str(weight.sizes()));
  EMBER_CHECK(!indices.is_floating_point() && indices.scalar_type() != kBool, "embedding",
              "indices must be integers, got ", indices.scalar_type());
  Tensor flat = indices.reshape({-1});
  if (max_norm) {
    // renormalize the rows that will be looked up, in place and outside the graph
    NoGradGuard no_grad;
    Tensor rows = unique(flat.to(kInt64)).values;
    Tensor w = weight;
    Tensor selected = w.index_select(0, rows);
    Tensor norms = selected.norm(norm_type, {1}, true);
    Tensor scale = where(norms.gt(*max_norm), *max_norm / (norms + 1e-7), Scalar(1.0));
    w.index_put_(TensorList{rows}, selected * scale, false);
  }
  Shape out_shape = indices.sizes().vec();
  out_shape.push_back(weight.size(1));
  Tensor out = weight.index_select(0, flat);
  if (padding_idx) {
    // the padding row gets no gradient: its lookups are cut from the graph
    Tensor is_pad = flat.eq(*padding_idx).unsqueeze(1);
    out = where(is_pad, out.detach(), out);
  }
  return out.view(out_shape);
}

Tensor one_hot(const Tensor& indices, int64_t num_classes) {
  ember::detail::check_defined("one_hot", indices);
  EMBER_CHECK(indices.scalar_type() == kInt64, "one_hot", "indices must be int64, got ", indices.scalar_type());
  if (num_classes < 0) num_classes = indices.numel() == 0 ? 0 : indices.amax().item<int64_t>() + 1;
  EMBER_CHECK(indices.numel() == 0 || (indices.amin().item<int64_t>() >= 0 && indices.amax().item<int64_t>() < num_classes),
              "one_hot", "class values must be in [0, ", num_classes, ")");
  Shape shape = indices.sizes().vec();
  shape.push_back(num_classes);
  return zeros(shape, TensorOptions(kInt64).device(indices.device())).scatter(-1, indices.unsqueeze(-1), 1);
}

Tensor cosine_similarity(const Tensor& x1, const Tensor& x2, int64_t dim, double eps) {
  ember::detail::check_same_device("cosine_similarity", x1, x2);
  Tensor dot = (x1 * x2).sum({dim});
  // torch: dot / sqrt(clamp_min(|x1|^2 |x2|^2, eps^2))
  Tensor n = ((x1 * x1).sum({dim}) * (x2 * x2).sum({dim})).clamp_min(eps * eps).sqrt();
  return dot / n;
}

Tensor pairwise_distance(const Tensor& x1, const Tensor& x2, double p, double eps, bool keepdim) {
  ember::detail::check_same_device("pairwise_distance", x1, x2);
  return (x1 - x2 + eps).norm(p, {-1}, keepdim);
}

Tensor prelu(const Tensor& input, const Tensor& weight) {
  ember::detail::check_same_device("prelu", input, weight);
  Tensor a = weight;
  if (weight.numel() > 1) {
    EMBER_CHECK(input.dim() >= 2 && input.size(1) == weight.numel(), "prelu", "weight has ", weight.numel(),
                " values but the input has ", input.dim() >= 2 ? input.size(1) : 1, " channels");
    Shape s(static_cast<size_t>(input.dim()), 1);
    s[1] = weight.numel();
    a = weight.reshape(s);
  }
  return where(input.gt(0), input, a * input);
}

Tensor glu(const Tensor& input, int64_t dim) {
  ember::detail::check_defined("glu", input);
  int64_t d = wrap_dim(dim, input.dim(), "glu");
  EMBER_CHECK(input.size(d) % 2 == 0, "glu", "dim ", d, " of size ", input.size(d), " must be even");
  auto halves = input.chunk(2, d);
  return halves[0] * halves[1].sigmoid();
}

Tensor softmin(const Tensor& input, int64_t dim) { return softmax(neg(input), dim); }

}  // namespace ember::nn::functional
