// test_sort.cpp — ordering ops against PyTorch fixtures
// (tests/fixtures/make_fixtures.py) and literals: sort/argsort (stable,
// descending, NaN placement), topk (largest and smallest), unique with
// inverse and counts, bincount with weights, histc, searchsorted (left and
// right, 1-D and batched); non-contiguous, 0-d and empty inputs; dtypes;
// errors.
#include <cmath>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

Tensor fx(const std::string& name) { return testing::fixture("core/sort/" + name); }

Tensor i64(std::initializer_list<int64_t> v) { return tensor(std::vector<int64_t>(v)); }
Tensor f64(std::initializer_list<double> v) { return tensor(std::vector<double>(v), {}, kFloat64); }

const double kNaN = std::nan("");

// By value: std::get on a temporary tuple returns a reference into it.
Tensor values_of(std::tuple<Tensor, Tensor> r) { return std::get<0>(r); }
Tensor indices_of(std::tuple<Tensor, Tensor> r) { return std::get<1>(r); }

}  // namespace

TEST_CASE("sort and argsort: stable, descending, NaN last ascending and first descending", "[sort]") {
  Tensor x = fx("x");  // (4, 7): many ties and three NaNs
  for (int64_t dim : {0, 1}) {
    for (bool desc : {false, true}) {
      INFO("dim " << dim << " descending " << desc);
      std::string tail = std::string(dim == 0 ? "d0_" : "d1_") + (desc ? "1" : "0");
      auto [v, i] = sort(x, dim, desc, /*stable=*/true);
      REQUIRE_CLOSE(v, fx("sort_" + tail + "_values"), 0.0, 0.0);  // NaN matches NaN
      REQUIRE_EQUAL(i, fx("sort_" + tail + "_indices"));
      REQUIRE_EQUAL(argsort(x, dim - 2, desc, true), fx("sort_" + tail + "_indices"));  // negative dim
      auto [tv, ti] = x.t().sort(1 - dim, desc, true);  // transposed input
      REQUIRE_EQUAL(ti, fx("sort_" + tail + "_indices").t());
      REQUIRE_CLOSE(tv, fx("sort_" + tail + "_values").t(), 0.0, 0.0);
      // ember's sort is always stable, so stable=false gives the same
      REQUIRE_EQUAL(argsort(x, dim, desc), fx("sort_" + tail + "_indices"));
      // float32 and int64 copies of the same values sort the same way
      REQUIRE_EQUAL(indices_of(sort(x.to(kFloat32), dim, desc)), fx("sort_" + tail + "_indices"));
    }
  }
  Tensor n = f64({3.0, kNaN, -1.0, INFINITY, -INFINITY, kNaN, 0.0});
  auto [av, ai] = sort(n);
  REQUIRE_EQUAL(ai, i64({4, 2, 6, 0, 3, 1, 5}));
  CHECK(std::isnan(av[5].item<double>()));
  auto [dv, di] = sort(n, 0, true);
  REQUIRE_EQUAL(di, i64({1, 5, 3, 0, 6, 2, 4}));
  REQUIRE_EQUAL(argsort(i64({2, 1, 2, 1}), 0, false, true), i64({1, 3, 0, 2}));
  REQUIRE_EQUAL(argsort(i64({2, 1, 2, 1}), 0, true, true), i64({0, 2, 1, 3}));
  REQUIRE_EQUAL(values_of(sort(tensor({true, false, true}))), tensor({false, true, true}));
  REQUIRE_EQUAL(values_of(sort(tensor(std::vector<uint8_t>{200, 3, 90}))), tensor(std::vector<uint8_t>{3, 90, 200}));
  REQUIRE_EQUAL(values_of(sort(tensor({2.5f, -1.0f}).to(kBFloat16))), tensor({-1.0f, 2.5f}).to(kBFloat16));
  REQUIRE_EQUAL(argsort(i64({3, 1, 2}).expand({2, 3})), i64({1, 2, 0}).expand({2, 3}));
  auto [s0, i0] = sort(f64({4.0}).view({}));
  CHECK(s0.dim() == 0);
  CHECK(i0.item<int64_t>() == 0);
  CHECK(std::get<0>(sort(zeros({0, 3}), 0)).sizes() == IntArrayRef{0, 3});
  CHECK(argsort(zeros({3, 0})).sizes() == IntArrayRef{3, 0});
  REQUIRE_THROWS_WITH(sort(x, 2), Contains("[sort]"));
  REQUIRE_THROWS_WITH(argsort(x, -3), Contains("[sort]"));
}

