// test_index.cpp — gathering and scattering by index tensors, advanced
// indexing (int and bool tensors, adjacent and non-adjacent index dims),
// index_put with accumulate, masks, nonzero, take and fill_diagonal_, against
// PyTorch fixtures (tests/fixtures/make_fixtures.py) and literals;
// non-contiguous inputs, 0-d and empty tensors, dtypes, and the bounds
// checks that keep a bad index from ever reaching a kernel.
#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;
using indexing::Slice;

namespace {

Tensor fx(const std::string& name) { return testing::fixture("core/index/" + name); }

Tensor i64(std::initializer_list<int64_t> v) { return tensor(std::vector<int64_t>(v)); }

// The same values through a non-contiguous layout (every stride doubled).
Tensor spread(const Tensor& t) {
  Shape big = t.sizes().vec();
  for (int64_t& s : big) s *= 2;
  Tensor view = zeros(big, t.scalar_type());
  for (int64_t d = 0; d < t.dim(); ++d) view = view.slice(d, 0, std::nullopt, 2);
  view.copy_(t);
  return view;
}

}  // namespace

TEST_CASE("index_select and gather", "[index][gather]") {
  Tensor x = fx("x"), idx = i64({3, 0, 0, 2});
  REQUIRE_EQUAL(index_select(x, 0, idx), fx("index_select_d0"));
  REQUIRE_EQUAL(x.index_select(1, idx), fx("index_select_d1"));
  REQUIRE_EQUAL(index_select(x, -1, idx.to(kInt32)), fx("index_select_d1"));
  REQUIRE_EQUAL(index_select(x.t(), 1, idx), fx("index_select_d0").t());
  REQUIRE_EQUAL(index_select(spread(x), 0, spread(idx)), fx("index_select_d0"));
  REQUIRE_EQUAL(gather(x, 0, fx("gi")), fx("gather_d0"));
  REQUIRE_EQUAL(x.gather(1, fx("gi1")), fx("gather_d1"));
  REQUIRE_EQUAL(gather(x.t(), 1, fx("gi").t()), fx("gather_d0").t());
  REQUIRE_EQUAL(gather(spread(x), -2, spread(fx("gi"))), fx("gather_d0"));
  // an expanded input (stride 0 along dim 0): every gathered row is x[0]
  REQUIRE_EQUAL(gather(x[0].expand({4, 6}), 0, fx("gi")), x[0].expand({3, 6}));
  REQUIRE_EQUAL(index_select(x[1].expand({4, 6}), 1, idx), fx("index_select_d1")[1].expand({4, 4}));
  // an index smaller than x in the other dims reads the leading corner
  REQUIRE_EQUAL(gather(x, 1, fx("gi1").slice(0, 0, 2)), fx("gather_d1").slice(0, 0, 2));
  for (ScalarType t : {kFloat32, kFloat16, kBFloat16, kInt64, kInt32, kInt8, kUInt8, kBool}) {
    INFO(t);
    Tensor v = x.gt(0).to(t);
    REQUIRE_EQUAL(index_select(v, 1, idx), fx("index_select_d1").gt(0).to(t));
    REQUIRE_EQUAL(gather(v, 0, fx("gi")), fx("gather_d0").gt(0).to(t));
  }
  // 0-d and empty
  Tensor s = tensor({2.5}).view({});
  REQUIRE_EQUAL(index_select(s, 0, i64({0}).view({})), s);
  REQUIRE_EQUAL(gather(s, 0, i64({0}).view({})), s);
  CHECK(index_select(x, 0, zeros({0}, kInt64)).sizes() == IntArrayRef{0, 6});
  CHECK(gather(x, 0, zeros({0, 6}, kInt64)).sizes() == IntArrayRef{0, 6});
  REQUIRE_EQUAL(index_select(i64({10, 20, 30}), 0, i64({2, 2, 0})), i64({30, 30, 10}));
  REQUIRE_EQUAL(gather(tensor({{1, 2}, {3, 4}}), 1, tensor({{int64_t{0}, int64_t{0}}, {int64_t{1}, int64_t{0}}})),
                tensor({{1, 1}, {4, 3}}));

  REQUIRE_THROWS_WITH(index_select(x, 0, i64({4})), Contains("[index_select] index 4 is out of bounds for dim 0 with size 4"));
  REQUIRE_THROWS_WITH(index_select(x, 0, i64({-1})), Contains("[index_select] index -1 is out of bounds"));
  REQUIRE_THROWS_WITH(index_select(x, 2, idx), Contains("[index_select]"));
  REQUIRE_THROWS_WITH(index_select(x, 0, i64({0, 1}).view({1, 2})), Contains("[index_select] index must be 0-D or 1-D"));
  REQUIRE_THROWS_WITH(index_select(x, 0, tensor({0.0f})), Contains("[index_select] index must be an int64"));
  REQUIRE_THROWS_WITH(gather(x, 0, i64({0})), Contains("[gather] index must have as many dims as the input"));
  REQUIRE_THROWS_WITH(gather(x, 0, zeros({2, 7}, kInt64)), Contains("[gather] index (2, 7) is larger than the input"));
  REQUIRE_THROWS_WITH(gather(x, 1, full({2, 2}, 6, kInt64)), Contains("[gather] index 6 is out of bounds for dim 1"));
  REQUIRE_THROWS_WITH(gather(x, 1, full({2, 2}, -1, kInt64)), Contains("[gather]"));
  REQUIRE_THROWS_WITH(gather(x, 2, fx("gi")), Contains("[gather]"));
}

