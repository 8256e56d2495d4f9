// io_npy.cpp — the .npy format (NumPy's NEP 1):
//
//   "\x93NUMPY" | major | minor | header length (u16 LE for v1, u32 LE for v2/3)
//   | header: a Python dict literal, e.g.
//     {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
//     padded with spaces and a final '\n' so the data starts at a multiple of 64
//   | raw data, C order (or Fortran order when fortran_order is True)
#include "core/io_npy.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/ops.h"
#include "core/ops_internal.h"

namespace ember {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;
constexpr uint32_t kMaxHeader = 1u << 20;  // NumPy itself refuses headers this large

std::string descr_of(ScalarType t) {
  switch (t) {
    case kBool: return "|b1";
    case kUInt8: return "|u1";
    case kInt8: return "|i1";
    case kInt32: return "<i4";
    case kInt64: return "<i8";
    case kFloat16: return "<f2";
    case kFloat32: return "<f4";
    case kFloat64: return "<f8";
    case kBFloat16: break;
  }
  EMBER_FAIL("save_npy", "bfloat16 has no NumPy dtype; convert with .to(ember::kFloat32) first");
}

// ---- a tiny parser for the header's dict literal ----
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& path) : s_(text), path_(path) {}

  void parse(std::string& descr, bool& fortran, Shape& shape) {
    bool have_descr = false, have_fortran = false, have_shape = false;
    expect('{');
    while (true) {
      skip_ws();
      if (peek() == '}') break;
      std::string key = string_literal();
      expect(':');
      skip_ws();
      if (key == "descr") {
        descr = string_literal();
        have_descr = true;
      } else if (key == "fortran_order") {
        fortran = boolean();
        have_fortran = true;
      } else if (key == "shape") {
        shape = tuple();
        have_shape = true;
      } else {
        fail("unexpected key '" + key + "'");
      }
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      skip_ws();
      if (peek() != '}') fail("expected ',' or '}'");
    }
    if (!have_descr || !have_fortran || !have_shape) fail("missing descr, fortran_order or shape");
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    EMBER_FAIL("load_npy", path_, ": malformed header (", what, " at offset ", pos_, ")");
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n')) ++pos_;
  }
  void expect(char c) {
    skip_ws();
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string string_literal() {
    skip_ws();
    char q = peek();
    if (q != '\'' && q != '"') fail("expected a string");
    size_t end = s_.find(q, pos_ + 1);
    if (end == std::string::npos) fail("unterminated string");
    std::string out = s_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    return out;
  }
  bool boolean() {
    if (s_.compare(pos_, 4, "True") == 0) {
      pos_ += 4;
      return true;
    }
    if (s_.compare(pos_, 5, "False") == 0) {
      pos_ += 5;
      return false;
    }
    fail("expected True or False");
  }
  Shape tuple() {
    expect('(');
    Shape out;
    while (true) {
      skip_ws();
      if (peek() == ')') {
        ++pos_;
        return out;
      }
      if (peek() < '0' || peek() > '9') fail("expected a dimension");
      int64_t v = 0;
      while (peek() >= '0' && peek() <= '9') {
        if (v > (INT64_MAX - 9) / 10) fail("dimension too large");
        v = v * 10 + (s_[pos_++] - '0');
      }
      if (peek() == 'L') ++pos_;  // Python 2 longs
      out.push_back(v);
      if (out.size() > 64) fail("too many dimensions");
      skip_ws();
      if (peek() == ',') ++pos_;
      else if (peek() != ')') fail("expected ',' or ')'");
    }
  }

  const std::string& s_;
  const std::string& path_;
  size_t pos_ = 0;
};

ScalarType dtype_from_descr(const std::string& descr, bool& swap, const std::string& path) {
  EMBER_CHECK(descr.size() >= 3, "load_npy", path, ": unsupported dtype '", descr, "'");
  char order = descr[0];
  std::string kind = descr.substr(1);
  EMBER_CHECK(order == '<' || order == '>' || order == '|' || order == '=', "load_npy", path,
              ": unsupported byte order in dtype '", descr, "'");
  swap = order == '>' && kind.size() == 2 && kind[1] != '1';
  if (kind == "b1") return kBool;
  if (kind == "u1") return kUInt8;
  if (kind == "i1") return kInt8;
  if (kind == "i4") return kInt32;
  if (kind == "i8") return kInt64;
  if (kind == "f2") return kFloat16;
  if (kind == "f4") return kFloat32;
  if (kind == "f8") return kFloat64;
  EMBER_FAIL("load_npy", path, ": dtype '", descr,
             "' has no ember equivalent (supported: b1, u1, i1, i4, i8, f2, f4, f8)");
}

}  // namespace

