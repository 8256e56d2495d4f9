// sampler.cpp — the samplers of sampler.h.
#include "data/sampler.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/error.h"
#include "core/ops_creation.h"
#include "core/ops_random.h"

namespace ember::data {

namespace {

uint64_t seed_or_default(std::optional<uint64_t> seed) { return seed ? *seed : default_generator().next_uint64(); }

std::vector<int64_t> to_vector(const Tensor& t) {
  Tensor c = t.contiguous();
  const int64_t* p = c.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + c.numel());
}

std::vector<int64_t> permutation(int64_t n, Generator& gen) { return to_vector(randperm(n, {}, &gen)); }

}  // namespace

SequentialSampler::SequentialSampler(int64_t n) : n_(n) {
  EMBER_CHECK(n >= 0, "SequentialSampler", "n must be non-negative, got ", n);
}

std::vector<int64_t> SequentialSampler::indices() {
  std::vector<int64_t> out(static_cast<size_t>(n_));
  std::iota(out.begin(), out.end(), 0);
  return out;
}

RandomSampler::RandomSampler(int64_t n, RandomSamplerOptions options)
    : n_(n),
      replacement_(options.replacement),
      num_samples_(options.num_samples.value_or(n)),
      gen_(seed_or_default(options.seed)) {
  EMBER_CHECK(n >= 0, "RandomSampler", "n must be non-negative, got ", n);
  EMBER_CHECK(num_samples_ >= 0, "RandomSampler", "num_samples should be a non-negative integer, got ", num_samples_);
  EMBER_CHECK(n > 0 || num_samples_ == 0, "RandomSampler", "cannot draw ", num_samples_, " samples from an empty dataset");
}

std::vector<int64_t> RandomSampler::indices() {
  if (replacement_) return to_vector(randint(0, std::max<int64_t>(n_, 1), {num_samples_}, {}, &gen_));
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(num_samples_));
  while (static_cast<int64_t>(out.size()) < num_samples_) {
    std::vector<int64_t> perm = permutation(n_, gen_);
    size_t take = std::min(perm.size(), static_cast<size_t>(num_samples_) - out.size());
    out.insert(out.end(), perm.begin(), perm.begin() + static_cast<std::ptrdiff_t>(take));
  }
  return out;
}

SubsetRandomSampler::SubsetRandomSampler(std::vector<int64_t> indices, std::optional<uint64_t> seed)
    : indices_(std::move(indices)), gen_(seed_or_default(seed)) {}

std::vector<int64_t> SubsetRandomSampler::indices() {
  std::vector<int64_t> out;
  out.reserve(indices_.size());
  for (int64_t k : permutation(static_cast<int64_t>(indices_.size()), gen_)) out.push_back(indices_[static_cast<size_t>(k)]);
  return out;
}

WeightedRandomSampler::WeightedRandomSampler(std::vector<double> weights, int64_t num_samples, bool replacement,
                                             std::optional<uint64_t> seed)
    : weights_(std::move(weights)), num_samples_(num_samples), replacement_(replacement), gen_(seed_or_default(seed)) {
  EMBER_CHECK(!weights_.empty(), "WeightedRandomSampler", "weights must not be empty");
  EMBER_CHECK(num_samples > 0, "WeightedRandomSampler", "num_samples should be a positive integer, got ", num_samples);
  for (double w : weights_) EMBER_CHECK(w >= 0, "WeightedRandomSampler", "weights must be non-negative, got ", w);
  EMBER_CHECK(replacement || num_samples <= static_cast<int64_t>(weights_.size()), "WeightedRandomSampler",
              "cannot draw ", num_samples, " samples without replacement from ", weights_.size(), " weights");
}

std::vector<int64_t> WeightedRandomSampler::indices() {
  return to_vector(multinomial(tensor(weights_), num_samples_, replacement_, &gen_));
}

DistributedSampler::DistributedSampler(int64_t n, DistributedSamplerOptions options) : n_(n), options_(options) {
  EMBER_CHECK(options.num_replicas >= 1, "DistributedSampler", "num_replicas must be at least 1, got ",
              options.num_replicas);
  EMBER_CHECK(options.rank >= 0 && options.rank < options.num_replicas, "DistributedSampler", "invalid rank ",
              options.rank, ", rank should be in the interval [0, ", options.num_replicas - 1, "]");
  int64_t r = options.num_replicas;
  // drop_last: floor(n / R) each; otherwise ceil(n / R) each, padding by repetition
  num_samples_ = options.drop_last ? n / r : (n + r - 1) / r;
}

