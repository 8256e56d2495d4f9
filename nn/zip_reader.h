// zip_reader.h — ZipReader: reads the stored (uncompressed) entries of a zip
// archive, the container torch.save has written since PyTorch 1.6.
//
// The archive is indexed from its end: the end-of-central-directory record
// (and its zip64 twin, which torch always writes) locates the central
// directory, whose headers give each entry's name, size, CRC-32 and the
// offset of its local header. Every local header is checked against its
// central one before any data is trusted, and every read verifies the
// entry's CRC-32.
//
// Left out, with a clear error: compressed or encrypted entries,
// multi-disk archives. Data descriptors are accepted (torch writes them) but
// not read: the central directory is the authority, as in torch's reader.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace ember::nn {

/// The CRC-32 zip stores for each entry (zlib's crc32, for any length).
uint32_t crc32(const void* data, uint64_t n);

class ZipReader {
 public:
  struct Entry {
    std::string name;
    uint64_t data_offset = 0;  // where the entry's bytes start in the file
    uint64_t size = 0;
    uint32_t crc32 = 0;
  };

  /// Opens and indexes the archive; a malformed one throws ember::Error naming `path`.
  explicit ZipReader(const std::string& path);

  const std::string& path() const { return path_; }
  /// The entries in central-directory order.
  const std::vector<Entry>& entries() const { return entries_; }
  /// The entry named `name`, or nullptr.
  const Entry* find(const std::string& name) const;
  /// Reads an entry's `entry.size` bytes into `dst` and checks its CRC-32.
  void read(const Entry& entry, void* dst);
  /// The whole entry as a string.
  std::string read(const std::string& name);

 private:
  void read_at(uint64_t offset, void* dst, uint64_t n);
  void read_central_directory(uint64_t offset, uint64_t size, uint64_t count);
  void check_local_header(Entry& entry, uint64_t header_offset, uint32_t flags, uint64_t cd_offset);

  std::string path_;
  std::ifstream file_;
  uint64_t file_size_ = 0;
  std::vector<Entry> entries_;
  std::map<std::string, size_t> index_;
};

}  // namespace ember::nn
