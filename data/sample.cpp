// sample.cpp — Sample's checked accessors and printing.
#include "data/sample.h"

#include <ostream>

namespace ember::data {

const char* kind_name(Sample::Kind kind) {
  switch (kind) {
    case Sample::Kind::None: return "none";
    case Sample::Kind::Tensor: return "tensor";
    case Sample::Kind::Int: return "int";
    case Sample::Kind::Double: return "double";
    case Sample::Kind::String: return "string";
    case Sample::Kind::List: return "list";
    case Sample::Kind::Dict: return "dict";
    case Sample::Kind::Object: return "object";
  }
  return "?";
}

namespace {
template <class T, class Variant>
const T& get_as(const Variant& v, Sample::Kind actual, const char* wanted) {
  const T* p = std::get_if<T>(&v);
  EMBER_CHECK(p != nullptr, "Sample", "asked for a ", wanted, " but the sample holds a ", kind_name(actual));
  return *p;
}
}  // namespace

const Tensor& Sample::tensor() const { return get_as<Tensor>(value_, kind(), "tensor"); }

int64_t Sample::to_int() const {
  if (is_tensor()) {
    EMBER_CHECK(tensor().numel() == 1, "Sample", "to_int() on a tensor of ", tensor().numel(), " elements");
    return tensor().item<int64_t>();
  }
  return get_as<int64_t>(value_, kind(), "int");
}

double Sample::to_double() const {
  if (is_int()) return static_cast<double>(to_int());
  if (is_tensor()) {
    EMBER_CHECK(tensor().numel() == 1, "Sample", "to_double() on a tensor of ", tensor().numel(), " elements");
    return tensor().item<double>();
  }
  return get_as<double>(value_, kind(), "double");
}

const std::string& Sample::str() const { return get_as<std::string>(value_, kind(), "string"); }
const Sample::List& Sample::list() const { return get_as<List>(value_, kind(), "list"); }
Sample::List& Sample::list() { return const_cast<List&>(std::as_const(*this).list()); }
const Sample::Dict& Sample::dict() const { return get_as<Dict>(value_, kind(), "dict"); }
Sample::Dict& Sample::dict() { return const_cast<Dict&>(std::as_const(*this).dict()); }
const std::any& Sample::any() const { return get_as<std::any>(value_, kind(), "object"); }

void Sample::bad_object_type(const char* wanted) const {
  EMBER_FAIL("Sample", "the object holds a ", any().type().name(), ", not a ", wanted);
}

const Sample& Sample::at(size_t i) const {
  const List& items = list();
  EMBER_CHECK(i < items.size(), "Sample", "index ", i, " is out of range for a list of ", items.size());
  return items[i];
}

const Sample& Sample::operator[](const std::string& key) const {
  const Dict& fields = dict();
  auto it = fields.find(key);
  if (it == fields.end()) {
    std::string keys;
    for (const auto& [k, v] : fields) keys += (keys.empty() ? "" : ", ") + k;
    EMBER_FAIL("Sample", "no field '", key, "' (the dict has: ", keys, ")");
  }
  return it->second;
}

bool Sample::contains(const std::string& key) const { return dict().count(key) > 0; }

size_t Sample::size() const {
  if (is_list()) return list().size();
  if (is_dict()) return dict().size();
  EMBER_FAIL("Sample", "size() of a ", kind_name(kind()), " (only lists and dicts have items)");
}

std::ostream& operator<<(std::ostream& os, const Sample& s) {
  switch (s.kind()) {
    case Sample::Kind::None: return os << "None";
    case Sample::Kind::Tensor:
      return os << "Tensor" << shape_str(s.tensor().sizes()) << " " << dtype_name(s.tensor().scalar_type());
    case Sample::Kind::Int: return os << s.to_int();
    case Sample::Kind::Double: return os << s.to_double();
    case Sample::Kind::String: return os << '"' << s.str() << '"';
    case Sample::Kind::List: {
      os << "(";
      for (size_t i = 0; i < s.size(); ++i) os << (i ? ", " : "") << s[i];
      return os << ")";
    }
    case Sample::Kind::Dict: {
      os << "{";
      bool first = true;
      for (const auto& [k, v] : s.dict()) {
        os << (first ? "" : ", ") << k << ": " << v;
        first = false;
      }
      return os << "}";
    }
    case Sample::Kind::Object: return os << "<object>";
  }
  return os;
}

}  // namespace ember::data
