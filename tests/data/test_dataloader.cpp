// test_dataloader.cpp — DataLoader: every sample once per epoch, seeded
// shuffles, identical batches for any num_workers, in-order delivery,
// bounded prefetch, worker errors that name the sample, early breaks that
// leave no thread behind, persistent workers, iterable datasets.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

int64_t thread_count() {
  int64_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

std::shared_ptr<data::TensorDataset> range_dataset(int64_t n) {
  return std::make_shared<data::TensorDataset>(std::vector<Tensor>{arange(n), arange(n).mul(10)});
}

std::vector<int64_t> values(const Tensor& t) {
  Tensor c = t.contiguous().to(kInt64);
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

// All batches of one epoch, as (first field) values.
std::vector<std::vector<int64_t>> epoch(data::DataLoader& loader) {
  std::vector<std::vector<int64_t>> out;
  for (const data::Sample& batch : loader) out.push_back(values(batch[0].tensor()));
  return out;
}

// Sample i is i plus noise from the sample generator (what a random transform draws).
std::shared_ptr<data::LambdaDataset> noisy_dataset(int64_t n) {
  return std::make_shared<data::LambdaDataset>(n, [](int64_t i) {
    Tensor noise = rand({3}, {}, &data::sample_generator());
    return data::Sample::list({noise.add(static_cast<double>(i)), i});
  });
}

}  // namespace

TEST_CASE("shuffled epochs visit every sample exactly once, in a new order each epoch") {
  data::DataLoader loader(range_dataset(103), {.batch_size = 10, .shuffle = true, .seed = 1});
  REQUIRE(loader.size() == 11);
  std::vector<int64_t> first_order;
  for (int e = 0; e < 3; ++e) {
    std::vector<int64_t> seen;
    int64_t batches = 0;
    for (const data::Sample& batch : loader) {
      ++batches;
      std::vector<int64_t> xs = values(batch[0].tensor()), ys = values(batch[1].tensor());
      for (size_t k = 0; k < xs.size(); ++k) REQUIRE(ys[k] == 10 * xs[k]);  // fields stay paired
      seen.insert(seen.end(), xs.begin(), xs.end());
    }
    REQUIRE(batches == 11);
    std::vector<int64_t> sorted = seen;
    std::sort(sorted.begin(), sorted.end());
    REQUIRE(sorted == data::SequentialSampler(103).indices());
    if (e == 0) first_order = seen;
    else REQUIRE(seen != first_order);
  }
}

TEST_CASE("the same seed gives the same sequence of epochs, another seed does not") {
  auto ds = range_dataset(50);
  data::DataLoader a(ds, {.batch_size = 8, .shuffle = true, .seed = 42});
  data::DataLoader b(ds, {.batch_size = 8, .shuffle = true, .seed = 42});
  data::DataLoader c(ds, {.batch_size = 8, .shuffle = true, .seed = 43});
  for (int e = 0; e < 2; ++e) {
    auto ea = epoch(a), eb = epoch(b), ec = epoch(c);
    REQUIRE(ea == eb);
    REQUIRE(ea != ec);
  }
  // without a seed, ember::manual_seed decides
  manual_seed(5);
  data::DataLoader d(ds, {.batch_size = 8, .shuffle = true});
  manual_seed(5);
  data::DataLoader e(ds, {.batch_size = 8, .shuffle = true});
  REQUIRE(epoch(d) == epoch(e));
}

TEST_CASE("sequential loading, drop_last and the last partial batch") {
  data::DataLoader keep(range_dataset(10), {.batch_size = 4});
  auto batches = epoch(keep);
  REQUIRE(batches == std::vector<std::vector<int64_t>>{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}});
  data::DataLoader drop(range_dataset(10), {.batch_size = 4, .drop_last = true});
  REQUIRE(drop.size() == 2);
  REQUIRE(epoch(drop).size() == 2);
}

TEST_CASE("num_workers 0 and 4 give identical batches, random transforms included") {
  for (bool shuffle : {false, true}) {
    data::DataLoader serial(noisy_dataset(37), {.batch_size = 5, .shuffle = shuffle, .seed = 9});
    data::DataLoader parallel(noisy_dataset(37), {.batch_size = 5, .shuffle = shuffle, .seed = 9, .num_workers = 4});
    for (int e = 0; e < 2; ++e) {
      std::vector<data::Sample> s, p;
      for (const data::Sample& batch : serial) s.push_back(batch);
      for (const data::Sample& batch : parallel) p.push_back(batch);
      REQUIRE(s.size() == 8);
      REQUIRE(p.size() == s.size());
      for (size_t k = 0; k < s.size(); ++k) {
        REQUIRE_EQUAL(p[k][0].tensor(), s[k][0].tensor());
        REQUIRE_EQUAL(p[k][1].tensor(), s[k][1].tensor());
      }
    }
  }
}

