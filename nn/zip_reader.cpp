// zip_reader.cpp — the zip records ZipReader reads (see zip_reader.h).
// Layouts from PKWARE's APPNOTE.TXT; every integer is little-endian.
//
//   local header        "PK\3\4" ... method, crc32, sizes, name length, extra length | name | extra | data
//   central header      "PK\1\2" ... the same fields, plus the local header's offset
//   zip64 EOCD record   "PK\6\6" ... entry count, central directory size and offset (64-bit)
//   zip64 EOCD locator  "PK\6\7" ... offset of the zip64 EOCD record
//   EOCD record         "PK\5\6" ... entry count, central directory size and offset (16/32-bit), comment
//
// A 32-bit field holding 0xFFFFFFFF (16-bit: 0xFFFF) means "see the zip64
// record": the EOCD's values move to the zip64 EOCD, an entry's sizes and
// offset to its zip64 extra field (id 0x0001).
#include "nn/zip_reader.h"

#include <zlib.h>

#include <algorithm>
#include <initializer_list>
#include <sstream>

#include "core/error.h"

namespace ember::nn {

namespace {

constexpr const char* kOp = "read_zip";
constexpr uint32_t kLocalSig = 0x04034b50, kCentralSig = 0x02014b50, kEocdSig = 0x06054b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50, kZip64EocdSig = 0x06064b50;
constexpr uint64_t kLocalSize = 30, kCentralSize = 46, kEocdSize = 22, kLocatorSize = 20, kZip64EocdSize = 56;
constexpr uint64_t kMaxComment = 0xFFFF;
constexpr uint64_t k32 = 0xFFFFFFFF, k16 = 0xFFFF;  // "the value is in the zip64 record"
// flags that change nothing for a stored entry: 1-2 (deflate level), 3 (data
// descriptor follows), 11 (UTF-8 names); the rest mean encryption or patches
constexpr uint64_t kHarmlessFlags = 0x080E;

uint64_t le(const unsigned char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

std::string hex(uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

// Walks an extra field (records of id, length, data that must tile it) and
// replaces each field still holding 0xFFFFFFFF, in order, by the next 8-byte
// value of the zip64 record.
void apply_zip64_extra(const unsigned char* extra, uint64_t n, std::initializer_list<uint64_t*> fields,
                       const std::string& path, const std::string& name) {
  uint64_t i = 0;
  while (i < n) {
    EMBER_CHECK(n - i >= 4, kOp, path, ": entry '", name, "' has a truncated extra field");
    uint64_t id = le(extra + i, 2), len = le(extra + i + 2, 2);
    EMBER_CHECK(len <= n - i - 4, kOp, path, ": entry '", name, "' has an extra field record running past its end");
    if (id == 0x0001) {
      uint64_t j = 0;
      for (uint64_t* f : fields) {
        if (*f != k32) continue;
        EMBER_CHECK(j + 8 <= len, kOp, path, ": entry '", name, "' has a zip64 extra field too short for its sizes");
        *f = le(extra + i + 4 + j, 8);
        j += 8;
      }
    }
    i += 4 + len;
  }
}

}  // namespace

uint32_t crc32(const void* data, uint64_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  uLong crc = ::crc32(0L, Z_NULL, 0);
  for (uint64_t done = 0; done < n;) {  // zlib takes at most 4 GiB per call
    uInt chunk = static_cast<uInt>(std::min<uint64_t>(n - done, 1u << 30));
    crc = ::crc32(crc, p + done, chunk);
    done += chunk;
  }
  return static_cast<uint32_t>(crc);
}

ZipReader::ZipReader(const std::string& path) : path_(path) {
  file_.open(path, std::ios::binary | std::ios::ate);
  EMBER_CHECK(file_.good(), kOp, "cannot open '", path, "'");
  file_size_ = static_cast<uint64_t>(file_.tellg());
  EMBER_CHECK(file_size_ >= kEocdSize, kOp, path, ": ", file_size_, " bytes is too small to be a zip archive");

  // The EOCD record is the last one whose comment runs exactly to the end of the file.
  const uint64_t tail = std::min(file_size_, kEocdSize + kMaxComment);
  std::vector<unsigned char> buf(tail);
  read_at(file_size_ - tail, buf.data(), tail);
  uint64_t pos = tail - kEocdSize + 1;
  bool found = false;
  while (pos-- > 0)
    if (le(&buf[pos], 4) == kEocdSig && pos + kEocdSize + le(&buf[pos + 20], 2) == tail) {
      found = true;
      break;
    }
  EMBER_CHECK(found, kOp, path, ": no end-of-central-directory record (not a zip archive, or truncated)");
  const unsigned char* e = &buf[pos];
  const uint64_t eocd_offset = file_size_ - tail + pos;
  uint64_t disk = le(e + 4, 2), cd_disk = le(e + 6, 2), count_on_disk = le(e + 8, 2), count = le(e + 10, 2);
  uint64_t cd_size = le(e + 12, 4), cd_offset = le(e + 16, 4);
  uint64_t cd_end = eocd_offset;  // the central directory ends where the next record starts

  // zip64: a locator just before the EOCD points at the zip64 EOCD record
  unsigned char loc[kLocatorSize] = {};
  if (eocd_offset >= kLocatorSize) read_at(eocd_offset - kLocatorSize, loc, kLocatorSize);
  if (le(loc, 4) == kZip64LocatorSig) {
    const uint64_t z_offset = le(loc + 8, 8);
    EMBER_CHECK(le(loc + 4, 4) == 0 && le(loc + 16, 4) <= 1, kOp, path, ": multi-disk zip archives are not supported");
    EMBER_CHECK(z_offset <= eocd_offset - kLocatorSize && eocd_offset - kLocatorSize - z_offset == kZip64EocdSize, kOp,
                path, ": the zip64 locator points at offset ", z_offset, ", not at a zip64 record just before it");
    unsigned char z[kZip64EocdSize];
    read_at(z_offset, z, kZip64EocdSize);
    EMBER_CHECK(le(z, 4) == kZip64EocdSig && le(z + 4, 8) == kZip64EocdSize - 12, kOp, path,
                ": malformed zip64 end-of-central-directory record at offset ", z_offset);
    // each 16/32-bit EOCD field is either the zip64 sentinel or the same value
    auto take = [&](uint64_t& field, uint64_t sentinel, uint64_t value, const char* what) {
      EMBER_CHECK(field == sentinel || field == value, kOp, path, ": the end-of-central-directory records disagree on ",
                  what, " (", field, " vs ", value, ")");
      field = value;
    };
    take(disk, k16, le(z + 16, 4), "the disk number");
    take(cd_disk, k16, le(z + 20, 4), "the central directory's disk");
    take(count_on_disk, k16, le(z + 24, 8), "the entry count");
    take(count, k16, le(z + 32, 8), "the entry count");
    take(cd_size, k32, le(z + 40, 8), "the central directory size");
    take(cd_offset, k32, le(z + 48, 8), "the central directory offset");
    cd_end = z_offset;
  }
  EMBER_CHECK(disk == 0 && cd_disk == 0 && count_on_disk == count, kOp, path,
              ": multi-disk zip archives are not supported");
  EMBER_CHECK(cd_offset <= cd_end && cd_size == cd_end - cd_offset, kOp, path, ": the central directory (offset ",
              cd_offset, ", ", cd_size, " bytes) does not end where the end-of-central-directory record starts (",
              cd_end, ")");
  EMBER_CHECK(count <= cd_size / kCentralSize, kOp, path, ": ", count, " entries cannot fit in a central directory of ",
              cd_size, " bytes");
  read_central_directory(cd_offset, cd_size, count);
}

void ZipReader::read_central_directory(uint64_t offset, uint64_t size, uint64_t count) {
  std::vector<unsigned char> cd(size);
  read_at(offset, cd.data(), size);
  std::vector<std::pair<uint64_t, size_t>> by_offset;  // (local header offset, entry index)
  uint64_t pos = 0;
  for (uint64_t k = 0; k < count; ++k) {
    EMBER_CHECK(size - pos >= kCentralSize && le(&cd[pos], 4) == kCentralSig, kOp, path_, ": central directory entry ",
                k, " at offset ", offset + pos, " is malformed");
    const unsigned char* h = &cd[pos];
    uint64_t flags = le(h + 8, 2), method = le(h + 10, 2);
    uint64_t csize = le(h + 20, 4), usize = le(h + 24, 4), local = le(h + 42, 4);
    uint64_t name_len = le(h + 28, 2), extra_len = le(h + 30, 2), comment_len = le(h + 32, 2);
    EMBER_CHECK(size - pos - kCentralSize >= name_len + extra_len + comment_len, kOp, path_,
                ": central directory entry ", k, " runs past the end of the directory");
    Entry entry;
    entry.name.assign(reinterpret_cast<const char*>(h + kCentralSize), name_len);
    entry.crc32 = static_cast<uint32_t>(le(h + 16, 4));
    apply_zip64_extra(h + kCentralSize + name_len, extra_len, {&usize, &csize, &local}, path_, entry.name);
    const std::string what = path_ + ": entry '" + entry.name + "'";
    EMBER_CHECK(!entry.name.empty(), kOp, path_, ": central directory entry ", k, " has an empty name");
    EMBER_CHECK((flags & ~kHarmlessFlags) == 0, kOp, what, " has flags ", hex(flags),
                " (encryption or another feature torch never writes)");
    EMBER_CHECK(method == 0, kOp, what, " is compressed (method ", method,
                "); only stored entries are read, the kind torch.save writes");
    EMBER_CHECK(csize == usize, kOp, what, " is stored but its sizes differ (", csize, " vs ", usize, ")");
    EMBER_CHECK(le(h + 34, 2) == 0, kOp, what, " starts on another disk; multi-disk archives are not supported");
    EMBER_CHECK(index_.count(entry.name) == 0, kOp, what, " appears twice");
    entry.size = usize;
    check_local_header(entry, local, flags, offset);
    index_[entry.name] = entries_.size();
    by_offset.emplace_back(local, entries_.size());
    entries_.push_back(std::move(entry));
    pos += kCentralSize + name_len + extra_len + comment_len;
  }
  EMBER_CHECK(pos == size, kOp, path_, ": the central directory has ", size - pos, " bytes after its last entry");
  // entries must not overlap: each one's data ends before the next local header
  std::sort(by_offset.begin(), by_offset.end());
  for (size_t i = 1; i < by_offset.size(); ++i) {
    const Entry& prev = entries_[by_offset[i - 1].second];
    EMBER_CHECK(prev.data_offset + prev.size <= by_offset[i].first, kOp, path_, ": entry '", prev.name,
                "' overlaps entry '", entries_[by_offset[i].second].name, "'");
  }
}

void ZipReader::check_local_header(Entry& entry, uint64_t header_offset, uint32_t flags, uint64_t cd_offset) {
  const std::string what = path_ + ": entry '" + entry.name + "'";
  EMBER_CHECK(header_offset <= cd_offset && cd_offset - header_offset >= kLocalSize, kOp, what,
              " has its local header at offset ", header_offset, ", outside the ", cd_offset, " bytes of entry data");
  unsigned char h[kLocalSize];
  read_at(header_offset, h, kLocalSize);
  EMBER_CHECK(le(h, 4) == kLocalSig, kOp, what, ": no local header at offset ", header_offset);
  uint64_t name_len = le(h + 26, 2), extra_len = le(h + 28, 2);
  uint64_t crc = le(h + 14, 4), csize = le(h + 18, 4), usize = le(h + 22, 4);
  EMBER_CHECK(le(h + 6, 2) == flags && le(h + 8, 2) == 0, kOp, what,
              ": the local header's flags or method disagree with the central directory");
  EMBER_CHECK(cd_offset - header_offset - kLocalSize >= name_len + extra_len, kOp, what,
              ": the local header runs into the central directory");
  std::vector<unsigned char> var(name_len + extra_len);
  read_at(header_offset + kLocalSize, var.data(), var.size());
  EMBER_CHECK(std::string(var.begin(), var.begin() + static_cast<std::ptrdiff_t>(name_len)) == entry.name, kOp, what,
              ": the local header names a different entry");
  apply_zip64_extra(var.data() + name_len, extra_len, {&usize, &csize}, path_, entry.name);
  // with a data descriptor (flag bit 3) the local header may leave crc and sizes zero
  bool deferred = (flags & 0x8) != 0 && crc == 0 && csize == 0 && usize == 0;
  EMBER_CHECK(deferred || (crc == entry.crc32 && csize == entry.size && usize == entry.size), kOp, what,
              ": the local header's size or CRC-32 disagrees with the central directory");
  entry.data_offset = header_offset + kLocalSize + name_len + extra_len;
  EMBER_CHECK(entry.size <= cd_offset - entry.data_offset, kOp, what, ": its ", entry.size, " bytes at offset ",
              entry.data_offset, " run past the entry data (", cd_offset, " bytes)");
}

const ZipReader::Entry* ZipReader::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

void ZipReader::read(const Entry& entry, void* dst) {
  read_at(entry.data_offset, dst, entry.size);
  uint32_t crc = crc32(dst, entry.size);
  EMBER_CHECK(crc == entry.crc32, kOp, path_, ": entry '", entry.name, "' fails its CRC-32 check (stored ",
              hex(entry.crc32), ", computed ", hex(crc), "): the file is corrupt");
}

std::string ZipReader::read(const std::string& name) {
  const Entry* entry = find(name);
  EMBER_CHECK(entry != nullptr, kOp, path_, ": no entry '", name, "'");
  std::string bytes(entry->size, '\0');
  read(*entry, bytes.data());
  return bytes;
}

void ZipReader::read_at(uint64_t offset, void* dst, uint64_t n) {
  if (n == 0) return;
  file_.clear();
  file_.seekg(static_cast<std::streamoff>(offset));
  file_.read(static_cast<char*>(dst), static_cast<std::streamsize>(n));
  EMBER_CHECK(file_.good(), kOp, path_, ": read of ", n, " bytes at offset ", offset, " failed");
}

}  // namespace ember::nn
