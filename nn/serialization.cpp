// serialization.cpp — the safetensors format (see serialization.h).
//
//   [8 bytes]  N, little-endian uint64
//   [N bytes]  JSON: {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...,
//                     "__metadata__": {"key": "value"}}  (padded with spaces to 8 bytes)
//   [rest]     the tensors' bytes; data_offsets are relative to the start of this part
#include "nn/serialization.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/ops.h"

namespace ember::nn {

namespace {

constexpr uint64_t kMaxHeader = 100u << 20;  // the limit Hugging Face's reader enforces

const char* st_dtype(ScalarType t) {
  switch (t) {
    case kBool: return "BOOL";
    case kUInt8: return "U8";
    case kInt8: return "I8";
    case kInt32: return "I32";
    case kInt64: return "I64";
    case kFloat16: return "F16";
    case kBFloat16: return "BF16";
    case kFloat32: return "F32";
    case kFloat64: return "F64";
  }
  return "";
}

ScalarType from_st_dtype(const std::string& s, const std::string& path, const std::string& name) {
  for (ScalarType t : {kBool, kUInt8, kInt8, kInt32, kInt64, kFloat16, kBFloat16, kFloat32, kFloat64})
    if (s == st_dtype(t)) return t;
  EMBER_FAIL("load_safetensors", path, ": tensor '", name, "' has unsupported dtype '", s, "'");
}

}  // namespace

void save_safetensors(const std::string& path, const StateDict& tensors, const Metadata& metadata) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<Tensor> data;
  uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {
    EMBER_CHECK(t.defined(), "save_safetensors", "tensor '", name, "' is undefined");
    EMBER_CHECK(name != "__metadata__", "save_safetensors", "'__metadata__' is reserved");
    Tensor c = t.detach().to(Device::cpu()).contiguous();
    uint64_t bytes = c.nbytes();
    header[name] = {{"dtype", st_dtype(c.scalar_type())}, {"shape", c.sizes().vec()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(c);
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // keep the data 8-byte aligned
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    EMBER_CHECK(f.good(), "save_safetensors", "cannot open '", tmp, "' for writing");
    uint64_t n = text.size();
    unsigned char len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
    f.write(reinterpret_cast<const char*>(len), 8);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const Tensor& c : data) f.write(static_cast<const char*>(c.data_ptr()), static_cast<std::streamsize>(c.nbytes()));
    EMBER_CHECK(f.good(), "save_safetensors", "write to '", tmp, "' failed");
  }
  EMBER_CHECK(std::rename(tmp.c_str(), path.c_str()) == 0, "save_safetensors", "cannot rename '", tmp, "' to '", path,
              "'");
}

StateDict load_safetensors(const std::string& path, Metadata* metadata) {
  const char* op = "load_safetensors";
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  EMBER_CHECK(f.good(), op, "cannot open '", path, "'");
  const uint64_t file_size = static_cast<uint64_t>(f.tellg());
  f.seekg(0);
  EMBER_CHECK(file_size >= 8, op, path, ": too small to be a safetensors file (", file_size, " bytes)");
  unsigned char len[8];
  f.read(reinterpret_cast<char*>(len), 8);
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= static_cast<uint64_t>(len[i]) << (8 * i);
  EMBER_CHECK(n <= kMaxHeader && n <= file_size - 8, op, path, ": header length ", n, " exceeds the file size ",
              file_size, " or the 100 MB limit");
  std::string text(n, '\0');
  f.read(text.data(), static_cast<std::streamsize>(n));
  EMBER_CHECK(f.good(), op, path, ": truncated header");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    EMBER_FAIL(op, path, ": the header is not valid JSON (", e.what(), ")");
  }
  EMBER_CHECK(header.is_object(), op, path, ": the header must be a JSON object");
  const uint64_t data_size = file_size - 8 - n;