TEST_CASE("random draws differ between samples and between epochs") {
  data::DataLoader loader(noisy_dataset(4), {.batch_size = 4, .seed = 3});
  Tensor first = (*loader.begin())[0].tensor();
  Tensor second = (*loader.begin())[0].tensor();
  Tensor noise = first.sub(arange(4, kFloat32).unsqueeze(1));
  REQUIRE_FALSE(noise[0].equal(noise[1]));
  REQUIRE_FALSE(first.equal(second));
}

TEST_CASE("batches arrive in order when workers finish out of order") {
  // sample i sleeps longer for small i, so later batches are ready first
  auto ds = std::make_shared<data::LambdaDataset>(24, [](int64_t i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(24 - i));
    return data::Sample(i);
  });
  data::DataLoader loader(ds, {.batch_size = 3, .num_workers = 3});
  int64_t expected = 0;
  for (const data::Sample& batch : loader)
    for (int64_t v : values(batch.tensor())) REQUIRE(v == expected++);
  REQUIRE(expected == 24);
}

TEST_CASE("prefetching is bounded by num_workers * prefetch_factor") {
  std::atomic<int64_t> built{0};
  auto ds = std::make_shared<data::LambdaDataset>(400, [&built](int64_t i) {
    ++built;
    return data::Sample(i);
  });
  data::DataLoader loader(ds, {.batch_size = 2, .num_workers = 2, .prefetch_factor = 3});
  auto it = loader.begin();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // each worker: 3 queued + 1 being built; plus the batch the loop holds
  REQUIRE(built.load() <= (2 * (3 + 1) + 1) * 2);
  REQUIRE(built.load() >= 2);
}

TEST_CASE("a worker's exception reaches the loop with the sample index, without a deadlock") {
  auto ds = std::make_shared<data::LambdaDataset>(40, [](int64_t i) {
    if (i == 17) throw std::runtime_error("corrupt record");
    return data::Sample(i);
  });
  for (int64_t workers : {0, 1, 4}) {
    int64_t before = thread_count();
    data::DataLoader loader(ds, {.batch_size = 4, .num_workers = workers});
    int64_t batches = 0;
    auto run = [&] {
      for ([[maybe_unused]] const data::Sample& batch : loader) ++batches;
    };
    REQUIRE_THROWS_WITH(run(), Contains("sample index 17") && Contains("corrupt record") &&
                                   Contains(workers > 0 ? "worker 0" : "[DataLoader]"));
    REQUIRE(batches == 4);  // batches 0..3 were delivered, batch 4 holds sample 17
    REQUIRE(thread_count() == before);
  }
}

TEST_CASE("breaking out of the loop early stops and joins the workers") {
  auto ds = std::make_shared<data::LambdaDataset>(1000, [](int64_t i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return data::Sample(i);
  });
  int64_t before = thread_count();
  data::DataLoader loader(ds, {.batch_size = 4, .shuffle = true, .seed = 0, .num_workers = 4});
  for (const data::Sample& batch : loader) {
    REQUIRE(thread_count() == before + 4);
    (void)batch;
    break;
  }
  REQUIRE(thread_count() == before);
}

TEST_CASE("persistent workers stay between epochs and give the same batches") {
  int64_t before = thread_count();
  {
    data::DataLoader loader(noisy_dataset(30), {.batch_size = 4, .shuffle = true, .seed = 2, .num_workers = 3,
                                                .persistent_workers = true});
    data::DataLoader reference(noisy_dataset(30), {.batch_size = 4, .shuffle = true, .seed = 2});
    for (int e = 0; e < 3; ++e) {
      std::vector<data::Sample> p, r;
      for (const data::Sample& batch : loader) {
        p.push_back(batch);
        if (e == 1 && p.size() == 2) break;  // an early break must not disturb the next epoch
      }
      for (const data::Sample& batch : reference) {
        r.push_back(batch);
        if (e == 1 && r.size() == 2) break;
      }
      REQUIRE(thread_count() == before + 3);
      REQUIRE(p.size() == r.size());
      for (size_t k = 0; k < p.size(); ++k) REQUIRE_EQUAL(p[k][0].tensor(), r[k][0].tensor());
    }
  }
  REQUIRE(thread_count() == before);
}

