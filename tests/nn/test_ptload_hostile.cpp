// test_ptload_hostile.cpp — corrupt and hostile .pt files get a clear
// ember::Error naming the file, never a crash, a hang or a call into
// anything. The cases are made here from the committed torch fixture (byte
// patches, truncations, hundreds of mutations) and from archives built by a
// small zip writer around hand-written pickles.
#include <cstring>

#include "nn/torch_load.h"
#include "nn/zip_reader.h"
#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;
using namespace std::string_literals;

namespace {

std::string fixture_pt(const std::string& name) { return std::string(EMBER_FIXTURES_DIR) + "/nn/ptload/" + name; }

void put(std::string& s, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s.push_back(static_cast<char>(v >> (8 * i)));
}

void patch(std::string& s, size_t at, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s[at + static_cast<size_t>(i)] = static_cast<char>(v >> (8 * i));
}

// A minimal zip writer: stored entries, no data descriptors, no zip64.
std::string zip_bytes(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out, cd;
  for (const auto& [name, data] : entries) {
    const uint64_t crc = nn::crc32(data.data(), data.size()), offset = out.size();
    put(out, 0x04034b50, 4);  // local header: version, flags, method, time, date
    put(out, 20, 2), put(out, 0, 2), put(out, 0, 2), put(out, 0, 4);
    put(out, crc, 4), put(out, data.size(), 4), put(out, data.size(), 4), put(out, name.size(), 2), put(out, 0, 2);
    out += name + data;
    put(cd, 0x02014b50, 4);  // central header: versions, flags, method, time, date
    put(cd, 20, 2), put(cd, 20, 2), put(cd, 0, 2), put(cd, 0, 2), put(cd, 0, 4);
    put(cd, crc, 4), put(cd, data.size(), 4), put(cd, data.size(), 4), put(cd, name.size(), 2);
    put(cd, 0, 2), put(cd, 0, 2), put(cd, 0, 2), put(cd, 0, 2), put(cd, 0, 4), put(cd, offset, 4);
    cd += name;
  }
  const uint64_t cd_offset = out.size();
  out += cd;
  put(out, 0x06054b50, 4), put(out, 0, 2), put(out, 0, 2), put(out, entries.size(), 2), put(out, entries.size(), 2);
  put(out, cd.size(), 4), put(out, cd_offset, 4), put(out, 0, 2);
  return out;
}

// A torch.save-shaped archive around `pickle`, with storage "0" holding `storage`.
std::string pt_bytes(const std::string& pickle, const std::string& storage = std::string(24, '\0'),
                     const std::string& version = "3\n") {
  return zip_bytes({{"archive/data.pkl", pickle}, {"archive/data/0", storage}, {"archive/version", version}});
}

// pickle pieces: BINUNICODE, and ints as LONG1 with 8 bytes (any int64)
std::string str(const std::string& s) {
  std::string out = "X";
  put(out, s.size(), 4);
  return out + s;
}
std::string int64(int64_t v) {
  std::string out = "\x8a\x08";
  put(out, static_cast<uint64_t>(v), 8);
  return out;
}
std::string ints(const std::vector<int64_t>& v) {
  std::string out = "(";
  for (int64_t x : v) out += int64(x);
  return out + "t";
}

// 'name', _rebuild_tensor_v2(<storage '0' of `type`, numel>, offset, size, stride, False, OrderedDict())
std::string tensor_item(const std::string& name, int64_t numel, int64_t offset, const std::vector<int64_t>& size,
                        const std::vector<int64_t>& stride, const std::string& type = "FloatStorage") {
  return str(name) + "ctorch._utils\n_rebuild_tensor_v2\n((" + str("storage") + "ctorch\n" + type + "\n" + str("0") +
         str("cpu") + int64(numel) + "tQ" + int64(offset) + ints(size) + ints(stride) + "\x89" +
         "ccollections\nOrderedDict\n)RtR";
}

// {'w': that tensor}
std::string tensor_pickle(int64_t numel, int64_t offset, const std::vector<int64_t>& size,
                          const std::vector<int64_t>& stride, const std::string& type = "FloatStorage") {
  return "\x80\x02}(" + tensor_item("w", numel, offset, size, stride, type) + "u.";
}

// Writes `bytes` and expects load_torch_state_dict to throw an ember::Error
// that names the file and contains `error`.
void refused(const std::string& bytes, const std::string& error) {
  const std::string path = testing::temp_dir() + "/hostile.pt";
  testing::write_bytes(path, bytes);
  REQUIRE_THROWS_WITH(nn::load_torch_state_dict(path), Contains(path) && Contains(error));
}

// The offset of the k-th central directory header of a fixture (no comment, so the EOCD is the last 22 bytes).
size_t central_header(const std::string& bytes, int k) {
  size_t at = static_cast<unsigned char>(bytes[bytes.size() - 6]) |
              static_cast<size_t>(static_cast<unsigned char>(bytes[bytes.size() - 5])) << 8 |
              static_cast<size_t>(static_cast<unsigned char>(bytes[bytes.size() - 4])) << 16;
  for (int i = 0; i <= k; ++i) at = bytes.find("PK\x01\x02", i == 0 ? at : at + 4);
  return at;
}

// Loads or throws ember::Error naming the file; anything else fails the test.
// Returns whether it loaded.
bool loads_or_refuses(const std::string& bytes, const std::string& path) {
  testing::write_bytes(path, bytes);
  try {
    nn::load_torch_state_dict(path);
    return true;
  } catch (const Error& e) {
    INFO(e.what());
    REQUIRE(std::string(e.what()).find(path) != std::string::npos);
    return false;
  }
}

}  // namespace

