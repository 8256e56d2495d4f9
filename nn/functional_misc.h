// functional_misc.h — the remaining stateless layers: linear and bilinear
// maps, dropout, embedding lookups, one-hot encoding, distances and the
// activations that take parameters (PReLU, GLU, softmin). The elementwise
// activations themselves (relu, gelu, ...) are core ops (core/ops_pointwise.h)
// and are re-exported here under their torch.nn.functional names.
#pragma once

#include <optional>

#include "core/ops.h"

namespace ember::nn::functional {

using ember::celu;
using ember::elu;
using ember::gelu;
using ember::hardsigmoid;
using ember::hardswish;
using ember::hardtanh;
using ember::leaky_relu;
using ember::log_softmax;
using ember::logsigmoid;
using ember::mish;
using ember::pad;
using ember::relu;
using ember::relu6;
using ember::selu;
using ember::sigmoid;
using ember::silu;
using ember::softmax;
using ember::softplus;
using ember::softsign;
using ember::tanh;
using ember::threshold;

/// y = x W^T + b; x (..., in), weight (out, in), bias (out)
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {});
/// y_k = x1^T W_k x2 + b_k; weight (out, in1, in2)
Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight, const Tensor& bias = {});
/// Zeroes elements with probability p and scales the rest by 1 / (1 - p) (training only).
Tensor dropout(const Tensor& input, double p = 0.5, bool training = true);
/// Zeroes whole channels (dim 1) with probability p.
Tensor dropout2d(const Tensor& input, double p = 0.5, bool training = true);
/// Rows of weight at the given indices: (*indices.shape, embedding_dim). Rows
/// at padding_idx get no gradient; max_norm renormalizes looked-up rows in place.
Tensor embedding(const Tensor& indices, const Tensor& weight, std::optional<int64_t> padding_idx = std::nullopt,
                 std::optional<double> max_norm = std::nullopt, double norm_type = 2.0);
/// int64 one-hot vectors along a new last dim (num_classes -1: max + 1)
Tensor one_hot(const Tensor& indices, int64_t num_classes = -1);
/// x1 . x2 / max(||x1|| ||x2||, eps) along dim
Tensor cosine_similarity(const Tensor& x1, const Tensor& x2, int64_t dim = 1, double eps = 1e-8);
/// ||x1 - x2 + eps||_p along the last dim
Tensor pairwise_distance(const Tensor& x1, const Tensor& x2, double p = 2.0, double eps = 1e-6,
                         bool keepdim = false);
/// x if x > 0 else a x, a per channel (dim 1) or shared
Tensor prelu(const Tensor& input, const Tensor& weight);
/// a * sigmoid(b) for the two halves a, b of dim
Tensor glu(const Tensor& input, int64_t dim = -1);
Tensor softmin(const Tensor& input, int64_t dim);

}  // namespace ember::nn::functional
