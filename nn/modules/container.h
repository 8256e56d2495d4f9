// container.h — modules that hold other modules: Sequential (runs its
// children in order), ModuleList and ModuleDict (hold them for the user to
// call), and ParameterList/ParameterDict (hold parameters).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nn/module.h"

namespace ember::nn {

class Sequential : public Module {
 public:
  Sequential() : Module("Sequential") {}
  Sequential(std::initializer_list<std::shared_ptr<Module>> modules);
  /// Named children: Sequential({{"conv", conv}, {"relu", relu}})
  Sequential(std::initializer_list<std::pair<std::string, std::shared_ptr<Module>>> modules);

  Tensor forward(const Tensor& input) override;
  /// Appends under the next index name ("0", "1", ...).
  void push_back(std::shared_ptr<Module> module);
  void push_back(const std::string& name, std::shared_ptr<Module> module);
  std::shared_ptr<Module> operator[](size_t index) const;
  size_t size() const { return children().size(); }
};

class ModuleList : public Module {
 public:
  ModuleList() : Module("ModuleList") {}
  ModuleList(std::initializer_list<std::shared_ptr<Module>> modules);
  void push_back(std::shared_ptr<Module> module);
  std::shared_ptr<Module> operator[](size_t index) const;
  size_t size() const { return children().size(); }
  /// The children as a vector, for range-for loops.
  std::vector<std::shared_ptr<Module>> items() const { return children(); }
};

class ModuleDict : public Module {
 public:
  ModuleDict() : Module("ModuleDict") {}
  ModuleDict(std::initializer_list<std::pair<std::string, std::shared_ptr<Module>>> modules);
  void insert(const std::string& key, std::shared_ptr<Module> module);
  std::shared_ptr<Module> operator[](const std::string& key) const;
  bool contains(const std::string& key) const;
  size_t size() const { return children().size(); }
};

class ParameterList : public Module {
 public:
  ParameterList() : Module("ParameterList") {}
  ParameterList(std::initializer_list<Tensor> parameters);
  /// Registers `t` as parameter "<index>" and returns its slot.
  Tensor& append(Tensor t);
  Tensor& operator[](size_t index);
  size_t size() const { return slots_.size(); }

 private:
  std::vector<Tensor*> slots_;
};

class ParameterDict : public Module {
 public:
  ParameterDict() : Module("ParameterDict") {}
  Tensor& insert(const std::string& key, Tensor t);
  Tensor& operator[](const std::string& key);
  bool contains(const std::string& key) const { return slots_.contains(key); }
  size_t size() const { return slots_.size(); }

 private:
  OrderedDict<Tensor*> slots_;
};

}  // namespace ember::nn
