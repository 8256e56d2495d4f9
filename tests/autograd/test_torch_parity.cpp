// test_torch_parity.cpp — gradients of composite functions match PyTorch's.
// The same functions are written in tests/fixtures/make_autograd_fixtures.py,
// which saved inputs, outputs and torch's gradients (float64) as fixtures.
#include <filesystem>
#include <functional>

#include "support/test_utils.h"

using namespace ember;
using indexing::Slice;

namespace {

using Fn = std::function<Tensor(const TensorList&)>;

// Loads the case's inputs (those with a stored gradient require grad), runs
// fn, and compares the output and every gradient with torch's.
void check_case(const std::string& name, size_t n_inputs, const Fn& fn) {
  INFO("case " << name);
  TensorList inputs;
  std::vector<bool> has_grad;
  for (size_t k = 0; k < n_inputs; ++k) {
    Tensor t = testing::fixture("autograd/" + name + ".in" + std::to_string(k));
    bool differentiable = std::filesystem::exists(std::string(EMBER_FIXTURES_DIR) + "/autograd/" + name + ".grad" +
                                                  std::to_string(k) + ".npy");
    if (differentiable) t.requires_grad_();
    inputs.push_back(t);
    has_grad.push_back(differentiable);
  }
  Tensor out = fn(inputs);
  REQUIRE_CLOSE(out, testing::fixture("autograd/" + name + ".out"), 1e-10, 1e-12);
  out.backward();
  for (size_t k = 0; k < n_inputs; ++k) {
    if (!has_grad[k]) continue;
    INFO("gradient of input " << k);
    REQUIRE(inputs[k].grad().defined());
    REQUIRE_CLOSE(inputs[k].grad(), testing::fixture("autograd/" + name + ".grad" + std::to_string(k)), 1e-9, 1e-12);
  }
}

}  // namespace

TEST_CASE("gradients of composite functions match torch 1.13", "[autograd][torch]") {
  check_case("mlp", 6, [](const TensorList& t) {
    Tensor h = (t[0].matmul(t[1]) + t[2]).tanh();
    Tensor logits = h.matmul(t[3]) + t[4];
    return (logits.log_softmax(1) * t[5]).sum() / -static_cast<double>(t[0].size(0));
  });
  check_case("attention", 3, [](const TensorList& t) {
    Tensor scores = einsum("bqd,bkd->bqk", {t[0], t[1]}) / std::sqrt(static_cast<double>(t[0].size(-1)));
    return scores.softmax(-1).matmul(t[2]).pow(2).sum();
  });
  check_case("layer_norm", 3, [](const TensorList& t) {
    Tensor mean = t[0].mean({-1}, true);
    Tensor var = t[0].var({-1}, false, true);
    return (((t[0] - mean) / (var + 1e-5).sqrt()) * t[1] + t[2]).sin().sum();
  });
  check_case("distances", 2, [](const TensorList& t) {
    return cdist(t[0], t[1]).exp().mean() + (t[0].unsqueeze(1) - t[1].unsqueeze(0)).norm(2, {-1}).sum();
  });
  check_case("pooling", 1, [](const TensorList& t) {
    Tensor windows = t[0].unfold(1, 3, 2);
    return windows.amax({-1}).sum() + windows.logsumexp({-1}).mean() + t[0].cumsum(1).prod(0).sum();
  });
  check_case("indexing", 2, [](const TensorList& t) {
    Tensor idx = tensor({{int64_t{0}, int64_t{2}}, {int64_t{1}, int64_t{1}}, {int64_t{3}, int64_t{0}}});
    Tensor g = t[0].gather(1, idx);
    Tensor s = t[0].scatter_add(1, idx, t[1]);
    Tensor mask = t[0].detach().gt(0);
    return (g * t[1]).sum() + s.pow(2).sum() + t[0].index({mask}).pow(3).sum() +
           t[0].index({Slice(), tensor(std::vector<int64_t>{3, 1})}).sum();
  });
  check_case("shapes", 2, [](const TensorList& t) {
    Tensor z = cat({t[0], t[1].t()}, 0).flip({0});
    z = pad(z, {1, 1}, "reflect");
    return (z.roll({1}, {1}) * z.repeat({1, 1})).sum() + stack({t[0], t[0] * 2}).var();
  });
  check_case("inplace", 2, [](const TensorList& t) {
    Tensor y = t[0] * 1.0;
    y.mul_(t[1]);
    y.index_put_({Slice(), Slice(1, 3)}, y.index({Slice(), Slice(1, 3)}).sigmoid());
    y.add_(t[0].clamp(-0.5, 0.5));
    return (y.exp() * t[0]).sum();
  });
}
