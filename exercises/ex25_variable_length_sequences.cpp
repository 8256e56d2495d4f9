// Exercise 25 — variable-length sequences with nn::utils::rnn.
//
// A batch of sequences of different lengths is padded to one tensor
// (pad_sequence), packed so the recurrent layer never sees the padding
// (pack_padded_sequence, lengths in any order with enforce_sorted=false),
// run through an LSTM, and unpacked again (pad_packed_sequence). The check:
// every sequence gets exactly the outputs and final (h, c) it gets when run
// through the LSTM alone — in both directions of a bidirectional LSTM — while
// running the padded batch unpacked does not (the padding leaks into the
// short sequences' final states).
#include <algorithm>

#include "ember.h"
#include "exercise.h"

using ember::Tensor;
namespace R = ember::nn::utils::rnn;

int main(int argc, char** argv) {
  const bool quick = exercise::quick(argc, argv);
  exercise::Checker checker;
  ember::manual_seed(25);

  // the seed's example: three integer sequences, padded, packed, unpacked
  ember::TensorList ints = {ember::tensor<int64_t>({1, 2, 3}), ember::tensor<int64_t>({4, 5}),
                            ember::tensor<int64_t>({6})};
  Tensor padded_ints = R::pad_sequence(ints, /*batch_first=*/true, /*padding_value=*/0);
  R::PackedSequence packed_ints = R::pack_padded_sequence(padded_ints, ember::tensor<int64_t>({3, 2, 1}), true, false);
  auto [unpacked_ints, unpacked_lengths] = R::pad_packed_sequence(packed_ints, true);
  std::cout << "padded sequences:\n" << padded_ints << "\npacked data " << packed_ints.data << "\nbatch_sizes "
            << packed_ints.batch_sizes << "\nunpacked sequences:\n" << unpacked_ints << "\n";
  checker.check(packed_ints.data.equal(ember::tensor<int64_t>({1, 4, 6, 2, 5, 3})),
                "packed data runs time step by time step: 1 4 6 | 2 5 | 3");
  checker.check(unpacked_ints.equal(padded_ints) && unpacked_lengths.equal(ember::tensor<int64_t>({3, 2, 1})),
                "pad_packed_sequence gives back the padded batch and the lengths");

  // an LSTM over a batch of feature sequences with unsorted lengths
  const int64_t features = 4, hidden = quick ? 6 : 32, batch = quick ? 5 : 32, max_len = quick ? 7 : 40;
  auto lstm = std::make_shared<ember::nn::LSTM>(
      features, hidden, ember::nn::LSTMOptions{.num_layers = 2, .batch_first = true, .bidirectional = true});
  std::vector<int64_t> lengths;
  ember::TensorList sequences;
  for (int64_t b = 0; b < batch; ++b) {
    lengths.push_back(b == 1 ? max_len : 1 + (b * 5) % max_len);
    sequences.push_back(ember::randn({lengths.back(), features}));
  }
  Tensor padded = R::pad_sequence(sequences, true);  // (batch, max_len, features)
  R::PackedSequence packed = R::pack_padded_sequence(padded, lengths, true, /*enforce_sorted=*/false);
  auto [packed_out, state] = lstm->forward_with_packed_input(packed);
  auto [h_n, c_n] = state;
  auto [output, out_lengths] = R::pad_packed_sequence(packed_out, true);
  std::cout << "lengths " << out_lengths << "\noutput " << ember::shape_str(output.sizes()) << ", h_n "
            << ember::shape_str(h_n.sizes()) << "\n";

  double worst_output = 0, worst_state = 0, worst_padding = 0;
  auto worst = [](const Tensor& a, const Tensor& b) -> double { return (a - b).abs().max().item<float>(); };
  for (int64_t b = 0; b < batch; ++b) {
    auto [alone, alone_state] = lstm->forward(sequences[b].unsqueeze(0));
    auto [alone_h, alone_c] = alone_state;
    worst_output = std::max(worst_output, worst(output.narrow(0, b, 1).narrow(1, 0, lengths[b]), alone));
    worst_state = std::max({worst_state, worst(h_n.narrow(1, b, 1), alone_h), worst(c_n.narrow(1, b, 1), alone_c)});
    if (lengths[b] < max_len)
      worst_padding = std::max<double>(
          worst_padding, output.select(0, b).narrow(0, lengths[b], max_len - lengths[b]).abs().max().item<float>());
  }
  std::cout << "largest difference to running each sequence alone: outputs " << worst_output << ", states "
            << worst_state << "\n";
  checker.check(worst_output < 1e-5, "every sequence's outputs equal its own run");
  checker.check(worst_state < 1e-5, "every sequence's final (h, c) equal its own run, in both directions");
  checker.check(worst_padding == 0, "outputs past a sequence's end are padding (0)");
  checker.check(out_lengths.equal(ember::tensor(lengths)), "pad_packed_sequence returns the lengths in batch order");

  // without packing, the short sequences run on through the padding
  auto [unpacked_out, unpacked_state] = lstm->forward(padded);
  checker.check(worst(std::get<0>(unpacked_state), h_n) > 1e-3,
                "running the padded batch unpacked gives other final states (the padding leaks in)");
  return checker.exit_code();
}
