// torch_pickle.cpp — the opcodes of pickle protocol 2 that torch.save's
// state_dict pickles use, and the three functions they may call (see
// torch_pickle.h). Opcode semantics follow CPython's Lib/pickle.py.
#include "nn/torch_pickle.h"

#include <cstring>
#include <optional>

#include "core/ops.h"

namespace ember::nn {

namespace {

using Kind = PickleValue::Kind;
constexpr const char* kOp = "load_torch";

// pickle opcodes, by the byte that encodes them
enum Opcode : unsigned char {
  PROTO = 0x80, STOP = '.', MARK = '(',
  EMPTY_TUPLE = ')', TUPLE = 't', TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87,
  EMPTY_LIST = ']', APPEND = 'a', APPENDS = 'e', EMPTY_DICT = '}', SETITEM = 's', SETITEMS = 'u',
  NONE = 'N', NEWTRUE = 0x88, NEWFALSE = 0x89,
  BININT = 'J', BININT1 = 'K', BININT2 = 'M', LONG1 = 0x8a, BINFLOAT = 'G', BINUNICODE = 'X',
  BINPUT = 'q', LONG_BINPUT = 'r', BINGET = 'h', LONG_BINGET = 'j',
  GLOBAL = 'c', REDUCE = 'R', BUILD = 'b', BINPERSID = 'Q',
};

// The storage types torch.save names, and the dtype of their elements
// (int16 has no ember dtype, so ShortStorage is known but refused on use).
struct StorageType {
  const char* name;
  std::optional<ScalarType> dtype;
};
constexpr StorageType kStorageTypes[] = {
    {"FloatStorage", kFloat32}, {"DoubleStorage", kFloat64}, {"HalfStorage", kFloat16},
    {"BFloat16Storage", kBFloat16}, {"LongStorage", kInt64},  {"IntStorage", kInt32},
    {"ShortStorage", std::nullopt}, {"CharStorage", kInt8},  {"ByteStorage", kUInt8},
    {"BoolStorage", kBool},
};

const StorageType* storage_type(const std::string& global) {
  for (const StorageType& t : kStorageTypes)
    if (global == std::string("torch.") + t.name) return &t;
  return nullptr;
}

bool is(const PickleValue& v, Kind kind) { return v.kind == kind; }

const std::vector<PickleValue>& tuple_items(const PickleValue& v) { return v.container->items; }

}  // namespace

const char* describe(Kind kind) {
  switch (kind) {
    case Kind::None: return "None";
    case Kind::Bool: return "a bool";
    case Kind::Int: return "an int";
    case Kind::Float: return "a float";
    case Kind::String: return "a string";
    case Kind::Tuple: return "a tuple";
    case Kind::List: return "a list";
    case Kind::Dict: return "a dict";
    case Kind::Global: return "a class or function";
    case Kind::Storage: return "a storage";
    case Kind::Tensor: return "a tensor";
  }
  return "a value";
}

TorchUnpickler::TorchUnpickler(std::string_view bytes, std::string where, StorageLoader load_storage)
    : bytes_(bytes), where_(std::move(where)), load_storage_(std::move(load_storage)) {}

void TorchUnpickler::fail(const std::string& message) const {
  EMBER_FAIL(kOp, where_, " at byte ", op_pos_, ": ", message);
}

const unsigned char* TorchUnpickler::take(size_t n) {
  if (bytes_.size() - pos_ < n) fail("the pickle ends in the middle of an opcode (truncated?)");
  const auto* p = reinterpret_cast<const unsigned char*>(bytes_.data()) + pos_;
  pos_ += n;
  return p;
}

uint64_t TorchUnpickler::take_le(size_t n) {
  const unsigned char* p = take(n);
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

std::string TorchUnpickler::take_line() {
  size_t end = bytes_.find('\n', pos_);
  if (end == std::string_view::npos) fail("GLOBAL's name has no terminating newline");
  std::string line(bytes_.substr(pos_, end - pos_));
  pos_ = end + 1;
  return line;
}

PickleValue& TorchUnpickler::top() {
  size_t base = marks_.empty() ? 0 : marks_.back();
  if (stack_.size() <= base) fail("stack underflow");
  return stack_.back();
}

PickleValue TorchUnpickler::pop() {
  PickleValue v = std::move(top());
  stack_.pop_back();
  return v;
}

std::vector<PickleValue> TorchUnpickler::pop_mark() {
  if (marks_.empty()) fail("no MARK to collect items up to");
  auto first = stack_.begin() + static_cast<std::ptrdiff_t>(marks_.back());
  std::vector<PickleValue> items(std::make_move_iterator(first), std::make_move_iterator(stack_.end()));
  stack_.erase(first, stack_.end());
  marks_.pop_back();
  return items;
}

PickleValue TorchUnpickler::make(Kind kind) {
  PickleValue v;
  v.kind = kind;
  v.container = &arena_.emplace_back();
  return v;
}

PickleValue TorchUnpickler::find_class(const std::string& module, const std::string& name) {
  std::string global = module + "." + name;
  bool allowed = global == "collections.OrderedDict" || global == "torch._utils._rebuild_tensor_v2" ||
                 global == "torch._utils._rebuild_parameter" || storage_type(global) != nullptr;
  if (!allowed) {
    std::string hint;
    if (module.rfind("__torch__", 0) == 0)
      hint = " (this is a TorchScript archive from torch.jit.save; save model.state_dict() with torch.save instead)";
    else if (module.rfind("torch.nn", 0) == 0 || module == "__main__")
      hint = " (the file pickles a whole object, as torch.save(model) does; save model.state_dict() instead)";
    fail("refusing GLOBAL '" + global +
         "': a state_dict may only name collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
         "torch._utils._rebuild_parameter and torch's storage types" + hint);
  }
  PickleValue v;
  v.kind = Kind::Global;
  v.text = std::make_shared<const std::string>(std::move(global));
  return v;
}

// persistent id: ('storage', torch.<Type>Storage, key, location, numel);
// every storage goes to the CPU whatever its location (map_location='cpu').
PickleValue TorchUnpickler::persistent_load(const PickleValue& pid) {
  if (!is(pid, Kind::Tuple) || tuple_items(pid).size() != 5) fail("a persistent id must be a 5-tuple");
  const auto& f = tuple_items(pid);
  if (!is(f[0], Kind::String) || *f[0].text != "storage" || !is(f[1], Kind::Global) || !is(f[2], Kind::String) ||
      !is(f[3], Kind::String) || !is(f[4], Kind::Int))
    fail("a persistent id must be ('storage', <storage type>, key, location, numel)");
  const StorageType* type = storage_type(*f[1].text);
  if (type == nullptr) fail("'" + *f[1].text + "' is not a storage type");
  if (!type->dtype) fail("storage '" + *f[2].text + "' is an int16 torch.ShortStorage; ember has no int16 dtype");
  if (f[4].integer < 0) fail("storage '" + *f[2].text + "' has negative size " + std::to_string(f[4].integer));
  PickleValue v;
  v.kind = Kind::Storage;
  v.tensor = load_storage_(*f[2].text, *type->dtype, f[4].integer);
  return v;
}

PickleValue TorchUnpickler::reduce(const PickleValue& callable, const PickleValue& args) {
  if (!is(callable, Kind::Global)) fail(std::string("REDUCE calls ") + describe(callable.kind));
  if (!is(args, Kind::Tuple)) fail("REDUCE's arguments must be a tuple");
  const std::string& name = *callable.text;
  const auto& a = tuple_items(args);
  if (name == "collections.OrderedDict") {
    if (!a.empty()) fail("OrderedDict() takes no arguments here");
    return make(Kind::Dict);
  }
  if (name == "torch._utils._rebuild_tensor_v2") return rebuild_tensor(a);
  if (name == "torch._utils._rebuild_parameter") {  // (data, requires_grad, backward_hooks)
    if (a.size() != 3 || !is(a[0], Kind::Tensor) || !is(a[1], Kind::Bool) || !is(a[2], Kind::Dict))
      fail("_rebuild_parameter takes (tensor, requires_grad, backward_hooks)");
    return a[0];
  }
  fail("'" + name + "' cannot be called");
}

// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad,
// backward_hooks[, metadata]): the tensor whose element i0, i1, ... is
//   storage[storage_offset + i0 * stride[0] + i1 * stride[1] + ...]
// Before making the view, the furthest element it reaches,
//   storage_offset + sum_d (size[d] - 1) * stride[d],
// must lie inside the storage (checked without overflow).
PickleValue TorchUnpickler::rebuild_tensor(const std::vector<PickleValue>& a) {
  if ((a.size() != 6 && a.size() != 7) || !is(a[0], Kind::Storage) || !is(a[1], Kind::Int) ||
      !is(a[2], Kind::Tuple) || !is(a[3], Kind::Tuple) || !is(a[4], Kind::Bool) || !is(a[5], Kind::Dict))
    fail("_rebuild_tensor_v2 takes (storage, storage_offset, size, stride, requires_grad, backward_hooks)");
  if (!a[5].container->entries.empty()) fail("tensors with backward hooks are not supported");
  if (a.size() == 7 && !(is(a[6], Kind::Dict) && a[6].container->entries.empty()))
    fail("tensors with extra metadata are not supported");
  const Tensor& storage = a[0].tensor;
  auto ints = [&](const PickleValue& t, const char* what) {
    Shape out;
    for (const PickleValue& v : tuple_items(t)) {
      if (!is(v, Kind::Int)) fail(std::string("a tensor's ") + what + " must be a tuple of ints");
      out.push_back(v.integer);
    }
    return out;
  };
  const Shape size = ints(a[2], "size"), stride = ints(a[3], "stride");
  const int64_t offset = a[1].integer, storage_numel = storage.numel();
  const std::string layout =
      "size " + shape_str(size) + ", stride " + shape_str(stride) + ", offset " + std::to_string(offset);
  if (size.size() != stride.size()) fail("a tensor has " + layout + ": size and stride differ in length");
  for (size_t d = 0; d < size.size(); ++d)
    if (size[d] < 0 || stride[d] < 0) fail("a tensor has " + layout + ": negative sizes and strides are invalid");
  if (offset < 0 || offset > storage_numel)
    fail("a tensor has " + layout + ", outside its storage of " + std::to_string(storage_numel) + " elements");
  int64_t numel = 1, last = offset;
  bool overflow = false;
  for (size_t d = 0; d < size.size(); ++d) {
    int64_t reach = 0;
    overflow |= __builtin_mul_overflow(numel, size[d], &numel);
    if (size[d] > 0) overflow |= __builtin_mul_overflow(size[d] - 1, stride[d], &reach);
    overflow |= __builtin_add_overflow(last, reach, &last);
  }
  PickleValue v{Kind::Tensor};
  if (!overflow && numel == 0) {
    v.tensor = empty(size, storage.scalar_type());
    return v;
  }
  if (overflow || last >= storage_numel)
    fail("a tensor has " + layout + ", reaching past its storage of " + std::to_string(storage_numel) +
         " elements");
  v.tensor = storage.as_strided(size, stride, offset);
  return v;
}

const PickleValue& TorchUnpickler::load() {
  while (true) {
    op_pos_ = pos_;
    const unsigned char op = *take(1);
    switch (op) {
      case PROTO: {
        uint64_t version = take_le(1);
        if (version > 2)
          fail("pickle protocol " + std::to_string(version) + " is not supported (torch.save writes protocol 2)");
        break;
      }
      case STOP:
        if (!marks_.empty() || stack_.size() != 1) fail("STOP with an unbalanced stack (corrupt pickle)");
        if (pos_ != bytes_.size()) fail("bytes after STOP");
        result_ = std::move(stack_.back());
        stack_.clear();
        return result_;
      case MARK: marks_.push_back(stack_.size()); break;
      case EMPTY_TUPLE: stack_.push_back(make(Kind::Tuple)); break;
      case TUPLE1:
      case TUPLE2:
      case TUPLE3: {
        PickleValue t = make(Kind::Tuple);
        auto& items = t.container->items;
        items.resize(op - TUPLE1 + 1);
        for (auto it = items.rbegin(); it != items.rend(); ++it) *it = pop();
        stack_.push_back(std::move(t));
        break;
      }
      case TUPLE: {
        PickleValue t = make(Kind::Tuple);
        t.container->items = pop_mark();
        stack_.push_back(std::move(t));
        break;
      }
      case EMPTY_LIST: stack_.push_back(make(Kind::List)); break;
      case APPEND:
      case APPENDS: {
        std::vector<PickleValue> items;
        if (op == APPEND) items.push_back(pop());
        else items = pop_mark();
        PickleValue& list = top();
        if (!is(list, Kind::List)) fail(std::string("APPEND to ") + describe(list.kind));
        for (PickleValue& v : items) list.container->items.push_back(std::move(v));
        break;
      }
      case EMPTY_DICT: stack_.push_back(make(Kind::Dict)); break;
      case SETITEM:
      case SETITEMS: {
        std::vector<PickleValue> items;
        if (op == SETITEM) {
          PickleValue value = pop();
          items.push_back(pop());
          items.push_back(std::move(value));
        } else {
          items = pop_mark();
        }
        if (items.size() % 2 != 0) fail("SETITEMS with an odd number of items");
        PickleValue& dict = top();
        if (!is(dict, Kind::Dict)) fail(std::string("SETITEM on ") + describe(dict.kind));
        for (size_t i = 0; i < items.size(); i += 2)
          dict.container->entries.emplace_back(std::move(items[i]), std::move(items[i + 1]));
        break;
      }
      case NONE: stack_.push_back(PickleValue{}); break;
      case NEWTRUE:
      case NEWFALSE: stack_.push_back(PickleValue{Kind::Bool, op == NEWTRUE ? 1 : 0}); break;
      case BININT: stack_.push_back(PickleValue{Kind::Int, static_cast<int32_t>(take_le(4))}); break;
      case BININT1: stack_.push_back(PickleValue{Kind::Int, static_cast<int64_t>(take_le(1))}); break;
      case BININT2: stack_.push_back(PickleValue{Kind::Int, static_cast<int64_t>(take_le(2))}); break;
      case LONG1: {  // n bytes of little-endian two's complement
        uint64_t n = take_le(1);
        if (n > 8) fail("an integer of " + std::to_string(n) + " bytes does not fit in 64 bits");
        uint64_t v = take_le(n);
        if (n > 0 && n < 8 && (v >> (8 * n - 1)) != 0) v |= ~uint64_t{0} << (8 * n);  // sign-extend
        stack_.push_back(PickleValue{Kind::Int, static_cast<int64_t>(v)});
        break;
      }
      case BINFLOAT: {  // 8 bytes, big-endian IEEE double
        const unsigned char* p = take(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = bits << 8 | p[i];
        PickleValue v{Kind::Float};
        std::memcpy(&v.real, &bits, 8);
        stack_.push_back(std::move(v));
        break;
      }
      case BINUNICODE: {
        uint64_t n = take_le(4);
        const char* p = reinterpret_cast<const char*>(take(n));
        PickleValue v{Kind::String};
        v.text = std::make_shared<const std::string>(p, n);
        stack_.push_back(std::move(v));
        break;
      }
      case BINPUT:
      case LONG_BINPUT: {
        auto index = static_cast<uint32_t>(take_le(op == BINPUT ? 1 : 4));
        memo_[index] = top();
        break;
      }
      case BINGET:
      case LONG_BINGET: {
        auto index = static_cast<uint32_t>(take_le(op == BINGET ? 1 : 4));
        auto it = memo_.find(index);
        if (it == memo_.end()) fail("memo entry " + std::to_string(index) + " was never stored");
        stack_.push_back(it->second);
        break;
      }
      case GLOBAL: {
        std::string module = take_line();
        std::string name = take_line();
        stack_.push_back(find_class(module, name));
        break;
      }
      case REDUCE: {
        PickleValue args = pop();
        PickleValue callable = pop();
        stack_.push_back(reduce(callable, args));
        break;
      }
      case BUILD: {
        // torch only BUILDs an OrderedDict with its attributes ({'_metadata': ...},
        // the modules' versions); ember's state_dict has no attributes, so they are dropped
        PickleValue state = pop();
        const PickleValue& object = top();
        if (!is(object, Kind::Dict) || !is(state, Kind::Dict))
          fail(std::string("BUILD of ") + describe(object.kind) + " from " + describe(state.kind));
        break;
      }
      case BINPERSID: {
        PickleValue pid = pop();
        stack_.push_back(persistent_load(pid));
        break;
      }
      default: {
        static const char* hex = "0123456789abcdef";
        fail(std::string("opcode 0x") + hex[op >> 4] + hex[op & 15] +
             " is not one torch.save uses for a state_dict (corrupt file, or not a state_dict)");
      }
    }
  }
}

}  // namespace ember::nn