TEST_CASE("the test zip writer makes archives the reader accepts", "[nn][ptload]") {
  std::string data(24, '\0');
  float values[6] = {1, 2, 3, 4, 5, 6};
  std::memcpy(data.data(), values, 24);
  const std::string path = testing::temp_dir() + "/ok.pt";
  testing::write_bytes(path, pt_bytes(tensor_pickle(6, 1, {2, 2}, {1, 2}), data));
  nn::StateDict dict = nn::load_torch_state_dict(path);
  REQUIRE_EQUAL(dict.at("w"), tensor({{2.f, 4.f}, {3.f, 5.f}}));
}

TEST_CASE("corrupt zip structures are refused", "[nn][ptload][errors]") {
  const std::string good = testing::read_bytes(fixture_pt("cnn.pt"));
  const size_t eocd = good.size() - 22, entry1 = central_header(good, 1);
  auto with = [&](size_t at, uint64_t v, int bytes) {
    std::string s = good;
    patch(s, at, v, bytes);
    return s;
  };
  refused(with(eocd, 0x01020304, 4), "no end-of-central-directory record");
  refused("", "too small to be a zip archive");
  refused("this is not a zip archive, just some text", "no end-of-central-directory record");
  refused(good.substr(0, good.size() / 2), "no end-of-central-directory record");
  refused(good.substr(good.size() / 2), "zip64 locator");
  refused(with(eocd + 16, 0x12345, 4), "end-of-central-directory records disagree");  // zip64 vs classic offset
  refused(with(entry1 + 42, 0x7FFFFFF0, 4), "outside the");     // local header offset past the end
  refused(with(entry1 + 42, 0, 4), "names a different entry");  // points at another entry's header
  refused(with(entry1 + 20, 0x7FFFFFFF, 4), "sizes differ");    // compressed size only
  {
    std::string huge = with(entry1 + 20, 0x7FFFFFFF, 4);
    patch(huge, entry1 + 24, 0x7FFFFFFF, 4);
    refused(huge, "run past the entry data");
  }
  refused(with(entry1 + 10, 8, 2), "is compressed (method 8)");
  refused(with(entry1 + 8, 0x0809, 2), "has flags 0x809");  // encrypted
  refused(with(entry1 + 16, 0xDEADBEEF, 4), "fails its CRC-32 check");
  {
    std::string flipped = good;  // a byte of the first storage's data
    size_t local = good.find("PK\x03\x04", 1);
    size_t name_len = static_cast<unsigned char>(good[local + 26]),
           extra_len = static_cast<unsigned char>(good[local + 28]) | static_cast<unsigned char>(good[local + 29]) << 8;
    flipped[local + 30 + name_len + extra_len] ^= 0x40;
    refused(flipped, "fails its CRC-32 check");
  }
  {
    std::string renamed = good;  // the central directory names an entry its local header does not
    renamed[entry1 + 46 + 4] = 'X';
    refused(renamed, "names a different entry");
  }
}

