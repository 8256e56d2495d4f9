// test_random.cpp — random factories and fills: seeding and reproducibility
// (also across thread counts), the statistics of rand/randn/randint/
// bernoulli/multinomial/normal on ~100k samples, randperm, dtypes, strided
// targets, and errors.
//
// Statistical bounds are five standard errors of the estimate (a false
// failure about once in 3.5 million runs), and the seeds are fixed, so the
// tests are deterministic anyway; a real bias of a few standard errors still
// fails them.
#include <cmath>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

constexpr int64_t kN = 100000;

double mean_of(const Tensor& t) { return t.to(kFloat64).mean().item<double>(); }
double std_of(const Tensor& t) { return ember::std(t.to(kFloat64), {}, 0).item<double>(); }

// Restores the thread count when a test changes it.
struct ThreadCountGuard {
  int saved = get_num_threads();
  ~ThreadCountGuard() { set_num_threads(saved); }
};

}  // namespace

TEST_CASE("manual_seed makes every random op repeat exactly", "[random]") {
  manual_seed(123);
  Tensor a = randn({1000}), b = rand({10, 10}, kFloat64), c = randint(0, 100, {50}), d = randperm(20);
  manual_seed(123);
  REQUIRE_EQUAL(randn({1000}), a);
  REQUIRE_EQUAL(rand({10, 10}, kFloat64), b);
  REQUIRE_EQUAL(randint(0, 100, {50}), c);
  REQUIRE_EQUAL(randperm(20), d);
  // the stream moves on: the next draw differs from the first
  manual_seed(123);
  Tensor first = rand({100}), second = rand({100});
  CHECK_FALSE(equal(first, second));
  manual_seed(124);
  CHECK_FALSE(equal(rand({100}), first));
  // a Generator of its own is independent of the default one
  Generator g(42), h(42);
  Tensor from_g = randn({64}, {}, &g);
  manual_seed(1);
  rand({1000});
  REQUIRE_EQUAL(randn({64}, {}, &h), from_g);
  Generator::State state = g.get_state();
  Tensor next = rand({8}, {}, &g);
  g.set_state(state);
  REQUIRE_EQUAL(rand({8}, {}, &g), next);
  // multinomial and bernoulli too
  manual_seed(5);
  Tensor m = multinomial(tensor({0.2, 0.3, 0.5}), 100, true), bern = bernoulli(full({100}, 0.5));
  manual_seed(5);
  REQUIRE_EQUAL(multinomial(tensor({0.2, 0.3, 0.5}), 100, true), m);
  REQUIRE_EQUAL(bernoulli(full({100}, 0.5)), bern);
}

TEST_CASE("random values do not depend on the number of threads", "[random]") {
  ThreadCountGuard guard;
  auto draw = [](int threads) {
    set_num_threads(threads);
    manual_seed(2024);
    TensorList out;
    out.push_back(rand({kN}));
    out.push_back(randn({kN}, kFloat64));
    out.push_back(randint(-5, 5, {kN}));
    out.push_back(bernoulli(full({kN}, 0.3)));
    out.push_back(normal(zeros({kN}), ones({kN})));
    out.push_back(randperm(1000));
    out.push_back(multinomial(tensor({0.1, 0.9}), 1000, true));
    Tensor strided = zeros({kN, 2});
    strided.select(1, 1).normal_(1.0, 2.0);
    out.push_back(strided);
    return out;
  };
  TensorList one = draw(1), two = draw(2);
  REQUIRE(one.size() == two.size());
  for (size_t i = 0; i < one.size(); ++i) {
    INFO("draw " << i);
    REQUIRE_EQUAL(one[i], two[i]);
  }
}

