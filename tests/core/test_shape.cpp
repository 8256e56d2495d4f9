// test_shape.cpp — ops that rearrange values into a new tensor (cat, stack,
// hstack, vstack, flip, roll, repeat, tile, repeat_interleave, pad in its four
// modes) against PyTorch fixtures (tests/fixtures/make_fixtures.py) and
// literals; non-contiguous, 0-d and empty inputs; every dtype (these ops
// only move values, so results are exact); errors.
#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

Tensor fx(const std::string& name) { return testing::fixture("core/shape/" + name); }

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

// The layouts every data-movement op must treat alike.
std::vector<Tensor> layouts(const Tensor& t) {
  Tensor transposed_copy = t.transpose(0, -1).contiguous().transpose(0, -1);
  return {t, spread(t), transposed_copy};
}

const ScalarType kAllDtypes[] = {kFloat64, kFloat32, kFloat16, kBFloat16, kInt64, kInt32, kInt8, kUInt8, kBool};

}  // namespace

TEST_CASE("cat, stack, hstack and vstack", "[shape][cat]") {
  Tensor x = fx("x");
  for (const Tensor& v : layouts(x)) {
    REQUIRE_EQUAL(cat({v, v.slice(1, 0, 1) * 2}, 1), fx("cat_d1"));
    REQUIRE_EQUAL(cat({v, v.slice(1, 0, 1) * 2}, -2), fx("cat_d1"));
    REQUIRE_EQUAL(stack({v, -v}, 1), fx("stack_d1"));
    REQUIRE_EQUAL(stack({v, -v}, -1), fx("stack_dm1"));
  }
  for (ScalarType t : kAllDtypes) {
    INFO(t);
    Tensor v = x.gt(0).to(t);
    Tensor c = cat({v, v}, 0);
    CHECK(c.scalar_type() == t);
    REQUIRE_EQUAL(c.slice(0, 2), v);
    REQUIRE_EQUAL(stack({v, v}, 3).select(3, 1), v);
  }
  // mixed dtypes promote; legacy empty 1-D tensors are skipped, as torch
  REQUIRE_EQUAL(cat({i64({1, 2}), tensor({0.5f})}), tensor({1.0f, 2.0f, 0.5f}));
  REQUIRE_EQUAL(cat({tensor({true}), tensor(std::vector<uint8_t>{7})}), tensor(std::vector<uint8_t>{1, 7}));
  REQUIRE_EQUAL(cat({zeros({0}), ones({2, 2}), zeros({0})}), ones({2, 2}));
  REQUIRE_EQUAL(cat({zeros({0, 3}), ones({2, 3})}), ones({2, 3}));
  CHECK(cat({zeros({2, 0}), zeros({2, 0})}, 1).sizes() == IntArrayRef{2, 0});
  REQUIRE_EQUAL(cat({ones({1, 2}).expand({3, 2}), zeros({1, 2})}), tensor({{1.f, 1.f}, {1.f, 1.f}, {1.f, 1.f}, {0.f, 0.f}}));
  REQUIRE_EQUAL(stack({tensor({1.0}, kFloat64).view({}), tensor({2.0}, kFloat64).view({})}), tensor({1.0, 2.0}, kFloat64));
  REQUIRE_EQUAL(hstack({i64({1, 2}), i64({3})}), i64({1, 2, 3}));
  REQUIRE_EQUAL(hstack({i64({1}).view({}), i64({2, 3})}), i64({1, 2, 3}));
  REQUIRE_EQUAL(hstack({zeros({2, 1}), ones({2, 2})}), tensor({{0.f, 1.f, 1.f}, {0.f, 1.f, 1.f}}));
  REQUIRE_EQUAL(vstack({i64({1, 2}), i64({3, 4})}), tensor({{int64_t{1}, int64_t{2}}, {int64_t{3}, int64_t{4}}}));
  REQUIRE_EQUAL(vstack({i64({1}).view({}), i64({2}).view({})}), i64({1, 2}).view({2, 1}));
  REQUIRE_EQUAL(vstack({ones({1, 2}), zeros({2})}), tensor({{1.f, 1.f}, {0.f, 0.f}}));

  REQUIRE_THROWS_WITH(cat({}), Contains("[cat]"));
  REQUIRE_THROWS_WITH(cat({zeros({}), zeros({})}), Contains("[cat] zero-dimensional"));
  REQUIRE_THROWS_WITH(cat({zeros({2, 3}), zeros({2, 4})}, 0), Contains("[cat] sizes must match except in dim 0"));
  REQUIRE_THROWS_WITH(cat({zeros({2, 3}), zeros({2, 3, 1})}), Contains("[cat] tensors must have the same number of dims"));
  REQUIRE_THROWS_WITH(cat({zeros({2, 3}), zeros({2, 3})}, 2), Contains("[cat]"));
  REQUIRE_THROWS_WITH(stack({zeros({2, 3}), zeros({3, 2})}), Contains("[stack] expects each tensor to be equal size"));
  REQUIRE_THROWS_WITH(stack({zeros({2, 3})}, 3), Contains("[stack]"));
  REQUIRE_THROWS_WITH(stack({}), Contains("[stack]"));
  REQUIRE_THROWS_WITH(hstack({}), Contains("[hstack]"));
  REQUIRE_THROWS_WITH(vstack({zeros({2}), zeros({3})}), Contains("[vstack]"));
}