TEST_CASE("topk: largest and smallest, along any dim", "[sort][topk]") {
  Tensor y = fx("y");
  for (bool largest : {true, false}) {
    INFO("largest " << largest);
    std::string tail = largest ? "1" : "0";
    auto [v, i] = topk(y, 3, 1, largest);
    REQUIRE_EQUAL(v, fx("topk_" + tail + "_values"));
    REQUIRE_EQUAL(i, fx("topk_" + tail + "_indices"));
    auto [tv, ti] = y.t().topk(3, 0, largest);
    REQUIRE_EQUAL(tv, fx("topk_" + tail + "_values").t());
    REQUIRE_EQUAL(ti, fx("topk_" + tail + "_indices").t());
    auto [fv, fi] = topk(y.to(kFloat16), 3, -1, largest);
    CHECK(fv.scalar_type() == kFloat16);
    REQUIRE_EQUAL(fi, fx("topk_" + tail + "_indices"));
  }
  auto [v0, i0] = topk(y, 2, 0);
  REQUIRE_EQUAL(v0, fx("topk_d0_values"));
  REQUIRE_EQUAL(i0, fx("topk_d0_indices"));
  // ties: the lower index first; NaN counts as the largest value
  auto [tv, ti] = topk(i64({5, 1, 5, 3, 5}), 2);
  REQUIRE_EQUAL(tv, i64({5, 5}));
  REQUIRE_EQUAL(ti, i64({0, 2}));
  REQUIRE_EQUAL(indices_of(topk(f64({1.0, kNaN, 3.0}), 2)), i64({1, 2}));
  REQUIRE_EQUAL(indices_of(topk(f64({1.0, kNaN, 3.0}), 2, 0, false)), i64({0, 2}));
  REQUIRE_EQUAL(values_of(topk(tensor({1, 9, 4}), 3)), tensor({9, 4, 1}));
  CHECK(std::get<0>(topk(y, 0)).sizes() == IntArrayRef{4, 0});
  auto [sv, si] = topk(f64({2.0}).view({}), 1);
  CHECK(sv.dim() == 0);
  CHECK(si.item<int64_t>() == 0);
  REQUIRE_THROWS_WITH(topk(y, 8), Contains("[topk] k (8) is out of range"));
  REQUIRE_THROWS_WITH(topk(y, -1), Contains("[topk]"));
  REQUIRE_THROWS_WITH(topk(y, 1, 2), Contains("[topk]"));
}

TEST_CASE("unique with inverse and counts", "[sort][unique]") {
  Tensor u = fx("u");  // (3, 5) int64
  UniqueResult r = unique(u, true, true, true);
  REQUIRE_EQUAL(r.values, fx("unique_values"));
  REQUIRE_EQUAL(r.inverse, fx("unique_inverse"));
  REQUIRE_EQUAL(r.counts, fx("unique_counts"));
  UniqueResult t = unique(u.t(), true, true, true);
  REQUIRE_EQUAL(t.values, fx("unique_values"));
  REQUIRE_EQUAL(t.inverse, fx("unique_inverse").t());
  REQUIRE_EQUAL(index(r.values, {r.inverse}), u);  // values[inverse] rebuilds the input
  UniqueResult f = unique(u.to(kFloat32));
  REQUIRE_EQUAL(f.values, fx("unique_values").to(kFloat32));
  CHECK_FALSE(f.inverse.defined());
  CHECK_FALSE(f.counts.defined());
  UniqueResult b = unique(tensor({true, false, true}), true, false, true);
  REQUIRE_EQUAL(b.values, tensor({false, true}));
  REQUIRE_EQUAL(b.counts, i64({1, 2}));
  UniqueResult s = unique(i64({7}).view({}), true, true, true);
  REQUIRE_EQUAL(s.values, i64({7}));
  REQUIRE_EQUAL(s.inverse, i64({0}).view({}));
  UniqueResult e = unique(zeros({0, 2}), true, true, true);
  CHECK(e.values.sizes() == IntArrayRef{0});
  CHECK(e.inverse.sizes() == IntArrayRef{0, 2});
  CHECK(e.counts.sizes() == IntArrayRef{0});
  REQUIRE_THROWS_WITH(unique(Tensor()), Contains("[unique]"));
}

TEST_CASE("bincount with weights and minlength", "[sort][bincount]") {
  Tensor bc = fx("bc"), bw = fx("bw");
  REQUIRE_EQUAL(bincount(bc), fx("bincount"));
  REQUIRE_CLOSE(bincount(bc, bw), fx("bincount_w"), 1e-15);
  REQUIRE_EQUAL(bincount(bc, {}, 10), fx("bincount_min"));
  REQUIRE_EQUAL(bincount(bc.to(kInt32)), fx("bincount"));
  REQUIRE_EQUAL(bincount(stack({bc, bc}, 1).select(1, 0)), fx("bincount"));
  // the weights decide the dtype, as torch: float32 stays, anything else is float64
  CHECK(bincount(bc, bw).scalar_type() == kFloat64);
  CHECK(bincount(bc, bw.to(kFloat32)).scalar_type() == kFloat32);
  REQUIRE_CLOSE(bincount(bc, bw.to(kFloat32)), fx("bincount_w"), 1e-6);
  CHECK(bincount(bc, bw.to(kFloat16)).scalar_type() == kFloat64);
  CHECK(bincount(bc, ones({20}, kInt64)).scalar_type() == kFloat64);
  REQUIRE_EQUAL(bincount(bc, ones({20}, kInt64)), fx("bincount").to(kFloat64));
  REQUIRE_EQUAL(bincount(i64({0, 2, 2})), i64({1, 0, 2}));
  REQUIRE_EQUAL(bincount(tensor(std::vector<uint8_t>{1, 1})), i64({0, 2}));
  REQUIRE_EQUAL(bincount(zeros({0}, kInt64)), zeros({0}, kInt64));
  REQUIRE_EQUAL(bincount(zeros({0}, kInt64), {}, 3), zeros({3}, kInt64));
  REQUIRE_THROWS_WITH(bincount(i64({-1, 2})), Contains("[bincount] input must contain non-negative values"));
  REQUIRE_THROWS_WITH(bincount(tensor({1.0f})), Contains("[bincount]"));
  REQUIRE_THROWS_WITH(bincount(i64({1, 2}).view({1, 2})), Contains("[bincount]"));
  REQUIRE_THROWS_WITH(bincount(i64({1, 2}), tensor({1.0})), Contains("[bincount] weights"));
  REQUIRE_THROWS_WITH(bincount(i64({1}), {}, -1), Contains("[bincount]"));
}

