// rnn.cpp — packing and padding of variable-length sequences.
//
// Both directions are one row gather: packing picks, for each step t and each
// running sequence, its row of the padded input; unpacking picks, for each
// padded slot, its packed row or an extra row holding padding_value. The
// row lists are computed here from the lengths (small, on the CPU).
#include "nn/utils/rnn.h"

#include <algorithm>
#include <numeric>

#include "core/ops.h"
#include "nn/rnn_internal.h"

namespace ember::nn::utils::rnn {

namespace {

Tensor long_tensor(const std::vector<int64_t>& values, Device device = Device::cpu()) {
  return tensor(values, {static_cast<int64_t>(values.size())}).to(device);
}

std::vector<int64_t> to_vector(const Tensor& t) {
  Tensor c = t.to(kInt64).cpu().contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

// The trailing feature sizes (*) of a (T, B, *) tensor.
Shape feature_sizes(const Tensor& t, int64_t first) {
  return Shape(t.sizes().begin() + first, t.sizes().end());
}

}  // namespace

Tensor pad_sequence(const TensorList& sequences, bool batch_first, double padding_value) {
  EMBER_CHECK(!sequences.empty(), "pad_sequence", "needs at least one sequence");
  int64_t max_len = 0;
  for (const Tensor& s : sequences) {
    EMBER_CHECK(s.defined() && s.dim() >= 1, "pad_sequence", "every sequence must be at least 1-D (L, *)");
    EMBER_CHECK(feature_sizes(s, 1) == feature_sizes(sequences[0], 1), "pad_sequence",
                "sequences must agree in every dim but the first, got ", shape_str(sequences[0].sizes()), " and ",
                shape_str(s.sizes()));
    max_len = std::max(max_len, s.size(0));
  }
  TensorList padded;
  for (const Tensor& s : sequences) {
    Shape tail = s.sizes().vec();
    tail[0] = max_len - s.size(0);
    padded.push_back(tail[0] == 0 ? s : cat({s, full(tail, padding_value, s.options())}, 0));
  }
  return stack(padded, batch_first ? 0 : 1);
}

PackedSequence pack_padded_sequence(const Tensor& input, const Tensor& lengths, bool batch_first,
                                    bool enforce_sorted) {
  EMBER_CHECK(lengths.defined() && lengths.dim() == 1 && !lengths.is_floating_point(), "pack_padded_sequence",
              "lengths must be a 1-D integer tensor, got ",
              lengths.defined() ? shape_str(lengths.sizes()) : std::string("undefined"));
  return pack_padded_sequence(input, to_vector(lengths), batch_first, enforce_sorted);
}

PackedSequence pack_padded_sequence(const Tensor& input, const std::vector<int64_t>& lengths, bool batch_first,
                                    bool enforce_sorted) {
  const char* op = "pack_padded_sequence";
  EMBER_CHECK(input.defined() && input.dim() >= 2, op, "input must be (T, B, *) or (B, T, *), got ",
              input.defined() ? shape_str(input.sizes()) : std::string("undefined"));
  const int64_t T = input.size(batch_first ? 1 : 0), B = input.size(batch_first ? 0 : 1);
  EMBER_CHECK(static_cast<int64_t>(lengths.size()) == B, op, "expected len(lengths) to be equal to batch_size, got ",
              lengths.size(), " (batch_size=", B, ", input ", shape_str(input.sizes()), ")");
  for (int64_t len : lengths)
    EMBER_CHECK(len > 0 && len <= T, op, "every length must be in [1, ", T, "] (the input's time steps), got lengths ",
                shape_str(lengths));

  // sorted[j] = the original index of the j-th longest sequence (stable)
  std::vector<int64_t> sorted(B);
  std::iota(sorted.begin(), sorted.end(), 0);
  if (enforce_sorted) {
    EMBER_CHECK(std::is_sorted(lengths.rbegin(), lengths.rend()), op,
                "lengths must be sorted in decreasing order when enforce_sorted is true, got ", shape_str(lengths),
                "; pass enforce_sorted=false to sort them here");
  } else {
    std::stable_sort(sorted.begin(), sorted.end(), [&](int64_t a, int64_t b) { return lengths[a] > lengths[b]; });
  }

  // step t keeps the sequences with length > t; their rows in the flat input
  const int64_t max_len = lengths[sorted[0]];
  std::vector<int64_t> batch_sizes, rows;
  for (int64_t t = 0; t < max_len; ++t) {
    int64_t b = 0;
    while (b < B && lengths[sorted[b]] > t) {
      rows.push_back(batch_first ? sorted[b] * T + t : t * B + sorted[b]);
      ++b;
    }
    batch_sizes.push_back(b);
  }
  Shape flat = feature_sizes(input, 2);
  flat.insert(flat.begin(), T * B);
  PackedSequence out;
  out.data = input.reshape(flat).index_select(0, long_tensor(rows, input.device()));
  out.batch_sizes = long_tensor(batch_sizes);
  if (!enforce_sorted) {
    std::vector<int64_t> unsorted(B);
    for (int64_t j = 0; j < B; ++j) unsorted[sorted[j]] = j;
    out.sorted_indices = long_tensor(sorted, input.device());
    out.unsorted_indices = long_tensor(unsorted, input.device());
  }
  return out;
}

std::tuple<Tensor, Tensor> pad_packed_sequence(const PackedSequence& sequence, bool batch_first,
                                               double padding_value, std::optional<int64_t> total_length) {
  const char* op = "pad_packed_sequence";
  std::vector<int64_t> batch_sizes = detail::packed_batch_sizes(sequence, op);
  const int64_t max_len = static_cast<int64_t>(batch_sizes.size()), B = batch_sizes[0];
  const int64_t T = total_length.value_or(max_len);
  EMBER_CHECK(T >= max_len, op, "expected total_length to be at least the length of the longest sequence, got ",
              "total_length=", T, " and max sequence length ", max_len);
  std::vector<int64_t> position(B);  // original index -> sorted position
  if (sequence.unsorted_indices.defined()) position = to_vector(sequence.unsorted_indices);
  else std::iota(position.begin(), position.end(), 0);
  EMBER_CHECK(static_cast<int64_t>(position.size()) == B, op, "unsorted_indices has ", position.size(),
              " entries for a batch of ", B);

  // the sorted sequence j runs while batch_sizes[t] > j
  std::vector<int64_t> sorted_lengths(B, 0), offsets;
  int64_t offset = 0;
  for (int64_t b : batch_sizes) {
    for (int64_t j = 0; j < b; ++j) ++sorted_lengths[j];
    offsets.push_back(offset);
    offset += b;
  }
  const int64_t pad_row = offset;  // the extra row of padding appended to data
  std::vector<int64_t> rows, lengths(B);
  for (int64_t t = 0; t < T; ++t)
    for (int64_t b = 0; b < B; ++b) {
      int64_t j = position[b];
      EMBER_CHECK(j >= 0 && j < B, op, "unsorted_indices holds ", j, ", outside the batch of ", B);
      rows.push_back(t < sorted_lengths[j] ? offsets[t] + j : pad_row);
      lengths[b] = sorted_lengths[j];
    }
  Shape features = feature_sizes(sequence.data, 1), pad_shape = features, out_shape = features;
  pad_shape.insert(pad_shape.begin(), 1);
  out_shape.insert(out_shape.begin(), {T, B});
  Tensor with_pad = cat({sequence.data, full(pad_shape, padding_value, sequence.data.options())}, 0);
  Tensor padded = with_pad.index_select(0, long_tensor(rows, sequence.data.device())).reshape(out_shape);
  return {batch_first ? padded.transpose(0, 1) : padded, long_tensor(lengths)};
}

PackedSequence pack_sequence(const TensorList& sequences, bool enforce_sorted) {
  std::vector<int64_t> lengths;
  for (const Tensor& s : sequences) {
    EMBER_CHECK(s.defined() && s.dim() >= 1, "pack_sequence", "every sequence must be at least 1-D (L, *)");
    lengths.push_back(s.size(0));
  }
  return pack_padded_sequence(pad_sequence(sequences), lengths, false, enforce_sorted);
}

}  // namespace ember::nn::utils::rnn

namespace ember::nn::detail {

std::vector<int64_t> packed_batch_sizes(const utils::rnn::PackedSequence& sequence, const char* op) {
  EMBER_CHECK(sequence.data.defined() && sequence.batch_sizes.defined(), op,
              "the packed sequence has no data or no batch_sizes");
  EMBER_CHECK(sequence.batch_sizes.dim() == 1 && !sequence.batch_sizes.is_floating_point(), op,
              "batch_sizes must be a 1-D integer tensor, got ", shape_str(sequence.batch_sizes.sizes()));
  std::vector<int64_t> sizes = utils::rnn::to_vector(sequence.batch_sizes);
  EMBER_CHECK(!sizes.empty(), op, "the packed sequence is empty (no time steps)");
  int64_t total = 0;
  for (size_t t = 0; t < sizes.size(); ++t) {
    EMBER_CHECK(sizes[t] > 0 && (t == 0 || sizes[t] <= sizes[t - 1]), op,
                "batch_sizes must be positive and non-increasing, got ", shape_str(sizes));
    total += sizes[t];
  }
  EMBER_CHECK(sequence.data.dim() >= 1 && sequence.data.size(0) == total, op, "batch_sizes ", shape_str(sizes),
              " sum to ", total, " rows but data has shape ", shape_str(sequence.data.sizes()));
  return sizes;
}

}  // namespace ember::nn::detail