TEST_CASE("rand is uniform on 0 <= x < 1", "[random][rand]") {
  manual_seed(1);
  for (ScalarType t : {kFloat32, kFloat64, kFloat16, kBFloat16}) {
    INFO(t);
    Tensor u = rand({kN}, t);
    CHECK(u.scalar_type() == t);
    CHECK(u.min().item<double>() >= 0.0);
    // 16-bit floats round values near 1 up to exactly 1 (torch: the same)
    if (t == kFloat32 || t == kFloat64) CHECK(u.max().item<double>() < 1.0);
    CHECK(std::fabs(mean_of(u) - 0.5) < 5 * std::sqrt(1.0 / 12 / kN));
    CHECK(std::fabs(std_of(u) - std::sqrt(1.0 / 12)) < 0.003);
  }
  // ten equal bins each hold a tenth: binomial standard error sqrt(n p (1 - p))
  Tensor u = rand({kN}, kFloat64);
  Tensor counts = histc(u, 10, 0.0, 1.0);
  double se = std::sqrt(kN * 0.1 * 0.9);
  CHECK((counts - kN / 10.0).abs().max().item<double>() < 5 * se);
  // neighbours are not correlated
  Tensor x = u.slice(0, 0, kN - 1) - 0.5, y = u.slice(0, 1) - 0.5;
  CHECK(std::fabs(mean_of(x * y)) < 5 * (1.0 / 12) / std::sqrt(kN));
  CHECK(rand({}).dim() == 0);
  CHECK(rand({0, 3}).sizes() == IntArrayRef{0, 3});
  Tensor f = zeros({kN}, kFloat64);
  f.uniform_(-2.0, 3.0);
  CHECK(f.min().item<double>() >= -2.0);
  CHECK(f.max().item<double>() < 3.0);
  CHECK(std::fabs(mean_of(f) - 0.5) < 5 * 5.0 * std::sqrt(1.0 / 12 / kN));
  REQUIRE_THROWS_WITH(rand({3}, kInt64), Contains("[rand] expected a floating point dtype"));
  REQUIRE_THROWS_WITH(zeros({3}).uniform_(1.0, 0.0), Contains("[uniform_]"));
  REQUIRE_THROWS_WITH(zeros({3}, kInt32).uniform_(), Contains("[uniform_]"));
}

TEST_CASE("randn and normal are Gaussian", "[random][randn]") {
  manual_seed(2);
  const double se_mean = 1.0 / std::sqrt(kN), se_std = 1.0 / std::sqrt(2.0 * kN);
  // P(|z| < 1) = erf(1 / sqrt 2); its standard error is sqrt(p (1 - p) / n)
  const double p1 = std::erf(1.0 / std::sqrt(2.0));
  for (ScalarType t : {kFloat32, kFloat64, kFloat16, kBFloat16}) {
    INFO(t);
    Tensor z = randn({kN}, t);
    CHECK(z.scalar_type() == t);
    CHECK(std::fabs(mean_of(z)) < 5 * se_mean);
    CHECK(std::fabs(std_of(z) - 1.0) < 5 * se_std + (t == kBFloat16 ? 0.004 : 0.0));  // bfloat16 rounding adds variance
    double inside = mean_of(z.abs().lt(1.0));
    CHECK(std::fabs(inside - p1) < 5 * std::sqrt(p1 * (1 - p1) / kN) + (is_reduced_float(t) ? 0.004 : 0.0));
    CHECK(z.isfinite().all().item<bool>());
  }
  // the fourth moment of a standard normal is 3
  Tensor z = randn({kN}, kFloat64);
  CHECK(std::fabs(mean_of(z.pow(4)) - 3.0) < 5 * std::sqrt(96.0 / kN));
  // normal with tensor arguments: each column has its own mean and std
  Tensor m = tensor({0.0, 10.0}, kFloat64), s = tensor({1.0, 0.1}, kFloat64);
  Tensor n = normal(m.expand({kN, 2}), s);
  CHECK(n.sizes() == IntArrayRef{kN, 2});
  CHECK(n.scalar_type() == kFloat64);
  CHECK(std::fabs(mean_of(n.select(1, 0))) < 5 * se_mean);
  CHECK(std::fabs(mean_of(n.select(1, 1)) - 10.0) < 5 * 0.1 * se_mean);
  CHECK(std::fabs(std_of(n.select(1, 1)) - 0.1) < 5 * 0.1 * se_std);
  REQUIRE_EQUAL(normal(full({5}, 3.0), zeros({5})), full({5}, 3.0));  // std 0: exactly the mean
  Tensor scalar_args = normal(2.0, 0.5, {kN}, kFloat64);
  CHECK(std::fabs(mean_of(scalar_args) - 2.0) < 5 * 0.5 * se_mean);
  CHECK(std::fabs(std_of(scalar_args) - 0.5) < 5 * 0.5 * se_std);
  Tensor view = zeros({kN, 3}, kFloat64);
  view.select(1, 2).normal_(-1.0, 3.0);  // a strided target; the rest stays 0
  REQUIRE_EQUAL(view.slice(1, 0, 2), zeros({kN, 2}, kFloat64));
  CHECK(std::fabs(mean_of(view.select(1, 2)) + 1.0) < 5 * 3.0 * se_mean);
  REQUIRE_THROWS_WITH(randn({2}, kInt32), Contains("[randn]"));
  REQUIRE_THROWS_WITH(normal(0.0, -1.0, {2}), Contains("[normal] std must be non-negative"));
  REQUIRE_THROWS_WITH(normal(zeros({2}), full({2}, -1.0)), Contains("[normal]"));
  REQUIRE_THROWS_WITH(normal(zeros({2}), ones({3})), Contains("[normal]"));
  REQUIRE_THROWS_WITH(zeros({2}, kInt64).normal_(), Contains("[normal_]"));
  REQUIRE_THROWS_WITH(zeros({2}).normal_(0.0, -1.0), Contains("[normal_]"));
}

