// test_rnn_packing.cpp — pad_sequence / pack_padded_sequence /
// pad_packed_sequence / pack_sequence on hand-checked cases, packed runs
// against one-sequence-at-a-time runs, dropout between layers, and the
// errors recurrent layers raise for bad shapes and lengths.
#include "support/test_utils.h"

using namespace ember;
namespace R = ember::nn::utils::rnn;

namespace {
// sequence i: rows (i*10 + t) for t < length, one feature column and its negative
Tensor sequence(int64_t i, int64_t length) {
  Tensor t = arange(length, kFloat64) + 10.0 * i;
  return stack({t, -t}, 1);
}
}  // namespace

TEST_CASE("pad_sequence pads to the longest sequence", "[nn][rnn]") {
  TensorList seqs = {sequence(0, 3), sequence(1, 1), sequence(2, 2)};
  Tensor padded = R::pad_sequence(seqs, false, -1.0);
  REQUIRE(padded.sizes() == IntArrayRef{3, 3, 2});
  REQUIRE_EQUAL(padded.select(1, 0), seqs[0]);
  REQUIRE_EQUAL(padded.select(1, 1).narrow(0, 0, 1), seqs[1]);
  REQUIRE_EQUAL(padded.select(1, 1).narrow(0, 1, 2), full({2, 2}, -1.0, kFloat64));
  Tensor batch_first = R::pad_sequence(seqs, true);
  REQUIRE(batch_first.sizes() == IntArrayRef{3, 3, 2});
  REQUIRE_EQUAL(batch_first.select(0, 2).narrow(0, 0, 2), seqs[2]);
  REQUIRE_EQUAL(batch_first.select(0, 2).select(0, 2), zeros({2}, kFloat64));
}

TEST_CASE("pack_padded_sequence and pad_packed_sequence invert each other", "[nn][rnn]") {
  TensorList seqs = {sequence(0, 3), sequence(1, 2), sequence(2, 1)};
  Tensor padded = R::pad_sequence(seqs);
  R::PackedSequence sorted = R::pack_padded_sequence(padded, std::vector<int64_t>{3, 2, 1});
  // rows a0 b0 c0 | a1 b1 | a2
  REQUIRE_EQUAL(sorted.batch_sizes, tensor<int64_t>({3, 2, 1}));
  REQUIRE_EQUAL(sorted.data.select(1, 0), tensor({0.0, 10.0, 20.0, 1.0, 11.0, 2.0}, kFloat64));
  REQUIRE(!sorted.sorted_indices.defined());
  REQUIRE(!sorted.unsorted_indices.defined());

  // the same batch in another order: sorted_indices records the sort
  TensorList shuffled = {seqs[2], seqs[0], seqs[1]};
  Tensor padded2 = R::pad_sequence(shuffled, true);
  R::PackedSequence packed = R::pack_padded_sequence(padded2, tensor<int64_t>({1, 3, 2}), true, false);
  REQUIRE_EQUAL(packed.data, sorted.data);
  REQUIRE_EQUAL(packed.sorted_indices, tensor<int64_t>({1, 2, 0}));
  REQUIRE_EQUAL(packed.unsorted_indices, tensor<int64_t>({2, 0, 1}));
  auto [back, lengths] = R::pad_packed_sequence(packed, true);
  REQUIRE_EQUAL(back, padded2);
  REQUIRE_EQUAL(lengths, tensor<int64_t>({1, 3, 2}));
  auto [longer, lengths2] = R::pad_packed_sequence(packed, false, 7.0, 5);
  REQUIRE(longer.sizes() == IntArrayRef{5, 3, 2});
  REQUIRE_EQUAL(longer.narrow(0, 3, 2), full({2, 3, 2}, 7.0, kFloat64));
  REQUIRE_EQUAL(longer.select(1, 0).select(0, 1), full({2}, 7.0, kFloat64));

  R::PackedSequence from_list = R::pack_sequence(shuffled, false);
  REQUIRE_EQUAL(from_list.data, sorted.data);
  REQUIRE_EQUAL(from_list.sorted_indices, packed.sorted_indices);
}