TEST_CASE("scatter, scatter_add and index_add", "[index][scatter]") {
  Tensor x = fx("x"), src = fx("src"), si = fx("si"), gi = fx("gi");
  REQUIRE_EQUAL(scatter(x, 0, si, src), fx("scatter_d0"));
  REQUIRE_EQUAL(x.scatter(0, si, -1.25), fx("scatter_value"));
  REQUIRE_EQUAL(scatter(x.t(), 1, si.t(), src.t()), fx("scatter_d0").t());
  REQUIRE_CLOSE(scatter_add(x, 0, gi, src), fx("scatter_add_d0"), 1e-15);  // duplicates add up
  REQUIRE_CLOSE(x.scatter_add(0, spread(gi), spread(src)), fx("scatter_add_d0"), 1e-15);
  Tensor inplace = x.clone();
  inplace.scatter_add_(0, gi, src);
  REQUIRE_CLOSE(inplace, fx("scatter_add_d0"), 1e-15);
  Tensor through_view = zeros({8, 12}, kFloat64);
  Tensor view = through_view.slice(0, 0, std::nullopt, 2).slice(1, 0, std::nullopt, 2);
  view.copy_(x);
  view.scatter_(0, si, src);  // a strided self
  REQUIRE_EQUAL(view, fx("scatter_d0"));
  REQUIRE_EQUAL(through_view.slice(0, 1, std::nullopt, 2), zeros({4, 12}, kFloat64));  // untouched
  Tensor filled = x.clone();
  filled.scatter_(0, si, -1.25);
  REQUIRE_EQUAL(filled, fx("scatter_value"));
  // index_add: x[:, idx[i]] += alpha * isrc[:, i], duplicates accumulate
  Tensor idx = i64({3, 0, 0, 2});
  REQUIRE_CLOSE(index_add(x, 1, idx, fx("isrc"), 2.0), fx("index_add_d1"), 1e-15);
  REQUIRE_CLOSE(x.index_add(-1, idx.to(kInt32), spread(fx("isrc")), 2.0), fx("index_add_d1"), 1e-15);
  Tensor ia = x.clone();
  ia.index_add_(1, idx, fx("isrc"), 2.0);
  REQUIRE_CLOSE(ia, fx("index_add_d1"), 1e-15);
  // integer and bool self
  REQUIRE_EQUAL(scatter_add(zeros({3}, kInt64), 0, i64({0, 2, 0, 0}), i64({1, 2, 3, 4})), i64({8, 0, 2}));
  REQUIRE_EQUAL(scatter(zeros({3}, kBool), 0, i64({2}), tensor({true})), tensor({false, false, true}));
  REQUIRE_EQUAL(index_add(zeros({2, 2}, kInt32), 0, i64({1, 1}), ones({2, 2}, kInt32), 3),
                tensor({{0, 0}, {6, 6}}));
  REQUIRE_EQUAL(scatter(tensor({1.5}).view({}), 0, i64({0}).view({}), tensor({7.0}).view({})), tensor({7.0}).view({}));
  REQUIRE_EQUAL(scatter(x, 0, zeros({0, 6}, kInt64), zeros({0, 6}, kFloat64)), x);

  REQUIRE_THROWS_WITH(scatter(x, 0, full({1, 6}, 4, kInt64), src), Contains("[scatter] index 4 is out of bounds"));
  REQUIRE_THROWS_WITH(scatter(x, 0, si, src.slice(0, 0, 2)), Contains("[scatter] index (3, 6) is larger than src"));
  REQUIRE_THROWS_WITH(scatter(x, 0, si.to(kFloat64), src), Contains("[scatter]"));
  REQUIRE_THROWS_WITH(scatter_add(x, 2, gi, src), Contains("[scatter_add]"));
  Tensor expanded = zeros({1, 3}).expand({2, 3});  // its elements share memory
  REQUIRE_THROWS_WITH(expanded.scatter_(0, zeros({1, 3}, kInt64), 1.0), Contains("[scatter_]"));
  REQUIRE_THROWS_WITH(index_add(x, 1, i64({0, 1}), fx("isrc")), Contains("[index_add] source has 4 slices"));
  REQUIRE_THROWS_WITH(index_add(x, 1, i64({0, 1, 2, 6}), fx("isrc")), Contains("[index_add] index 6 is out of bounds"));
  REQUIRE_THROWS_WITH(index_add(x, 0, idx, fx("isrc")), Contains("[index_add]"));  // (4, 4) vs (4, 6) in dim 1
  REQUIRE_THROWS_WITH(index_add(x, 1, idx.view({2, 2}), fx("isrc")), Contains("[index_add] index must be 0-D or 1-D"));
}

