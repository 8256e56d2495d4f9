// test_rnn_torch.cpp — RNN, LSTM, GRU and the cells give torch 1.13's
// outputs, final states and gradients (of the input, the initial states and
// every parameter) on fixtures made by tests/fixtures/make_nn_rnn_fixtures.py.
#include <filesystem>
#include <map>

#include "support/test_utils.h"

using namespace ember;
namespace R = ember::nn::utils::rnn;

namespace {

constexpr double kTol = 1e-10;

Tensor fx(const std::string& name) { return testing::fixture("nn/rnn/" + name); }
bool has(const std::string& name) {
  return std::filesystem::exists(std::string(EMBER_FIXTURES_DIR) + "/nn/rnn/" + name + ".npy");
}
Tensor leaf(const std::string& name) { return has(name) ? fx(name).requires_grad_() : Tensor(); }

struct Inputs {
  Tensor input, h0, c0;
};
using Results = std::map<std::string, Tensor>;  // "output", "h_n", "c_n"

// Loads the case's weights into `module`, runs `run` on the case's inputs,
// backpropagates sum(result * g_result), and compares results and gradients.
void check_case(const std::string& name, const std::shared_ptr<nn::Module>& module,
                const std::function<Results(const Inputs&)>& run) {
  INFO("case " << name);
  module->to(kFloat64);
  nn::StateDict dict;
  for (auto& [key, t] : module->state_dict()) dict.insert(key, fx(name + "." + key));
  module->load_state_dict(dict);
  Inputs in{leaf(name + ".input"), leaf(name + ".h0"), leaf(name + ".c0")};
  Results results = run(in);
  Tensor loss = zeros({}, kFloat64);
  for (auto& [key, r] : results) {
    INFO("result " << key);
    REQUIRE_CLOSE(r, fx(name + "." + key), kTol, kTol);
    loss = loss + (r * fx(name + ".g_" + key)).sum();
  }
  size_t expected_results = 0;
  for (std::string key : {"output", "h_n", "c_n"}) expected_results += has(name + "." + key);
  REQUIRE(results.size() == expected_results);
  loss.backward();
  for (auto& [key, t] : std::map<std::string, Tensor>{{"input", in.input}, {"h0", in.h0}, {"c0", in.c0}})
    if (t.defined()) {
      INFO("gradient of " << key);
      REQUIRE_CLOSE(t.grad(), fx(name + ".grad." + key), kTol, kTol);
    }
  for (auto& [key, p] : module->named_parameters()) {
    INFO("gradient of " << key);
    REQUIRE(p.grad().defined());
    REQUIRE_CLOSE(p.grad(), fx(name + ".grad." + key), kTol, kTol);
  }
}

template <class M>
std::function<Results(const Inputs&)> run_rnn(std::shared_ptr<M> m) {
  return [m](const Inputs& in) {
    auto [out, h_n] = m->forward(in.input, in.h0);
    return Results{{"output", out}, {"h_n", h_n}};
  };
}

std::function<Results(const Inputs&)> run_lstm(std::shared_ptr<nn::LSTM> m) {
  return [m](const Inputs& in) {
    std::optional<nn::LSTM::State> hx;
    if (in.h0.defined()) hx = nn::LSTM::State{in.h0, in.c0};
    auto [out, state] = m->forward(in.input, hx);
    return Results{{"output", out}, {"h_n", std::get<0>(state)}, {"c_n", std::get<1>(state)}};
  };
}

// packs the padded input with the case's unsorted lengths, runs the packed
// forward, checks the packed rows, and returns the output padded again
template <class M>
std::function<Results(const Inputs&)> run_packed(const std::string& name, std::shared_ptr<M> m) {
  return [name, m](const Inputs& in) {
    R::PackedSequence packed = R::pack_padded_sequence(in.input, fx(name + ".lengths"), m->batch_first, false);
    REQUIRE_EQUAL(packed.batch_sizes, fx(name + ".batch_sizes"));
    Results r;
    R::PackedSequence out;
    if constexpr (std::is_same_v<M, nn::LSTM>) {
      std::optional<nn::LSTM::State> hx;
      if (in.h0.defined()) hx = nn::LSTM::State{in.h0, in.c0};
      auto [o, state] = m->forward_with_packed_input(packed, hx);
      out = o;
      r["h_n"] = std::get<0>(state);
      r["c_n"] = std::get<1>(state);
    } else {
      auto [o, h_n] = m->forward_with_packed_input(packed, in.h0);
      out = o;
      r["h_n"] = h_n;
    }
    REQUIRE_CLOSE(out.data, fx(name + ".output_data"), kTol, kTol);
    r["output"] = std::get<0>(R::pad_packed_sequence(out, m->batch_first));
    return r;
  };
}

}  // namespace