TEST_CASE("randint covers low <= x < high evenly, randperm is a permutation", "[random][randint]") {
  manual_seed(3);
  Tensor r = randint(-3, 4, {kN});
  CHECK(r.scalar_type() == kInt64);
  CHECK(r.min().item<int64_t>() == -3);
  CHECK(r.max().item<int64_t>() == 3);
  Tensor counts = bincount(r + 3);
  REQUIRE(counts.numel() == 7);
  CHECK((counts.to(kFloat64) - kN / 7.0).abs().max().item<double>() < 5 * std::sqrt(kN * (1.0 / 7) * (6.0 / 7)));
  Tensor r32 = randint(10, {kN}, kInt32);
  CHECK(r32.scalar_type() == kInt32);
  CHECK(r32.min().item<int64_t>() == 0);
  CHECK(r32.max().item<int64_t>() == 9);
  Tensor u8 = randint(250, 256, {1000}, kUInt8);
  CHECK(u8.min().item<int64_t>() >= 250);
  Tensor big = randint(0, int64_t{1} << 40, {kN});
  CHECK(big.max().item<int64_t>() > (int64_t{1} << 39));  // the high bits are random too
  REQUIRE_EQUAL(randint(5, 6, {4}), full({4}, 5, kInt64));
  Tensor like = randint_like(zeros({3, 3}, kInt8), 0, 3);
  CHECK(like.scalar_type() == kInt8);
  CHECK(like.sizes() == IntArrayRef{3, 3});
  Tensor filled = zeros({kN}, kInt64);
  filled.random_(10, 20);
  CHECK(filled.min().item<int64_t>() == 10);
  CHECK(filled.max().item<int64_t>() == 19);

  for (int64_t n : {0, 1, 2, 10, 1000}) {
    INFO("randperm " << n);
    Tensor p = randperm(n);
    CHECK(p.scalar_type() == kInt64);
    REQUIRE_EQUAL(std::get<0>(sort(p)).contiguous(), arange(n));
  }
  // every position of a small permutation is equally likely to hold 0
  Tensor positions = zeros({5}, kFloat64);
  for (int i = 0; i < 5000; ++i) positions += randperm(5).eq(0).to(kFloat64);
  CHECK((positions - 1000.0).abs().max().item<double>() < 5 * std::sqrt(5000 * 0.2 * 0.8));
  CHECK(randperm(4, kInt32).scalar_type() == kInt32);
  REQUIRE_THROWS_WITH(randint(3, 3, {2}), Contains("[randint] expects low < high"));
  REQUIRE_THROWS_WITH(randperm(-1), Contains("[randperm]"));
  REQUIRE_THROWS_WITH(zeros({2}, kInt64).random_(5, 5), Contains("[random_]"));
}