TEST_CASE("scatter_reduce: every reduction, with and without self", "[index][scatter]") {
  Tensor x = fx("x"), src = fx("src"), gi = fx("gi");
  Tensor xi = fx("xi"), srci = fx("srci");
  for (const char* red : {"sum", "prod", "mean", "amax", "amin"}) {
    for (bool include_self : {true, false}) {
      INFO(red << " include_self " << include_self);
      std::string tail = std::string(red) + "_" + (include_self ? "1" : "0");
      REQUIRE_CLOSE(scatter_reduce(x, 0, gi, src, red, include_self), fx("scatter_reduce_" + tail), 1e-14);
      REQUIRE_CLOSE(x.t().scatter_reduce(1, gi.t(), src.t(), red, include_self), fx("scatter_reduce_" + tail).t(), 1e-14);
      REQUIRE_EQUAL(scatter_reduce(xi, 0, gi, srci, red, include_self), fx("scatter_reduce_i_" + tail));
    }
  }
  const double nan = std::nan("");
  REQUIRE_EQUAL(scatter_reduce(tensor({0.0, 0.0}, kFloat64), 0, i64({0, 0}), tensor({nan, 1.0}, kFloat64), "amax").isnan(),
                tensor({true, false}));  // NaN propagates
  REQUIRE_EQUAL(scatter_reduce(tensor({5, 5}), 0, i64({1, 1}), tensor({2, 4}), "mean", false), tensor({5, 3}));
  REQUIRE_EQUAL(scatter_reduce(tensor({5, 5}), 0, i64({1, 1}), tensor({2, 4}), "mean", true), tensor({5, 3}));
  REQUIRE_EQUAL(scatter_reduce(tensor({-7, 0}), 0, i64({0}), tensor({0}), "mean", true), tensor({-4, 0}));  // floor
  REQUIRE_THROWS_WITH(scatter_reduce(x, 0, gi, src, "max"), Contains("[scatter_reduce] reduce must be"));
  REQUIRE_THROWS_WITH(scatter_reduce(x, 0, full({3, 6}, 9, kInt64), src, "sum"), Contains("[scatter_reduce] index 9"));
}

