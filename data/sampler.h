// sampler.h — the order in which a DataLoader visits a dataset
// (torch.utils.data.sampler): Sequential, Random, SubsetRandom,
// WeightedRandom, Batch, a class-balanced batch sampler and Distributed.
//
// A Sampler returns one epoch's indices at a time; each call to indices()
// is a new epoch, so a random sampler gives a new order every epoch while
// the same seed repeats the whole sequence of orders. Random samplers own a
// Generator seeded at construction (from the default generator when no
// seed is given, so ember::manual_seed reproduces them).
//
// Left out: samplers as lazy iterators (an epoch's indices are one vector,
// 8 bytes per sample).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/generator.h"

namespace ember::data {

class Sampler {
 public:
  virtual ~Sampler() = default;
  /// The indices of the next epoch.
  virtual std::vector<int64_t> indices() = 0;
  /// How many indices an epoch has.
  virtual int64_t size() const = 0;
};

/// 0, 1, ..., n - 1.
class SequentialSampler : public Sampler {
 public:
  explicit SequentialSampler(int64_t n);
  std::vector<int64_t> indices() override;
  int64_t size() const override { return n_; }

 private:
  int64_t n_;
};

struct RandomSamplerOptions {
  bool replacement = false;
  std::optional<int64_t> num_samples = std::nullopt;  // default: n
  std::optional<uint64_t> seed = std::nullopt;
};

/// A random permutation of 0..n-1 per epoch; num_samples > n without
/// replacement concatenates permutations (as torch); with replacement,
/// num_samples independent uniform draws.
class RandomSampler : public Sampler {
 public:
  explicit RandomSampler(int64_t n, RandomSamplerOptions options = {});
  std::vector<int64_t> indices() override;
  int64_t size() const override { return num_samples_; }

 private:
  int64_t n_;
  bool replacement_;
  int64_t num_samples_;
  Generator gen_;
};

/// A random permutation of the given indices per epoch.
class SubsetRandomSampler : public Sampler {
 public:
  explicit SubsetRandomSampler(std::vector<int64_t> indices, std::optional<uint64_t> seed = {});
  std::vector<int64_t> indices() override;
  int64_t size() const override { return static_cast<int64_t>(indices_.size()); }

 private:
  std::vector<int64_t> indices_;
  Generator gen_;
};

/// num_samples indices drawn with P(i) = weights[i] / sum(weights).
class WeightedRandomSampler : public Sampler {
 public:
  WeightedRandomSampler(std::vector<double> weights, int64_t num_samples, bool replacement = true,
                        std::optional<uint64_t> seed = {});
  std::vector<int64_t> indices() override;
  int64_t size() const override { return num_samples_; }

 private:
  std::vector<double> weights_;
  int64_t num_samples_;
  bool replacement_;
  Generator gen_;
};

struct DistributedSamplerOptions {
  int64_t num_replicas = 1;  // the world size
  int64_t rank = 0;
  bool shuffle = true;
  uint64_t seed = 0;  // every rank must use the same seed
  bool drop_last = false;
};

/// This rank's share of 0..n-1: the (shuffled, with seed + epoch) indices
/// are padded by repeating from the start to a multiple of num_replicas
/// (or trimmed with drop_last), then rank r takes positions r, r + R, ...
/// Call set_epoch(e) before each epoch for a new shuffle.
class DistributedSampler : public Sampler {
 public:
  DistributedSampler(int64_t n, DistributedSamplerOptions options);
  std::vector<int64_t> indices() override;
  int64_t size() const override { return num_samples_; }
  void set_epoch(int64_t epoch) { epoch_ = epoch; }

 private:
  int64_t n_;
  DistributedSamplerOptions options_;
  int64_t num_samples_;
  int64_t epoch_ = 0;
};

/// Groups of indices, one group per batch (torch's batch_sampler argument).
class BatchSamplerBase {
 public:
  virtual ~BatchSamplerBase() = default;
  /// The batches of the next epoch.
  virtual std::vector<std::vector<int64_t>> batches() = 0;
  /// How many batches an epoch has.
  virtual int64_t size() const = 0;
};

/// Cuts the sampler's indices into batches of batch_size (the last one
/// smaller, or dropped with drop_last).
class BatchSampler : public BatchSamplerBase {
 public:
  BatchSampler(std::shared_ptr<Sampler> sampler, int64_t batch_size, bool drop_last);
  std::vector<std::vector<int64_t>> batches() override;
  int64_t size() const override;

 private:
  std::shared_ptr<Sampler> sampler_;
  int64_t batch_size_;
  bool drop_last_;
};

struct ClassBalancedBatchSamplerOptions {
  std::optional<int64_t> num_batches = std::nullopt;  // default: ceil(n / batch_size)
  std::optional<uint64_t> seed = std::nullopt;
};

/// Batches in which every class appears equally often (counts differ by at
/// most one), whatever the imbalance of the dataset: with C classes and
/// batch_size = C k + r, each batch takes k samples of every class and one
/// more of r classes chosen at random. Each class's samples are visited in
/// a shuffled cycle, so rare classes repeat (oversampling) and common ones
/// are all visited over enough batches.
class ClassBalancedBatchSampler : public BatchSamplerBase {
 public:
  ClassBalancedBatchSampler(const std::vector<int64_t>& labels, int64_t batch_size,
                            ClassBalancedBatchSamplerOptions options = {});
  std::vector<std::vector<int64_t>> batches() override;
  int64_t size() const override { return num_batches_; }

 private:
  std::vector<std::vector<int64_t>> by_class_;  // sample indices of each class present
  std::vector<std::vector<int64_t>> cycle_;     // each class's current shuffled cycle
  std::vector<size_t> cursor_;
  int64_t batch_size_;
  int64_t num_batches_;
  Generator gen_;
};

}  // namespace ember::data
