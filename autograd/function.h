// function.h — custom differentiable ops, like torch.autograd.Function:
//
//   struct Swish : ember::autograd::Function<Swish> {
//     static Tensor forward(AutogradContext* ctx, const Tensor& x) {
//       ctx->save_for_backward({x});
//       return x * x.sigmoid();
//     }
//     static TensorList backward(AutogradContext* ctx, TensorList grad_outputs) {
//       Tensor x = ctx->get_saved_variables()[0];
//       Tensor s = x.sigmoid();
//       return {grad_outputs[0] * (s + x * s * (1 - s))};
//     }
//   };
//   Tensor y = Swish::apply(x);
//
// forward runs without recording (its ops are not part of the graph);
// backward returns one gradient per forward argument (undefined for
// arguments that are not tensors or need none). Non-tensor values can be
// kept in ctx->saved_data.
#pragma once

#include <any>
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <vector>

#include "autograd/grad_mode.h"
#include "autograd/node.h"
#include "autograd/saved_tensor.h"

namespace ember::autograd {

std::string demangled_name(const std::type_info& type);
class AutogradContext;
class Node;
void function_attach(Node& node, AutogradContext& ctx, const std::shared_ptr<Node>& self, const TensorList& inputs,
                     TensorList& outputs);

class AutogradContext {
 public:
  /// Tensors backward will need (inputs or outputs of forward).
  void save_for_backward(TensorList tensors);
  /// The saved tensors, checked against in-place changes since forward.
  TensorList get_saved_variables() const;
  /// Outputs that have no gradient (e.g. integer indices).
  void mark_non_differentiable(const TensorList& outputs);
  /// Whether forward argument i (counting every argument) needs a gradient.
  bool needs_input_grad(size_t i) const;

  /// Anything else backward needs: ctx->saved_data["alpha"] = 0.5.
  std::unordered_map<std::string, std::any> saved_data;

 private:
  template <class T>
  friend class Function;
  template <class T>
  friend class CppNode;
  friend void function_attach(Node& node, AutogradContext& ctx, const std::shared_ptr<Node>& self,
                              const TensorList& inputs, TensorList& outputs);

  void finish_saving(const TensorList& outputs);
  bool is_non_differentiable(const Tensor& t) const;

  TensorList to_save_;
  std::vector<SavedTensor> saved_;
  std::vector<TensorImpl*> non_differentiable_;
  std::vector<bool> needs_input_grad_;
  std::weak_ptr<Node> node_;
};

/// The graph node of a custom Function T.
template <class T>
class CppNode final : public Node {
 public:
  /// "<Function name>Backward", as PyTorch names Python custom functions.
  std::string name() const override { return demangled_name(typeid(T)) + "Backward"; }
  void release_saved() override {
    ctx.saved_.clear();
    ctx.saved_data.clear();
  }
  TensorList apply(TensorList&& grads) override {
    TensorList result = T::backward(&ctx, std::move(grads));
    // backward returns one entry per forward argument; keep the tensor ones
    TensorList out(tensor_positions.size());
    if (result.size() == ctx.needs_input_grad_.size()) {
      for (size_t i = 0; i < tensor_positions.size(); ++i) out[i] = result[tensor_positions[i]];
    } else {
      EMBER_CHECK(result.size() == tensor_positions.size(), "backward", name(), " returned ", result.size(),
                  " gradients, expected ", ctx.needs_input_grad_.size(), " (one per forward argument)");
      out = std::move(result);
    }
    for (size_t i = 0; i < out.size(); ++i) {
      if (!out[i].defined()) continue;
      if (out[i].sizes() != IntArrayRef(input_sizes[i])) {
        Shape target = broadcast_shapes(out[i].sizes(), input_sizes[i], "backward");
        EMBER_CHECK(IntArrayRef(target) == out[i].sizes(), "backward", name(), " returned a gradient of shape ",
                    shape_str(out[i].sizes()), " for input ", i, " of shape ", shape_str(input_sizes[i]));
        out[i] = out[i].sum_to_size(input_sizes[i]);
      }
    }
    return out;
  }

  AutogradContext ctx;
  std::vector<size_t> tensor_positions;  // which forward arguments were tensors
  std::vector<Shape> input_sizes;        // their shapes
};

template <class T>
class Function {
 public:
  template <class... Args>
  static auto apply(Args&&... args) {
    auto node = std::make_shared<CppNode<T>>();
    TensorList inputs;
    size_t position = 0;
    (collect(*node, inputs, position++, args), ...);
    bool record = should_record_inputs(inputs);

    using Result = decltype(T::forward(&node->ctx, std::forward<Args>(args)...));
    Result result;
    {
      NoGradGuard no_grad;
      result = T::forward(&node->ctx, std::forward<Args>(args)...);
    }
    TensorList outputs;
    if constexpr (std::is_same_v<Result, Tensor>) outputs = {result};
    else outputs = result;

    for (Tensor& out : outputs) {
      // an input returned unchanged gets its own alias, so it can carry the
      // node's history without changing the input
      for (const Tensor& in : inputs)
        if (out.defined() && out.is_same(in)) out = out.detach();
    }
    if (record) attach(node, inputs, outputs);
    else node->ctx.to_save_.clear();
    if constexpr (std::is_same_v<Result, Tensor>) return outputs[0];
    else return outputs;
  }

 private:
  template <class A>
  static void collect(CppNode<T>& node, TensorList& inputs, size_t position, const A& arg) {
    if constexpr (std::is_same_v<std::decay_t<A>, Tensor>) {
      inputs.push_back(arg);
      node.tensor_positions.push_back(position);
      node.input_sizes.push_back(arg.defined() ? arg.sizes().vec() : Shape{});
      node.ctx.needs_input_grad_.push_back(arg.defined() && arg.requires_grad());
    } else {
      node.ctx.needs_input_grad_.push_back(false);
    }
  }
  static bool should_record_inputs(const TensorList& inputs);
  static void attach(const std::shared_ptr<CppNode<T>>& node, const TensorList& inputs, TensorList& outputs);
};

// Implemented in function.cpp, not templated on T.
bool function_should_record(const TensorList& inputs);
void function_attach(Node& node, AutogradContext& ctx, const std::shared_ptr<Node>& self, const TensorList& inputs,
                     TensorList& outputs);

template <class T>
bool Function<T>::should_record_inputs(const TensorList& inputs) {
  return function_should_record(inputs);
}

template <class T>
void Function<T>::attach(const std::shared_ptr<CppNode<T>>& node, const TensorList& inputs, TensorList& outputs) {
  function_attach(*node, node->ctx, node, inputs, outputs);
}

}  // namespace ember::autograd