TEST_CASE("bernoulli and multinomial", "[random][bernoulli][multinomial]") {
  manual_seed(4);
  Tensor b = bernoulli(full({kN}, 0.3));
  CHECK(b.scalar_type() == kFloat32);
  REQUIRE_EQUAL(b.eq(0).logical_or(b.eq(1)), ones({kN}, kBool));
  CHECK(std::fabs(mean_of(b) - 0.3) < 5 * std::sqrt(0.3 * 0.7 / kN));
  // per-element probabilities, 0 and 1 exactly
  Tensor p = tensor({0.0, 1.0, 0.5}, kFloat64).expand({kN, 3});
  Tensor bp = bernoulli(p);
  CHECK(bp.scalar_type() == kFloat64);
  REQUIRE_EQUAL(bp.select(1, 0), zeros({kN}, kFloat64));
  REQUIRE_EQUAL(bp.select(1, 1), ones({kN}, kFloat64));
  CHECK(std::fabs(mean_of(bp.select(1, 2)) - 0.5) < 5 * std::sqrt(0.25 / kN));
  Tensor with_p = bernoulli(zeros({kN}, kInt32), 0.25);
  CHECK(with_p.scalar_type() == kInt32);
  CHECK(std::fabs(mean_of(with_p) - 0.25) < 5 * std::sqrt(0.25 * 0.75 / kN));
  Tensor in_place = zeros({kN}, kBool);
  in_place.bernoulli_(0.9);
  CHECK(std::fabs(mean_of(in_place) - 0.9) < 5 * std::sqrt(0.9 * 0.1 / kN));
  REQUIRE_THROWS_WITH(bernoulli(tensor({1.5})), Contains("[bernoulli] all probabilities must be in [0, 1]"));
  REQUIRE_THROWS_WITH(bernoulli(tensor({1, 0})), Contains("[bernoulli]"));
  REQUIRE_THROWS_WITH(zeros({2}).bernoulli_(-0.1), Contains("[bernoulli_]"));

  // multinomial with replacement: frequencies follow the (unnormalized) weights
  Tensor w = tensor({1.0, 0.0, 2.0, 7.0}, kFloat64);
  Tensor draws = multinomial(w, kN, true);
  CHECK(draws.scalar_type() == kInt64);
  CHECK(draws.sizes() == IntArrayRef{kN});
  Tensor freq = bincount(draws, {}, 4).to(kFloat64) / static_cast<double>(kN);
  CHECK(freq[1].item<double>() == 0.0);  // a zero weight is never drawn
  for (int64_t c : {0, 2, 3}) {
    double pc = w[c].item<double>() / 10.0;
    CHECK(std::fabs(freq[c].item<double>() - pc) < 5 * std::sqrt(pc * (1 - pc) / kN));
  }
  // without replacement: distinct categories; all of them is a permutation
  Tensor rows = tensor({{1.0f, 1.0f, 1.0f, 1.0f, 1.0f}, {0.0f, 5.0f, 1.0f, 0.0f, 2.0f}});
  for (int i = 0; i < 100; ++i) {
    Tensor s = multinomial(rows, 3, false);
    REQUIRE(s.sizes() == IntArrayRef{2, 3});
    REQUIRE(unique(s[0]).values.numel() == 3);
    REQUIRE_EQUAL(std::get<0>(sort(s[1])).contiguous(), tensor(std::vector<int64_t>{1, 2, 4}));
  }
  REQUIRE_EQUAL(std::get<0>(sort(multinomial(rows[0], 5, false))).contiguous(), arange(5));
  // without replacement the first draw follows the weights, later ones renormalize
  Tensor first = multinomial(tensor({1.0, 3.0}, kFloat64).expand({kN, 2}), 1, false).select(1, 0);
  CHECK(std::fabs(mean_of(first) - 0.75) < 5 * std::sqrt(0.75 * 0.25 / kN));
  REQUIRE_THROWS_WITH(multinomial(rows, 6, false), Contains("[multinomial] cannot sample 6 without replacement"));
  REQUIRE_THROWS_WITH(multinomial(rows, 4, false), Contains("[multinomial] row 1 has only 3 non-zero categories"));
  REQUIRE_THROWS_WITH(multinomial(tensor({1.0, -1.0}), 1), Contains("[multinomial]"));
  REQUIRE_THROWS_WITH(multinomial(tensor({0.0, 0.0}), 1), Contains("[multinomial] row 0 of probs sums to zero"));
  REQUIRE_THROWS_WITH(multinomial(zeros({2, 2, 2}), 1), Contains("[multinomial] probs must be 1-D or 2-D"));
  REQUIRE_THROWS_WITH(multinomial(tensor({1, 2}), 1), Contains("[multinomial]"));
  REQUIRE_THROWS_WITH(multinomial(tensor({1.0}), 0), Contains("[multinomial]"));
}
