// sample.h — Sample: what a Dataset returns and what a DataLoader yields.
//
// In Python a dataset item is any object: a tensor, a (image, label) tuple, a
// dict of targets. Sample is that object tree for C++: a tensor, an integer,
// a float, a string, a list of Samples, a dict of named Samples, or a user
// object (any copyable C++ value). default_collate (collate.h) batches the
// tree like torch's default_collate: tensors stack, numbers become tensors,
// lists and dicts batch field by field.
//
//   Sample s = Sample::list({image, 3});   // (image, label)
//   Tensor x = s[0].tensor();  int64_t y = s[1].to_int();
//
// Left out: None values inside batches and Python's other containers (sets,
// named tuples); a list stands for a tuple.
#pragma once

#include <any>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <map>
#include <string>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

#include "core/tensor.h"

namespace ember::data {

class Sample {
 public:
  using List = std::vector<Sample>;
  using Dict = std::map<std::string, Sample>;
  enum class Kind { None, Tensor, Int, Double, String, List, Dict, Object };

  Sample() = default;
  Sample(ember::Tensor t) : value_(std::move(t)) {}
  template <class T>
    requires std::is_integral_v<T> && (!std::is_same_v<T, bool>)
  Sample(T v) : value_(static_cast<int64_t>(v)) {}
  Sample(double v) : value_(v) {}
  Sample(bool) = delete;  // no bool kind: say 0/1 or use a kBool tensor
  Sample(std::string s) : value_(std::move(s)) {}
  Sample(const char* s) : value_(std::string(s)) {}
  Sample(List items) : value_(std::move(items)) {}
  Sample(Dict fields) : value_(std::move(fields)) {}

  /// A list (a Python tuple): Sample::list({image, label}).
  static Sample list(std::initializer_list<Sample> items) { return Sample(List(items)); }
  /// A dict: Sample::dict({{"boxes", boxes}, {"labels", labels}}).
  static Sample dict(std::initializer_list<std::pair<const std::string, Sample>> fields) { return Sample(Dict(fields)); }
  /// Any copyable C++ value; read it back with object<T>().
  template <class T>
  static Sample object(T value) {
    Sample s;
    s.value_ = std::any(std::move(value));
    return s;
  }

  Kind kind() const { return static_cast<Kind>(value_.index()); }
  bool is_none() const { return kind() == Kind::None; }
  bool is_tensor() const { return kind() == Kind::Tensor; }
  bool is_int() const { return kind() == Kind::Int; }
  bool is_double() const { return kind() == Kind::Double; }
  bool is_string() const { return kind() == Kind::String; }
  bool is_list() const { return kind() == Kind::List; }
  bool is_dict() const { return kind() == Kind::Dict; }
  bool is_object() const { return kind() == Kind::Object; }

  // Accessors throw ember::Error naming the actual kind when it is another.
  const ember::Tensor& tensor() const;
  int64_t to_int() const;
  /// The number as a double (an Int converts).
  double to_double() const;
  const std::string& str() const;
  const List& list() const;
  List& list();
  const Dict& dict() const;
  Dict& dict();
  template <class T>
  const T& object() const {
    const T* p = std::any_cast<T>(&any());
    if (!p) bad_object_type(typeid(T).name());
    return *p;
  }

  /// Element i of a list (bounds checked).
  const Sample& at(size_t i) const;
  template <class I>
    requires std::is_integral_v<I>
  const Sample& operator[](I i) const {
    return at(static_cast<size_t>(i));
  }
  /// Field `key` of a dict (an error names the missing key).
  const Sample& operator[](const std::string& key) const;
  bool contains(const std::string& key) const;
  /// Items of a list or dict.
  size_t size() const;

 private:
  const std::any& any() const;
  [[noreturn]] void bad_object_type(const char* wanted) const;

  std::variant<std::monostate, ember::Tensor, int64_t, double, std::string, List, Dict, std::any> value_;
};

/// "tensor", "int", "list", ... (for error messages).
const char* kind_name(Sample::Kind kind);
/// Prints the tree: tensors as their shape and dtype, numbers and strings as values.
std::ostream& operator<<(std::ostream& os, const Sample& s);

}  // namespace ember::data