TEST_CASE("packing errors are clear", "[nn][rnn]") {
  Tensor padded = zeros({4, 3, 2});
  using Catch::Matchers::Contains;
  REQUIRE_THROWS_WITH(R::pack_padded_sequence(padded, std::vector<int64_t>{2, 3, 1}),
                      Contains("sorted in decreasing order") && Contains("enforce_sorted"));
  REQUIRE_THROWS_WITH(R::pack_padded_sequence(padded, std::vector<int64_t>{3, 0, 1}, false, false),
                      Contains("[pack_padded_sequence]") && Contains("[1, 4]"));
  REQUIRE_THROWS_WITH(R::pack_padded_sequence(padded, std::vector<int64_t>{5, 2, 1}), Contains("[1, 4]"));
  REQUIRE_THROWS_WITH(R::pack_padded_sequence(padded, std::vector<int64_t>{3, 2}), Contains("batch_size=3"));
  REQUIRE_THROWS_WITH(R::pack_padded_sequence(padded, tensor({3.0, 2.0, 1.0})), Contains("integer"));
  REQUIRE_THROWS_WITH(R::pack_padded_sequence(zeros({4}), std::vector<int64_t>{4}), Contains("(T, B, *)"));
  R::PackedSequence packed = R::pack_padded_sequence(padded, std::vector<int64_t>{4, 2, 1});
  REQUIRE_THROWS_WITH(R::pad_packed_sequence(packed, false, 0.0, 3), Contains("total_length=3"));
  R::PackedSequence broken = packed;
  broken.batch_sizes = tensor<int64_t>({3, 2, 1});
  REQUIRE_THROWS_WITH(R::pad_packed_sequence(broken), Contains("sum to 6"));
  broken.batch_sizes = tensor<int64_t>({1, 3, 3});
  REQUIRE_THROWS_WITH(R::pad_packed_sequence(broken), Contains("non-increasing"));
  nn::LSTM lstm(2, 3);
  REQUIRE_THROWS_WITH(lstm.forward_with_packed_input(broken), Contains("[LSTM]") && Contains("non-increasing"));
  REQUIRE_THROWS_WITH(R::pad_sequence({zeros({2, 3}), zeros({2, 4})}), Contains("every dim but the first"));
}

TEST_CASE("a packed batch gives each sequence's own run", "[nn][rnn]") {
  manual_seed(3);
  for (bool bidirectional : {false, true}) {
    auto lstm = std::make_shared<nn::LSTM>(2, 3, nn::LSTMOptions{.num_layers = 2, .bidirectional = bidirectional});
    auto gru = std::make_shared<nn::GRU>(2, 3, nn::GRUOptions{.bidirectional = bidirectional});
    std::vector<int64_t> lengths = {2, 5, 3};
    TensorList seqs;
    for (int64_t len : lengths) seqs.push_back(randn({len, 2}));
    R::PackedSequence packed = R::pack_padded_sequence(R::pad_sequence(seqs), lengths, false, false);
    auto [out, state] = lstm->forward_with_packed_input(packed);
    auto [gru_out, gru_h] = gru->forward_with_packed_input(packed);
    Tensor padded = std::get<0>(R::pad_packed_sequence(out));
    Tensor gru_padded = std::get<0>(R::pad_packed_sequence(gru_out));
    for (size_t b = 0; b < seqs.size(); ++b) {
      auto [alone, alone_state] = lstm->forward(seqs[b].unsqueeze(1));
      REQUIRE_CLOSE(padded.narrow(1, b, 1).narrow(0, 0, lengths[b]), alone, 1e-5, 1e-6);
      REQUIRE_CLOSE(std::get<0>(state).narrow(1, b, 1), std::get<0>(alone_state), 1e-5, 1e-6);
      REQUIRE_CLOSE(std::get<1>(state).narrow(1, b, 1), std::get<1>(alone_state), 1e-5, 1e-6);
      auto [g_alone, g_h] = gru->forward(seqs[b]);  // unbatched
      REQUIRE_CLOSE(gru_padded.select(1, b).narrow(0, 0, lengths[b]), g_alone, 1e-5, 1e-6);
      REQUIRE_CLOSE(gru_h.select(1, b), g_h, 1e-5, 1e-6);
    }
  }
}