TEST_CASE("histc over a given range and over the data's range", "[sort][histc]") {
  Tensor h = fx("h");
  REQUIRE_EQUAL(histc(h, 7, -2.0, 2.0), fx("histc"));
  REQUIRE_EQUAL(histc(h, 5), fx("histc_auto"));
  REQUIRE_EQUAL(histc(h.to(kFloat32), 7, -2.0, 2.0), fx("histc").to(kFloat32));
  CHECK(histc(h.to(kFloat32), 7, -2.0, 2.0).scalar_type() == kFloat32);
  REQUIRE_EQUAL(histc(h.view({5, 10}).t(), 7, -2.0, 2.0), fx("histc"));  // any shape, any layout
  REQUIRE_EQUAL(histc(f64({0.0, 1.0, 1.0, 2.0}), 2, 0.0, 2.0), f64({1.0, 3.0}));  // the right edge is in the last bin
  REQUIRE_EQUAL(histc(f64({-1.0, 0.5, 3.0, kNaN}), 2, 0.0, 2.0), f64({1.0, 0.0}));  // outside and NaN ignored
  REQUIRE_EQUAL(histc(f64({4.0, 4.0}), 4), f64({0.0, 0.0, 2.0, 0.0}));  // min == max: widened to [3, 5]
  REQUIRE_EQUAL(histc(zeros({0}, kFloat64), 3), zeros({3}, kFloat64));
  REQUIRE_THROWS_WITH(histc(i64({1, 2})), Contains("[histc] expects a floating point tensor"));
  REQUIRE_THROWS_WITH(histc(h, 0), Contains("[histc] bins must be positive"));
  REQUIRE_THROWS_WITH(histc(h, 5, 2.0, 1.0), Contains("[histc]"));
  REQUIRE_THROWS_WITH(histc(f64({INFINITY})), Contains("[histc]"));
}

TEST_CASE("searchsorted: left and right, 1-D and batched", "[sort][searchsorted]") {
  Tensor seq = fx("seq"), sv = fx("sv");
  for (bool right : {false, true}) {
    INFO("right " << right);
    std::string tail = right ? "1" : "0";
    REQUIRE_EQUAL(searchsorted(seq, sv, right), fx("searchsorted_" + tail));
    REQUIRE_EQUAL(searchsorted(seq[0], sv, right), fx("searchsorted_1d_" + tail));
    REQUIRE_EQUAL(searchsorted(seq.t().contiguous().t(), sv.t().contiguous().t(), right), fx("searchsorted_" + tail));
    REQUIRE_EQUAL(searchsorted(seq.to(kInt64), sv.to(kInt64), right), fx("searchsorted_" + tail));
    REQUIRE_EQUAL(searchsorted(seq.to(kFloat32), sv.to(kFloat32), right), fx("searchsorted_" + tail));
  }
  Tensor s = f64({1.0, 2.0, 2.0, 3.0});
  REQUIRE_EQUAL(searchsorted(s, f64({0.0, 2.0, 2.5, 9.0})), i64({0, 1, 3, 4}));
  REQUIRE_EQUAL(searchsorted(s, f64({0.0, 2.0, 2.5, 9.0}), true), i64({0, 3, 3, 4}));
  REQUIRE_EQUAL(searchsorted(s, f64({2.0}).view({})), i64({1}).view({}));
  REQUIRE_EQUAL(searchsorted(f64({1.0, kNaN}), f64({kNaN, 5.0})), i64({1, 1}));  // NaN sorts last
  CHECK(searchsorted(s, zeros({0}, kFloat64)).sizes() == IntArrayRef{0});
  REQUIRE_EQUAL(searchsorted(zeros({0}, kFloat64), f64({1.0})), i64({0}));
  REQUIRE_THROWS_WITH(searchsorted(zeros({}), f64({1.0})), Contains("[searchsorted]"));
  REQUIRE_THROWS_WITH(searchsorted(seq, sv.slice(0, 0, 2)), Contains("[searchsorted]"));
  REQUIRE_THROWS_WITH(searchsorted(seq, sv[0]), Contains("[searchsorted]"));
}