  struct Entry {
    std::string name;
    ScalarType dtype;
    Shape shape;
    uint64_t begin, end;
  };
  std::vector<Entry> entries;
  for (auto& [name, info] : header.items()) {
    if (name == "__metadata__") {
      EMBER_CHECK(info.is_object(), op, path, ": __metadata__ must be an object of strings");
      for (auto& [k, v] : info.items()) {
        EMBER_CHECK(v.is_string(), op, path, ": __metadata__ value of '", k, "' is not a string");
        if (metadata) (*metadata)[k] = v.get<std::string>();
      }
      continue;
    }
    EMBER_CHECK(info.is_object() && info.contains("dtype") && info.contains("shape") && info.contains("data_offsets"),
                op, path, ": tensor '", name, "' needs dtype, shape and data_offsets");
    const auto& dt = info["dtype"];
    const auto& shape = info["shape"];
    const auto& offsets = info["data_offsets"];
    EMBER_CHECK(dt.is_string() && shape.is_array() && offsets.is_array() && offsets.size() == 2, op, path,
                ": tensor '", name, "' has a malformed entry");
    Entry e{name, from_st_dtype(dt.get<std::string>(), path, name), {}, 0, 0};
    uint64_t numel = 1;
    for (const auto& d : shape) {
      EMBER_CHECK(d.is_number_unsigned(), op, path, ": tensor '", name, "' has a bad dimension in its shape");
      uint64_t v = d.get<uint64_t>();
      EMBER_CHECK(v < (uint64_t{1} << 62) && !__builtin_mul_overflow(numel, v, &numel), op, path, ": tensor '",
                  name, "' has a shape too large to exist");
      e.shape.push_back(static_cast<int64_t>(v));
    }
    for (const auto& o : offsets)
      EMBER_CHECK(o.is_number_unsigned(), op, path, ": tensor '", name, "' has a bad data offset");
    e.begin = offsets[0].get<uint64_t>();
    e.end = offsets[1].get<uint64_t>();
    uint64_t bytes = 0;
    EMBER_CHECK(!__builtin_mul_overflow(numel, element_size(e.dtype), &bytes), op, path, ": tensor '", name,
                "' is too large");
    EMBER_CHECK(e.begin <= e.end && e.end <= data_size, op, path, ": tensor '", name, "' has offsets [", e.begin,
                ", ", e.end, ") outside the ", data_size, " data bytes");
    EMBER_CHECK(e.end - e.begin == bytes, op, path, ": tensor '", name, "' declares shape ", shape_str(e.shape), " of ",
                e.dtype, " (", bytes, " bytes) but its offsets span ", e.end - e.begin, " bytes");
    entries.push_back(std::move(e));
  }
  // the tensors must tile the data exactly: no overlap, no gap
  std::vector<const Entry*> by_offset;
  for (const Entry& e : entries) by_offset.push_back(&e);
  std::sort(by_offset.begin(), by_offset.end(), [](const Entry* a, const Entry* b) { return a->begin < b->begin; });
  uint64_t expected = 0;
  for (const Entry* e : by_offset) {
    EMBER_CHECK(e->begin == expected, op, path, ": tensor '", e->name, "' starts at byte ", e->begin, ", expected ",
                expected, " (tensors overlap or leave a gap)");
    expected = e->end;
  }
  EMBER_CHECK(expected == data_size, op, path, ": the tensors cover ", expected, " of the ", data_size, " data bytes");

  StateDict dict;
  const uint64_t data_start = 8 + n;
  for (const Entry& e : entries) {
    Tensor t = empty(e.shape, e.dtype);
    f.seekg(static_cast<std::streamoff>(data_start + e.begin));
    f.read(static_cast<char*>(t.data_ptr()), static_cast<std::streamsize>(e.end - e.begin));
    EMBER_CHECK(f.good() || e.end == e.begin, op, path, ": read of tensor '", e.name, "' failed");
    if (e.dtype == kBool) {  // only 0 and 1 are valid bools
      auto* p = static_cast<unsigned char*>(t.data_ptr());
      for (int64_t i = 0; i < t.numel(); ++i) p[i] = p[i] != 0;
    }
    dict.insert(e.name, t);
  }
  return dict;
}

void save(const Module& module, const std::string& path, const Metadata& metadata) {
  save_safetensors(path, module.state_dict(), metadata);
}

LoadResult load(Module& module, const std::string& path, bool strict) {
  return module.load_state_dict(load_safetensors(path), strict);
}

}  // namespace ember::nn
