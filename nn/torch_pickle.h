// torch_pickle.h — TorchUnpickler: the restricted pickle machine that reads
// the data.pkl of a torch.save archive.
//
// A pickle is a program for a small stack machine: opcodes push values,
// build tuples, lists and dicts from them, remember values in a memo, and
// call functions named by GLOBAL opcodes. Python's pickle will call any
// function a file names, which is why loading an untrusted pickle is
// dangerous. This machine knows only the opcodes torch.save uses for a
// state_dict (pickle protocol 2), and GLOBAL may only name the few things a
// state_dict holds:
//   collections.OrderedDict                    -> an empty dict
//   torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)
//                                              -> a strided view of the storage
//   torch._utils._rebuild_parameter(tensor, requires_grad, hooks) -> the tensor
//   torch.FloatStorage, torch.LongStorage, ... -> storage types, naming a dtype
// Anything else is refused before it is looked at, let alone run. Tensor data
// is not in the pickle: a persistent id ('storage', torch.FloatStorage, key,
// location, numel) asks the caller's StorageLoader for it.
//
// Left out: pickle protocols above 2, NEWOBJ and the other opcodes a whole
// pickled nn.Module needs, tensor subclasses and quantized tensors.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace ember::nn {

struct PickleContainer;

/// A Python value as the machine builds it. Tuples, lists and dicts live in
/// the unpickler's arena and are referred to by pointer, so copying a value
/// is cheap (a memo fetch copies one) and a cycle a hostile file builds
/// cannot leak or recurse.
struct PickleValue {
  enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
  Kind kind = Kind::None;
  int64_t integer = 0;                      // Bool (0 or 1), Int
  double real = 0;                          // Float
  std::shared_ptr<const std::string> text;  // String; Global: "module.name"
  PickleContainer* container = nullptr;     // Tuple, List, Dict
  Tensor tensor;                            // Storage: its elements, 1-d; Tensor
};

struct PickleContainer {
  std::vector<PickleValue> items;                            // Tuple, List
  std::vector<std::pair<PickleValue, PickleValue>> entries;  // Dict, in insertion order
};

/// "an int", "a dict", ... for error messages.
const char* describe(PickleValue::Kind kind);

/// Returns a storage's `numel` elements of `dtype`, read from data/<key>.
using StorageLoader = std::function<Tensor(const std::string& key, ScalarType dtype, int64_t numel)>;

class TorchUnpickler {
 public:
  /// `bytes` must outlive the unpickler; `where` names the pickle in errors.
  TorchUnpickler(std::string_view bytes, std::string where, StorageLoader load_storage);
  /// Runs the program to its STOP; the result lives as long as the unpickler.
  const PickleValue& load();

 private:
  [[noreturn]] void fail(const std::string& message) const;
  const unsigned char* take(size_t n);
  uint64_t take_le(size_t n);
  std::string take_line();
  PickleValue& top();
  PickleValue pop();
  std::vector<PickleValue> pop_mark();
  PickleValue make(PickleValue::Kind kind);
  PickleValue find_class(const std::string& module, const std::string& name);
  PickleValue persistent_load(const PickleValue& pid);
  PickleValue reduce(const PickleValue& callable, const PickleValue& args);
  PickleValue rebuild_tensor(const std::vector<PickleValue>& args);

  std::string_view bytes_;
  std::string where_;
  StorageLoader load_storage_;
  size_t pos_ = 0, op_pos_ = 0;  // the read position and the current opcode's
  std::vector<PickleValue> stack_;
  std::vector<size_t> marks_;  // stack heights at each open MARK
  std::unordered_map<uint32_t, PickleValue> memo_;
  std::deque<PickleContainer> arena_;
  PickleValue result_;
};

}  // namespace ember::nn
