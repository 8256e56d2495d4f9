// torch_load.cpp — a torch.save archive into a StateDict (see torch_load.h):
// find the archive's folder, check its version and byte order, run data.pkl
// through the restricted unpickler with a storage loader reading data/<key>,
// and turn the resulting dict of tensors into a StateDict.
#include "nn/torch_load.h"

#include <fstream>
#include <map>

#include "core/ops.h"
#include "nn/torch_pickle.h"
#include "nn/zip_reader.h"

namespace ember::nn {

namespace {

constexpr const char* kOp = "load_torch";
using Kind = PickleValue::Kind;

// torch < 1.6 (and _use_new_zipfile_serialization=False) wrote a bare pickle
// stream, which starts with the PROTO opcode 0x80 and a protocol number.
void refuse_legacy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EMBER_CHECK(f.good(), kOp, "cannot open '", path, "'");
  unsigned char head[2] = {0, 0};
  f.read(reinterpret_cast<char*>(head), 2);
  EMBER_CHECK(!(head[0] == 0x80 && head[1] >= 1 && head[1] <= 5), kOp, path,
              ": this is a legacy (pre-1.6, non-zip) torch.save file, which is not supported; re-save it with "
              "torch >= 1.6 and the default _use_new_zipfile_serialization=True");
}

// The archive's folder is the first entry's top-level directory; every
// entry must be inside it.
std::string archive_prefix(const ZipReader& zip) {
  const std::string& path = zip.path();
  EMBER_CHECK(!zip.entries().empty(), kOp, path, ": the zip archive is empty");
  const std::string& first = zip.entries().front().name;
  size_t slash = first.find('/');
  EMBER_CHECK(slash != std::string::npos && slash > 0, kOp, path, ": entry '", first,
              "' is not inside an archive folder; not a torch.save file");
  std::string prefix = first.substr(0, slash + 1);
  for (const ZipReader::Entry& e : zip.entries())
    EMBER_CHECK(e.name.rfind(prefix, 0) == 0, kOp, path, ": entry '", e.name, "' is outside the archive folder '",
                prefix, "'");
  EMBER_CHECK(zip.find(prefix + "data.pkl") != nullptr, kOp, path, ": no '", prefix,
              "data.pkl' entry; not a torch.save file");
  return prefix;
}

// version: a decimal number and a newline ("3\n" from torch 1.6 on; newer
// torch writes it to .data/version). byteorder, when present: "little".
void check_format(ZipReader& zip, const std::string& prefix) {
  const std::string& path = zip.path();
  std::string name = prefix + (zip.find(prefix + "version") ? "version" : ".data/version");
  EMBER_CHECK(zip.find(name) != nullptr, kOp, path, ": no '", prefix, "version' entry; not a torch.save file");
  const ZipReader::Entry& entry = *zip.find(name);
  EMBER_CHECK(entry.size <= 32, kOp, path, ": '", name, "' holds ", entry.size, " bytes, not a version number");
  std::string version = zip.read(name);
  while (!version.empty() && (version.back() == '\n' || version.back() == '\r')) version.pop_back();
  bool digits = !version.empty() && version.size() <= 9 && version.find_first_not_of("0123456789") == std::string::npos;
  EMBER_CHECK(digits && std::stoi(version) >= 1, kOp, path, ": '", name, "' holds '", version,
              "', not a format version");
  if (const ZipReader::Entry* order = zip.find(prefix + "byteorder")) {
    EMBER_CHECK(order->size <= 16, kOp, path, ": '", prefix, "byteorder' holds ", order->size, " bytes");
    std::string value = zip.read(order->name);
    EMBER_CHECK(value != "big", kOp, path,
                ": the file was written on a big-endian machine; only little-endian "
                "files are supported");
    EMBER_CHECK(value == "little", kOp, path, ": '", prefix, "byteorder' holds '", value, "', expected 'little'");
  }
}

// the dict at the root, or the one under `key` in it
const PickleValue& select(const PickleValue& root, const std::string& key, const std::string& path) {
  EMBER_CHECK(root.kind == Kind::Dict, kOp, path, ": the file holds ", describe(root.kind),
              ", not a state_dict (a dict of tensors)");
  if (key.empty()) return root;
  std::string keys;
  for (const auto& [k, v] : root.container->entries) {
    if (k.kind != Kind::String) continue;
    if (*k.text == key) {
      EMBER_CHECK(v.kind == Kind::Dict, kOp, path, ": '", key, "' holds ", describe(v.kind), ", not a state_dict");
      return v;
    }
    keys += (keys.empty() ? "'" : ", '") + *k.text + "'";
  }
  EMBER_FAIL(kOp, path, ": no key '", key, "' in the file's dict (its keys: ", keys, ")");
}

StateDict to_state_dict(const PickleValue& dict, const std::string& path, bool selected) {
  StateDict out;
  for (const auto& [k, v] : dict.container->entries) {
    EMBER_CHECK(k.kind == Kind::String, kOp, path, ": a state_dict key is ", describe(k.kind), ", not a string");
    const std::string& name = *k.text;
    EMBER_CHECK(
        v.kind == Kind::Tensor, kOp, path, ": entry '", name, "' is ", describe(v.kind), ", not a tensor",
        selected || v.kind != Kind::Dict ? "" : " (a checkpoint? pick its state_dict with key = '" + name + "')");
    EMBER_CHECK(!out.contains(name), kOp, path, ": key '", name, "' appears twice");
    out.insert(name, v.tensor);
  }
  return out;
}

}  // namespace

StateDict load_torch_state_dict(const std::string& path, const std::string& key) {
  refuse_legacy(path);
  ZipReader zip(path);
  const std::string prefix = archive_prefix(zip);
  check_format(zip, prefix);
  const std::string pickle = zip.read(prefix + "data.pkl");

  // each storage is read once, however many tensors view it
  std::map<std::string, Tensor> storages;
  auto load_storage = [&](const std::string& storage_key, ScalarType dtype, int64_t numel) {
    auto it = storages.find(storage_key);
    if (it != storages.end()) {
      EMBER_CHECK(it->second.scalar_type() == dtype && it->second.numel() == numel, kOp, path, ": storage '",
                  storage_key, "' is declared twice with different dtypes or sizes");
      return it->second;
    }
    const std::string name = prefix + "data/" + storage_key;
    const ZipReader::Entry* entry = zip.find(name);
    EMBER_CHECK(entry != nullptr, kOp, path, ": storage '", storage_key, "' has no entry '", name, "'");
    uint64_t bytes = 0;
    EMBER_CHECK(
        !__builtin_mul_overflow(static_cast<uint64_t>(numel), element_size(dtype), &bytes) && entry->size == bytes, kOp,
        path, ": storage '", storage_key, "' should hold ", numel, " elements of ", dtype, " but its entry has ",
        entry->size, " bytes");
    Tensor t = empty({numel}, dtype);
    zip.read(*entry, t.data_ptr());
    if (dtype == kBool) {  // only 0 and 1 are valid bools
      auto* p = static_cast<unsigned char*>(t.data_ptr());
      for (int64_t i = 0; i < numel; ++i) p[i] = p[i] != 0;
    }
    storages.emplace(storage_key, t);
    return t;
  };
  TorchUnpickler unpickler(pickle, path + ": " + prefix + "data.pkl", load_storage);
  return to_state_dict(select(unpickler.load(), key, path), path, !key.empty());
}

LoadResult load_torch(Module& module, const std::string& path, bool strict, const std::string& key) {
  return module.load_state_dict(load_torch_state_dict(path, key), strict);
}

}  // namespace ember::nn
