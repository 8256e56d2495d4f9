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
#include <functional>
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
/// Maps what a backward returned (one gradient per forward argument, or one
/// per tensor argument) to one per tensor input, summing broadcast gradients
/// back to the input's shape.
TensorList function_input_grads(const std::string& name, TensorList result, const AutogradContext& ctx,
                                const std::vector<size_t>& tensor_positions, const std::vector<Shape>& input_sizes);
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
  friend class DynamicNode;
  friend TensorList function_input_grads(const std::string& name, TensorList result, const AutogradContext& ctx,
                                         const std::vector<size_t>& tensor_positions,
                                         const std::vector<Shape>& input_sizes);
  friend TensorList apply_function(std::string name, const TensorList& args, const std::vector<bool>& is_tensor,
                                   const std::function<TensorList(AutogradContext&)>& forward,
                                   std::function<TensorList(AutogradContext&, TensorList)> backward);

  void finish_saving(const TensorList& outputs);
  bool is_non_differentiable(const Tensor& t) const;

  TensorList to_save_;
  std::vector<SavedTensor> saved_;
  std::vector<TensorImpl*> non_differentiable_;
  std::vector<bool> needs_input_grad_;
  std::weak_ptr<Node> node_;
};

/// The graph node of a custom function given at run time (apply_function).
class DynamicNode final : public Node {
 public:
  using Backward = std::function<TensorList(AutogradContext&, TensorList)>;
  DynamicNode(std::string name, Backward backward) : name_(std::move(name)), backward_(std::move(backward)) {}
  std::string name() const override { return name_; }
  void release_saved() override {
    ctx.saved_.clear();
    ctx.saved_data.clear();
  }
  TensorList apply(TensorList&& grads) override {
    return function_input_grads(name(), backward_(ctx, std::move(grads)), ctx, tensor_positions, input_sizes);
  }

  AutogradContext ctx;
  std::vector<size_t> tensor_positions;
  std::vector<Shape> input_sizes;

 private:
  std::string name_;
  Backward backward_;
};

/// Function::apply for a function known only at run time (the Python
/// binding's ember.autograd.Function): `args` holds every forward argument
/// (an undefined Tensor where is_tensor is false); `forward` runs without
/// recording and may save tensors in the context; `backward` gets the
/// context and the output gradients and returns one gradient per argument.
TensorList apply_function(std::string name, const TensorList& args, const std::vector<bool>& is_tensor,
                          const std::function<TensorList(AutogradContext&)>& forward,
                          std::function<TensorList(AutogradContext&, TensorList)> backward);

/// Custom functions are subclasses of Function<T>; see the top of this file.
template <class T>
class Function {
 public:
  template <class... Args>
  static auto apply(Args&&... args) {
    TensorList tensors;
    std::vector<bool> is_tensor;
    (collect(tensors, is_tensor, args), ...);
    using Result = decltype(T::forward(std::declval<AutogradContext*>(), std::forward<Args>(args)...));
    TensorList outputs = apply_function(
        demangled_name(typeid(T)) + "Backward", tensors, is_tensor,
        [&](AutogradContext& ctx) -> TensorList {
          if constexpr (std::is_same_v<Result, Tensor>) return {T::forward(&ctx, std::forward<Args>(args)...)};
          else return T::forward(&ctx, std::forward<Args>(args)...);
        },
        [](AutogradContext& ctx, TensorList grads) { return T::backward(&ctx, std::move(grads)); });
    if constexpr (std::is_same_v<Result, Tensor>) return outputs[0];
    else return outputs;
  }

 private:
  template <class A>
  static void collect(TensorList& tensors, std::vector<bool>& is_tensor, const A& arg) {
    bool tensor = std::is_same_v<std::decay_t<A>, Tensor>;
    if constexpr (std::is_same_v<std::decay_t<A>, Tensor>) tensors.push_back(arg);
    else tensors.emplace_back();
    is_tensor.push_back(tensor);
  }
};

}  // namespace ember::autograd