TEST_CASE("advanced indexing with int and bool tensors", "[index][advanced]") {
  Tensor y = fx("y");  // (3, 4, 5)
  Tensor i0 = tensor({{int64_t{2}, int64_t{0}}, {int64_t{1}, int64_t{-1}}}), i2 = i64({4, -5});
  for (const Tensor& v : {y, spread(y), y.permute({2, 0, 1}).contiguous().permute({1, 2, 0})}) {
    REQUIRE_EQUAL(index(v, {i0}), fx("adv_first"));
    REQUIRE_EQUAL(v.index({i0}), fx("adv_first"));
    REQUIRE_EQUAL(index(v, {Tensor(), i64({3, 1, 3})}), fx("adv_middle"));
    REQUIRE_EQUAL(v.index({Slice(), i64({3, 1, 3})}), fx("adv_middle"));
    REQUIRE_EQUAL(index(v, {Tensor(), i64({0, 3}), i64({1, 2})}), fx("adv_adjacent"));
    // non-adjacent index dims: the broadcast index dims go first, as in NumPy
    REQUIRE_EQUAL(index(v, {i0, Tensor(), i2}), fx("adv_nonadjacent"));
    REQUIRE_EQUAL(v.index({i0, Slice(), i2}), fx("adv_nonadjacent"));
    REQUIRE_EQUAL(index(v, {Tensor(), fx("mask")}), fx("adv_mask"));
    REQUIRE_EQUAL(v.index({Slice(), fx("mask")}), fx("adv_mask"));
    REQUIRE_EQUAL(v.index({tensor({true, false, true}), Slice(1, 3), i64({0, 4})}), fx("adv_bool_int"));
  }
  REQUIRE_EQUAL(index(y, {i0.to(kInt32)}), fx("adv_first"));
  REQUIRE_EQUAL(index(y, {fx("mask").to(kUInt8).unsqueeze(0).expand({3, 4, 5}).contiguous()}),
                y.masked_select(fx("mask")));  // a uint8 mask is a mask (legacy torch)
  REQUIRE_EQUAL(index(y, {y.gt(0.5)}), fx("masked_select"));
  // the result of advanced indexing is a copy, not a view
  Tensor copy = index(y, {i64({0})});
  copy.fill_(0);
  CHECK(y.index({0, 0, 0}).item<double>() != 0.0);
  // literals, and integer / bool dtypes
  Tensor m = arange(12).view({3, 4});
  REQUIRE_EQUAL(index(m, {i64({2, 0}), i64({1, 3})}), i64({9, 3}));
  REQUIRE_EQUAL(index(m, {i64({-1})}), i64({8, 9, 10, 11}).view({1, 4}));
  REQUIRE_EQUAL(index(m.gt(5), {i64({1, 2})}), tensor({false, false, true, true, true, true, true, true}).view({2, 4}));
  REQUIRE_EQUAL(index(m, {m.gt(9)}), i64({10, 11}));
  CHECK(index(m, {zeros({0}, kInt64)}).sizes() == IntArrayRef{0, 4});
  CHECK(index(m, {zeros({3, 4}, kBool)}).sizes() == IntArrayRef{0});
  CHECK(index(m, {Tensor(), zeros({0, 2}, kInt64)}).sizes() == IntArrayRef{3, 0, 2});

  REQUIRE_THROWS_WITH(index(y, {i64({3})}), Contains("[index] index 3 is out of bounds for dim 0 with size 3"));
  REQUIRE_THROWS_WITH(index(y, {i64({-4})}), Contains("[index] index -4 is out of bounds"));
  REQUIRE_THROWS_WITH(index(y, {Tensor(), Tensor(), i64({0}), i64({0})}), Contains("[index] too many indices"));
  REQUIRE_THROWS_WITH(index(y, {i64({0, 1}), i64({0, 1, 2})}), Contains("[index]"));  // do not broadcast
  REQUIRE_THROWS_WITH(index(y, {zeros({3, 5}, kBool)}), Contains("[index] the shape of the mask"));
  REQUIRE_THROWS_WITH(index(y, {tensor({0.0f})}), Contains("[index] tensors used as indices must be"));
  REQUIRE_THROWS_WITH(index(y, {Tensor()}), Contains("[index] no tensor indices"));
}

