// dataset.cpp — TensorDataset, Subset, ConcatDataset, LambdaDataset, random_split.
#include "data/dataset.h"

#include <algorithm>
#include <cmath>

#include "core/ops_random.h"

namespace ember::data {

void check_index(const char* op, int64_t index, int64_t size) {
  EMBER_CHECK(index >= 0 && index < size, op, "index ", index, " is out of range for a dataset of ", size,
              " samples");
}

TensorDataset::TensorDataset(std::vector<Tensor> tensors) : tensors_(std::move(tensors)) {
  EMBER_CHECK(!tensors_.empty(), "TensorDataset", "needs at least one tensor");
  for (size_t k = 0; k < tensors_.size(); ++k) {
    EMBER_CHECK(tensors_[k].defined() && tensors_[k].dim() >= 1, "TensorDataset", "tensor ", k,
                " must have a first dimension to index");
    EMBER_CHECK(tensors_[k].size(0) == tensors_[0].size(0), "TensorDataset", "size mismatch between tensors: tensor 0 has ",
                tensors_[0].size(0), " samples, tensor ", k, " has ", tensors_[k].size(0));
  }
}

int64_t TensorDataset::size() const { return tensors_[0].size(0); }

Sample TensorDataset::get(int64_t index) const {
  check_index("TensorDataset", index, size());
  Sample::List fields;
  for (const Tensor& t : tensors_) fields.emplace_back(t.select(0, index));
  return Sample(std::move(fields));
}

Subset::Subset(std::shared_ptr<const Dataset> dataset, std::vector<int64_t> indices)
    : dataset_(std::move(dataset)), indices_(std::move(indices)) {
  EMBER_CHECK(dataset_ != nullptr, "Subset", "the dataset is null");
  int64_t n = dataset_->size();
  for (int64_t i : indices_) EMBER_CHECK(i >= 0 && i < n, "Subset", "index ", i, " is out of range for a dataset of ", n);
}

Sample Subset::get(int64_t index) const {
  check_index("Subset", index, size());
  return dataset_->get(indices_[index]);
}

ConcatDataset::ConcatDataset(std::vector<std::shared_ptr<const Dataset>> datasets) : datasets_(std::move(datasets)) {
  EMBER_CHECK(!datasets_.empty(), "ConcatDataset", "datasets should not be an empty list");
  int64_t total = 0;
  for (const auto& d : datasets_) {
    EMBER_CHECK(d != nullptr, "ConcatDataset", "a dataset is null");
    total += d->size();
    cumulative_sizes_.push_back(total);
  }
}

Sample ConcatDataset::get(int64_t index) const {
  check_index("ConcatDataset", index, size());
  // the first dataset whose cumulative size exceeds index holds it
  auto it = std::upper_bound(cumulative_sizes_.begin(), cumulative_sizes_.end(), index);
  size_t k = static_cast<size_t>(it - cumulative_sizes_.begin());
  int64_t start = k == 0 ? 0 : cumulative_sizes_[k - 1];
  return datasets_[k]->get(index - start);
}

LambdaDataset::LambdaDataset(int64_t size, std::function<Sample(int64_t)> fn) : size_(size), fn_(std::move(fn)) {
  EMBER_CHECK(size >= 0, "LambdaDataset", "size must be non-negative, got ", size);
  EMBER_CHECK(static_cast<bool>(fn_), "LambdaDataset", "the function is empty");
}

Sample LambdaDataset::get(int64_t index) const {
  check_index("LambdaDataset", index, size_);
  return fn_(index);
}

std::vector<std::shared_ptr<Subset>> random_split(const std::shared_ptr<const Dataset>& dataset,
                                                  const std::vector<double>& lengths, Generator* gen) {
  EMBER_CHECK(dataset != nullptr, "random_split", "the dataset is null");
  int64_t n = dataset->size();
  double total = 0;
  for (double l : lengths) {
    EMBER_CHECK(l >= 0, "random_split", "lengths must be non-negative, got ", l);
    total += l;
  }
  std::vector<int64_t> counts;
  if (std::fabs(total - 1.0) < 1e-9 && total <= 1.0) {  // fractions
    int64_t assigned = 0;
    for (double f : lengths) {
      counts.push_back(static_cast<int64_t>(std::floor(n * f)));
      assigned += counts.back();
    }
    for (int64_t r = 0; r < n - assigned; ++r) counts[static_cast<size_t>(r) % counts.size()] += 1;
  } else {
    for (double l : lengths) {
      EMBER_CHECK(l == std::floor(l), "random_split", "lengths must be whole counts or fractions summing to 1, got ", l);
      counts.push_back(static_cast<int64_t>(l));
    }
    EMBER_CHECK(static_cast<int64_t>(total) == n, "random_split",
                "sum of input lengths does not equal the length of the input dataset (", total, " vs ", n, ")");
  }
  Tensor perm = randperm(n, {}, gen).contiguous();
  const int64_t* p = perm.data_ptr<int64_t>();
  std::vector<std::shared_ptr<Subset>> subsets;
  int64_t offset = 0;
  for (int64_t c : counts) {
    subsets.push_back(std::make_shared<Subset>(dataset, std::vector<int64_t>(p + offset, p + offset + c)));
    offset += c;
  }
  return subsets;
}

}  // namespace ember::data
