// test_tensor.cpp — the Tensor core: dtypes and promotion, factories,
// metadata, views sharing storage, copies, item(), errors.
#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;
using indexing::Slice;

TEST_CASE("dtype sizes, names and promotion follow PyTorch", "[core][dtype]") {
  CHECK(element_size(kBool) == 1);
  CHECK(element_size(kBFloat16) == 2);
  CHECK(element_size(kInt64) == 8);
  CHECK(dtype_name(kFloat16) == "float16");
  CHECK(promote_types(kInt32, kFloat16) == kFloat16);
  CHECK(promote_types(kFloat16, kBFloat16) == kFloat32);
  CHECK(promote_types(kBool, kInt8) == kInt8);
  CHECK(promote_types(kUInt8, kInt8) == kInt32);  // torch: int16, which ember lacks
  CHECK(promote_types(kInt64, kFloat32) == kFloat32);
  CHECK(can_cast(kInt64, kFloat32));
  CHECK_FALSE(can_cast(kFloat32, kInt64));
  CHECK_FALSE(can_cast(kInt32, kBool));
}

TEST_CASE("result_type: dim tensors, 0-d tensors and Python numbers", "[core][dtype]") {
  Tensor i32 = zeros({2}, kInt32), f16 = zeros({2}, kFloat16), f64_0d = zeros({}, kFloat64);
  CHECK(result_type(i32, Scalar(2)) == kInt32);
  CHECK(result_type(i32, Scalar(2.5)) == kFloat32);
  CHECK(result_type(f16, Scalar(2.5)) == kFloat16);
  CHECK(result_type(f16, f64_0d) == kFloat16);  // same category: the dim tensor wins
  CHECK(result_type(i32, f64_0d) == kFloat64);  // higher category: the 0-d tensor wins
  CHECK(result_type(zeros({2}, kBool), Scalar(3)) == kInt64);
  CHECK((i32 + 1).scalar_type() == kInt32);
  CHECK((i32 / 2).scalar_type() == kFloat32);  // true division
  CHECK((2.5 * i32).scalar_type() == kFloat32);
}

TEST_CASE("Half and BFloat16 round to nearest even", "[core][dtype]") {
  CHECK(static_cast<float>(Half(1.0f)) == 1.0f);
  CHECK(Half(65504.0f).bits == 0x7bff);         // largest half
  CHECK(Half(65520.0f).bits == 0x7c00);         // rounds to inf
  CHECK(Half(5.960464477539063e-08f).bits == 1);  // smallest subnormal
  CHECK(Half(1.0f + 1.0f / 2048).bits == Half(1.0f).bits);  // tie to even
  CHECK(std::isnan(static_cast<float>(Half(NAN))));
  CHECK(static_cast<float>(BFloat16(1.0f)) == 1.0f);
  CHECK(BFloat16(3.0e38f).bits == 0x7f62);
  CHECK(std::isnan(static_cast<float>(BFloat16(NAN))));
  Tensor h = tensor({0.1, 0.2, 1000.5}).to(kFloat16);
  CHECK(h.to(kFloat32).allclose(tensor({0.0999755859375, 0.199951171875, 1000.5})));
}

TEST_CASE("factories make the sizes, dtypes and values asked for", "[core][creation]") {
  CHECK(zeros({2, 3}).sizes() == IntArrayRef{2, 3});
  CHECK(zeros({2, 3}).scalar_type() == kFloat32);
  CHECK(ones({4}, kInt64).sum().item<int64_t>() == 4);
  CHECK(full({2}, 7).scalar_type() == kInt64);
  CHECK(full({2}, 7.5).scalar_type() == kFloat32);
  CHECK(full({2}, true).scalar_type() == kBool);
  REQUIRE_EQUAL(arange(5), tensor(std::vector<int64_t>{0, 1, 2, 3, 4}));
  CHECK(arange(0.0, 1.0, 0.25).numel() == 4);
  CHECK(arange(0, 10, 3).numel() == 4);
  REQUIRE_CLOSE(linspace(0, 1, 5), tensor({0.0, 0.25, 0.5, 0.75, 1.0}));
  REQUIRE_CLOSE(logspace(0, 2, 3), tensor({1.0, 10.0, 100.0}));
  REQUIRE_EQUAL(eye(2, 3), tensor({{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}}));
  CHECK(zeros({0, 3}).numel() == 0);
  CHECK(zeros({}).dim() == 0);
  CHECK(zeros_like(eye(2), kInt32).scalar_type() == kInt32);
  REQUIRE_THROWS_WITH(arange(0, 10, -1), Contains("[arange]"));
  REQUIRE_THROWS_WITH(arange(0, 10, 0), Contains("step must be nonzero"));
  REQUIRE_THROWS_WITH(zeros({2, -1}), Contains("negative dimension"));
  REQUIRE_THROWS_WITH(tensor(std::vector<float>{1, 2, 3}, {2, 2}), Contains("[tensor]"));
}

