// container.cpp — Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict.
#include "nn/modules/container.h"

namespace ember::nn {

Sequential::Sequential(std::initializer_list<std::shared_ptr<Module>> modules) : Module("Sequential") {
  for (const auto& m : modules) push_back(m);
}

Sequential::Sequential(std::initializer_list<std::pair<std::string, std::shared_ptr<Module>>> modules)
    : Module("Sequential") {
  for (const auto& [name, m] : modules) push_back(name, m);
}

Tensor Sequential::forward(const Tensor& input) {
  Tensor x = input;
  for (const auto& m : children()) x = m->forward(x);
  return x;
}

void Sequential::push_back(std::shared_ptr<Module> module) { push_back(std::to_string(size()), std::move(module)); }
void Sequential::push_back(const std::string& name, std::shared_ptr<Module> module) { add_module(name, std::move(module)); }

std::shared_ptr<Module> Sequential::operator[](size_t index) const {
  auto all = children();
  EMBER_CHECK(index < all.size(), "Sequential", "index ", index, " is out of range for ", all.size(), " modules");
  return all[index];
}

ModuleList::ModuleList(std::initializer_list<std::shared_ptr<Module>> modules) : Module("ModuleList") {
  for (const auto& m : modules) push_back(m);
}

void ModuleList::push_back(std::shared_ptr<Module> module) { add_module(std::to_string(size()), std::move(module)); }

std::shared_ptr<Module> ModuleList::operator[](size_t index) const {
  auto all = children();
  EMBER_CHECK(index < all.size(), "ModuleList", "index ", index, " is out of range for ", all.size(), " modules");
  return all[index];
}

ModuleDict::ModuleDict(std::initializer_list<std::pair<std::string, std::shared_ptr<Module>>> modules)
    : Module("ModuleDict") {
  for (const auto& [name, m] : modules) insert(name, m);
}

void ModuleDict::insert(const std::string& key, std::shared_ptr<Module> module) {
  if (contains(key)) replace_module(key, std::move(module));
  else add_module(key, std::move(module));
}

bool ModuleDict::contains(const std::string& key) const {
  for (const auto& [name, m] : named_children())
    if (name == key) return true;
  return false;
}

std::shared_ptr<Module> ModuleDict::operator[](const std::string& key) const {
  for (const auto& [name, m] : named_children())
    if (name == key) return m;
  EMBER_FAIL("ModuleDict", "no module named '", key, "'");
}

ParameterList::ParameterList(std::initializer_list<Tensor> parameters) : Module("ParameterList") {
  for (const Tensor& t : parameters) append(t);
}

Tensor& ParameterList::append(Tensor t) {
  Tensor& slot = register_parameter(std::to_string(slots_.size()), std::move(t));
  slots_.push_back(&slot);
  return slot;
}

Tensor& ParameterList::operator[](size_t index) {
  EMBER_CHECK(index < slots_.size(), "ParameterList", "index ", index, " is out of range for ", slots_.size(),
              " parameters");
  return *slots_[index];
}

Tensor& ParameterDict::insert(const std::string& key, Tensor t) {
  Tensor& slot = register_parameter(key, std::move(t));
  slots_.insert(key, &slot);
  return slot;
}

Tensor& ParameterDict::operator[](const std::string& key) { return *slots_.at(key); }

}  // namespace ember::nn
