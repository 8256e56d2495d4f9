// optimizer.cpp — parameter groups, zero_grad, step and state saving (see optimizer.h).
#include "optim/optimizer.h"

#include "autograd/grad_mode.h"
#include "core/ops.h"

namespace ember::optim {

Optimizer::Optimizer(std::string name, GroupOptions defaults)
    : name_(std::move(name)), defaults_(std::move(defaults)) {}

void Optimizer::add_param_groups(std::vector<ParamGroup> groups) {
  EMBER_CHECK(!groups.empty(), name_, "got an empty list of parameter groups");
  for (ParamGroup& g : groups) add_param_group(std::move(g));
}

void Optimizer::check_range(const GroupOptions& options, const std::string& key, double lo, double hi,
                            bool hi_open) const {
  double v = options.at(key);
  bool ok = v >= lo && (hi_open ? v < hi : v <= hi);
  EMBER_CHECK(ok, name_, "invalid ", key, " value: ", v);
}

void Optimizer::check_options(const GroupOptions& o) const {
  for (const char* key : {"lr", "eps", "weight_decay", "momentum"})
    if (o.count(key)) check_range(o, key, 0);
  for (const char* key : {"beta1", "beta2"})
    if (o.count(key)) check_range(o, key, 0, 1, /*hi_open=*/true);
}

void Optimizer::add_param_group(ParamGroup group) {
  EMBER_CHECK(!group.params.empty(), name_, "a parameter group has no parameters");
  for (const Tensor& p : group.params) {
    EMBER_CHECK(p.defined() && p.is_leaf(), name_, "can only optimize leaf tensors");
    EMBER_CHECK(p.is_floating_point(), name_, "can only optimize floating point tensors, got ", p.scalar_type());
    for (const ParamGroup& other : groups_)
      for (const Tensor& q : other.params)
        EMBER_CHECK(!q.is_same(p), name_, "some parameters appear in more than one parameter group");
  }
  for (const auto& [key, value] : group.options)
    EMBER_CHECK(defaults_.count(key), name_, "unknown option '", key, "'");
  for (const auto& [key, value] : defaults_) group.options.try_emplace(key, value);
  check_options(group.options);
  groups_.push_back(std::move(group));
}

Tensor Optimizer::step(const Closure& closure) {
  Tensor loss;
  if (closure) {
    EnableGradGuard grad_on;
    loss = closure();
  }
  NoGradGuard no_grad;
  for (ParamGroup& g : groups_) update(g);
  return loss;
}

void Optimizer::zero_grad(bool set_to_none) {
  for (ParamGroup& g : groups_)
    for (Tensor& p : g.params) {
      Tensor& grad = p.mutable_grad();
      if (!grad.defined()) continue;
      if (set_to_none) {
        grad = Tensor();
      } else {
        NoGradGuard no_grad;
        grad = grad.detach();
        grad.zero_();
      }
    }
}

Tensor& Optimizer::buffer(std::map<std::string, Tensor>& state, const std::string& name, const Tensor& param,
                          double initial_value) {
  Tensor& b = state[name];
  if (!b.defined()) b = full_like(param, initial_value);
  return b;
}

double Optimizer::increment_step(std::map<std::string, Tensor>& state) {
  Tensor& step = state["step"];
  if (!step.defined()) step = scalar_tensor(0.0, kFloat64);
  step.add_(1);
  return step.item<double>();
}

Tensor Optimizer::regularized_grad(const Tensor& param, const GroupOptions& options) {
  Tensor g = param.grad();
  auto maximize = options.find("maximize");
  if (maximize != options.end() && maximize->second != 0) g = g.neg();
  double weight_decay = options.at("weight_decay");
  if (weight_decay != 0) g = g.add(param, weight_decay);
  return g;
}

nn::StateDict Optimizer::state_dict() const {
  nn::StateDict dict;
  int64_t index = 0;
  for (size_t g = 0; g < groups_.size(); ++g) {
    for (const auto& [key, value] : groups_[g].options)
      dict.insert("param_groups." + std::to_string(g) + "." + key, scalar_tensor(value, kFloat64));
    for (const Tensor& p : groups_[g].params) {
      auto it = state_.find(p.impl());
      if (it != state_.end())
        for (const auto& [name, t] : it->second)
          dict.insert("state." + std::to_string(index) + "." + name, t.clone());
      ++index;
    }
  }
  return dict;
}

void Optimizer::check_state(const std::string& key, const Tensor& value, const Tensor& param) const {
  EMBER_CHECK(value.dim() == 0 || value.sizes() == param.sizes(), name_, "load_state_dict: state '", key,
              "' has shape ", shape_str(value.sizes()), " but its parameter has shape ", shape_str(param.sizes()));
}

void Optimizer::load_state_dict(const nn::StateDict& dict) {
  // Check everything first, so that a bad dict leaves the optimizer as it was.
  int64_t count = 0;
  for (const ParamGroup& g : groups_) count += static_cast<int64_t>(g.params.size());
  for (const auto& [key, t] : dict) {
    bool is_state = key.rfind("state.", 0) == 0, is_group = key.rfind("param_groups.", 0) == 0;
    EMBER_CHECK(is_state || is_group, name_, "load_state_dict: unexpected key '", key, "'");
    size_t start = is_state ? 6 : 13, dot = key.find('.', start);
    EMBER_CHECK(dot != std::string::npos && dot > start, name_, "load_state_dict: malformed key '", key, "'");
    int64_t i = 0;
    for (size_t c = start; c < dot; ++c) {
      EMBER_CHECK(key[c] >= '0' && key[c] <= '9' && i < (1 << 30), name_, "load_state_dict: malformed key '", key, "'");
      i = i * 10 + (key[c] - '0');
    }
    int64_t limit = is_state ? count : static_cast<int64_t>(groups_.size());
    EMBER_CHECK(i < limit, name_, "load_state_dict: '", key, "' refers to ", is_state ? "parameter " : "group ", i,
                " but the optimizer has ", limit);
    if (is_group) {
      std::string option = key.substr(dot + 1);
      EMBER_CHECK(t.numel() == 1, name_, "load_state_dict: option '", key, "' is not a scalar");
      EMBER_CHECK(groups_[i].options.count(option) || option == kInitialLr, name_, "load_state_dict: '", key,
                  "' is not an option of ", name_);
    }
  }
  for (size_t g = 0; g < groups_.size(); ++g)
    for (const auto& [key, value] : groups_[g].options) {
      std::string name = "param_groups." + std::to_string(g) + "." + key;
      EMBER_CHECK(dict.find(name) != nullptr || key == kInitialLr, name_, "load_state_dict: missing '", name,
                  "' (was the state saved from a different optimizer?)");
    }
  int64_t index = 0;
  std::map<TensorImpl*, std::map<std::string, Tensor>> restored;
  for (const ParamGroup& group : groups_)
    for (const Tensor& p : group.params) {
      std::string prefix = "state." + std::to_string(index++) + ".";
      for (const auto& [key, t] : dict) {
        if (key.rfind(prefix, 0) != 0) continue;
        check_state(key, t, p);
        // Buffers follow the parameter's device and dtype; 0-d counters stay float64.
        Tensor value = t.dim() == 0 ? t.to(p.device()).clone() : t.to(p.device(), p.scalar_type()).clone();
        restored[p.impl()][key.substr(prefix.size())] = value;
      }
    }
  for (size_t g = 0; g < groups_.size(); ++g) {
    std::string prefix = "param_groups." + std::to_string(g) + ".";
    for (auto& [key, value] : groups_[g].options)
      if (const Tensor* saved = dict.find(prefix + key)) value = saved->item<double>();
    if (const Tensor* saved = dict.find(prefix + kInitialLr)) groups_[g].options[kInitialLr] = saved->item<double>();
  }
  state_ = std::move(restored);
}

}  // namespace ember::optim
