// module.h — Module, the base of every layer and model (torch.nn.Module).
//
// A module owns named parameters (tensors trained by the optimizer), named
// buffers (state that is saved but not trained, like BatchNorm's running
// mean) and named submodules, all kept in registration order. Everything
// else — parameters(), state_dict(), to(), train()/eval(), zero_grad() —
// walks that tree.
//
// Parameters and buffers live in slots the module owns, and layers expose
// them as references to those slots (`Tensor& weight`), so assigning
// `linear->weight = t` replaces what parameters() and state_dict() see: the
// silent-detach pitfall of libtorch's C++ modules cannot happen.
//
// Modules are held by std::shared_ptr and are not copyable. Single-input
// modules override forward(const Tensor&); modules with other signatures
// define their own forward and cannot go in a Sequential.
#pragma once

#include <deque>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/tensor.h"
#include "nn/ordered_dict.h"

namespace ember::nn {

using StateDict = OrderedDict<Tensor>;

/// What load_state_dict found; strict loading throws instead of returning problems.
struct LoadResult {
  std::vector<std::string> missing_keys;     // in the module, not in the dict
  std::vector<std::string> unexpected_keys;  // in the dict, not in the module
};

class Module : public std::enable_shared_from_this<Module> {
 public:
  explicit Module(std::string name = "");
  virtual ~Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  /// The class name shown in printouts ("Linear"); by default the C++ type's.
  std::string name() const;

  /// The computation of a single-input module.
  virtual Tensor forward(const Tensor& input);
  Tensor operator()(const Tensor& input) { return forward(input); }

  // ---- the module tree ----
  /// Parameters of this module and (recurse) its submodules, in registration order.
  TensorList parameters(bool recurse = true) const;
  std::vector<std::pair<std::string, Tensor>> named_parameters(bool recurse = true) const;
  TensorList buffers(bool recurse = true) const;
  std::vector<std::pair<std::string, Tensor>> named_buffers(bool recurse = true) const;
  std::vector<std::shared_ptr<Module>> children() const;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> named_children() const;
  /// This module and all below it, depth first.
  std::vector<std::shared_ptr<Module>> modules();
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> named_modules(const std::string& prefix = "");

  // ---- modes and moves ----
  virtual void train(bool on = true);
  void eval() { train(false); }
  bool is_training() const { return training_; }
  /// Calls fn on every module, children first (like torch's apply).
  void apply(const std::function<void(Module&)>& fn);
  /// Moves or converts every parameter and buffer in place (dtype changes
  /// apply to floating point tensors only); tensors keep their identity, so
  /// an optimizer built before the move still holds the module's parameters.
  void to(Device device);
  void to(ScalarType dtype);
  void to(Device device, ScalarType dtype);
  /// Resets every parameter's gradient: to undefined (default) or to zeros.
  void zero_grad(bool set_to_none = true);
  /// Freezes (false) or unfreezes every parameter.
  void requires_grad_(bool requires_grad = true);

  // ---- weights ----
  /// Parameters and buffers by dotted name ("layer1.0.weight"), detached.
  StateDict state_dict() const;
  /// Copies matching tensors in. strict: any missing or unexpected key, or a
  /// shape mismatch, throws with the full list; else they are reported.
  LoadResult load_state_dict(const StateDict& dict, bool strict = true);

  /// One-line description of the module's settings ("in_features=4, ...").
  virtual std::string extra_repr() const { return ""; }

 protected:
  /// Registers a parameter and returns the slot holding it (bind a `Tensor&`
  /// member to it). An undefined tensor registers an absent optional
  /// parameter (like bias=False).
  Tensor& register_parameter(const std::string& name, Tensor tensor, bool requires_grad = true);
  /// Registers a buffer (saved in state_dict, not trained).
  Tensor& register_buffer(const std::string& name, Tensor tensor, bool persistent = true);
  template <class M>
  std::shared_ptr<M> register_module(const std::string& name, std::shared_ptr<M> module) {
    add_module(name, module);
    return module;
  }
  void add_module(const std::string& name, std::shared_ptr<Module> module);
  /// Replaces a registered submodule (used by containers).
  void replace_module(const std::string& name, std::shared_ptr<Module> module);

 private:
  friend std::ostream& operator<<(std::ostream& os, const Module& m);
  void print(std::ostream& os, int indent) const;
  void convert(std::optional<Device> device, std::optional<ScalarType> dtype);
  void check_name(const std::string& name, const char* what) const;

  std::string name_;
  bool training_ = true;
  std::deque<Tensor> slots_;  // stable addresses for parameter and buffer slots
  OrderedDict<Tensor*> parameters_;
  OrderedDict<Tensor*> buffers_;
  std::vector<std::string> non_persistent_;
  OrderedDict<std::shared_ptr<Module>> children_;
};

/// The module tree, like PyTorch's repr:
///   Sequential(
///     (0): Linear(in_features=4, out_features=2, bias=true)
///   )
std::ostream& operator<<(std::ostream& os, const Module& m);

}  // namespace ember::nn
