// ordered_dict.h — OrderedDict: a map that remembers insertion order, for
// parameters, buffers, submodules and state_dicts (whose order is part of
// their meaning: it is the order PyTorch writes and reads them in).
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.h"

namespace ember::nn {

template <class V>
class OrderedDict {
 public:
  using Item = std::pair<std::string, V>;

  /// Adds a new key; adding an existing key is an error.
  V& insert(std::string key, V value) {
    EMBER_CHECK(!contains(key), "OrderedDict", "key '", key, "' already exists");
    index_.emplace(key, items_.size());
    items_.emplace_back(std::move(key), std::move(value));
    return items_.back().second;
  }
  /// Adds or replaces.
  V& set(const std::string& key, V value) {
    if (auto it = index_.find(key); it != index_.end()) return items_[it->second].second = std::move(value);
    return insert(key, std::move(value));
  }
  bool contains(const std::string& key) const { return index_.count(key) > 0; }
  V& at(const std::string& key) {
    auto it = index_.find(key);
    EMBER_CHECK(it != index_.end(), "OrderedDict", "no key '", key, "'");
    return items_[it->second].second;
  }
  const V& at(const std::string& key) const { return const_cast<OrderedDict*>(this)->at(key); }
  V& operator[](const std::string& key) { return at(key); }
  const V* find(const std::string& key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &items_[it->second].second;
  }

  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  std::vector<std::string> keys() const {
    std::vector<std::string> k;
    for (const Item& i : items_) k.push_back(i.first);
    return k;
  }
  std::vector<V> values() const {
    std::vector<V> v;
    for (const Item& i : items_) v.push_back(i.second);
    return v;
  }

 private:
  std::vector<Item> items_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace ember::nn
