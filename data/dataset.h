// dataset.h — the Dataset interfaces and the general-purpose datasets of
// torch.utils.data: TensorDataset, Subset, ConcatDataset, random_split, an
// IterableDataset for streams, and LambdaDataset for a user function.
//
// A map-style Dataset has a size and returns sample i from get(i). DataLoader
// workers call get() from several threads at once, so get() is const and
// must be safe to call concurrently (read files per call, share nothing
// mutable). Datasets are held by shared_ptr, like nn modules.
//
// Left out: ChainDataset and StackDataset.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/generator.h"
#include "data/sample.h"

namespace ember::data {

class Dataset {
 public:
  virtual ~Dataset() = default;
  /// Number of samples (Python's len(dataset)).
  virtual int64_t size() const = 0;
  /// Sample `index`, 0 <= index < size() (dataset[index]).
  virtual Sample get(int64_t index) const = 0;
};

/// A stream of samples, for data that does not fit in memory or has no index.
/// stream() starts a fresh pass; inside a DataLoader worker it runs on that
/// worker's thread, where get_worker_info() (worker_info.h) says which share
/// of the data this worker should yield (each worker streams its own share).
class IterableDataset {
 public:
  /// Returns the next sample, or nothing at the end of the pass.
  using Stream = std::function<std::optional<Sample>()>;
  virtual ~IterableDataset() = default;
  virtual Stream stream() const = 0;
};

/// Sample i is (tensors[0][i], tensors[1][i], ...); all tensors share dim 0.
class TensorDataset : public Dataset {
 public:
  explicit TensorDataset(std::vector<Tensor> tensors);
  int64_t size() const override;
  Sample get(int64_t index) const override;
  const std::vector<Tensor>& tensors() const { return tensors_; }

 private:
  std::vector<Tensor> tensors_;
};

/// The samples of `dataset` at `indices`, in that order.
class Subset : public Dataset {
 public:
  Subset(std::shared_ptr<const Dataset> dataset, std::vector<int64_t> indices);
  int64_t size() const override { return static_cast<int64_t>(indices_.size()); }
  Sample get(int64_t index) const override;
  const std::vector<int64_t>& indices() const { return indices_; }
  const std::shared_ptr<const Dataset>& dataset() const { return dataset_; }

 private:
  std::shared_ptr<const Dataset> dataset_;
  std::vector<int64_t> indices_;
};

/// The datasets one after another.
class ConcatDataset : public Dataset {
 public:
  explicit ConcatDataset(std::vector<std::shared_ptr<const Dataset>> datasets);
  int64_t size() const override { return cumulative_sizes_.empty() ? 0 : cumulative_sizes_.back(); }
  Sample get(int64_t index) const override;
  /// cumulative_sizes()[k] = sizes of datasets 0..k summed.
  const std::vector<int64_t>& cumulative_sizes() const { return cumulative_sizes_; }

 private:
  std::vector<std::shared_ptr<const Dataset>> datasets_;
  std::vector<int64_t> cumulative_sizes_;
};

/// A dataset of `size` samples made by calling fn(index) (fn must be safe
/// to call from several threads when the loader has workers).
class LambdaDataset : public Dataset {
 public:
  LambdaDataset(int64_t size, std::function<Sample(int64_t)> fn);
  int64_t size() const override { return size_; }
  Sample get(int64_t index) const override;

 private:
  int64_t size_;
  std::function<Sample(int64_t)> fn_;
};

/// Splits the dataset into non-overlapping random subsets, from one randperm
/// of `gen` (default generator when null): the same seed gives the same
/// split. As in torch, `lengths` are either sample counts summing to the
/// dataset's size ({800, 200}) or fractions summing to 1 ({0.8, 0.2}); each
/// fraction gives floor(n * fraction) and the remainder goes one by one to
/// the first subsets.
std::vector<std::shared_ptr<Subset>> random_split(const std::shared_ptr<const Dataset>& dataset,
                                                  const std::vector<double>& lengths, Generator* gen = nullptr);

/// Throws the standard out-of-range error for get(index) of an `op` dataset.
void check_index(const char* op, int64_t index, int64_t size);

}  // namespace ember::data
