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

TensorList function_input_grads(const std::string& name, TensorList result, const AutogradContext& ctx,
                                const std::vector<size_t>& tensor_positions, const std::vector<Shape>& input_sizes) {
  // backward returns one entry per forward argument; keep the tensor ones
  TensorList out(tensor_positions.size());
  if (result.size() == ctx.needs_input_grad_.size()) {
    for (size_t i = 0; i < tensor_positions.size(); ++i) out[i] = result[tensor_positions[i]];
  } else {
    EMBER_CHECK(result.size() == tensor_positions.size(), "backward", name, " returned ", result.size(),
                " gradients, expected ", ctx.needs_input_grad_.size(), " (one per forward argument)");
    out = std::move(result);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (!out[i].defined()) continue;
    if (out[i].sizes() != IntArrayRef(input_sizes[i])) {
      Shape target = broadcast_shapes(out[i].sizes(), input_sizes[i], "backward");
      EMBER_CHECK(IntArrayRef(target) == out[i].sizes(), "backward", name, " returned a gradient of shape ",
                  shape_str(out[i].sizes()), " for input ", i, " of shape ", shape_str(input_sizes[i]));
      out[i] = out[i].sum_to_size(input_sizes[i]);
    }
  }
  return out;
}

TensorList apply_function(std::string name, const TensorList& args, const std::vector<bool>& is_tensor,
                          const std::function<TensorList(AutogradContext&)>& forward,
                          std::function<TensorList(AutogradContext&, TensorList)> backward) {
  EMBER_CHECK(args.size() == is_tensor.size(), "Function.apply", args.size(), " arguments but ", is_tensor.size(),
              " tensor flags");
  auto node = std::make_shared<DynamicNode>(std::move(name), std::move(backward));
  TensorList inputs;
  for (size_t i = 0; i < args.size(); ++i) {
    bool tensor = is_tensor[i] && args[i].defined();
    node->ctx.needs_input_grad_.push_back(tensor && args[i].requires_grad());
    if (!tensor) continue;
    inputs.push_back(args[i]);
    node->tensor_positions.push_back(i);
    node->input_sizes.push_back(args[i].sizes().vec());
  }
  bool record = should_record(inputs);
  TensorList outputs;
  {
    NoGradGuard no_grad;
    outputs = forward(node->ctx);
  }
  // an input returned unchanged gets its own alias to carry the history
  for (Tensor& out : outputs)
    for (const Tensor& in : inputs)
      if (out.defined() && out.is_same(in)) out = out.detach();
  AutogradContext& ctx = node->ctx;
  if (!record) {
    ctx.to_save_.clear();
    return outputs;
  }
  // connect the node to the inputs' history and the outputs to the node
  connect(*node, inputs);
  node->num_outputs = static_cast<uint32_t>(outputs.size());
  ctx.node_ = node;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    if (!out.defined() || !out.is_floating_point() || ctx.is_non_differentiable(out)) continue;
    set_history(out, node, static_cast<uint32_t>(i));
  }
  ctx.finish_saving(outputs);
  return outputs;
}

}  // namespace ember::autograd