TEST_CASE("flip and roll", "[shape]") {
  Tensor x = fx("x");
  for (const Tensor& v : layouts(x)) {
    REQUIRE_EQUAL(flip(v, {0, 2}), fx("flip_02"));
    REQUIRE_EQUAL(v.flip({2, -3}), fx("flip_02"));
    REQUIRE_EQUAL(roll(v, {5}), fx("roll_flat"));
    REQUIRE_EQUAL(roll(v, {1, -3}, {1, 2}), fx("roll_2d"));
    REQUIRE_EQUAL(v.roll({1 + 3, -3 - 8}, {-2, -1}), fx("roll_2d"));  // shifts wrap around
  }
  for (ScalarType t : kAllDtypes) {
    INFO(t);
    Tensor v = x.gt(0).to(t);
    REQUIRE_EQUAL(flip(flip(v, {1}), {1}), v);
    REQUIRE_EQUAL(roll(v, {2}, {2}), fx("x").roll({2}, {2}).gt(0).to(t));
  }
  REQUIRE_EQUAL(flip(i64({1, 2, 3}), {0}), i64({3, 2, 1}));
  REQUIRE_EQUAL(flip(i64({1, 2, 3}).expand({2, 3}), {1}), i64({3, 2, 1}).expand({2, 3}));
  REQUIRE_EQUAL(flip(i64({7}).view({}), {}), i64({7}).view({}));
  CHECK(flip(zeros({0, 3}), {0, 1}).sizes() == IntArrayRef{0, 3});
  REQUIRE_EQUAL(roll(i64({1, 2, 3, 4}), {1}), i64({4, 1, 2, 3}));
  REQUIRE_EQUAL(roll(i64({1, 2, 3, 4}), {-1}), i64({2, 3, 4, 1}));
  REQUIRE_EQUAL(roll(i64({1, 2, 3, 4}), {4}), i64({1, 2, 3, 4}));
  REQUIRE_EQUAL(roll(i64({1, 2, 3, 4}).view({2, 2}), {1}), i64({4, 1, 2, 3}).view({2, 2}));  // flattened
  REQUIRE_EQUAL(roll(i64({5}).view({}), {3}), i64({5}).view({}));
  CHECK(roll(zeros({0, 2}), {1}, {0}).sizes() == IntArrayRef{0, 2});
  Tensor r = i64({1, 2});
  CHECK_FALSE(roll(r, {0}).is_same(r));  // always a new tensor
  REQUIRE_THROWS_WITH(flip(x, {3}), Contains("[flip]"));
  REQUIRE_THROWS_WITH(roll(x, {1, 2}), Contains("[roll]"));
  REQUIRE_THROWS_WITH(roll(x, {1, 2}, {0}), Contains("[roll]"));
  REQUIRE_THROWS_WITH(roll(x, {1}, {5}), Contains("[roll]"));
}