TEST_CASE("hostile pickles are refused without running anything", "[nn][ptload][errors]") {
  const std::string ok = tensor_pickle(6, 0, {2, 3}, {3, 1});
  refused(pt_bytes("\x80\x02"
                   "cos\nsystem\n" +
                   str("touch /tmp/pwned") + "\x85R."),
          "refusing GLOBAL 'os.system'");
  refused(pt_bytes("\x80\x02"
                   "cbuiltins\neval\n" +
                   str("1") + "\x85R."),
          "refusing GLOBAL 'builtins.eval'");
  refused(pt_bytes("\x80\x02"
                   "c__torch__.Net\nNet\n."),
          "TorchScript archive");
  refused(pt_bytes("\x80\x02h\x05."), "memo entry 5 was never stored");
  refused(pt_bytes("\x80\x02j\xff\xff\xff\xff."), "memo entry 4294967295 was never stored");
  refused(pt_bytes("\x80\x02\x85."), "stack underflow");
  refused(pt_bytes("\x80\x02}(\x86."), "stack underflow");  // TUPLE2 may not reach below a MARK
  refused(pt_bytes("\x80\x02s."), "stack underflow");
  refused(pt_bytes("\x80\x02t."), "no MARK");
  refused(pt_bytes("\x80\x02}}."), "unbalanced stack");
  refused(pt_bytes("\x80\x02" + std::string(100000, '(') + "}."), "unbalanced stack");
  refused(pt_bytes("\x80\x02" + std::string(100000, ']') + std::string(99999, 'a') + "."), "holds a list");
  refused(pt_bytes("\x80\x02]q\x00h\x00"
                   "a."s),
          "holds a list");  // a list holding itself
  refused(pt_bytes("\x80\x02}"), "ends in the middle of an opcode");
  refused(pt_bytes("\x80\x02}.."), "bytes after STOP");
  refused(pt_bytes("\x80\x04}."), "pickle protocol 4");
  refused(pt_bytes("\x80\x02S'x'\n."), "opcode 0x53");
  refused(pt_bytes("\x80\x02})R."), "REDUCE calls a dict");
  refused(pt_bytes("\x80\x02"
                   "ccollections\nOrderedDict\n" +
                   str("x") + "\x85R."),
          "OrderedDict() takes no arguments");
  refused(pt_bytes("\x80\x02"
                   "ctorch\nFloatStorage\n)R."),
          "'torch.FloatStorage' cannot be called");
  refused(pt_bytes("\x80\x02]}b."), "BUILD of a list");
  refused(pt_bytes("\x80\x02}(" + str("w") + int64(3) + "u."), "entry 'w' is an int, not a tensor");
  refused(pt_bytes("\x80\x02}(" + int64(3) + str("w") + "u."), "a state_dict key is an int");
  refused(pt_bytes("\x80\x02" + str("storage") + "Q."), "persistent id must be a 5-tuple");
  refused(pt_bytes(ok.substr(0, ok.size() - 2) + "\x8a\x09" + std::string(9, '\1') + "u."), "does not fit in 64 bits");
  // the tensor's layout against its storage
  refused(pt_bytes(tensor_pickle(6, 0, {2, 2}, {5, 1})), "reaching past its storage of 6");
  refused(pt_bytes(tensor_pickle(3, 0, {2, 2}, {2, 1}), std::string(12, '\0')), "reaching past its storage of 3");
  refused(pt_bytes(tensor_pickle(6, 5, {2}, {1})), "reaching past its storage");
  refused(pt_bytes(tensor_pickle(6, 7, {0}, {1})), "outside its storage");
  refused(pt_bytes(tensor_pickle(6, -1, {2}, {1})), "outside its storage");
  refused(pt_bytes(tensor_pickle(6, 3, {2}, {-1})), "negative sizes and strides");
  refused(pt_bytes(tensor_pickle(6, 0, {-2, 3}, {3, 1})), "negative sizes and strides");
  refused(pt_bytes(tensor_pickle(6, 0, {int64_t{1} << 40, int64_t{1} << 40}, {int64_t{1} << 40, 1})),
          "reaching past its storage");
  refused(pt_bytes(tensor_pickle(6, 0, {2, 3}, {3})), "size and stride differ in length");
  // the storage against its entry
  refused(pt_bytes(tensor_pickle(5, 0, {5}, {1})), "should hold 5 elements of float32 but its entry has 24 bytes");
  refused(pt_bytes(tensor_pickle(int64_t{1} << 62, 0, {5}, {1})), "should hold");
  refused(pt_bytes(tensor_pickle(-6, 0, {5}, {1})), "negative size");
  refused(pt_bytes(tensor_pickle(12, 0, {5}, {1}, "ShortStorage")), "no int16 dtype");
  refused(pt_bytes(tensor_pickle(6, 0, {5}, {1}, "ComplexFloatStorage")),
          "refusing GLOBAL 'torch.ComplexFloatStorage'");
  refused(zip_bytes({{"archive/data.pkl", ok}, {"archive/version", "3\n"}}), "has no entry 'archive/data/0'");
  refused(pt_bytes("\x80\x02}(" + tensor_item("a", 6, 0, {6}, {1}) + tensor_item("b", 3, 0, {3}, {1}, "LongStorage") +
                   "u."),
          "storage '0' is declared twice with different dtypes or sizes");
  // the archive's layout
  refused(zip_bytes({{"archive/version", "3\n"}}), "no 'archive/data.pkl' entry");
  refused(zip_bytes({{"archive/data.pkl", ok}}), "no 'archive/version' entry");
  refused(zip_bytes({{"data.pkl", ok}}), "not inside an archive folder");
  refused(zip_bytes({{"archive/data.pkl", ok}, {"other/data/0", ""}}), "outside the archive folder");
  refused(pt_bytes(ok, std::string(24, '\0'), "three\n"), "not a format version");
  refused(zip_bytes({{"archive/data.pkl", ok},
                     {"archive/data/0", std::string(24, '\0')},
                     {"archive/version", "3\n"},
                     {"archive/byteorder", "big"}}),
          "big-endian");
  refused(zip_bytes({{"a/x", ""}, {"a/x", ""}}), "appears twice");
}