TEST_CASE("index_put with and without accumulate", "[index][advanced]") {
  Tensor y = fx("y");
  Tensor i0 = tensor({{int64_t{2}, int64_t{0}}, {int64_t{1}, int64_t{-1}}}), i2 = i64({4, -5});
  REQUIRE_EQUAL(index_put(y, {i0, Tensor(), i2}, fx("vals")), fx("index_put"));
  Tensor yp = y.clone();
  yp.index_put_(TensorList{i0, Tensor(), i2}, fx("vals"), false);
  REQUIRE_EQUAL(yp, fx("index_put"));
  Tensor yv = y.clone();
  yv.index_put_({i0, Slice(), i2}, fx("vals"));  // the TensorIndex form
  REQUIRE_EQUAL(yv, fx("index_put"));
  Tensor strided = spread(y);
  strided.index_put_(TensorList{i0, Tensor(), i2}, fx("vals"), false);
  REQUIRE_EQUAL(strided, fx("index_put"));
  // duplicates accumulate; values broadcast
  REQUIRE_CLOSE(index_put(y, {i64({1, 1, 2, 1})}, ones({4, 5}, kFloat64), true), fx("index_put_acc"), 1e-15);
  REQUIRE_CLOSE(index_put(y, {i64({1, 1, 2, 1})}, ones({4, 4, 5}, kFloat64), true), fx("index_put_acc"), 1e-15);
  REQUIRE_EQUAL(index_put(zeros({4}, kInt64), {i64({0, 0, 3})}, i64({5}), true), i64({10, 0, 0, 5}));
  REQUIRE_EQUAL(index_put(zeros({4}, kInt64), {i64({0, 3})}, i64({5, 6})), i64({5, 0, 0, 6}));
  Tensor masked = y.clone();
  masked.index_put_(TensorList{y.lt(0)}, zeros({}, kFloat64), false);
  REQUIRE_EQUAL(masked, y.clamp(0.0));
  Tensor b = zeros({2, 2}, kBool);
  b.index_put_(std::vector<TensorIndex>{tensor({true, false})}, tensor({true}));
  REQUIRE_EQUAL(b, tensor({{true, true}, {false, false}}));
  REQUIRE_THROWS_WITH(index_put(y, {i0, Tensor(), i2}, zeros({3, 4}, kFloat64)), Contains("[index_put]"));
  REQUIRE_THROWS_WITH(index_put(y, {i64({5})}, zeros({}, kFloat64)), Contains("[index_put] index 5 is out of bounds"));
  REQUIRE_THROWS_WITH(index_put(zeros({3}, kInt64), {i64({0})}, tensor({0.5})), Contains("[index_put]"));
}

TEST_CASE("masked_select, masked_scatter, nonzero and take", "[index][mask]") {
  Tensor y = fx("y");
  Tensor mask = y.gt(0.5);
  REQUIRE_EQUAL(masked_select(y, mask), fx("masked_select"));
  REQUIRE_EQUAL(y.masked_select(mask), fx("masked_select"));
  REQUIRE_EQUAL(masked_select(spread(y), spread(mask)), fx("masked_select"));
  REQUIRE_EQUAL(masked_select(y[0], tensor({true, false, false, true, false})),
                index(y[0], {Tensor(), i64({0, 3})}).flatten());  // the mask broadcasts
  REQUIRE_EQUAL(masked_select(tensor({3.0}).view({}), tensor({true}).view({})), tensor({3.0}));
  REQUIRE_EQUAL(masked_select(tensor({3.0}).view({}), tensor({false}).view({})), zeros({0}));
  REQUIRE_EQUAL(masked_select(arange(4), tensor({true, false}).repeat({2})), i64({0, 2}));
  Tensor source = arange(60, kFloat64);
  REQUIRE_EQUAL(masked_scatter(y, mask, source), fx("masked_scatter"));
  REQUIRE_EQUAL(y.masked_scatter(mask, source.view({6, 10})), fx("masked_scatter"));
  Tensor ms = spread(y);
  ms.masked_scatter_(mask, source);
  REQUIRE_EQUAL(ms, fx("masked_scatter"));
  REQUIRE_EQUAL(masked_scatter(zeros({2, 2}, kInt64), tensor({true, false}), i64({7, 8, 9})),
                tensor({{int64_t{7}, int64_t{0}}, {int64_t{8}, int64_t{0}}}));
  REQUIRE_EQUAL(nonzero(y.gt(1.0)), fx("nonzero"));
  REQUIRE_EQUAL(nonzero(spread(y).gt(1.0)), fx("nonzero"));
  REQUIRE_EQUAL(nonzero(i64({0, 3, 0, -1})), i64({1, 3}).view({2, 1}));
  REQUIRE_EQUAL(nonzero(tensor({0.0, std::nan(""), -0.0})), i64({1}).view({1, 1}));  // NaN is non-zero, -0 is zero
  CHECK(nonzero(tensor({5})).sizes() == IntArrayRef{1, 1});
  CHECK(nonzero(tensor({5}).view({})).sizes() == IntArrayRef{1, 0});
  CHECK(nonzero(zeros({2, 3})).sizes() == IntArrayRef{0, 2});
  REQUIRE_EQUAL(take(y, tensor({{int64_t{0}, int64_t{59}}, {int64_t{-1}, int64_t{17}}})), fx("take"));
  REQUIRE_EQUAL(take(y.transpose(0, 2).contiguous().transpose(0, 2), i64({17})), fx("take").index({1, 1}).view({1}));
  REQUIRE_EQUAL(take(i64({5, 6, 7}), i64({2}).view({})), i64({7}).view({}));
  CHECK(take(y, zeros({0}, kInt64)).sizes() == IntArrayRef{0});
  REQUIRE_THROWS_WITH(masked_select(y, mask.to(kInt64)), Contains("[masked_select] mask must be a bool tensor"));
  REQUIRE_THROWS_WITH(masked_select(y, zeros({2}, kBool)), Contains("[masked_select]"));
  REQUIRE_THROWS_WITH(masked_scatter(y, mask, arange(3, kFloat64)), Contains("[masked_scatter] mask has"));
  REQUIRE_THROWS_WITH(masked_scatter(y, mask.to(kFloat64), source), Contains("[masked_scatter] mask must be a bool"));
  REQUIRE_THROWS_WITH(take(y, i64({60})), Contains("[take] index 60 is out of bounds"));
  REQUIRE_THROWS_WITH(take(y, i64({-61})), Contains("[take]"));
}

