// cifar.cpp — CIFAR binary batches, read and written.
#include "data/datasets/cifar.h"

#include <cstring>
#include <filesystem>

#include "core/ops_creation.h"
#include "core/ops_shape.h"
#include "data/image_io.h"

namespace ember::data {

namespace {

constexpr int64_t kPixels = 32 * 32 * 3;

std::string find_batch(const std::string& root, const std::string& subdir, const std::string& name) {
  namespace fs = std::filesystem;
  for (const fs::path& p : {fs::path(root) / name, fs::path(root) / subdir / name})
    if (fs::exists(p)) return p.string();
  EMBER_FAIL("CIFAR", "'", name, "' is neither in '", root, "' nor in '", (fs::path(root) / subdir).string(), "'");
}

// Appends the records of one batch: images as HWC, and its label bytes
// (label_bytes per record; the last one is the target).
void read_batch(const std::string& path, int64_t label_bytes, int64_t num_classes, std::vector<Tensor>& images,
                std::vector<std::vector<int64_t>>& labels) {
  std::vector<uint8_t> bytes = read_file_bytes(path, "CIFAR");
  int64_t record = label_bytes + kPixels;
  int64_t n = static_cast<int64_t>(bytes.size()) / record;
  EMBER_CHECK(!bytes.empty() && static_cast<int64_t>(bytes.size()) % record == 0, "CIFAR", "'", path, "' has ",
              bytes.size(), " bytes, not a whole number of ", record, "-byte records (truncated or not a CIFAR batch)");
  Tensor chw = empty({n, 3, 32, 32}, kUInt8);
  uint8_t* dst = chw.data_ptr<uint8_t>();
  for (int64_t r = 0; r < n; ++r) {
    const uint8_t* rec = bytes.data() + r * record;
    for (int64_t k = 0; k < label_bytes; ++k) {
      int64_t limit = k == label_bytes - 1 ? num_classes : 20;  // CIFAR-100's coarse labels: 20 superclasses
      EMBER_CHECK(rec[k] < limit, "CIFAR", "'", path, "' record ", r, " has label ", int(rec[k]), ", expected 0..",
                  limit - 1);
      labels[static_cast<size_t>(k)].push_back(rec[k]);
    }
    std::memcpy(dst + r * kPixels, rec + label_bytes, kPixels);
  }
  images.push_back(chw.permute({0, 2, 3, 1}));
}

void write_batch(const std::string& path, const Tensor& images, const std::vector<Tensor>& labels, int64_t num_classes,
                 const char* op) {
  EMBER_CHECK(images.scalar_type() == kUInt8 && images.dim() == 4 && images.size(1) == 32 && images.size(2) == 32 &&
                  images.size(3) == 3,
              op, "images must be (N, 32, 32, 3) uint8, got ", dtype_name(images.scalar_type()), " ",
              shape_str(images.sizes()));
  int64_t n = images.size(0);
  std::vector<Tensor> columns;
  for (size_t k = 0; k < labels.size(); ++k) {
    EMBER_CHECK(labels[k].dim() == 1 && labels[k].size(0) == n, op, "labels must be (", n, "), got ",
                shape_str(labels[k].sizes()));
    Tensor l = labels[k].to(kInt64).contiguous();
    int64_t limit = k + 1 == labels.size() ? num_classes : 20;
    EMBER_CHECK(n == 0 || (l.min().item<int64_t>() >= 0 && l.max().item<int64_t>() < limit), op,
                "labels must be in 0..", limit - 1);
    columns.push_back(l);
  }
  int64_t label_bytes = static_cast<int64_t>(labels.size()), record = label_bytes + kPixels;
  Tensor chw = images.permute({0, 3, 1, 2}).contiguous();
  std::vector<uint8_t> bytes(static_cast<size_t>(n * record));
  for (int64_t r = 0; r < n; ++r) {
    for (int64_t k = 0; k < label_bytes; ++k)
      bytes[static_cast<size_t>(r * record + k)] = static_cast<uint8_t>(columns[static_cast<size_t>(k)].data_ptr<int64_t>()[r]);
    std::memcpy(bytes.data() + r * record + label_bytes, chw.data_ptr<uint8_t>() + r * kPixels, kPixels);
  }
  write_file_atomically(path, bytes.data(), bytes.size(), op);
}

Tensor int64_tensor(const std::vector<int64_t>& v) { return tensor(v); }

}  // namespace

CIFAR10::CIFAR10(const std::string& root, CIFAROptions options) : transform_(std::move(options.transform)) {
  std::vector<std::string> names;
  if (options.train)
    for (int b = 1; b <= 5; ++b) names.push_back("data_batch_" + std::to_string(b) + ".bin");
  else
    names.push_back("test_batch.bin");
  std::vector<Tensor> images;
  std::vector<std::vector<int64_t>> labels(1);
  for (const std::string& name : names) read_batch(find_batch(root, "cifar-10-batches-bin", name), 1, 10, images, labels);
  data_ = cat(images, 0).contiguous();
  targets_ = int64_tensor(labels[0]);
}

CIFAR100::CIFAR100(const std::string& root, CIFAROptions options) {
  transform_ = std::move(options.transform);
  std::vector<Tensor> images;
  std::vector<std::vector<int64_t>> labels(2);
  read_batch(find_batch(root, "cifar-100-binary", options.train ? "train.bin" : "test.bin"), 2, 100, images, labels);
  data_ = images[0].contiguous();
  coarse_targets_ = int64_tensor(labels[0]);
  targets_ = int64_tensor(labels[1]);
}

Sample CIFAR10::get(int64_t index) const {
  check_index("CIFAR", index, size());
  Tensor image = data_[index];
  if (transform_) image = transform_(image);
  return Sample::list({image, targets_.data_ptr<int64_t>()[index]});
}

std::vector<std::string> CIFAR10::classes() {
  return {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
}

void save_cifar10_batch(const std::string& path, const Tensor& images, const Tensor& labels) {
  write_batch(path, images, {labels}, 10, "save_cifar10_batch");
}

void save_cifar100_batch(const std::string& path, const Tensor& images, const Tensor& coarse_labels,
                         const Tensor& fine_labels) {
  write_batch(path, images, {coarse_labels, fine_labels}, 100, "save_cifar100_batch");
}

}  // namespace ember::data