TEST_CASE("repeat, tile and repeat_interleave", "[shape]") {
  Tensor x = fx("x");
  for (const Tensor& v : layouts(x)) {
    REQUIRE_EQUAL(v.repeat({2, 1, 1, 2}), fx("repeat"));
    REQUIRE_EQUAL(tile(v, {2, 1}), fx("tile"));
    REQUIRE_EQUAL(repeat_interleave(v, 2, 1), fx("repeat_interleave_d1"));
    REQUIRE_EQUAL(v.repeat_interleave(i64({1, 0, 3}), 1), fx("repeat_interleave_t"));
  }
  REQUIRE_EQUAL(repeat(i64({1, 2}), {2}), i64({1, 2, 1, 2}));
  REQUIRE_EQUAL(repeat(i64({1, 2}), {2, 1}), tensor({{int64_t{1}, int64_t{2}}, {int64_t{1}, int64_t{2}}}));
  REQUIRE_EQUAL(repeat(i64({1, 2}), {0}), zeros({0}, kInt64));
  REQUIRE_EQUAL(repeat(i64({3}).view({}), {2}), i64({3, 3}));
  REQUIRE_EQUAL(repeat(i64({3}).view({}), {}), i64({3}).view({}));
  REQUIRE_EQUAL(repeat(tensor({true, false}).expand({2, 2}), {1, 2}), tensor({{true, false, true, false}, {true, false, true, false}}));
  REQUIRE_EQUAL(tile(i64({1, 2}), {2}), i64({1, 2, 1, 2}));
  REQUIRE_EQUAL(tile(ones({2, 2}, kInt8), {2}), ones({2, 4}, kInt8));  // fewer reps than dims: ones in front
  REQUIRE_EQUAL(repeat_interleave(i64({1, 2}), 3), i64({1, 1, 1, 2, 2, 2}));
  REQUIRE_EQUAL(repeat_interleave(tensor({{1, 2}, {3, 4}}), 2), tensor({1, 1, 2, 2, 3, 3, 4, 4}));  // flattened
  REQUIRE_EQUAL(repeat_interleave(tensor({{1, 2}, {3, 4}}), i64({1, 2}), 0), tensor({{1, 2}, {3, 4}, {3, 4}}));
  REQUIRE_EQUAL(repeat_interleave(i64({1, 2}), i64({2})), i64({1, 1, 2, 2}));  // one count for all
  REQUIRE_EQUAL(repeat_interleave(i64({1, 2}), 0), zeros({0}, kInt64));
  REQUIRE_EQUAL(repeat_interleave(tensor({1.5f}).view({}), 2), tensor({1.5f, 1.5f}));
  REQUIRE_THROWS_WITH(repeat(x, {2, 2}), Contains("[repeat] number of repeats"));
  REQUIRE_THROWS_WITH(repeat(x, {1, -1, 1}), Contains("[repeat]"));
  REQUIRE_THROWS_WITH(repeat_interleave(x, -1), Contains("[repeat_interleave]"));
  REQUIRE_THROWS_WITH(repeat_interleave(x, 2, 3), Contains("[repeat_interleave]"));
  REQUIRE_THROWS_WITH(repeat_interleave(x, i64({1, 2}), 1), Contains("[repeat_interleave] repeats has 2 entries"));
  REQUIRE_THROWS_WITH(repeat_interleave(x, i64({1, -1, 1}), 1), Contains("[repeat_interleave]"));
  REQUIRE_THROWS_WITH(repeat_interleave(x, tensor({1.0f, 1.0f, 1.0f}), 1), Contains("[repeat_interleave]"));
}

