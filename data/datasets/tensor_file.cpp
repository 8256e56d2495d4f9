// tensor_file.cpp — .npz archives (the ZIP format, APPNOTE 6.3) around
// ember's .npy reader and writer, and datasets saved as one archive.
//
// Each member is an .npy made by save_npy / read by load_npy through a
// temporary file (core's .npy code works on paths).
#include "data/datasets/tensor_file.h"

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/io_npy.h"
#include "data/collate.h"
#include "data/image_io.h"

namespace ember::data {

namespace {

namespace fs = std::filesystem;

// A scratch file that is removed when this goes out of scope.
class ScratchFile {
 public:
  ScratchFile() {
    static std::atomic<uint64_t> counter{0};
    path_ = (fs::temp_directory_path() / ("ember_npz_" + std::to_string(::getpid()) + "_" +
                                          std::to_string(counter++) + ".npy"))
                .string();
  }
  ~ScratchFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void put16(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
void put32(std::vector<uint8_t>& out, uint32_t v) {
  put16(out, v & 0xffff);
  put16(out, v >> 16);
}
uint32_t get16(const uint8_t* p) { return p[0] | (uint32_t{p[1]} << 8); }
uint32_t get32(const uint8_t* p) { return get16(p) | (get16(p + 2) << 16); }
uint64_t get64(const uint8_t* p) { return get32(p) | (uint64_t{get32(p + 4)} << 32); }

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEndRecord = 0x06054b50;
constexpr uint32_t kDosDate1980 = 0x21;  // 1980-01-01, 00:00 (zip's epoch)

}  // namespace

void save_npz(const std::string& path, const NamedTensors& arrays) {
  std::vector<uint8_t> zip, central;
  for (const auto& [name, array] : arrays) {
    ScratchFile scratch;
    save_npy(scratch.path(), array);
    std::vector<uint8_t> npy = read_file_bytes(scratch.path(), "save_npz");
    std::string member = name + ".npy";
    EMBER_CHECK(npy.size() < 0xffffffffull && zip.size() + npy.size() < 0xffffffffull, "save_npz",
                "'", path, "' would pass 4 GiB, which needs zip64 (not written by ember)");
    uint32_t crc = static_cast<uint32_t>(crc32(0L, npy.data(), static_cast<uInt>(npy.size())));
    uint32_t offset = static_cast<uint32_t>(zip.size()), size = static_cast<uint32_t>(npy.size());
    // local header: signature, version 2.0, flags, method 0 (stored), time, date, crc, sizes, name length, extra
    put32(zip, kLocalHeader);
    for (uint32_t v : {20u, 0u, 0u, 0u, kDosDate1980}) put16(zip, v);
    put32(zip, crc);
    put32(zip, size);
    put32(zip, size);
    put16(zip, static_cast<uint32_t>(member.size()));
    put16(zip, 0);
    zip.insert(zip.end(), member.begin(), member.end());
    zip.insert(zip.end(), npy.begin(), npy.end());
    // its central directory entry: the same plus comment, disk, attributes and the local header's offset
    put32(central, kCentralHeader);
    for (uint32_t v : {20u, 20u, 0u, 0u, 0u, kDosDate1980}) put16(central, v);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    for (uint32_t v : {static_cast<uint32_t>(member.size()), 0u, 0u, 0u, 0u}) put16(central, v);
    put32(central, 0);
    put32(central, offset);
    central.insert(central.end(), member.begin(), member.end());
  }
  uint32_t central_offset = static_cast<uint32_t>(zip.size());
  zip.insert(zip.end(), central.begin(), central.end());
  put32(zip, kEndRecord);
  uint32_t n = static_cast<uint32_t>(arrays.size());
  for (uint32_t v : {0u, 0u, n, n}) put16(zip, v);
  put32(zip, static_cast<uint32_t>(central.size()));
  put32(zip, central_offset);
  put16(zip, 0);
  write_file_atomically(path, zip.data(), zip.size(), "save_npz");
}

NamedTensors load_npz(const std::string& path) {
  std::vector<uint8_t> zip = read_file_bytes(path, "load_npz");
  const std::string file = "'" + path + "'";
  // the end record is in the last 22 + 65535 bytes (after it, only its comment)
  EMBER_CHECK(zip.size() >= 22, "load_npz", file, " is too short to be a zip archive");
  size_t end = zip.size() - 22, stop = zip.size() > 22 + 65535 ? zip.size() - 22 - 65535 : 0;
  while (get32(&zip[end]) != kEndRecord) {
    EMBER_CHECK(end > stop, "load_npz", file, " is not a zip archive (no end of central directory)");
    --end;
  }
  uint64_t count = get16(&zip[end + 10]), cd_size = get32(&zip[end + 12]), cd_offset = get32(&zip[end + 16]);
  EMBER_CHECK(cd_offset + cd_size <= end, "load_npz", file, " has a central directory outside the file");
  NamedTensors out;
  size_t p = static_cast<size_t>(cd_offset);
  for (uint64_t i = 0; i < count; ++i) {
    EMBER_CHECK(p + 46 <= end && get32(&zip[p]) == kCentralHeader, "load_npz", file, " has a corrupt central directory entry ", i);
    uint32_t flags = get16(&zip[p + 8]), method = get16(&zip[p + 10]), crc = get32(&zip[p + 16]);
    uint64_t csize = get32(&zip[p + 20]), usize = get32(&zip[p + 24]), offset = get32(&zip[p + 42]);
    size_t name_len = get16(&zip[p + 28]), extra_len = get16(&zip[p + 30]), comment_len = get16(&zip[p + 32]);
    EMBER_CHECK(p + 46 + name_len + extra_len + comment_len <= end, "load_npz", file, " entry ", i, " runs past the directory");
    std::string name(reinterpret_cast<const char*>(&zip[p + 46]), name_len);
    // zip64: sizes / offset of 0xffffffff are in the extra field 0x0001, in that order
    for (size_t e = p + 46 + name_len; e + 4 <= p + 46 + name_len + extra_len;) {
      uint32_t id = get16(&zip[e]), len = get16(&zip[e + 2]);
      EMBER_CHECK(e + 4 + len <= p + 46 + name_len + extra_len, "load_npz", file, " entry '", name, "' has a corrupt extra field");
      size_t q = e + 4;
      if (id == 1) {
        for (uint64_t* v : {&usize, &csize, &offset})
          if (*v == 0xffffffffu) {
            EMBER_CHECK(q + 8 <= e + 4 + len, "load_npz", file, " entry '", name, "' has a short zip64 field");
            *v = get64(&zip[q]);
            q += 8;
          }
      }
      e += 4 + len;
    }
    EMBER_CHECK(!(flags & 1), "load_npz", file, " entry '", name, "' is encrypted");
    EMBER_CHECK(offset + 30 <= zip.size() && get32(&zip[offset]) == kLocalHeader, "load_npz", file, " entry '", name,
                "' has no local header where the directory says");
    uint64_t data = offset + 30 + get16(&zip[offset + 26]) + get16(&zip[offset + 28]);
    EMBER_CHECK(data + csize <= zip.size(), "load_npz", file, " is truncated inside entry '", name, "'");
    std::vector<uint8_t> bytes;
    if (method == 0) {
      EMBER_CHECK(csize == usize, "load_npz", file, " entry '", name, "' is stored with two different sizes");
      bytes.assign(zip.begin() + static_cast<std::ptrdiff_t>(data), zip.begin() + static_cast<std::ptrdiff_t>(data + csize));
    } else if (method == 8) {  // raw deflate (numpy.savez_compressed)
      EMBER_CHECK(usize < (uint64_t{1} << 40), "load_npz", file, " entry '", name, "' claims ", usize, " bytes");
      bytes.resize(static_cast<size_t>(usize));
      z_stream z{};
      EMBER_CHECK(inflateInit2(&z, -MAX_WBITS) == Z_OK, "load_npz", "zlib failed to start");
      z.next_in = &zip[static_cast<size_t>(data)];
      z.avail_in = static_cast<uInt>(csize);
      z.next_out = bytes.data();
      z.avail_out = static_cast<uInt>(bytes.size());
      int rc = inflate(&z, Z_FINISH);
      uint64_t produced = z.total_out;
      inflateEnd(&z);
      EMBER_CHECK(rc == Z_STREAM_END && produced == usize, "load_npz", file, " entry '", name,
                  "' does not inflate to its declared size (corrupt or truncated)");
    } else {
      EMBER_FAIL("load_npz", file, " entry '", name, "' uses compression method ", method, " (only stored and deflate are read)");
    }
    EMBER_CHECK(static_cast<uint32_t>(crc32(0L, bytes.data(), static_cast<uInt>(bytes.size()))) == crc, "load_npz", file,
                " entry '", name, "' fails its CRC check");
    ScratchFile scratch;
    write_file_atomically(scratch.path(), bytes.data(), bytes.size(), "load_npz");
    Tensor t;
    try {
      t = load_npy(scratch.path());
    } catch (const Error& ex) {
      EMBER_FAIL("load_npz", file, " entry '", name, "': ", ex.what());
    }
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0) name.resize(name.size() - 4);
    out.emplace_back(name, t);
    p += 46 + name_len + extra_len + comment_len;
  }
  return out;
}

void save_dataset(const Dataset& dataset, const std::string& path) {
  EMBER_CHECK(dataset.size() > 0, "save_dataset", "the dataset is empty");
  std::vector<Sample> samples;
  samples.reserve(static_cast<size_t>(dataset.size()));
  for (int64_t i = 0; i < dataset.size(); ++i) samples.push_back(dataset.get(i));
  Sample all = default_collate(std::move(samples));
  NamedTensors arrays;
  if (all.is_tensor()) {
    arrays.emplace_back("arr_0", all.tensor());
  } else {
    EMBER_CHECK(all.is_list(), "save_dataset", "samples must be tensors, numbers or lists of them, got a ", kind_name(all.kind()));
    for (size_t k = 0; k < all.size(); ++k) {
      EMBER_CHECK(all[k].is_tensor(), "save_dataset", "field ", k, " of the samples is a ", kind_name(all[k].kind()),
                  ", not a tensor or number");
      arrays.emplace_back("arr_" + std::to_string(k), all[k].tensor());
    }
  }
  save_npz(path, arrays);
}

std::shared_ptr<TensorDataset> load_dataset(const std::string& path) {
  NamedTensors arrays = load_npz(path);
  EMBER_CHECK(!arrays.empty(), "load_dataset", "'", path, "' holds no arrays");
  // arr_0, arr_1, ... first, in number order; other names after, as stored
  auto rank = [](const std::string& name) -> int64_t {
    if (name.rfind("arr_", 0) != 0 || name.size() == 4 || name.size() > 12) return INT64_MAX;
    for (size_t i = 4; i < name.size(); ++i)
      if (!std::isdigit(static_cast<unsigned char>(name[i]))) return INT64_MAX;
    return std::stoll(name.substr(4));
  };
  std::stable_sort(arrays.begin(), arrays.end(), [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  std::vector<Tensor> tensors;
  for (auto& [name, t] : arrays) tensors.push_back(t);
  return std::make_shared<TensorDataset>(std::move(tensors));
}

}  // namespace ember::data