TEST_CASE("worker_init_fn runs on every worker, which knows its id and seed") {
  std::mutex mutex;
  std::set<int64_t> ids;
  std::set<uint64_t> seeds;
  std::set<int64_t> sizes;
  auto ds = std::make_shared<data::LambdaDataset>(8, [](int64_t i) {
    const data::WorkerInfo* info = data::get_worker_info();
    return data::Sample(info ? info->id : -1);
  });
  data::DataLoader loader(ds, {.batch_size = 1, .seed = 4, .num_workers = 4, .worker_init_fn = [&](int64_t id) {
                                 std::lock_guard<std::mutex> lock(mutex);
                                 ids.insert(id);
                                 sizes.insert(data::get_worker_info()->num_workers);
                                 seeds.insert(data::get_worker_info()->seed - static_cast<uint64_t>(id));
                               }});
  std::vector<int64_t> workers;
  for (const data::Sample& b : loader) workers.push_back(values(b.tensor())[0]);
  REQUIRE(workers == std::vector<int64_t>{0, 1, 2, 3, 0, 1, 2, 3});  // batch k comes from worker k mod 4
  REQUIRE(ids == std::set<int64_t>{0, 1, 2, 3});
  REQUIRE(sizes == std::set<int64_t>{4});
  REQUIRE(seeds.size() == 1);  // seed = one base seed + worker id
  REQUIRE(data::get_worker_info() == nullptr);
}

namespace {
// Yields start..end-1, each worker taking every num_workers-th value.
class RangeStream : public data::IterableDataset {
 public:
  RangeStream(int64_t start, int64_t end) : start_(start), end_(end) {}
  Stream stream() const override {
    const data::WorkerInfo* info = data::get_worker_info();
    int64_t step = info ? info->num_workers : 1;
    auto next = std::make_shared<int64_t>(start_ + (info ? info->id : 0));
    int64_t end = end_;
    return [next, step, end]() -> std::optional<data::Sample> {
      if (*next >= end) return std::nullopt;
      int64_t v = *next;
      *next += step;
      return data::Sample(v);
    };
  }

 private:
  int64_t start_, end_;
};
}  // namespace

TEST_CASE("an IterableDataset streams through the loader, split across workers") {
  auto ds = std::make_shared<RangeStream>(0, 23);
  for (int64_t workers : {0, 3}) {
    data::DataLoader loader(ds, {.batch_size = 4, .num_workers = workers});
    std::multiset<int64_t> seen;
    for (const data::Sample& b : loader)
      for (int64_t v : values(b.tensor())) seen.insert(v);
    REQUIRE(seen.size() == 23);
    REQUIRE(std::set<int64_t>(seen.begin(), seen.end()).size() == 23);
  }
  data::DataLoader loader(ds, {.batch_size = 4});
  REQUIRE_THROWS_WITH(loader.size(), Contains("has no length"));
  REQUIRE_THROWS_WITH(data::DataLoader(ds, {.shuffle = true}), Contains("shuffle"));
}

TEST_CASE("sampler, batch_sampler and collate_fn options") {
  auto ds = range_dataset(10);
  data::DataLoader with_sampler(ds, {.batch_size = 3, .sampler = std::make_shared<data::SubsetRandomSampler>(
                                                          std::vector<int64_t>{1, 3, 5, 7}, 0)});
  auto batches = epoch(with_sampler);
  REQUIRE(batches.size() == 2);
  std::set<int64_t> seen;
  for (auto& b : batches) seen.insert(b.begin(), b.end());
  REQUIRE(seen == std::set<int64_t>{1, 3, 5, 7});

  auto bs = std::make_shared<data::BatchSampler>(std::make_shared<data::SequentialSampler>(10), 5, false);
  data::DataLoader with_batches(ds, {.batch_sampler = bs});
  REQUIRE(epoch(with_batches) == std::vector<std::vector<int64_t>>{{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}});

  data::DataLoader summed(ds, {.batch_size = 5, .collate_fn = [](std::vector<data::Sample> samples) {
                                 int64_t total = 0;
                                 for (auto& s : samples) total += s[0].to_int();
                                 return data::Sample(total);
                               }});
  std::vector<int64_t> totals;
  for (const data::Sample& b : summed) totals.push_back(b.to_int());
  REQUIRE(totals == std::vector<int64_t>{10, 35});

  REQUIRE_THROWS_WITH(data::DataLoader(ds, {.batch_size = 2, .batch_sampler = bs}), Contains("mutually exclusive"));
  REQUIRE_THROWS_WITH(data::DataLoader(ds, {.shuffle = true, .sampler = std::make_shared<data::SequentialSampler>(10)}),
                      Contains("mutually exclusive with shuffle"));
  REQUIRE_THROWS_WITH(data::DataLoader(ds, {.batch_size = 0}), Contains("batch_size"));
}

TEST_CASE("a new begin() invalidates the previous epoch's iterator") {
  data::DataLoader loader(range_dataset(20), {.batch_size = 2, .num_workers = 2, .persistent_workers = true});
  auto first = loader.begin();
  auto second = loader.begin();
  REQUIRE(values((*second)[0].tensor()) == std::vector<int64_t>{0, 1});
  REQUIRE_THROWS_WITH(++first, Contains("earlier epoch"));
  ++second;
  REQUIRE(values((*second)[0].tensor()) == std::vector<int64_t>{2, 3});
}
