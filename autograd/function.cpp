// function.cpp — the non-template half of custom Functions (function.h).
#include "autograd/function.h"

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>

#include "autograd/record.h"

namespace ember::autograd {

std::string demangled_name(const std::type_info& type) {
  int status = 0;
  char* name = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string out = status == 0 && name ? name : type.name();
  std::free(name);
  size_t colon = out.rfind("::");  // drop namespaces
  return colon == std::string::npos ? out : out.substr(colon + 2);
}

void AutogradContext::save_for_backward(TensorList tensors) { to_save_ = std::move(tensors); }

TensorList AutogradContext::get_saved_variables() const {
  std::shared_ptr<Node> node = node_.lock();
  TensorList out;
  for (const SavedTensor& s : saved_) out.push_back(s.unpack(node));
  return out;
}

void AutogradContext::mark_non_differentiable(const TensorList& outputs) {
  for (const Tensor& t : outputs) non_differentiable_.push_back(t.impl());
}

bool AutogradContext::needs_input_grad(size_t i) const {
  EMBER_CHECK(i < needs_input_grad_.size(), "needs_input_grad", "argument ", i, " does not exist (forward took ",
              needs_input_grad_.size(), ")");
  return needs_input_grad_[i];
}

bool AutogradContext::is_non_differentiable(const Tensor& t) const {
  return std::find(non_differentiable_.begin(), non_differentiable_.end(), t.impl()) != non_differentiable_.end();
}

// Saved tensors become SavedTensors once the outputs are known: a saved
// output must not own the node through its own history.
void AutogradContext::finish_saving(const TensorList& outputs) {
  saved_.clear();
  for (const Tensor& t : to_save_) {
    auto it = std::find_if(outputs.begin(), outputs.end(), [&](const Tensor& o) { return o.is_same(t); });
    if (it != outputs.end()) saved_.emplace_back(t, /*is_output=*/true, static_cast<uint32_t>(it - outputs.begin()));
    else saved_.emplace_back(t, /*is_output=*/false);
  }
  to_save_.clear();
}

bool function_should_record(const TensorList& inputs) { return should_record(inputs); }

void function_attach(Node& node, AutogradContext& ctx, const std::shared_ptr<Node>& self, const TensorList& inputs,
                     TensorList& outputs) {
  connect(node, inputs);
  node.num_outputs = static_cast<uint32_t>(outputs.size());
  ctx.node_ = self;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    if (!out.defined() || !out.is_floating_point() || ctx.is_non_differentiable(out)) continue;
    set_history(out, self, static_cast<uint32_t>(i));
  }
  ctx.finish_saving(outputs);
}

}  // namespace ember::autograd
