// test_rnn_gradcheck.cpp — float64 gradcheck of the recurrent cells and of
// small multi-layer bidirectional RNN/LSTM/GRU layers (padded and packed),
// w.r.t. the input, the initial states and every parameter. The fused LSTM
// and GRU kernels have first derivatives only, so there is no gradgradcheck.
#include "support/test_utils.h"

using namespace ember;
namespace F = ember::nn::functional;
namespace R = ember::nn::utils::rnn;
using autograd::gradcheck;

namespace {

Generator& gen() {
  static Generator g(25);
  return g;
}
Tensor leaf(IntArrayRef shape) { return (rand(shape, kFloat64, &gen()) * 2 - 1).requires_grad_(); }

// The module's parameters, float64, as extra gradcheck inputs: gradcheck
// perturbs them in place, so the module sees the perturbation.
TensorList with_parameters(nn::Module& m, TensorList inputs) {
  m.to(kFloat64);
  for (const Tensor& p : m.parameters()) inputs.push_back(p);
  return inputs;
}

}  // namespace

TEST_CASE("gradcheck: recurrent cells", "[nn][rnn][gradcheck]") {
  Tensor x = leaf({3, 2}), h = leaf({3, 4}), c = leaf({3, 4});
  Tensor w1 = leaf({4, 2}), u1 = leaf({4, 4}), b1 = leaf({4}), d1 = leaf({4});
  REQUIRE(gradcheck([](const TensorList& t) { return TensorList{F::rnn_tanh_cell(t[0], t[1], t[2], t[3], t[4], t[5])}; },
                    {x, h, w1, u1, b1, d1}));
  REQUIRE(gradcheck([](const TensorList& t) { return TensorList{F::rnn_relu_cell(t[0], t[1], t[2], t[3], t[4], t[5])}; },
                    {x, h, w1, u1, b1, d1}));
  Tensor w4 = leaf({16, 2}), u4 = leaf({16, 4}), b4 = leaf({16}), d4 = leaf({16});
  REQUIRE(gradcheck([](const TensorList& t) {
    auto [h2, c2] = F::lstm_cell(t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
    return TensorList{h2, c2};
  }, {x, h, c, w4, u4, b4, d4}));
  // only h' used: c' gets no gradient, the fused backward treats it as zero
  REQUIRE(gradcheck([](const TensorList& t) {
    return TensorList{std::get<0>(F::lstm_cell(t[0], t[1], t[2], t[3], t[4], t[5], t[6]))};
  }, {x, h, c, w4, u4, b4, d4}));
  Tensor w3 = leaf({12, 2}), u3 = leaf({12, 4}), b3 = leaf({12}), d3 = leaf({12});
  REQUIRE(gradcheck([](const TensorList& t) { return TensorList{F::gru_cell(t[0], t[1], t[2], t[3], t[4], t[5])}; },
                    {x, h, w3, u3, b3, d3}));
  REQUIRE(gradcheck([](const TensorList& t) { return TensorList{F::gru_cell(t[0], t[1], t[2], t[3])}; },
                    {x, h, w3, u3}));
}

TEST_CASE("gradcheck: 2-layer bidirectional LSTM (also with proj_size), GRU, RNN", "[nn][rnn][gradcheck]") {
  nn::LSTMOptions two_way{.num_layers = 2, .bidirectional = true};
  auto lstm = std::make_shared<nn::LSTM>(2, 3, two_way);
  REQUIRE(gradcheck([&](const TensorList& t) {
    auto [out, state] = lstm->forward(t[0], nn::LSTM::State{t[1], t[2]});
    return TensorList{out, std::get<0>(state), std::get<1>(state)};
  }, with_parameters(*lstm, {leaf({4, 2, 2}), leaf({4, 2, 3}), leaf({4, 2, 3})})));

  auto proj = std::make_shared<nn::LSTM>(
      2, 3, nn::LSTMOptions{.num_layers = 2, .batch_first = true, .bidirectional = true, .proj_size = 2});
  REQUIRE(gradcheck([&](const TensorList& t) {
    auto [out, state] = proj->forward(t[0], nn::LSTM::State{t[1], t[2]});
    return TensorList{out, std::get<0>(state), std::get<1>(state)};
  }, with_parameters(*proj, {leaf({2, 3, 2}), leaf({4, 2, 2}), leaf({4, 2, 3})})));

  auto gru = std::make_shared<nn::GRU>(2, 3, two_way);
  REQUIRE(gradcheck([&](const TensorList& t) {
    auto [out, h_n] = gru->forward(t[0], t[1]);
    return TensorList{out, h_n};
  }, with_parameters(*gru, {leaf({4, 2, 2}), leaf({4, 2, 3})})));

  auto rnn = std::make_shared<nn::RNN>(2, 3, nn::RNNOptions{.num_layers = 2, .bias = false, .bidirectional = true});
  REQUIRE(gradcheck([&](const TensorList& t) {
    auto [out, h_n] = rnn->forward(t[0], t[1]);
    return TensorList{out, h_n};
  }, with_parameters(*rnn, {leaf({3, 2, 2}), leaf({4, 2, 3})})));
}

TEST_CASE("gradcheck: packed LSTM and GRU with unsorted lengths", "[nn][rnn][gradcheck]") {
  auto lstm = std::make_shared<nn::LSTM>(2, 3, nn::LSTMOptions{.bidirectional = true});
  Tensor lengths = tensor<int64_t>({2, 4, 1});
  REQUIRE(gradcheck([&](const TensorList& t) {
    auto packed = R::pack_padded_sequence(t[0], lengths, false, false);
    auto [out, state] = lstm->forward_with_packed_input(packed, nn::LSTM::State{t[1], t[2]});
    return TensorList{std::get<0>(R::pad_packed_sequence(out)), std::get<0>(state), std::get<1>(state)};
  }, with_parameters(*lstm, {leaf({4, 3, 2}), leaf({2, 3, 3}), leaf({2, 3, 3})})));

  auto gru = std::make_shared<nn::GRU>(2, 3, nn::GRUOptions{.num_layers = 2, .batch_first = true});
  REQUIRE(gradcheck([&](const TensorList& t) {
    auto packed = R::pack_padded_sequence(t[0], lengths, true, false);
    auto [out, h_n] = gru->forward_with_packed_input(packed, t[1]);
    return TensorList{out.data, h_n};
  }, with_parameters(*gru, {leaf({3, 4, 2}), leaf({2, 3, 3})})));
}