void save_npy(const std::string& path, const Tensor& t) {
  detail::check_defined("save_npy", t);
  std::string descr = descr_of(t.scalar_type());
  Tensor c = t.to(Device::cpu()).contiguous();
  std::ostringstream h;
  h << "{'descr': '" << descr << "', 'fortran_order': False, 'shape': (";
  for (int64_t d = 0; d < c.dim(); ++d) h << c.size(d) << (c.dim() == 1 ? "," : (d + 1 < c.dim() ? ", " : ""));
  h << "), }";
  std::string header = h.str();
  // pad so that magic + version + length + header is a multiple of 64
  size_t total = kMagicLen + 2 + 2 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  EMBER_CHECK(header.size() <= 65535, "save_npy", "header too long for shape ", shape_str(c.sizes()));

  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    EMBER_CHECK(f.good(), "save_npy", "cannot open '", tmp, "' for writing");
    f.write(kMagic, kMagicLen);
    const char version[2] = {1, 0};
    f.write(version, 2);
    uint16_t len = static_cast<uint16_t>(header.size());
    const char len_le[2] = {static_cast<char>(len & 0xff), static_cast<char>(len >> 8)};
    f.write(len_le, 2);
    f.write(header.data(), static_cast<std::streamsize>(header.size()));
    f.write(static_cast<const char*>(c.data_ptr()), static_cast<std::streamsize>(c.nbytes()));
    EMBER_CHECK(f.good(), "save_npy", "write to '", tmp, "' failed");
  }
  EMBER_CHECK(std::rename(tmp.c_str(), path.c_str()) == 0, "save_npy", "cannot rename '", tmp, "' to '", path, "'");
}

Tensor load_npy(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  EMBER_CHECK(f.good(), "load_npy", "cannot open '", path, "'");
  const int64_t file_size = static_cast<int64_t>(f.tellg());
  f.seekg(0);
  char magic[kMagicLen + 2] = {};
  f.read(magic, sizeof magic);
  EMBER_CHECK(f.good() && std::memcmp(magic, kMagic, kMagicLen) == 0, "load_npy", path,
              ": not a .npy file (bad magic)");
  int major = static_cast<unsigned char>(magic[6]);
  EMBER_CHECK(major >= 1 && major <= 3, "load_npy", path, ": unsupported format version ", major);
  uint32_t header_len = 0;
  unsigned char len_bytes[4] = {};
  f.read(reinterpret_cast<char*>(len_bytes), major == 1 ? 2 : 4);
  EMBER_CHECK(f.good(), "load_npy", path, ": truncated header");
  header_len = len_bytes[0] | len_bytes[1] << 8 | static_cast<uint32_t>(len_bytes[2]) << 16 |
               static_cast<uint32_t>(len_bytes[3]) << 24;
  const int64_t data_offset = static_cast<int64_t>(kMagicLen + 2 + (major == 1 ? 2 : 4)) + header_len;
  EMBER_CHECK(header_len <= kMaxHeader && data_offset <= file_size, "load_npy", path, ": header length ",
              header_len, " exceeds the file size ", file_size);
  std::string header(header_len, '\0');
  f.read(header.data(), header_len);
  EMBER_CHECK(f.good(), "load_npy", path, ": truncated header");

  std::string descr;
  bool fortran = false;
  Shape shape;
  HeaderParser(header, path).parse(descr, fortran, shape);
  bool swap = false;
  ScalarType dtype = dtype_from_descr(descr, swap, path);
  int64_t numel = 1;
  for (int64_t s : shape)
    EMBER_CHECK(!__builtin_mul_overflow(numel, s, &numel), "load_npy", path, ": shape ", shape_str(shape),
                " is too large");
  int64_t nbytes = 0;
  EMBER_CHECK(!__builtin_mul_overflow(numel, static_cast<int64_t>(element_size(dtype)), &nbytes), "load_npy", path,
              ": shape ", shape_str(shape), " is too large");
  EMBER_CHECK(file_size - data_offset >= nbytes, "load_npy", path, ": truncated data: shape ", shape_str(shape),
              " of ", dtype, " needs ", nbytes, " bytes, the file has ", file_size - data_offset);

  // Fortran order is C order of the reversed shape, transposed back
  Shape stored = shape;
  if (fortran) std::reverse(stored.begin(), stored.end());
  Tensor t = empty(stored, dtype);
  f.read(static_cast<char*>(t.data_ptr()), nbytes);
  EMBER_CHECK(f.good() || nbytes == 0, "load_npy", path, ": read failed");
  if (swap) {
    size_t es = element_size(dtype);
    auto* p = static_cast<unsigned char*>(t.data_ptr());
    for (int64_t i = 0; i < numel; ++i) std::reverse(p + i * es, p + (i + 1) * es);
  }
  if (dtype == kBool) {  // any non-zero byte is true; keep the bool invariant (0 or 1)
    auto* p = static_cast<unsigned char*>(t.data_ptr());
    for (int64_t i = 0; i < numel; ++i) p[i] = p[i] != 0;
  }
  if (fortran) {
    Shape perm;
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) perm.push_back(d);
    t = t.permute(perm).contiguous();
  }
  return t;
}

}  // namespace ember
