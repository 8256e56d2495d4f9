// test_datasets.cpp — the Dataset classes, random_split, the samplers and
// the collate functions.
#include <map>
#include <set>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {
std::shared_ptr<data::TensorDataset> range_dataset(int64_t n) {
  return std::make_shared<data::TensorDataset>(std::vector<Tensor>{arange(n), arange(n).mul(2)});
}
std::vector<int64_t> sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}
std::vector<int64_t> iota(int64_t n, int64_t start = 0) {
  std::vector<int64_t> v;
  for (int64_t i = 0; i < n; ++i) v.push_back(start + i);
  return v;
}
}  // namespace

TEST_CASE("TensorDataset, Subset, ConcatDataset and LambdaDataset index correctly") {
  auto ds = range_dataset(5);
  REQUIRE(ds->size() == 5);
  data::Sample s = ds->get(3);
  REQUIRE(s[0].to_int() == 3);
  REQUIRE(s[1].to_int() == 6);
  REQUIRE_THROWS_WITH(ds->get(5), Contains("index 5 is out of range"));
  REQUIRE_THROWS_WITH(data::TensorDataset({arange(3), arange(4)}), Contains("size mismatch"));

  auto sub = std::make_shared<data::Subset>(ds, std::vector<int64_t>{4, 0});
  REQUIRE(sub->get(0)[0].to_int() == 4);
  REQUIRE(sub->get(1)[0].to_int() == 0);
  REQUIRE_THROWS_WITH(data::Subset(ds, {7}), Contains("out of range"));

  auto lambda = std::make_shared<data::LambdaDataset>(3, [](int64_t i) { return data::Sample(100 + i); });
  data::ConcatDataset cat({ds, lambda, sub});
  REQUIRE(cat.size() == 10);
  REQUIRE(cat.cumulative_sizes() == std::vector<int64_t>{5, 8, 10});
  REQUIRE(cat.get(4)[0].to_int() == 4);
  REQUIRE(cat.get(5).to_int() == 100);
  REQUIRE(cat.get(7).to_int() == 102);
  REQUIRE(cat.get(8)[0].to_int() == 4);
}

TEST_CASE("random_split is seeded, disjoint and complete") {
  auto ds = range_dataset(10);
  Generator g1(7), g2(7);
  auto a = data::random_split(ds, {7, 3}, &g1);
  auto b = data::random_split(ds, {0.7, 0.3}, &g2);
  REQUIRE(a.size() == 2);
  REQUIRE(a[0]->size() == 7);
  REQUIRE(a[1]->size() == 3);
  REQUIRE(a[0]->indices() == b[0]->indices());  // the same seed, the same split
  std::vector<int64_t> all = a[0]->indices();
  all.insert(all.end(), a[1]->indices().begin(), a[1]->indices().end());
  REQUIRE(sorted(all) == iota(10));
  // fractions that do not divide evenly: remainders go to the first subsets
  auto c = data::random_split(ds, {0.33, 0.33, 0.34});
  REQUIRE(c[0]->size() + c[1]->size() + c[2]->size() == 10);
  REQUIRE(c[0]->size() == 4);
  REQUIRE_THROWS_WITH(data::random_split(ds, {5, 4}), Contains("does not equal"));
}

TEST_CASE("Sequential, Random and SubsetRandom samplers") {
  REQUIRE(data::SequentialSampler(4).indices() == iota(4));
  data::RandomSampler r(20, {.seed = 1});
  auto e1 = r.indices(), e2 = r.indices();
  REQUIRE(sorted(e1) == iota(20));
  REQUIRE(sorted(e2) == iota(20));
  REQUIRE(e1 != e2);
  data::RandomSampler again(20, {.seed = 1});
  REQUIRE(again.indices() == e1);

  data::RandomSampler more(5, {.num_samples = 12, .seed = 2});  // without replacement: whole permutations, then part of one
  auto m = more.indices();
  REQUIRE(m.size() == 12);
  REQUIRE(sorted(std::vector<int64_t>(m.begin(), m.begin() + 5)) == iota(5));
  REQUIRE(sorted(std::vector<int64_t>(m.begin() + 5, m.begin() + 10)) == iota(5));

  data::RandomSampler with(3, {.replacement = true, .num_samples = 3000, .seed = 3});
  std::map<int64_t, int64_t> counts;
  for (int64_t i : with.indices()) ++counts[i];
  REQUIRE(counts.size() == 3);
  for (auto& [k, c] : counts) REQUIRE(std::abs(c - 1000) < 150);

  data::SubsetRandomSampler sub({3, 5, 9}, 4);
  REQUIRE(sorted(sub.indices()) == std::vector<int64_t>{3, 5, 9});
}