std::vector<int64_t> DistributedSampler::indices() {
  std::vector<int64_t> all;
  if (options_.shuffle) {
    Generator gen(options_.seed + static_cast<uint64_t>(epoch_));
    all = permutation(n_, gen);
  } else {
    all = SequentialSampler(n_).indices();
  }
  size_t total = static_cast<size_t>(num_samples_ * options_.num_replicas);
  if (all.size() < total) {  // pad by repeating the list from its start
    EMBER_CHECK(!all.empty(), "DistributedSampler", "cannot pad an empty dataset to ", total, " samples");
    size_t original = all.size();
    for (size_t i = 0; all.size() < total; ++i) all.push_back(all[i % original]);
  }
  all.resize(total);
  std::vector<int64_t> mine;
  for (size_t i = static_cast<size_t>(options_.rank); i < total; i += static_cast<size_t>(options_.num_replicas))
    mine.push_back(all[i]);
  return mine;
}

BatchSampler::BatchSampler(std::shared_ptr<Sampler> sampler, int64_t batch_size, bool drop_last)
    : sampler_(std::move(sampler)), batch_size_(batch_size), drop_last_(drop_last) {
  EMBER_CHECK(sampler_ != nullptr, "BatchSampler", "the sampler is null");
  EMBER_CHECK(batch_size > 0, "BatchSampler", "batch_size should be a positive integer, got ", batch_size);
}

std::vector<std::vector<int64_t>> BatchSampler::batches() {
  std::vector<int64_t> order = sampler_->indices();
  std::vector<std::vector<int64_t>> out;
  for (size_t start = 0; start < order.size(); start += static_cast<size_t>(batch_size_)) {
    size_t end = std::min(order.size(), start + static_cast<size_t>(batch_size_));
    if (drop_last_ && end - start < static_cast<size_t>(batch_size_)) break;
    out.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(start), order.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return out;
}

int64_t BatchSampler::size() const {
  int64_t n = sampler_->size();
  return drop_last_ ? n / batch_size_ : (n + batch_size_ - 1) / batch_size_;
}

ClassBalancedBatchSampler::ClassBalancedBatchSampler(const std::vector<int64_t>& labels, int64_t batch_size,
                                                     ClassBalancedBatchSamplerOptions options)
    : batch_size_(batch_size), gen_(seed_or_default(options.seed)) {
  EMBER_CHECK(batch_size > 0, "ClassBalancedBatchSampler", "batch_size should be a positive integer, got ", batch_size);
  EMBER_CHECK(!labels.empty(), "ClassBalancedBatchSampler", "labels must not be empty");
  std::map<int64_t, std::vector<int64_t>> groups;  // ordered by label, so the result is deterministic
  for (size_t i = 0; i < labels.size(); ++i) groups[labels[i]].push_back(static_cast<int64_t>(i));
  for (auto& [label, members] : groups) by_class_.push_back(std::move(members));
  cycle_.resize(by_class_.size());
  cursor_.assign(by_class_.size(), 0);
  int64_t n = static_cast<int64_t>(labels.size());
  num_batches_ = options.num_batches.value_or((n + batch_size - 1) / batch_size);
  EMBER_CHECK(num_batches_ > 0, "ClassBalancedBatchSampler", "num_batches must be positive, got ", num_batches_);
}

std::vector<std::vector<int64_t>> ClassBalancedBatchSampler::batches() {
  int64_t num_classes = static_cast<int64_t>(by_class_.size());
  int64_t per_class = batch_size_ / num_classes, extra = batch_size_ % num_classes;
  auto next_of = [&](size_t c) {  // the next sample of class c, reshuffling its cycle when used up
    if (cursor_[c] == cycle_[c].size()) {
      cycle_[c].clear();
      for (int64_t k : permutation(static_cast<int64_t>(by_class_[c].size()), gen_))
        cycle_[c].push_back(by_class_[c][static_cast<size_t>(k)]);
      cursor_[c] = 0;
    }
    return cycle_[c][cursor_[c]++];
  };
  std::vector<std::vector<int64_t>> out;
  for (int64_t b = 0; b < num_batches_; ++b) {
    std::vector<int64_t> batch;
    for (int64_t c = 0; c < num_classes; ++c)
      for (int64_t k = 0; k < per_class; ++k) batch.push_back(next_of(static_cast<size_t>(c)));
    std::vector<int64_t> classes = permutation(num_classes, gen_);  // which classes get one more
    for (int64_t k = 0; k < extra; ++k) batch.push_back(next_of(static_cast<size_t>(classes[static_cast<size_t>(k)])));
    std::vector<int64_t> shuffled;  // so class order inside a batch carries no signal
    for (int64_t k : permutation(static_cast<int64_t>(batch.size()), gen_)) shuffled.push_back(batch[static_cast<size_t>(k)]);
    out.push_back(std::move(shuffled));
  }
  return out;
}

}  // namespace ember::data