TEST_CASE("truncated and mutated torch files load or throw, never crash", "[nn][ptload][errors]") {
  const std::string good = testing::read_bytes(fixture_pt("cnn.pt"));
  const std::string path = testing::temp_dir() + "/mutant.pt";
  int loaded = 0, refused_count = 0;
  auto run = [&](const std::string& bytes) { (loads_or_refuses(bytes, path) ? loaded : refused_count)++; };
  for (size_t n = 0; n < good.size(); n += good.size() / 150) run(good.substr(0, n));
  for (size_t n = good.size() - 64; n < good.size(); ++n) run(good.substr(0, n));
  REQUIRE(loaded == 0);  // every truncation is caught

  uint64_t state = 12345;  // a fixed LCG: the same mutations every run
  auto next = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
  for (int i = 0; i < 300; ++i) {
    std::string s = good;
    s[next() % s.size()] ^= static_cast<char>(1 + next() % 255);
    run(s);
  }
  // the same inside the pickle, re-zipped with correct CRCs so the unpickler sees every mutation
  nn::ZipReader zip(fixture_pt("cnn.pt"));
  std::vector<std::pair<std::string, std::string>> entries;
  for (const auto& e : zip.entries()) entries.emplace_back(e.name, zip.read(e.name));
  REQUIRE(entries[0].first == "cnn/data.pkl");
  const std::string pickle = entries[0].second;
  for (int i = 0; i < 400; ++i) {
    std::string p = pickle;
    if (i % 4 == 0)
      p.resize(next() % p.size());  // truncated pickle
    else
      for (int k = 0; k < 1 + i % 3; ++k) p[next() % p.size()] = static_cast<char>(next() % 256);
    entries[0].second = p;
    run(zip_bytes(entries));
  }
  INFO(loaded << " mutants loaded, " << refused_count << " refused");
  REQUIRE(refused_count > 0);
}