TEST_CASE("WeightedRandomSampler draws in proportion to the weights") {
  data::WeightedRandomSampler w({1.0, 0.0, 3.0}, 8000, true, 5);
  std::map<int64_t, int64_t> counts;
  for (int64_t i : w.indices()) ++counts[i];
  REQUIRE(counts[1] == 0);
  REQUIRE(std::abs(counts[2] - 6000) < 250);
  data::WeightedRandomSampler no_repeat({1, 1, 1, 1}, 4, false, 6);
  REQUIRE(sorted(no_repeat.indices()) == iota(4));
  REQUIRE_THROWS_WITH(data::WeightedRandomSampler({1.0, 2.0}, 3, false), Contains("without replacement"));
}

TEST_CASE("BatchSampler cuts an order into batches") {
  data::BatchSampler b(std::make_shared<data::SequentialSampler>(7), 3, false);
  REQUIRE(b.size() == 3);
  REQUIRE(b.batches() == std::vector<std::vector<int64_t>>{{0, 1, 2}, {3, 4, 5}, {6}});
  data::BatchSampler d(std::make_shared<data::SequentialSampler>(7), 3, true);
  REQUIRE(d.size() == 2);
  REQUIRE(d.batches().size() == 2);
}

TEST_CASE("DistributedSampler splits the dataset across ranks with padding") {
  // 10 samples on 3 ranks: 4 each, padded with the first 2 of the order
  std::vector<int64_t> all;
  for (int64_t rank = 0; rank < 3; ++rank) {
    data::DistributedSampler s(10, {.num_replicas = 3, .rank = rank, .shuffle = false});
    REQUIRE(s.size() == 4);
    auto mine = s.indices();
    REQUIRE(mine.size() == 4);
    for (size_t k = 0; k < mine.size(); ++k) REQUIRE(mine[k] == (static_cast<int64_t>(k) * 3 + rank) % 10);
    all.insert(all.end(), mine.begin(), mine.end());
  }
  REQUIRE(sorted(all) == std::vector<int64_t>{0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  // shuffled: every rank agrees on the permutation, which changes with the epoch
  std::set<int64_t> seen;
  for (int64_t rank = 0; rank < 2; ++rank) {
    data::DistributedSampler s(10, {.num_replicas = 2, .rank = rank, .seed = 3});
    auto e0 = s.indices();
    s.set_epoch(1);
    REQUIRE(s.indices() != e0);
    seen.insert(e0.begin(), e0.end());
  }
  REQUIRE(seen.size() == 10);
  data::DistributedSampler drop(10, {.num_replicas = 3, .rank = 2, .drop_last = true});
  REQUIRE(drop.size() == 3);
  REQUIRE_THROWS_WITH(data::DistributedSampler(10, {.num_replicas = 2, .rank = 2}), Contains("invalid rank"));
}

TEST_CASE("ClassBalancedBatchSampler balances an imbalanced dataset") {
  // 90% class 0, 9% class 1, 1% class 2
  std::vector<int64_t> labels;
  for (int i = 0; i < 900; ++i) labels.push_back(0);
  for (int i = 0; i < 90; ++i) labels.push_back(1);
  for (int i = 0; i < 10; ++i) labels.push_back(2);
  data::ClassBalancedBatchSampler s(labels, 10, {.seed = 1});
  auto batches = s.batches();
  REQUIRE(static_cast<int64_t>(batches.size()) == s.size());
  REQUIRE(s.size() == 100);
  std::set<int64_t> visited;
  for (const auto& b : batches) {
    REQUIRE(b.size() == 10);
    int64_t counts[3] = {0, 0, 0};
    for (int64_t i : b) ++counts[labels[static_cast<size_t>(i)]], visited.insert(i);
    for (int64_t c : counts) REQUIRE((c == 3 || c == 4));  // 10 = 3 * 3 + 1
  }
  // rare classes repeat; every sample of them is used
  for (int64_t i = 900; i < 1000; ++i) REQUIRE(visited.count(i) == 1);
  data::ClassBalancedBatchSampler again(labels, 10, {.seed = 1});
  REQUIRE(again.batches() == batches);
}

TEST_CASE("default_collate stacks tensors and batches nested structures") {
  std::vector<data::Sample> samples;
  for (int64_t i = 0; i < 3; ++i)
    samples.push_back(data::Sample::list(
        {full({2}, static_cast<double>(i)), i, 0.5 * static_cast<double>(i), std::to_string(i),
         data::Sample::dict({{"box", full({4}, i, kInt64)}, {"id", i * 10}})}));
  data::Sample b = data::default_collate(samples);
  REQUIRE_EQUAL(b[0].tensor(), tensor<float>({0, 0, 1, 1, 2, 2}, {3, 2}));
  REQUIRE_EQUAL(b[1].tensor(), tensor<int64_t>({0, 1, 2}));
  REQUIRE_EQUAL(b[2].tensor(), tensor<double>({0, 0.5, 1.0}));
  REQUIRE(b[3].size() == 3);
  REQUIRE(b[3][2].str() == "2");
  REQUIRE(b[4]["box"].tensor().sizes() == IntArrayRef{3, 4});
  REQUIRE_EQUAL(b[4]["id"].tensor(), tensor<int64_t>({0, 10, 20}));

  REQUIRE_THROWS_WITH(data::default_collate({data::Sample(arange(2)), data::Sample(arange(3))}),
                      Contains("equal size") && Contains("pad_collate"));
  REQUIRE_THROWS_WITH(data::default_collate({data::Sample(1), data::Sample("x")}), Contains("sample 1 is a string"));
  REQUIRE_THROWS_WITH(data::default_collate({data::Sample::object(std::vector<int>{1})}), Contains("collate_fn"));
}

TEST_CASE("pad_collate pads variable-length sequences and returns their lengths") {
  std::vector<data::Sample> seqs{data::Sample(tensor<float>({1, 2, 3})), data::Sample(tensor<float>({4, 5})),
                                 data::Sample(tensor<float>({6, 7, 8, 9}))};
  data::Sample out = data::pad_collate()(seqs);
  REQUIRE_EQUAL(out[0].tensor(), tensor<float>({1, 2, 3, 0, 4, 5, 0, 0, 6, 7, 8, 9}, {3, 4}));
  REQUIRE_EQUAL(out[1].tensor(), tensor<int64_t>({3, 2, 4}));
  data::Sample sorted_out = data::pad_collate({.padding_value = -1, .sort_descending = true})(seqs);
  REQUIRE_EQUAL(sorted_out[0].tensor(), tensor<float>({6, 7, 8, 9, 1, 2, 3, -1, 4, 5, -1, -1}, {3, 4}));
  REQUIRE_EQUAL(sorted_out[1].tensor(), tensor<int64_t>({4, 3, 2}));
  // (sequence, label) samples: the labels follow the sort
  std::vector<data::Sample> labeled{data::Sample::list({arange(2), 0}), data::Sample::list({arange(5), 1})};
  data::Sample l = data::pad_collate({.sort_descending = true})(labeled);
  REQUIRE(l[0].tensor().sizes() == IntArrayRef{2, 5});
  REQUIRE_EQUAL(l[2].tensor(), tensor<int64_t>({1, 0}));
  // sequences of feature vectors (L, D)
  data::Sample f = data::pad_collate()({data::Sample(ones({2, 3})), data::Sample(ones({4, 3}))});
  REQUIRE(f[0].tensor().sizes() == IntArrayRef{2, 4, 3});
  REQUIRE_THROWS_WITH(data::pad_collate()({data::Sample(ones({2, 3})), data::Sample(ones({2, 4}))}),
                      Contains("every dim but the first"));
}

TEST_CASE("Sample accessors name the kind they found") {
  data::Sample s = data::Sample::dict({{"x", 1}});
  REQUIRE_THROWS_WITH(s.tensor(), Contains("asked for a tensor but the sample holds a dict"));
  REQUIRE_THROWS_WITH(s["y"], Contains("no field 'y'") && Contains("x"));
  REQUIRE_THROWS_WITH(data::Sample::list({1})[3], Contains("out of range"));
  data::Sample o = data::Sample::object(std::string("user"));
  REQUIRE(o.object<std::string>() == "user");
  REQUIRE_THROWS_WITH(o.object<int>(), Contains("the object holds"));
}
