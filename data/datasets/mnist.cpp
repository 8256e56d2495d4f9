// mnist.cpp — IDX reading through zlib (gzread also reads plain files) and
// the MNIST / FashionMNIST datasets.
#include "data/datasets/mnist.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/ops_creation.h"

namespace ember::data {

namespace {

class GzFile {
 public:
  explicit GzFile(const std::string& path) : path_(path), f_(gzopen(path.c_str(), "rb")) {
    EMBER_CHECK(f_ != nullptr, "read_idx", "cannot open '", path, "': ", std::strerror(errno));
    gzbuffer(f_, 1 << 20);
  }
  ~GzFile() { gzclose(f_); }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  /// Reads up to n bytes; returns how many arrived (fewer only at the end).
  size_t read(void* out, size_t n) {
    size_t done = 0;
    while (done < n) {
      unsigned chunk = static_cast<unsigned>(std::min<size_t>(n - done, 1u << 30));
      int got = gzread(f_, static_cast<char*>(out) + done, chunk);
      if (got < 0) {
        int code = 0;
        const char* why = gzerror(f_, &code);
        EMBER_FAIL("read_idx", "'", path_, "' is corrupt: ", why);
      }
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    return done;
  }

 private:
  std::string path_;
  gzFile f_;
};

ScalarType idx_type(uint8_t code, const std::string& path) {
  switch (code) {
    case 0x08: return kUInt8;
    case 0x09: return kInt8;
    case 0x0C: return kInt32;
    case 0x0D: return kFloat32;
    case 0x0E: return kFloat64;
    case 0x0B: EMBER_FAIL("read_idx", "'", path, "' holds int16 values, which ember has no dtype for");
    default: EMBER_FAIL("read_idx", "'", path, "' has an unknown IDX type code 0x", std::hex, int(code));
  }
}

}  // namespace

Tensor read_idx(const std::string& path) {
  GzFile f(path);
  uint8_t magic[4];
  EMBER_CHECK(f.read(magic, 4) == 4, "read_idx", "'", path, "' is truncated: no IDX header");
  EMBER_CHECK(magic[0] == 0 && magic[1] == 0, "read_idx", "'", path, "' is not an IDX file (bad magic ", int(magic[0]),
              " ", int(magic[1]), ")");
  ScalarType dtype = idx_type(magic[2], path);
  int ndim = magic[3];
  EMBER_CHECK(ndim >= 1, "read_idx", "'", path, "' declares 0 dimensions");
  Shape sizes;
  uint64_t count = 1;
  for (int d = 0; d < ndim; ++d) {
    uint8_t b[4];
    EMBER_CHECK(f.read(b, 4) == 4, "read_idx", "'", path, "' is truncated in its header (dim ", d, " of ", ndim, ")");
    uint64_t n = (uint64_t{b[0]} << 24) | (uint64_t{b[1]} << 16) | (uint64_t{b[2]} << 8) | b[3];
    EMBER_CHECK(n == 0 || count <= (uint64_t{1} << 40) / n, "read_idx", "'", path, "' declares too many values");
    count *= n;
    sizes.push_back(static_cast<int64_t>(n));
  }
  size_t itemsize = element_size(dtype);
  uint64_t nbytes = count * itemsize;
  // read in chunks rather than trusting the header with one big allocation
  std::vector<uint8_t> payload;
  payload.reserve(static_cast<size_t>(std::min<uint64_t>(nbytes, 64u << 20)));
  while (payload.size() < nbytes) {
    size_t old = payload.size(), want = static_cast<size_t>(std::min<uint64_t>(nbytes - old, 16u << 20));
    payload.resize(old + want);
    size_t got = f.read(payload.data() + old, want);
    EMBER_CHECK(got == want, "read_idx", "'", path, "' is truncated: the header promises ", nbytes,
                " bytes of data, the file has ", old + got);
  }
  uint8_t extra;
  EMBER_CHECK(f.read(&extra, 1) == 0, "read_idx", "'", path, "' has data past the ", nbytes, " bytes its header declares");
  Tensor out = empty(sizes, dtype);
  uint8_t* dst = static_cast<uint8_t*>(out.data_ptr());
  if (itemsize == 1) {
    std::memcpy(dst, payload.data(), payload.size());
  } else {  // big-endian to the machine's little-endian
    for (uint64_t i = 0; i < count; ++i)
      for (size_t k = 0; k < itemsize; ++k) dst[i * itemsize + k] = payload[i * itemsize + itemsize - 1 - k];
  }
  return out;
}

namespace {
std::string find_file(const std::string& root, const std::string& name) {
  namespace fs = std::filesystem;
  for (const std::string& candidate : {name, name + ".gz"})
    if (fs::exists(fs::path(root) / candidate)) return (fs::path(root) / candidate).string();
  EMBER_FAIL("MNIST", "'", root, "' has no ", name, " (nor ", name, ".gz)");
}
}  // namespace

MNIST::MNIST(const std::string& root, MNISTOptions options) : transform_(std::move(options.transform)) {
  std::string prefix = options.train ? "train" : "t10k";
  std::string images_path = find_file(root, prefix + "-images-idx3-ubyte");
  std::string labels_path = find_file(root, prefix + "-labels-idx1-ubyte");
  data_ = read_idx(images_path);
  Tensor labels = read_idx(labels_path);
  EMBER_CHECK(data_.scalar_type() == kUInt8 && data_.dim() == 3, "MNIST", "'", images_path,
              "' should hold (N, rows, cols) uint8 images, got ", dtype_name(data_.scalar_type()), " ",
              shape_str(data_.sizes()));
  EMBER_CHECK(labels.scalar_type() == kUInt8 && labels.dim() == 1, "MNIST", "'", labels_path,
              "' should hold (N) uint8 labels, got ", shape_str(labels.sizes()));
  EMBER_CHECK(labels.size(0) == data_.size(0), "MNIST", "'", images_path, "' has ", data_.size(0), " images but '",
              labels_path, "' has ", labels.size(0), " labels");
  targets_ = labels.to(kInt64);
}

Sample MNIST::get(int64_t index) const {
  check_index("MNIST", index, size());
  Tensor image = data_[index];
  if (transform_) image = transform_(image);
  return Sample::list({image, targets_[index].item<int64_t>()});
}

std::vector<std::string> MNIST::classes() const {
  return {"0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
          "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"};
}

std::vector<std::string> FashionMNIST::classes() const {
  return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
}

}  // namespace ember::data