TEST_CASE("fill_diagonal_, with and without wrap", "[index][fill_diagonal]") {
  Tensor a = zeros({3, 3}, kInt64);
  a.fill_diagonal_(5);
  REQUIRE_EQUAL(a, tensor({{int64_t{5}, int64_t{0}, int64_t{0}}, {int64_t{0}, int64_t{5}, int64_t{0}},
                           {int64_t{0}, int64_t{0}, int64_t{5}}}));
  Tensor wide = zeros({2, 4});
  wide.fill_diagonal_(1.5);
  REQUIRE_EQUAL(wide, tensor({{1.5f, 0.f, 0.f, 0.f}, {0.f, 1.5f, 0.f, 0.f}}));
  // a tall matrix: without wrap only the top square; with wrap the diagonal
  // restarts after a gap row, as numpy.fill_diagonal (torch: same)
  Tensor tall = zeros({7, 3}, kInt32);
  tall.fill_diagonal_(1);
  REQUIRE_EQUAL(tall.sum({1}), tensor(std::vector<int64_t>{1, 1, 1, 0, 0, 0, 0}));
  Tensor wrapped = zeros({7, 3}, kInt32);
  wrapped.fill_diagonal_(1, true);
  REQUIRE_EQUAL(wrapped, tensor({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}}));
  Tensor wrapped8 = zeros({8, 3}, kInt32);
  wrapped8.fill_diagonal_(1, true);
  REQUIRE_EQUAL(wrapped8.sum({1}), tensor(std::vector<int64_t>{1, 1, 1, 0, 1, 1, 1, 0}));
  Tensor cube = zeros({2, 2, 2});
  cube.fill_diagonal_(3.0);
  CHECK(cube.sum().item<float>() == 6.0f);
  CHECK(cube.index({1, 1, 1}).item<float>() == 3.0f);
  Tensor t = zeros({3, 3});
  t.t().fill_diagonal_(2.0);  // through a transposed view
  REQUIRE_EQUAL(t, eye(3) * 2.0);
  Tensor base = zeros({4, 6});
  base.slice(1, 0, std::nullopt, 2).fill_diagonal_(1.0);  // through a strided view
  REQUIRE_EQUAL(base.sum({0}), tensor({1.f, 0.f, 1.f, 0.f, 1.f, 0.f}));
  Tensor b = zeros({2, 2}, kBool);
  b.fill_diagonal_(true);
  REQUIRE_EQUAL(b, tensor({{true, false}, {false, true}}));
  REQUIRE_THROWS_WITH(zeros({3}).fill_diagonal_(1), Contains("[fill_diagonal_] dimensions must be larger than 1"));
  REQUIRE_THROWS_WITH(zeros({2, 3, 2}).fill_diagonal_(1), Contains("[fill_diagonal_] all dimensions"));
}