TEST_CASE("tensor() from C++ values: double follows the default dtype", "[core][creation]") {
  CHECK(tensor({1.0, 2.0}).scalar_type() == kFloat32);
  CHECK(tensor({1.0f}).scalar_type() == kFloat32);
  CHECK(tensor({int64_t{1}}).scalar_type() == kInt64);
  CHECK(tensor({1, 2}).scalar_type() == kInt32);
  CHECK(tensor({true, false}).scalar_type() == kBool);
  CHECK(tensor({1.0, 2.0}, kFloat64).scalar_type() == kFloat64);
  Tensor m = tensor({{1, 2, 3}, {4, 5, 6}});
  CHECK(m.sizes() == IntArrayRef{2, 3});
  CHECK(m.index({1, 2}).item<int>() == 6);
}

TEST_CASE("from_blob wraps memory without copying", "[core][creation]") {
  std::vector<float> data{1, 2, 3, 4, 5, 6};
  Tensor t = from_blob(data.data(), {2, 3});
  t.index_put_({0, 0}, 10.0);
  CHECK(data[0] == 10.0f);
  data[5] = 60;
  CHECK(t.index({1, 2}).item<float>() == 60.0f);
  bool deleted = false;
  {
    Tensor owned = from_blob(data.data(), {6}, {}, [&](void*) { deleted = true; });
    Tensor view = owned.narrow(0, 1, 2);
    owned = Tensor();
    CHECK_FALSE(deleted);  // the view keeps the storage alive
  }
  CHECK(deleted);
}

TEST_CASE("metadata: sizes, strides, contiguity, item", "[core][tensor]") {
  Tensor x = arange(24).view({2, 3, 4});
  CHECK(x.dim() == 3);
  CHECK(x.size(-1) == 4);
  CHECK(x.strides() == IntArrayRef{12, 4, 1});
  CHECK(x.is_contiguous());
  CHECK_FALSE(x.transpose(0, 2).is_contiguous());
  CHECK(x.numel() == 24);
  CHECK(x.nbytes() == 24 * 8);
  CHECK(tensor({3.5}).item<double>() == 3.5);
  CHECK(tensor({3.5}).item<int>() == 3);
  REQUIRE_THROWS_WITH(x.item<float>(), Contains("[item]"));
  REQUIRE_THROWS_WITH(x.size(3), Contains("[size] dim 3 is out of range"));
  REQUIRE_THROWS_WITH(x.data_ptr<float>(), Contains("[data_ptr]"));
  REQUIRE_THROWS_WITH(Tensor().sizes(), Contains("undefined"));
}

TEST_CASE("views share storage with their base", "[core][view]") {
  Tensor x = arange(12, kFloat32).view({3, 4});
  Tensor t = x.t();
  CHECK(t.sizes() == IntArrayRef{4, 3});
  CHECK(t.strides() == IntArrayRef{1, 4});
  t.index_put_({1, 2}, 100.0);
  CHECK(x.index({2, 1}).item<float>() == 100.0f);

  Tensor row = x.select(0, 1);
  CHECK(row.storage_offset() == 4);
  row.fill_(-1);
  CHECK(x.index({1, 3}).item<float>() == -1.0f);

  Tensor s = x.slice(1, 0, std::nullopt, 2);  // x[:, ::2]
  CHECK(s.sizes() == IntArrayRef{3, 2});
  CHECK(s.strides() == IntArrayRef{4, 2});
  CHECK(x.slice(1, -2).sizes() == IntArrayRef{3, 2});
  CHECK(x.slice(1, 10, 20).numel() == 0);  // clamped like Python

  CHECK(x.narrow(0, 1, 2).storage_offset() == 4);
  CHECK(x.unsqueeze(1).sizes() == IntArrayRef{3, 1, 4});
  CHECK(x.unsqueeze(-1).sizes() == IntArrayRef{3, 4, 1});
  CHECK(zeros({1, 3, 1}).squeeze().sizes() == IntArrayRef{3});
  CHECK(zeros({1, 3, 1}).squeeze(0).sizes() == IntArrayRef{3, 1});
  CHECK(x.permute({1, 0}).sizes() == IntArrayRef{4, 3});
  CHECK(x.flatten().sizes() == IntArrayRef{12});
  CHECK(x.unflatten(1, {2, -1}).sizes() == IntArrayRef{3, 2, 2});
  CHECK(x.view({-1}).storage().get() == x.storage().get());
  CHECK(x.movedim(0, 1).sizes() == IntArrayRef{4, 3});
}

