// layers_case.h — runs one case of tests/fixtures/make_nn_layers_fixtures.py:
// loads the case's inputs, applies the ember op, and compares the output and
// the gradients of sum(output * cot) with torch's (float64).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "support/test_utils.h"

namespace ember::testing {

inline Tensor layers_fixture(const std::string& name) { return fixture("nn/layers/" + name); }

inline bool has_layers_fixture(const std::string& name) {
  return std::filesystem::exists(std::string(EMBER_FIXTURES_DIR) + "/nn/layers/" + name + ".npy");
}

/// args: the case's input names, in the order fn takes them; the ones with
/// a grad_<arg> fixture are made leaves and their gradients compared.
inline void check_layers_case(const std::string& name, const std::vector<std::string>& args,
                              const std::function<Tensor(const TensorList&)>& fn, double tol = 1e-10) {
  INFO("case " << name);
  TensorList inputs;
  for (const auto& a : args) {
    Tensor t = layers_fixture(name + "." + a);
    if (has_layers_fixture(name + ".grad_" + a)) t.requires_grad_();
    inputs.push_back(t);
  }
  Tensor out = fn(inputs);
  REQUIRE_CLOSE(out, layers_fixture(name + ".output"), tol, tol);
  if (!has_layers_fixture(name + ".cot")) return;
  (out * layers_fixture(name + ".cot")).sum().backward();
  for (size_t i = 0; i < args.size(); ++i) {
    if (!has_layers_fixture(name + ".grad_" + args[i])) continue;
    INFO("gradient of " << args[i]);
    REQUIRE(inputs[i].grad().defined());
    REQUIRE_CLOSE(inputs[i].grad(), layers_fixture(name + ".grad_" + args[i]), tol, tol);
  }
}

/// check_layers_case for a module applied to the case's "input".
inline void check_layers_module(const std::string& name, const std::shared_ptr<nn::Module>& module) {
  check_layers_case(name, {"input"}, [&](const TensorList& t) { return module->forward(t[0]); });
}

}  // namespace ember::testing
