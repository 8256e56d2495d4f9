// cifar.h — CIFAR-10 and CIFAR-100 from their binary batches
// (torchvision.datasets.CIFAR10 / CIFAR100 read the Python pickles; the
// binary version is the same data in plain records):
//
//   CIFAR-10   data_batch_1..5.bin, test_batch.bin: records of
//              <label: 1 byte> <R 1024><G 1024><B 1024>          (3073 bytes)
//   CIFAR-100  train.bin, test.bin: records of
//              <coarse: 1 byte> <fine: 1 byte> <R><G><B>         (3074 bytes)
//
// each colour plane 32 x 32 row-major. Files are looked for in `root` and
// in root/cifar-10-batches-bin (root/cifar-100-binary). A file whose size
// is not a whole number of records, or a label out of range, is an error
// naming the file and record.
//
// Left out: downloading and the pickle batches.
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/transforms/transforms.h"

namespace ember::data {

struct CIFAROptions {
  bool train = true;
  transforms::TransformFn transform = nullptr;  // applied to each (32, 32, 3) uint8 image
};

/// Sample i is (image, label): a (32, 32, 3) uint8 image (or what the
/// transform makes of it) and an int label.
class CIFAR10 : public Dataset {
 public:
  explicit CIFAR10(const std::string& root, CIFAROptions options = {});
  int64_t size() const override { return targets_.size(0); }
  Sample get(int64_t index) const override;
  /// All images (N, 32, 32, 3) uint8 and labels (N) int64.
  const Tensor& data() const { return data_; }
  const Tensor& targets() const { return targets_; }
  static std::vector<std::string> classes();

 protected:
  CIFAR10() = default;
  Tensor data_, targets_;
  transforms::TransformFn transform_;
};

/// The fine label (0..99) is the target; coarse_targets() holds the 20 superclasses.
class CIFAR100 : public CIFAR10 {
 public:
  explicit CIFAR100(const std::string& root, CIFAROptions options = {});
  const Tensor& coarse_targets() const { return coarse_targets_; }

 private:
  Tensor coarse_targets_;
};

/// Writes images (N, 32, 32, 3) uint8 and labels (N) as one CIFAR-10
/// binary batch (for tests and for making small CIFAR-format datasets).
void save_cifar10_batch(const std::string& path, const Tensor& images, const Tensor& labels);
/// The same for CIFAR-100, with coarse and fine labels.
void save_cifar100_batch(const std::string& path, const Tensor& images, const Tensor& coarse_labels,
                         const Tensor& fine_labels);

}  // namespace ember::data