TEST_CASE("pad: constant (also negative), reflect, replicate and circular", "[shape][pad]") {
  Tensor p = fx("p");  // (1, 2, 4, 5)
  for (const Tensor& v : layouts(p)) {
    REQUIRE_EQUAL(pad(v, {1, 2, 0, 3}, "constant", 1.5), fx("pad_constant"));
    REQUIRE_EQUAL(pad(v, {-1, 2, 1, -2}), fx("pad_constant_neg"));
    REQUIRE_EQUAL(pad(v, {3, 2, 1, 3}, "reflect"), fx("pad_reflect"));
    REQUIRE_EQUAL(pad(v, {3, 2, 1, 3}, "replicate"), fx("pad_replicate"));
    REQUIRE_EQUAL(pad(v, {3, 2, 1, 3}, "circular"), fx("pad_circular"));
    REQUIRE_EQUAL(pad(v[0], {4, 1}, "reflect"), fx("pad_reflect_1d"));
  }
  for (ScalarType t : kAllDtypes) {
    INFO(t);
    Tensor v = p.gt(0).to(t);
    for (const char* mode : {"constant", "reflect", "replicate", "circular"}) {
      INFO(mode);
      Tensor out = pad(v, {1, 1, 2, 0}, mode);
      CHECK(out.scalar_type() == t);
      REQUIRE_EQUAL(out, pad(p, {1, 1, 2, 0}, mode).gt(0).to(t));  // pad commutes with the elementwise map
    }
  }
  Tensor r = i64({1, 2, 3});
  REQUIRE_EQUAL(pad(r, {2, 1}), i64({0, 0, 1, 2, 3, 0}));
  REQUIRE_EQUAL(pad(r, {2, 1}, "constant", 9), i64({9, 9, 1, 2, 3, 9}));
  REQUIRE_EQUAL(pad(r, {2, 1}, "reflect"), i64({3, 2, 1, 2, 3, 2}));
  REQUIRE_EQUAL(pad(r, {2, 1}, "replicate"), i64({1, 1, 1, 2, 3, 3}));
  REQUIRE_EQUAL(pad(r, {2, 1}, "circular"), i64({2, 3, 1, 2, 3, 1}));
  REQUIRE_EQUAL(pad(r, {-1, -1}), i64({2}));
  REQUIRE_EQUAL(pad(r, {-3, 0}), zeros({0}, kInt64));
  REQUIRE_EQUAL(pad(r, {-4, 2}), i64({0}));  // crop past the data, then pad (torch 1.13 raises an internal error)
  REQUIRE_EQUAL(pad(r, {0, 0}), r);
  REQUIRE_EQUAL(pad(r, {}), r);
  CHECK(pad(zeros({0, 2}), {1, 1}).sizes() == IntArrayRef{0, 4});
  REQUIRE_EQUAL(pad(zeros({0}), {1, 2}, "constant", 3.0), full({3}, 3.0f));

  REQUIRE_THROWS_WITH(pad(r, {1}), Contains("[pad] padding length must be even"));
  REQUIRE_THROWS_WITH(pad(r, {1, 1, 1, 1}), Contains("[pad]"));
  REQUIRE_THROWS_WITH(pad(r, {1, 1}, "mirror"), Contains("[pad] mode must be"));
  REQUIRE_THROWS_WITH(pad(r, {3, 0}, "reflect"), Contains("[pad] reflect padding"));
  REQUIRE_THROWS_WITH(pad(r, {4, 0}, "circular"), Contains("[pad] circular padding"));
  REQUIRE_THROWS_WITH(pad(r, {-1, 0}, "replicate"), Contains("[pad] negative padding"));
  REQUIRE_THROWS_WITH(pad(zeros({0}), {1, 1}, "replicate"), Contains("[pad]"));
  REQUIRE_THROWS_WITH(pad(r, {-2, -2}), Contains("[pad]"));
}
