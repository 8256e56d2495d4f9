// module.cpp — the Module tree (see module.h).
#include "nn/module.h"

#include <algorithm>
#include <ostream>
#include <sstream>

#include "autograd/function.h"
#include "autograd/grad_mode.h"
#include "core/ops.h"

namespace ember::nn {

Module::Module(std::string name) : name_(std::move(name)) {}

std::string Module::name() const { return name_.empty() ? autograd::demangled_name(typeid(*this)) : name_; }

Tensor Module::forward(const Tensor&) {
  EMBER_FAIL(name(), "has no single-input forward(Tensor); call its own forward");
}

void Module::check_name(const std::string& name, const char* what) const {
  EMBER_CHECK(!name.empty() && name.find('.') == std::string::npos, this->name(), what, " name '", name,
              "' must be non-empty and contain no '.'");
  EMBER_CHECK(!parameters_.contains(name) && !buffers_.contains(name) && !children_.contains(name), this->name(),
              "attribute '", name, "' is already registered");
}

Tensor& Module::register_parameter(const std::string& name, Tensor tensor, bool requires_grad) {
  check_name(name, "parameter");
  if (tensor.defined()) {
    EMBER_CHECK(!requires_grad || tensor.is_floating_point(), this->name(), "parameter '", name,
                "' must be floating point to require grad, got ", tensor.scalar_type());
    // a parameter is a leaf of its own, even when made from other tensors
    tensor = tensor.detach();
    if (requires_grad) tensor.requires_grad_(true);
  }
  slots_.push_back(std::move(tensor));
  parameters_.insert(name, &slots_.back());
  return slots_.back();
}

Tensor& Module::register_buffer(const std::string& name, Tensor tensor, bool persistent) {
  check_name(name, "buffer");
  slots_.push_back(tensor.defined() ? tensor.detach() : tensor);
  buffers_.insert(name, &slots_.back());
  if (!persistent) non_persistent_.push_back(name);
  return slots_.back();
}

void Module::add_module(const std::string& name, std::shared_ptr<Module> module) {
  check_name(name, "submodule");
  EMBER_CHECK(module != nullptr, this->name(), "submodule '", name, "' is null");
  children_.insert(name, std::move(module));
}

void Module::replace_module(const std::string& name, std::shared_ptr<Module> module) {
  EMBER_CHECK(children_.contains(name), this->name(), "no submodule '", name, "' to replace");
  children_.set(name, std::move(module));
}

// ---- the tree ----

std::vector<std::pair<std::string, Tensor>> Module::named_parameters(bool recurse) const {
  std::vector<std::pair<std::string, Tensor>> out;
  for (const auto& [name, slot] : parameters_)
    if (slot->defined()) out.emplace_back(name, *slot);
  if (recurse)
    for (const auto& [child_name, child] : children_)
      for (auto& [name, t] : child->named_parameters(true)) out.emplace_back(child_name + "." + name, t);
  // a tensor shared by two modules is listed once, under its first name
  std::vector<std::pair<std::string, Tensor>> unique;
  for (auto& item : out)
    if (std::none_of(unique.begin(), unique.end(), [&](const auto& u) { return u.second.is_same(item.second); }))
      unique.push_back(std::move(item));
  return unique;
}

TensorList Module::parameters(bool recurse) const {
  TensorList out;
  for (auto& [name, t] : named_parameters(recurse)) out.push_back(t);
  return out;
}

std::vector<std::pair<std::string, Tensor>> Module::named_buffers(bool recurse) const {
  std::vector<std::pair<std::string, Tensor>> out;
  for (const auto& [name, slot] : buffers_)
    if (slot->defined()) out.emplace_back(name, *slot);
  if (recurse)
    for (const auto& [child_name, child] : children_)
      for (auto& [name, t] : child->named_buffers(true)) out.emplace_back(child_name + "." + name, t);
  return out;
}

TensorList Module::buffers(bool recurse) const {
  TensorList out;
  for (auto& [name, t] : named_buffers(recurse)) out.push_back(t);
  return out;
}

std::vector<std::pair<std::string, std::shared_ptr<Module>>> Module::named_children() const {
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> out;
  for (const auto& [name, child] : children_) out.emplace_back(name, child);
  return out;
}

std::vector<std::shared_ptr<Module>> Module::children() const {
  std::vector<std::shared_ptr<Module>> out;
  for (const auto& [name, child] : children_) out.push_back(child);
  return out;
}

std::vector<std::pair<std::string, std::shared_ptr<Module>>> Module::named_modules(const std::string& prefix) {
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> out{{prefix, shared_from_this()}};
  for (const auto& [name, child] : children_)
    for (auto& item : child->named_modules(prefix.empty() ? name : prefix + "." + name)) out.push_back(item);
  return out;
}

std::vector<std::shared_ptr<Module>> Module::modules() {
  std::vector<std::shared_ptr<Module>> out;
  for (auto& [name, m] : named_modules()) out.push_back(m);
  return out;
}

// ---- modes and moves ----

void Module::train(bool on) {
  training_ = on;
  for (const auto& [name, child] : children_) child->train(on);
}

void Module::apply(const std::function<void(Module&)>& fn) {
  for (const auto& [name, child] : children_) child->apply(fn);
  fn(*this);
}

void Module::to(Device device) { convert(device, std::nullopt); }
void Module::to(ScalarType dtype) { convert(std::nullopt, dtype); }
void Module::to(Device device, ScalarType dtype) { convert(device, dtype); }

void Module::convert(std::optional<Device> device, std::optional<ScalarType> dtype) {
  NoGradGuard no_grad;
  auto move = [&](Tensor& slot) {
    if (!slot.defined()) return;
    ScalarType target = dtype && slot.is_floating_point() ? *dtype : slot.scalar_type();
    Device where = device.value_or(slot.device());
    if (target == slot.scalar_type() && where == slot.device()) return;
    slot.set_data(slot.to(where, target));
    if (slot.grad().defined()) slot.mutable_grad().set_data(slot.grad().to(where, target));
  };
  apply([&](Module& m) {
    for (auto& [name, slot] : m.parameters_) move(*slot);
    for (auto& [name, slot] : m.buffers_) move(*slot);
  });
}

void Module::zero_grad(bool set_to_none) {
  for (Tensor& p : parameters()) {
    Tensor& g = p.mutable_grad();
    if (!g.defined()) continue;
    if (set_to_none) {
      g = Tensor();
    } else {
      NoGradGuard no_grad;
      g = g.detach();
      g.zero_();
    }
  }
}

void Module::requires_grad_(bool requires_grad) {
  for (Tensor& p : parameters()) p.requires_grad_(requires_grad);
}

// ---- weights ----

StateDict Module::state_dict() const {
  // PyTorch's order: each module's parameters, then its buffers, then its
  // children's entries. A tensor shared by two modules (tied weights) is
  // saved under both names, as PyTorch does and load_state_dict expects.
  StateDict dict;
  std::function<void(const Module&, const std::string&)> add = [&](const Module& m, const std::string& prefix) {
    for (const auto& [name, slot] : m.parameters_)
      if (slot->defined()) dict.insert(prefix + name, slot->detach());
    for (const auto& [name, slot] : m.buffers_) {
      bool persistent = std::find(m.non_persistent_.begin(), m.non_persistent_.end(), name) == m.non_persistent_.end();
      if (slot->defined() && persistent) dict.insert(prefix + name, slot->detach());
    }
    for (const auto& [name, child] : m.children_) add(*child, prefix + name + ".");
  };
  add(*this, "");
  return dict;
}

LoadResult Module::load_state_dict(const StateDict& dict, bool strict) {
  LoadResult result;
  std::vector<std::string> mismatched;
  std::vector<std::pair<Tensor*, const Tensor*>> copies;
  std::vector<std::string> seen;
  std::function<void(Module&, const std::string&)> walk = [&](Module& m, const std::string& prefix) {
    auto visit = [&](const std::string& name, Tensor* slot) {
      if (!slot->defined()) return;
      std::string key = prefix + name;
      const Tensor* value = dict.find(key);
      if (value == nullptr) {
        result.missing_keys.push_back(key);
        return;
      }
      seen.push_back(key);
      if (value->sizes() != slot->sizes()) {
        mismatched.push_back(key + ": checkpoint " + shape_str(value->sizes()) + ", model " + shape_str(slot->sizes()));
        return;
      }
      copies.emplace_back(slot, value);
    };
    for (auto& [name, slot] : m.parameters_) visit(name, slot);
    for (auto& [name, slot] : m.buffers_)
      if (std::find(m.non_persistent_.begin(), m.non_persistent_.end(), name) == m.non_persistent_.end())
        visit(name, slot);
    for (const auto& [name, child] : m.children_) walk(*child, prefix + name + ".");
  };
  walk(*this, "");
  for (const auto& [key, value] : dict)
    if (std::find(seen.begin(), seen.end(), key) == seen.end() &&
        std::find(result.missing_keys.begin(), result.missing_keys.end(), key) == result.missing_keys.end())
      result.unexpected_keys.push_back(key);
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const std::string& k : v) s += (s.empty() ? "" : ", ") + k;
    return s;
  };
  EMBER_CHECK(mismatched.empty(), "load_state_dict", "size mismatch for ", join(mismatched));
  EMBER_CHECK(!strict || (result.missing_keys.empty() && result.unexpected_keys.empty()), "load_state_dict",
              "error(s) in loading state_dict for ", name(), ": missing keys [", join(result.missing_keys),
              "], unexpected keys [", join(result.unexpected_keys), "]");
  NoGradGuard no_grad;
  for (auto& [slot, value] : copies) slot->copy_(*value);  // in place: optimizers keep their references
  return result;
}

// ---- printing ----

void Module::print(std::ostream& os, int indent) const {
  os << name() << "(" << extra_repr();
  if (children_.empty()) {
    os << ")";
    return;
  }
  os << "\n";
  std::string pad(static_cast<size_t>(indent + 2), ' ');
  for (const auto& [child_name, child] : children_) {
    os << pad << "(" << child_name << "): ";
    child->print(os, indent + 2);
    os << "\n";
  }
  os << std::string(static_cast<size_t>(indent), ' ') << ")";
}

std::ostream& operator<<(std::ostream& os, const Module& m) {
  m.print(os, 0);
  return os;
}

}  // namespace ember::nn