TEST_CASE("RNN matches torch: 2 layers tanh, bidirectional relu batch_first", "[nn][rnn]") {
  auto tanh2 = std::make_shared<nn::RNN>(3, 4, nn::RNNOptions{.num_layers = 2});
  check_case("rnn_tanh", tanh2, run_rnn(tanh2));
  auto relu = std::make_shared<nn::RNN>(
      3, 4, nn::RNNOptions{.nonlinearity = "relu", .batch_first = true, .bidirectional = true});
  check_case("rnn_relu", relu, run_rnn(relu));
}

TEST_CASE("LSTM matches torch: 2 layers bidirectional, batch_first without bias, unbatched", "[nn][rnn]") {
  auto lstm = std::make_shared<nn::LSTM>(3, 5, nn::LSTMOptions{.num_layers = 2, .bidirectional = true});
  check_case("lstm", lstm, run_lstm(lstm));
  auto no_bias = std::make_shared<nn::LSTM>(4, 3, nn::LSTMOptions{.bias = false, .batch_first = true});
  REQUIRE(no_bias->parameters().size() == 2);
  check_case("lstm_batch_first", no_bias, run_lstm(no_bias));
  auto unbatched = std::make_shared<nn::LSTM>(3, 4);
  check_case("lstm_unbatched", unbatched, run_lstm(unbatched));
}

TEST_CASE("LSTM with proj_size matches torch, padded and packed", "[nn][rnn]") {
  auto lstm = std::make_shared<nn::LSTM>(3, 5, nn::LSTMOptions{.num_layers = 2, .bidirectional = true, .proj_size = 2});
  REQUIRE(lstm->state_dict()["weight_hr_l1_reverse"].sizes() == IntArrayRef{2, 5});
  REQUIRE(lstm->state_dict()["weight_hh_l0"].sizes() == IntArrayRef{20, 2});
  REQUIRE(lstm->state_dict()["weight_ih_l1"].sizes() == IntArrayRef{20, 4});
  check_case("lstm_proj", lstm, run_lstm(lstm));
  auto packed = std::make_shared<nn::LSTM>(3, 4, nn::LSTMOptions{.batch_first = true, .proj_size = 3});
  check_case("lstm_proj_packed", packed, run_packed("lstm_proj_packed", packed));
}

TEST_CASE("GRU matches torch: 2 layers bidirectional, batch_first", "[nn][rnn]") {
  auto gru = std::make_shared<nn::GRU>(3, 4, nn::GRUOptions{.num_layers = 2, .bidirectional = true});
  check_case("gru", gru, run_rnn(gru));
  auto batch_first = std::make_shared<nn::GRU>(3, 4, nn::GRUOptions{.batch_first = true});
  check_case("gru_batch_first", batch_first, run_rnn(batch_first));
}

TEST_CASE("packed input with unsorted lengths matches torch", "[nn][rnn]") {
  auto lstm = std::make_shared<nn::LSTM>(3, 4, nn::LSTMOptions{.num_layers = 2, .bidirectional = true});
  check_case("lstm_packed", lstm, run_packed("lstm_packed", lstm));
  auto gru = std::make_shared<nn::GRU>(3, 4, nn::GRUOptions{.batch_first = true, .bidirectional = true});
  check_case("gru_packed", gru, run_packed("gru_packed", gru));
  auto rnn = std::make_shared<nn::RNN>(3, 4, nn::RNNOptions{.num_layers = 2});
  check_case("rnn_packed", rnn, run_packed("rnn_packed", rnn));
}