TEST_CASE("expand and broadcast_to make stride-0 views", "[core][view]") {
  Tensor v = tensor({1.0, 2.0, 3.0});
  Tensor e = v.expand({2, 3});
  CHECK(e.strides() == IntArrayRef{0, 1});
  REQUIRE_EQUAL(e.contiguous(), tensor({{1.0, 2.0, 3.0}, {1.0, 2.0, 3.0}}));
  CHECK(v.unsqueeze(1).expand({-1, 4}).sizes() == IntArrayRef{3, 4});
  CHECK(broadcast_to(v, {5, 3}).sizes() == IntArrayRef{5, 3});
  REQUIRE_THROWS_WITH(v.expand({2, 4}), Contains("[expand]"));
  REQUIRE_THROWS_WITH(broadcast_to(zeros({2, 3}), {3}), Contains("[broadcast_to]"));
}

TEST_CASE("diagonal, as_strided and unfold", "[core][view]") {
  Tensor x = arange(9).view({3, 3});
  REQUIRE_EQUAL(x.diagonal(), tensor(std::vector<int64_t>{0, 4, 8}));
  REQUIRE_EQUAL(x.diagonal(1), tensor(std::vector<int64_t>{1, 5}));
  REQUIRE_EQUAL(x.diagonal(-2), tensor(std::vector<int64_t>{6}));
  CHECK(x.diagonal(5).numel() == 0);
  REQUIRE_EQUAL(x.as_strided({2, 2}, {3, 1}, 1), tensor({{int64_t{1}, int64_t{2}}, {int64_t{4}, int64_t{5}}}));
  REQUIRE_THROWS_WITH(x.as_strided({3, 3}, {3, 1}, 1), Contains("[as_strided]"));  // would read past the storage
  Tensor w = arange(7).unfold(0, 3, 2);
  REQUIRE_EQUAL(w, tensor({{int64_t{0}, int64_t{1}, int64_t{2}}, {int64_t{2}, int64_t{3}, int64_t{4}},
                           {int64_t{4}, int64_t{5}, int64_t{6}}}));
}

TEST_CASE("view refuses incompatible strides, reshape copies instead", "[core][view]") {
  Tensor x = arange(6).view({2, 3}).t();
  REQUIRE_THROWS_WITH(x.view({6}), Contains("use reshape() instead"));
  Tensor r = x.reshape({6});
  REQUIRE_EQUAL(r, tensor(std::vector<int64_t>{0, 3, 1, 4, 2, 5}));
  CHECK(arange(6).view({2, 3}).reshape({3, 2}).storage().get() != nullptr);
  REQUIRE_THROWS_WITH(arange(6).view({4, -1}), Contains("invalid for input of size 6"));
  REQUIRE_THROWS_WITH(arange(6).view({-1, -1}), Contains("only one dimension can be inferred"));
}

TEST_CASE("split, chunk, unbind and meshgrid", "[core][view]") {
  Tensor x = arange(10);
  auto parts = x.split(4);
  REQUIRE(parts.size() == 3);
  CHECK(parts[2].numel() == 2);
  auto sized = x.split({3, 7});
  CHECK(sized[1].numel() == 7);
  REQUIRE_THROWS_WITH(x.split({3, 3}), Contains("[split]"));
  CHECK(x.chunk(3).size() == 3);
  CHECK(x.chunk(3)[0].numel() == 4);
  auto rows = arange(6).view({2, 3}).unbind(1);
  REQUIRE(rows.size() == 3);
  REQUIRE_EQUAL(rows[1], tensor(std::vector<int64_t>{1, 4}));
  auto grid = meshgrid({arange(2), arange(3)}, "ij");
  CHECK(grid[0].sizes() == IntArrayRef{2, 3});
  CHECK(grid[1].index({1, 2}).item<int64_t>() == 2);
  auto xy = meshgrid({arange(2), arange(3)}, "xy");
  CHECK(xy[0].sizes() == IntArrayRef{3, 2});
}

