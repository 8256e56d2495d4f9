// rnn.h — variable-length sequences for the recurrent layers
// (torch.nn.utils.rnn): PackedSequence and pad_sequence,
// pack_padded_sequence, pad_packed_sequence, pack_sequence.
//
// A packed sequence stores a batch of sequences of different lengths without
// padding, time step by time step: sorted by decreasing length, step t holds
// batch_sizes[t] rows (one per sequence still running), so
//   lengths (3, 2, 1) -> data rows  a0 b0 c0 | a1 b1 | a2,  batch_sizes (3, 2, 1).
// An RNN run on it never sees padding and stops each sequence at its own end.
// Every function here is differentiable in the data (index_select / cat).
// Left out: unpad_sequence / unpack_sequence and PackedSequence's methods (.to()).
#pragma once

#include <optional>
#include <tuple>

#include "core/tensor.h"

namespace ember::nn::utils::rnn {

struct PackedSequence {
  Tensor data;              // (sum of lengths, *): every sequence's rows, time-major
  Tensor batch_sizes;       // int64 (max length,) on the CPU: sequences running at each step
  Tensor sorted_indices;    // int64 (batch,): sorted position -> original index; undefined when input was sorted
  Tensor unsorted_indices;  // its inverse: original index -> sorted position
};

/// Stacks sequences (L_i, *) into (max L, batch, *) (batch_first: (batch, max L, *)),
/// filling the tail of short sequences with padding_value.
Tensor pad_sequence(const TensorList& sequences, bool batch_first = false, double padding_value = 0.0);

/// Packs a padded batch input (T, B, *) (batch_first: (B, T, *)) whose
/// sequence b has lengths[b] valid steps (1 <= lengths[b] <= T). lengths is a
/// 1-D integer tensor or a list. enforce_sorted requires decreasing lengths;
/// otherwise the batch is sorted here and sorted_indices records how.
PackedSequence pack_padded_sequence(const Tensor& input, const Tensor& lengths, bool batch_first = false,
                                    bool enforce_sorted = true);
PackedSequence pack_padded_sequence(const Tensor& input, const std::vector<int64_t>& lengths,
                                    bool batch_first = false, bool enforce_sorted = true);

/// The inverse of pack_padded_sequence: (padded (T, B, *) or (B, T, *), lengths
/// (B,) int64), in the original batch order; T = total_length if given (at
/// least the longest sequence), else the longest length.
std::tuple<Tensor, Tensor> pad_packed_sequence(const PackedSequence& sequence, bool batch_first = false,
                                               double padding_value = 0.0,
                                               std::optional<int64_t> total_length = std::nullopt);

/// pad_sequence then pack_padded_sequence with each sequence's own length.
PackedSequence pack_sequence(const TensorList& sequences, bool enforce_sorted = true);

}  // namespace ember::nn::utils::rnn
