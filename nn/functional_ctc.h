// functional_ctc.h — the connectionist temporal classification loss
// (torch.nn.functional.ctc_loss): the negative log-probability of a target
// sequence summed over every alignment of it to the input frames.
#pragma once

#include <string_view>

#include "core/tensor.h"

namespace ember::nn::functional {

/// log_probs (T, N, C) log-softmax outputs over C classes (or (T, C) without
/// the batch); targets (N, S) padded or 1-D concatenated; input_lengths and
/// target_lengths (N) int64. "mean" divides each loss by its target length
/// (at least 1), then averages over the batch; "none" gives (N) losses.
/// zero_infinity replaces infinite losses (no alignment fits) and their
/// gradients by 0. Gradients flow to log_probs (first order only).
Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, int64_t blank = 0, std::string_view reduction = "mean",
                bool zero_infinity = false);

}  // namespace ember::nn::functional