TEST_CASE("dropout between layers only in training", "[nn][rnn]") {
  manual_seed(4);
  auto lstm = std::make_shared<nn::LSTM>(3, 8, nn::LSTMOptions{.num_layers = 2, .dropout = 0.5});
  auto no_dropout = std::make_shared<nn::LSTM>(3, 8, nn::LSTMOptions{.num_layers = 2});
  no_dropout->load_state_dict(lstm->state_dict());
  Tensor x = randn({6, 2, 3});
  lstm->eval();
  REQUIRE_EQUAL(std::get<0>(lstm->forward(x)), std::get<0>(no_dropout->forward(x)));
  lstm->train();
  Tensor a = std::get<0>(lstm->forward(x)), b = std::get<0>(lstm->forward(x));
  REQUIRE(!a.allclose(b));
  REQUIRE(!a.allclose(std::get<0>(no_dropout->forward(x))));
}

TEST_CASE("recurrent layers reject bad shapes", "[nn][rnn]") {
  using Catch::Matchers::Contains;
  nn::LSTM lstm(3, 4, nn::LSTMOptions{.num_layers = 2});
  REQUIRE_THROWS_WITH(lstm.forward(zeros({5, 2, 4})), Contains("[LSTM]") && Contains("input_size"));
  REQUIRE_THROWS_WITH(lstm.forward(zeros({5, 2, 3, 1})), Contains("2-D") && Contains("4-D"));
  REQUIRE_THROWS_WITH(lstm.forward(zeros({5, 2, 3}), nn::LSTM::State{zeros({1, 2, 4}), zeros({2, 2, 4})}),
                      Contains("hx of shape (2, 2, 4)") && Contains("(1, 2, 4)"));
  REQUIRE_THROWS_WITH(lstm.forward(zeros({5, 2, 3}), nn::LSTM::State{zeros({2, 2, 4}), zeros({2, 3, 4})}),
                      Contains("cx"));
  REQUIRE_THROWS_WITH(lstm.forward(zeros({5, 3}), nn::LSTM::State{zeros({2, 1, 4}), zeros({2, 1, 4})}),
                      Contains("unbatched 2-D"));
  REQUIRE_THROWS_WITH(lstm.forward(zeros({0, 2, 3})), Contains("non-empty"));
  nn::GRU gru(3, 4);
  REQUIRE_THROWS_WITH(gru.forward(zeros({5, 2, 3}), zeros({1, 3, 4})), Contains("[GRU]") && Contains("(1, 2, 4)"));
  REQUIRE_THROWS_WITH(nn::RNN(3, 4, nn::RNNOptions{.nonlinearity = "sigmoid"}), Contains("'sigmoid'"));
  REQUIRE_THROWS_WITH(nn::LSTM(3, 4, nn::LSTMOptions{.dropout = 1.5}), Contains("dropout"));
  REQUIRE_THROWS_WITH(nn::GRU(3, 0), Contains("positive"));
  REQUIRE_THROWS_WITH(nn::GRU(3, 4, nn::GRUOptions{.proj_size = 2}), Contains("only supported for LSTM"));
  REQUIRE_THROWS_WITH(nn::LSTM(3, 4, nn::LSTMOptions{.proj_size = 4}), Contains("proj_size"));
  nn::LSTM proj(3, 4, nn::LSTMOptions{.proj_size = 2});
  REQUIRE_THROWS_WITH(proj.forward(zeros({5, 2, 3}), nn::LSTM::State{zeros({1, 2, 4}), zeros({1, 2, 4})}),
                      Contains("hx of shape (1, 2, 2)"));

  nn::LSTMCell cell(3, 4);
  REQUIRE_THROWS_WITH(cell.forward(zeros({2, 5})), Contains("[LSTMCell]") && Contains("input_size"));
  REQUIRE_THROWS_WITH(cell.forward(zeros({2, 3}), nn::LSTMCell::State{zeros({3, 4}), zeros({2, 4})}),
                      Contains("hx of shape (2, 4)"));
  REQUIRE_THROWS_WITH(cell.forward(zeros({2, 2, 3})), Contains("1-D or 2-D"));
  nn::GRUCell gru_cell(3, 4);
  REQUIRE(gru_cell.forward(zeros({3})).sizes() == IntArrayRef{4});
  REQUIRE_THROWS_WITH(nn::functional::gru_cell(zeros({2, 3}), zeros({2, 4}), zeros({12, 3}), zeros({12, 5})),
                      Contains("[gru_cell]") && Contains("weight_hh"));
  REQUIRE_THROWS_WITH(nn::functional::lstm_cell(zeros({2, 3}), zeros({2, 4}), zeros({2, 4}), zeros({12, 3}),
                                                zeros({16, 4})),
                      Contains("[lstm_cell]") && Contains("weight_ih"));
}