TEST_CASE("to(), clone() and copy_() convert and copy", "[core][tensor]") {
  Tensor x = tensor({1.5, -2.5, 3.0});
  CHECK(x.to(kFloat32).is_same(x));  // no-op conversion returns the same tensor
  REQUIRE_EQUAL(x.to(kInt32), tensor({1, -2, 3}));
  REQUIRE_EQUAL(x.to(kBool), tensor({true, true, true}));
  Tensor c = x.clone();
  c.fill_(0);
  CHECK(x.sum().item<float>() == 2.0f);
  Tensor dst = zeros({2, 3}, kFloat64);
  dst.copy_(x);  // broadcasts and converts
  REQUIRE_EQUAL(dst.select(0, 1), tensor({1.5, -2.5, 3.0}, kFloat64));
  Tensor nc = arange(6, kFloat32).view({2, 3}).t();
  REQUIRE_EQUAL(nc.contiguous(), tensor({{0.0, 3.0}, {1.0, 4.0}, {2.0, 5.0}}));
}

TEST_CASE("in-place ops refuse overlapping and expanded outputs", "[core][tensor][errors]") {
  Tensor x = arange(9, kFloat32).view({3, 3});
  REQUIRE_THROWS_WITH(x.add_(x.t()), Contains("refer to a single memory location"));
  Tensor e = zeros({3}).expand({2, 3});
  REQUIRE_THROWS_WITH(e.add_(1), Contains("several elements share one memory location"));
  Tensor i = zeros({3}, kInt64);
  REQUIRE_THROWS_WITH(i.add_(tensor({0.5, 0.5, 0.5})), Contains("can't be cast"));
  REQUIRE_THROWS_WITH(x.add_(ones({2, 3, 3})), Contains("doesn't match the broadcast shape"));
  x.add_(x);  // the very same view is fine
  CHECK(x.index({2, 2}).item<float>() == 16.0f);
  Tensor v = arange(10, kFloat32);
  v.slice(0, 0, std::nullopt, 2).copy_(v.slice(0, 1, std::nullopt, 2));  // interleaved views do not overlap
  CHECK(v.index({0}).item<float>() == 1.0f);
}

TEST_CASE("in-place ops bump the version counter", "[core][tensor]") {
  Tensor x = zeros({3});
  uint64_t v0 = x._version();
  x.add_(1);
  Tensor view = x.narrow(0, 0, 2);
  view.mul_(2);
  CHECK(x._version() == v0 + 2);
  CHECK(view._version() == x._version());
}

TEST_CASE("indexing with Slice, None, Ellipsis, integers, masks and index tensors", "[core][index]") {
  Tensor x = arange(24).view({2, 3, 4});
  CHECK(x.index({indexing::Ellipsis, 0}).sizes() == IntArrayRef{2, 3});
  CHECK(x.index({indexing::None, Slice(), 1}).sizes() == IntArrayRef{1, 2, 4});
  CHECK(x.index({1, Slice(indexing::None, 2)}).sizes() == IntArrayRef{2, 4});
  CHECK(x.index({Slice(), Slice(0, 3, 2)}).sizes() == IntArrayRef{2, 2, 4});
  CHECK(x.index({0, -1, -1}).item<int64_t>() == 11);
  Tensor idx = tensor(std::vector<int64_t>{2, 0});
  REQUIRE_EQUAL(x.index({0, idx, 0}), tensor(std::vector<int64_t>{8, 0}));
  Tensor mask = x.gt(20);
  REQUIRE_EQUAL(x.index({mask}), tensor(std::vector<int64_t>{21, 22, 23}));
  Tensor y = zeros({3, 3});
  y.index_put_({y.eq(0)}, 5.0);
  CHECK(y.sum().item<float>() == 45.0f);
  y.index_put_({Slice(), 1}, zeros({3}));
  CHECK(y.sum().item<float>() == 30.0f);
  REQUIRE_THROWS_WITH(x.index({0, 0, 0, 0}), Contains("too many indices"));
  REQUIRE_THROWS_WITH(x.index({0, tensor(std::vector<int64_t>{3})}), Contains("out of bounds"));
}

TEST_CASE("x.std(0) and x.var(0) reduce over dim 0 (no bool overload to hijack the 0)", "[core][reduce]") {
  Tensor x = tensor({{1.0, 2.0}, {3.0, 6.0}});
  CHECK(x.std(0).sizes() == IntArrayRef{2});
  REQUIRE_CLOSE(x.var(0), tensor({2.0, 8.0}));
  REQUIRE_CLOSE(x.var({}, false), tensor({3.5}).view({}));  // biased, over everything
}
