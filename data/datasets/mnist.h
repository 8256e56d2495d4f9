// mnist.h — the IDX format and the MNIST-family datasets
// (torchvision.datasets.MNIST / FashionMNIST).
//
// IDX (LeCun's format): two zero bytes, a type byte (0x08 uint8, 0x09 int8,
// 0x0C int32, 0x0D float32, 0x0E float64), the number of dims, each dim as a
// big-endian uint32, then the values, big-endian, row-major. Files may be
// gzip'd (read through zlib). Every header field and the payload length
// are checked before use.
//
// The datasets read {train,t10k}-images-idx3-ubyte and
// {train,t10k}-labels-idx1-ubyte (each optionally .gz) from a folder, e.g.
// Debian's dataset-fashion-mnist: /usr/share/datasets/fashion-mnist.
//
// Left out: downloading, EMNIST/KMNIST/QMNIST splits, int16 IDX (ember
// has no int16).
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/transforms/transforms.h"

namespace ember::data {

/// Reads an IDX file (plain or gzip'd) into a tensor of its type and dims.
Tensor read_idx(const std::string& path);

struct MNISTOptions {
  bool train = true;                            // train-* (60000) or t10k-* (10000)
  transforms::TransformFn transform = nullptr;  // applied to each (28, 28) uint8 image
};

/// Sample i is (image, label): a (28, 28) uint8 image (or what the
/// transform makes of it) and an int label 0..9.
class MNIST : public Dataset {
 public:
  explicit MNIST(const std::string& root, MNISTOptions options = {});
  int64_t size() const override { return targets_.size(0); }
  Sample get(int64_t index) const override;
  /// All images (N, 28, 28) uint8 and labels (N) int64, as torchvision's .data / .targets.
  const Tensor& data() const { return data_; }
  const Tensor& targets() const { return targets_; }
  virtual std::vector<std::string> classes() const;

 private:
  Tensor data_, targets_;
  transforms::TransformFn transform_;
};

/// Zalando's Fashion-MNIST: MNIST's format with 10 kinds of clothing.
class FashionMNIST : public MNIST {
 public:
  using MNIST::MNIST;
  std::vector<std::string> classes() const override;
};

}  // namespace ember::data