TEST_CASE("cells match torch", "[nn][rnn]") {
  for (std::string nonlinearity : {"tanh", "relu"}) {
    auto cell = std::make_shared<nn::RNNCell>(3, 4, nn::RNNCellOptions{.nonlinearity = nonlinearity});
    check_case(nonlinearity == "tanh" ? "rnn_cell" : "rnn_cell_relu", cell,
               [cell](const Inputs& in) { return Results{{"h_n", cell->forward(in.input, in.h0)}}; });
  }
  auto lstm = std::make_shared<nn::LSTMCell>(3, 4);
  check_case("lstm_cell", lstm, [lstm](const Inputs& in) {
    auto [h, c] = lstm->forward(in.input, nn::LSTMCell::State{in.h0, in.c0});
    return Results{{"h_n", h}, {"c_n", c}};
  });
  auto gru = std::make_shared<nn::GRUCell>(3, 4);
  check_case("gru_cell", gru, [gru](const Inputs& in) { return Results{{"h_n", gru->forward(in.input, in.h0)}}; });
}

TEST_CASE("parameter names, shapes and init are torch's", "[nn][rnn]") {
  auto lstm = std::make_shared<nn::LSTM>(3, 5, nn::LSTMOptions{.num_layers = 2, .bidirectional = true});
  std::vector<std::string> names;
  for (auto& [key, t] : lstm->state_dict()) names.push_back(key);
  // torch's order: per layer, per direction, w_ih w_hh b_ih b_hh
  std::vector<std::string> expected;
  for (std::string layer : {"0", "1"})
    for (std::string suffix : {"", "_reverse"})
      for (std::string p : {"weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l"}) expected.push_back(p + layer + suffix);
  REQUIRE(names == expected);
  REQUIRE(lstm->state_dict()["weight_ih_l0"].sizes() == IntArrayRef{20, 3});
  REQUIRE(lstm->state_dict()["weight_ih_l1_reverse"].sizes() == IntArrayRef{20, 10});
  REQUIRE(lstm->state_dict()["weight_hh_l1"].sizes() == IntArrayRef{20, 5});
  const double bound = 1 / std::sqrt(5.0);
  for (const Tensor& p : lstm->parameters()) {
    REQUIRE(p.abs().max().item<float>() <= bound);
    REQUIRE(p.abs().max().item<float>() > 0.5 * bound);
  }
  auto gru = std::make_shared<nn::GRU>(2, 3);
  REQUIRE(gru->state_dict()["weight_hh_l0"].sizes() == IntArrayRef{9, 3});
  auto cell = std::make_shared<nn::LSTMCell>(2, 3);
  REQUIRE(cell->state_dict().size() == 4);
  REQUIRE(cell->state_dict()["weight_ih"].sizes() == IntArrayRef{12, 2});
}

TEST_CASE("float32 LSTM and GRU (vectorized gate math) stay within float precision of torch", "[nn][rnn]") {
  auto check_f32 = [](const std::string& name, const std::shared_ptr<nn::RNNBase>& m, auto run) {
    INFO("case " << name << " in float32");
    nn::StateDict dict;
    for (auto& [key, t] : m->state_dict()) dict.insert(key, fx(name + "." + key).to(kFloat32));
    m->load_state_dict(dict);
    auto [out, h_n] = run(fx(name + ".input").to(kFloat32), fx(name + ".h0").to(kFloat32));
    REQUIRE(out.scalar_type() == kFloat32);
    REQUIRE_CLOSE(out.to(kFloat64), fx(name + ".output"), 1e-5, 1e-6);
    REQUIRE_CLOSE(h_n.to(kFloat64), fx(name + ".h_n"), 1e-5, 1e-6);
  };
  auto lstm = std::make_shared<nn::LSTM>(3, 5, nn::LSTMOptions{.num_layers = 2, .bidirectional = true});
  check_f32("lstm", lstm, [&](const Tensor& x, const Tensor& h0) {
    auto [out, state] = lstm->forward(x, nn::LSTM::State{h0, fx("lstm.c0").to(kFloat32)});
    return std::make_tuple(out, std::get<0>(state));
  });
  auto gru = std::make_shared<nn::GRU>(3, 4, nn::GRUOptions{.num_layers = 2, .bidirectional = true});
  check_f32("gru", gru, [&](const Tensor& x, const Tensor& h0) { return gru->forward(x, h0); });
}
