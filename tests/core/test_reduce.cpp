// test_reduce.cpp — reductions, scans and the softmax family against PyTorch
// fixtures (tests/fixtures/make_fixtures.py): single dims, several dims, all
// dims, keepdim and negative dims; max/min with indices (ties, NaN);
// integer and bool inputs and their result dtypes; non-contiguous, 0-d and
// empty inputs; errors.
#include <cmath>
#include <limits>

#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

Tensor fx(const std::string& name) { return testing::fixture("core/reduce/" + name); }
// "<op>_f32" and the like: one dtype's result from the op's stacked references
Tensor fx(const std::string& name, const std::string& suffix) {
  return testing::fixture_for_dtype("core/reduce/" + name, suffix);
}

// The dims configurations of the fixtures (REDUCE_DIMS in make_fixtures.py).
struct DimsCase {
  const char* suffix;
  std::vector<int64_t> dims;  // empty: all dims
  bool keepdim;
};
const std::vector<DimsCase> kDims = {
    {"d1", {1}, false},   {"d02", {0, 2}, false}, {"d02k", {0, 2}, true},
    {"dm1", {-1}, false}, {"dm1k", {-1}, true},   {"all", {}, false},
};

Tensor f64(std::initializer_list<double> v) { return tensor(std::vector<double>(v), {}, kFloat64); }
Tensor i64(std::initializer_list<int64_t> v) { return tensor(std::vector<int64_t>(v)); }

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// By value: std::get on a temporary tuple returns a reference into it.
Tensor values_of(std::tuple<Tensor, Tensor> r) { return std::get<0>(r); }
Tensor indices_of(std::tuple<Tensor, Tensor> r) { return std::get<1>(r); }

}  // namespace

TEST_CASE("sum and mean over dims match torch in every floating dtype", "[reduce]") {
  Tensor x = fx("x");
  struct Case {
    const char* suffix;
    ScalarType dtype;
    double rtol, atol;
  };
  // sums of 3..60 terms: float32 gets a few ulps, the 16-bit types one ulp
  const Case cases[] = {{"f64", kFloat64, 1e-12, 1e-13},
                        {"f32", kFloat32, 1e-5, 1e-6},
                        {"f16", kFloat16, 1e-3, 1e-3},
                        {"bf16", kBFloat16, 8e-3, 8e-3}};
  for (const DimsCase& d : kDims) {
    for (const Case& c : cases) {
      INFO("dims " << d.suffix << " in " << c.dtype);
      Tensor s = sum(x.to(c.dtype), d.dims, d.keepdim);
      CHECK(s.scalar_type() == c.dtype);
      REQUIRE_CLOSE(s, fx(std::string("sum_") + d.suffix, c.suffix), c.rtol, c.atol);
      Tensor m = mean(x.to(c.dtype), d.dims, d.keepdim);
      CHECK(m.scalar_type() == c.dtype);
      REQUIRE_CLOSE(m, fx(std::string("mean_") + d.suffix, c.suffix), c.rtol, c.atol);
    }
  }
  // the method forms
  REQUIRE_CLOSE(x.sum(), fx("sum_all", "f64"), 1e-12);
  REQUIRE_CLOSE(x.sum({0, 2}, true), fx("sum_d02k", "f64"), 1e-12);
  REQUIRE_CLOSE(x.mean({-1}), fx("mean_dm1", "f64"), 1e-12);
  REQUIRE_CLOSE(x.mean(), fx("mean_all", "f64"), 1e-12);
}

TEST_CASE("var and std with correction 0, 1 and 2", "[reduce]") {
  Tensor x = fx("x");
  for (const DimsCase& d : kDims) {
    for (int corr : {0, 1, 2}) {
      INFO("dims " << d.suffix << " correction " << corr);
      std::string tail = "_c" + std::to_string(corr) + "_" + d.suffix;
      REQUIRE_CLOSE(var(x, d.dims, corr, d.keepdim), fx("var" + tail), 1e-12);
      REQUIRE_CLOSE(ember::std(x, d.dims, corr, d.keepdim), fx("std" + tail), 1e-12);
      REQUIRE_CLOSE(var(x.to(kFloat32), d.dims, corr, d.keepdim), fx("var" + tail), 1e-5);
      auto [v, m] = var_mean(x, d.dims, corr, d.keepdim);
      REQUIRE_CLOSE(v, fx("var" + tail), 1e-12);
      REQUIRE_CLOSE(m, fx(std::string("mean_") + d.suffix, "f64"), 1e-12);
      auto [s, m2] = std_mean(x, d.dims, corr, d.keepdim);
      REQUIRE_CLOSE(s, fx("std" + tail), 1e-12);
      REQUIRE_CLOSE(m2, m, 0.0, 0.0);
    }
  }
  REQUIRE_CLOSE(x.var({1}, false), fx("var_c0_d1"), 1e-12);
  REQUIRE_CLOSE(x.std({0, 2}, VarOptions{.correction = 2, .keepdim = true}), fx("std_c2_d02k"), 1e-12);
  REQUIRE_CLOSE(x.var(), fx("var_c1_all"), 1e-12);
  REQUIRE_CLOSE(var(f64({1, 2, 3, 4})), f64({5.0 / 3.0}).view({}), 1e-15);
  REQUIRE_CLOSE(ember::std(f64({2, 4, 4, 4, 5, 5, 7, 9}), {}, 0), f64({2.0}).view({}), 1e-15);
  // one element and correction 1: 0 / 0
  CHECK(std::isnan(var(f64({3.0})).item<double>()));
  REQUIRE_THROWS_WITH(var(i64({1, 2})), Contains("[var] expected a floating point tensor"));
  REQUIRE_THROWS_WITH(ember::std(x, {3}), Contains("[var]"));
}

TEST_CASE("amax, amin, logsumexp and norm over dims", "[reduce]") {
  Tensor x = fx("x");
  for (const DimsCase& d : kDims) {
    INFO("dims " << d.suffix);
    REQUIRE_EQUAL(amax(x, d.dims, d.keepdim), fx(std::string("amax_") + d.suffix));
    REQUIRE_EQUAL(amin(x, d.dims, d.keepdim), fx(std::string("amin_") + d.suffix));
    REQUIRE_CLOSE(logsumexp(x, d.dims, d.keepdim), fx(std::string("logsumexp_") + d.suffix), 1e-12);
    REQUIRE_CLOSE(logsumexp(x.to(kFloat32), d.dims, d.keepdim), fx(std::string("logsumexp_") + d.suffix), 1e-5);
    const std::pair<const char*, double> ps[] = {
        {"1", 1.0}, {"2", 2.0}, {"inf", INFINITY}, {"3", 3.0}, {"ninf", -INFINITY}};
    for (const auto& [pname, p] : ps) {
      INFO("p " << pname);
      REQUIRE_CLOSE(norm(x, p, d.dims, d.keepdim), fx(std::string("norm_p") + pname + "_" + d.suffix), 1e-12);
      REQUIRE_CLOSE(norm(x.to(kFloat32), p, d.dims, d.keepdim), fx(std::string("norm_p") + pname + "_" + d.suffix),
                    1e-5);
    }
  }
  REQUIRE_CLOSE(x.norm(), fx("norm_p2_all"), 1e-12);
  REQUIRE_CLOSE(x.norm(1, {0, 2}, true), fx("norm_p1_d02k"), 1e-12);
  REQUIRE_CLOSE(x.logsumexp({-1}), fx("logsumexp_dm1"), 1e-12);
  REQUIRE_EQUAL(x.amax({0, 2}), fx("amax_d02"));
  // literals: norms of (3, -4), p = 0 counts non-zeros
  Tensor v = f64({3.0, -4.0, 0.0});
  REQUIRE_CLOSE(norm(v), f64({5.0}).view({}));
  REQUIRE_CLOSE(norm(v, 1), f64({7.0}).view({}));
  REQUIRE_CLOSE(norm(v, INFINITY), f64({4.0}).view({}));
  REQUIRE_CLOSE(norm(v, -INFINITY), f64({0.0}).view({}));
  REQUIRE_CLOSE(norm(v, 0), f64({2.0}).view({}));
  REQUIRE_CLOSE(norm(v, 3), f64({std::cbrt(91.0)}).view({}), 1e-14);
  // logsumexp stays finite where exp overflows, and handles -inf / +inf rows
  REQUIRE_CLOSE(logsumexp(f64({1000.0, 1000.0}), {0}), f64({1000.0 + std::log(2.0)}).view({}), 1e-15);
  REQUIRE_CLOSE(logsumexp(f64({-INFINITY, -INFINITY}), {0}), f64({-INFINITY}).view({}));
  REQUIRE_CLOSE(logsumexp(f64({INFINITY, 1.0}), {0}), f64({INFINITY}).view({}));
  CHECK(logsumexp(tensor({1, 2, 3}), {0}).scalar_type() == kFloat32);  // integers: the default float
  REQUIRE_CLOSE(logsumexp(tensor({1, 2, 3}), {0}), tensor({3.40760596444438}).view({}), 1e-6);
  // NaN propagates through amax/amin
  CHECK(std::isnan(amax(f64({1.0, kNaN, 3.0})).item<double>()));
  CHECK(std::isnan(amin(f64({kNaN, 1.0})).item<double>()));
  REQUIRE_THROWS_WITH(norm(i64({1, 2})), Contains("[norm]"));
  REQUIRE_THROWS_WITH(amax(zeros({0, 3}), {0}), Contains("[amax]"));
  REQUIRE_THROWS_WITH(amin(zeros({0})), Contains("[amin]"));
  REQUIRE_THROWS_WITH(amax(x, {-4}), Contains("[amax]"));
}

TEST_CASE("max/min with indices, argmax/argmin: ties take the first index, NaN wins", "[reduce]") {
  Tensor x = fx("x");
  for (int64_t dim : {0, 1, -1}) {
    INFO("dim " << dim);
    std::string d = std::to_string(dim);
    auto [vmax, imax] = max(x, dim);
    REQUIRE_EQUAL(vmax, fx("max_d" + d));
    REQUIRE_EQUAL(imax, fx("argmax_d" + d));
    auto [vmin, imin] = x.min(dim);
    REQUIRE_EQUAL(vmin, fx("min_d" + d));
    REQUIRE_EQUAL(imin, fx("argmin_d" + d));
    REQUIRE_EQUAL(argmax(x, dim), fx("argmax_d" + d));
    REQUIRE_EQUAL(argmin(x, dim), fx("argmin_d" + d));
    auto [kv, ki] = max(x, dim, true);
    REQUIRE_EQUAL(kv.squeeze(dim), fx("max_d" + d));
    REQUIRE_EQUAL(ki.squeeze(dim), fx("argmax_d" + d));
    // float16 keeps its dtype; the indices do not change
    auto [hv, hi] = max(x.to(kFloat16), dim);
    CHECK(hv.scalar_type() == kFloat16);
    REQUIRE_EQUAL(hv, fx("max_d" + d).to(kFloat16));
  }
  REQUIRE_EQUAL(argmax(x), fx("argmax_all"));
  REQUIRE_EQUAL(x.argmin(), fx("argmin_all"));
  REQUIRE_EQUAL(max(x), fx("amax_all"));
  REQUIRE_EQUAL(x.min(), fx("amin_all"));
  Tensor xi = fx("xi");  // int64 with many ties
  for (int64_t dim : {0, 1}) {
    INFO("int dim " << dim);
    std::string d = std::to_string(dim);
    auto [v, i] = max(xi, dim);
    REQUIRE_EQUAL(v, fx("max_i_d" + d));
    REQUIRE_EQUAL(i, fx("argmax_i_d" + d));
    auto [w, j] = min(xi, dim);
    REQUIRE_EQUAL(w, fx("min_i_d" + d));
    REQUIRE_EQUAL(j, fx("argmin_i_d" + d));
    auto [tv, ti] = max(xi.t(), 1 - dim);  // transposed input
    REQUIRE_EQUAL(ti, fx("argmax_i_d" + d));
  }
  REQUIRE_EQUAL(argmax(f64({1.0, 3.0, 3.0, 2.0})), i64({1}).view({}));
  REQUIRE_EQUAL(argmax(f64({1.0, kNaN, 3.0, kNaN})), i64({1}).view({}));
  REQUIRE_EQUAL(argmin(f64({1.0, 0.0, kNaN})), i64({2}).view({}));
  auto [nv, ni] = max(f64({1.0, 5.0, kNaN, 7.0, 2.0, 9.0}).view({2, 3}), 1);
  REQUIRE_EQUAL(ni, i64({2, 2}));
  CHECK(std::isnan(nv[0].item<double>()));
  CHECK(nv[1].item<double>() == 9.0);
  REQUIRE_EQUAL(indices_of(max(tensor({false, true, true}), 0)), i64({1}).view({}));
  REQUIRE_EQUAL(values_of(min(tensor(std::vector<uint8_t>{7, 200, 3}), 0)), tensor(std::vector<uint8_t>{3}).view({}));
  // 0-d input: the value itself and index 0
  auto [sv, si] = max(f64({4.0}).view({}), 0);
  CHECK(sv.dim() == 0);
  CHECK(sv.item<double>() == 4.0);
  CHECK(si.item<int64_t>() == 0);
  REQUIRE_EQUAL(argmax(f64({4.0}).view({})), i64({0}).view({}));
  // max over a non-empty dim of a tensor with another empty dim
  CHECK(values_of(max(zeros({0, 3}), 1)).sizes() == IntArrayRef{0});
  REQUIRE_THROWS_WITH(max(zeros({0, 3}), 0), Contains("[max]"));
  REQUIRE_THROWS_WITH(max(zeros({0})), Contains("[max]"));
  REQUIRE_THROWS_WITH(min(zeros({0})), Contains("[min]"));
  REQUIRE_THROWS_WITH(argmax(zeros({0})), Contains("[argmax]"));
  REQUIRE_THROWS_WITH(max(x, 3), Contains("[max]"));
  REQUIRE_THROWS_WITH(argmin(x, -4), Contains("[argmin]"));
}

TEST_CASE("prod, all, any and count_nonzero, with integer and bool result dtypes", "[reduce][dtype]") {
  Tensor x = fx("x");
  for (int64_t dim : {0, 1, -1}) {
    INFO("dim " << dim);
    REQUIRE_CLOSE(prod(x, dim), fx("prod_d" + std::to_string(dim)), 1e-12);
  }
  REQUIRE_CLOSE(prod(x), fx("prod_all"), 1e-12);
  REQUIRE_CLOSE(x.prod(1, true).squeeze(1), fx("prod_d1"), 1e-12);
  Tensor xi = fx("xi");
  for (int64_t dim : {0, 1}) {
    INFO("int dim " << dim);
    std::string d = std::to_string(dim);
    REQUIRE_EQUAL(sum(xi, {dim}), fx("sum_i_d" + d));
    REQUIRE_EQUAL(sum(xi.to(kInt32), {dim}), fx("sum_i_d" + d));  // int32 sums in int64
    REQUIRE_EQUAL(sum(xi.to(kInt8), {dim}), fx("sum_i_d" + d));
    REQUIRE_EQUAL(prod(xi, dim), fx("prod_i_d" + d));
    REQUIRE_EQUAL(prod(xi.to(kInt32), dim), fx("prod_i_d" + d));
    REQUIRE_EQUAL(count_nonzero(xi, {dim}), fx("count_nonzero_i_d" + d));
    REQUIRE_EQUAL(all(xi, {dim}), fx("all_i_d" + d));
    REQUIRE_EQUAL(xi.all(dim), fx("all_i_d" + d));
    REQUIRE_EQUAL(any(xi.gt(2), {dim}), fx("any_i_d" + d));
    REQUIRE_EQUAL(xi.gt(2).any(dim), fx("any_i_d" + d));
  }
  REQUIRE_EQUAL(count_nonzero(xi), fx("count_nonzero_i"));
  REQUIRE_EQUAL(count_nonzero(xi.to(kFloat64)), fx("count_nonzero_i"));
  CHECK(sum(tensor({true, true, false})).scalar_type() == kInt64);
  REQUIRE_EQUAL(sum(tensor({true, true, false})), i64({2}).view({}));
  REQUIRE_EQUAL(sum(tensor(std::vector<uint8_t>{200, 100})), i64({300}).view({}));  // no uint8 overflow
  REQUIRE_EQUAL(sum(tensor({1, 2}), {}, false, kFloat64), f64({3.0}).view({}));
  CHECK(prod(tensor({2, 3})).scalar_type() == kInt64);
  REQUIRE_EQUAL(prod(tensor({true, false})), i64({0}).view({}));
  REQUIRE_CLOSE(mean(tensor({1, 2}), {}, false, kFloat64), f64({1.5}).view({}));
  REQUIRE_EQUAL(all(f64({1.0, kNaN})), tensor({true}).view({}));  // NaN is non-zero
  REQUIRE_EQUAL(any(f64({0.0, -0.0})), tensor({false}).view({}));
  REQUIRE_EQUAL(x.all(), tensor({true}).view({}));
  REQUIRE_EQUAL(x.any(), tensor({true}).view({}));
  REQUIRE_THROWS_WITH(mean(tensor({1, 2})), Contains("[mean]"));
  REQUIRE_THROWS_WITH(mean(tensor({true})), Contains("[mean]"));
  REQUIRE_THROWS_WITH(prod(x, 3), Contains("[prod]"));
  REQUIRE_THROWS_WITH(all(x, {5}), Contains("[all]"));
  REQUIRE_THROWS_WITH(count_nonzero(x, {-4}), Contains("[count_nonzero]"));
}

TEST_CASE("cumsum and cumprod along dims", "[reduce][scan]") {
  Tensor x = fx("x");
  for (int64_t dim : {0, 1, -1}) {
    INFO("dim " << dim);
    std::string d = std::to_string(dim);
    REQUIRE_CLOSE(cumsum(x, dim), fx("cumsum_d" + d), 1e-12);
    REQUIRE_CLOSE(cumprod(x, dim), fx("cumprod_d" + d), 1e-12);
    REQUIRE_CLOSE(x.to(kFloat32).cumsum(dim), fx("cumsum_d" + d), 1e-5, 1e-6);
    // a permuted (non-contiguous) input gives the permuted result
    REQUIRE_CLOSE(cumsum(x.permute({2, 0, 1}), dim == 0 ? 1 : dim == 1 ? 2 : 0),
                  fx("cumsum_d" + d).permute({2, 0, 1}), 1e-12);
  }
  Tensor xi = fx("xi");
  for (int64_t dim : {0, 1}) {
    INFO("int dim " << dim);
    Tensor c = cumsum(xi.to(kInt32), dim);
    CHECK(c.scalar_type() == kInt64);
    REQUIRE_EQUAL(c, fx("cumsum_i_d" + std::to_string(dim)));
  }
  REQUIRE_EQUAL(cumsum(tensor({true, true, false, true}), 0), i64({1, 2, 2, 3}));
  REQUIRE_EQUAL(cumprod(i64({1, 2, 3, 4}), 0), i64({1, 2, 6, 24}));
  REQUIRE_EQUAL(cumsum(tensor({1, 2}), 0, kFloat64), f64({1.0, 3.0}));
  REQUIRE_EQUAL(cumsum(f64({5.0}).view({}), 0), f64({5.0}).view({}));
  CHECK(cumsum(zeros({0, 3}), 0).sizes() == IntArrayRef{0, 3});
  CHECK(cumprod(zeros({2, 0}), 1).sizes() == IntArrayRef{2, 0});
  REQUIRE_THROWS_WITH(cumsum(x, 3), Contains("[cumsum]"));
  REQUIRE_THROWS_WITH(cumprod(x, -4), Contains("[cumprod]"));
}

TEST_CASE("softmax and log_softmax", "[reduce][softmax]") {
  Tensor x = fx("x");
  for (int64_t dim : {0, 1, -1}) {
    INFO("dim " << dim);
    std::string d = std::to_string(dim);
    REQUIRE_CLOSE(softmax(x, dim), fx("softmax_d" + d), 1e-12, 1e-15);
    REQUIRE_CLOSE(log_softmax(x, dim), fx("log_softmax_d" + d), 1e-12, 1e-15);
    REQUIRE_CLOSE(x.to(kFloat32).softmax(dim), fx("softmax_d" + d), 1e-5, 1e-7);
    REQUIRE_CLOSE(x.log_softmax(dim, kFloat32), fx("log_softmax_d" + d), 1e-5, 1e-6);
    REQUIRE_CLOSE(softmax(x.transpose(0, 2), dim == 0 ? 2 : dim == 1 ? 1 : 0), fx("softmax_d" + d).transpose(0, 2),
                  1e-12, 1e-15);
  }
  struct Case {
    const char* suffix;
    ScalarType dtype;
    double rtol, atol;
  };
  for (const Case& c : {Case{"f32", kFloat32, 1e-5, 1e-7}, Case{"f16", kFloat16, 2e-3, 1e-4},
                        Case{"bf16", kBFloat16, 1.6e-2, 1e-3}}) {
    INFO(c.dtype);
    Tensor s = softmax(x.to(c.dtype), 1);
    CHECK(s.scalar_type() == c.dtype);
    REQUIRE_CLOSE(s, fx("softmax_f_d1", c.suffix), c.rtol, c.atol);
  }
  // huge logits do not overflow; a row of -inf with one finite entry is one-hot
  REQUIRE_CLOSE(softmax(f64({1000.0, 1000.0, -1000.0}), 0), f64({0.5, 0.5, 0.0}));
  REQUIRE_CLOSE(log_softmax(f64({1000.0, 1000.0}), 0), f64({-std::log(2.0), -std::log(2.0)}), 1e-15);
  REQUIRE_CLOSE(softmax(f64({-INFINITY, 0.0}), 0), f64({0.0, 1.0}));
  REQUIRE_CLOSE(softmax(f64({2.0}).view({}), 0), f64({1.0}).view({}));
  REQUIRE_CLOSE(softmax(tensor({1, 2}), 0, kFloat64), f64({0.2689414213699951, 0.7310585786300049}), 1e-15);
  CHECK(softmax(zeros({0, 3}), 1).sizes() == IntArrayRef{0, 3});
  REQUIRE_THROWS_WITH(softmax(tensor({1, 2}), 0), Contains("[softmax] expected a floating point tensor"));
  REQUIRE_THROWS_WITH(log_softmax(tensor({1, 2}), 0), Contains("[log_softmax]"));
  REQUIRE_THROWS_WITH(softmax(x, 3), Contains("[softmax]"));
  REQUIRE_THROWS_WITH(log_softmax(x, -4), Contains("[log_softmax]"));
}

TEST_CASE("softmax without autograd (the fused kernel) equals the recorded composition", "[reduce][softmax]") {
  Generator g(7);
  for (ScalarType dtype : {kFloat32, kFloat64}) {
    INFO(dtype);
    Tensor x = (randn({37, 1000}, {}, &g) * 20).to(dtype);
    x.index_put_({3, 5}, NAN);
    x.index_put_({4, 6}, INFINITY);
    x.index_put_({5}, -INFINITY);
    x.index_put_({6, 0}, 100.0);  // far above the rest of its row
    Tensor recorded = softmax(x.clone().requires_grad_(), -1).detach();
    REQUIRE_CLOSE(softmax(x, -1), recorded, dtype == kFloat32 ? 1e-6 : 1e-14, 1e-30);
  }
}

TEST_CASE("reductions of non-contiguous, expanded, 0-d and empty tensors", "[reduce]") {
  Tensor x = fx("x");
  // permuted: the same reduction, with the dims renamed
  REQUIRE_CLOSE(sum(x.permute({2, 0, 1}), {1, 0}), fx("sum_d02", "f64"), 1e-12);
  REQUIRE_CLOSE(mean(x.transpose(0, 2), {1}), fx("mean_d1", "f64").t(), 1e-12);
  REQUIRE_EQUAL(amax(x.permute({1, 2, 0}), {2, 1}), fx("amax_d02"));
  REQUIRE_CLOSE(var(x.transpose(1, 2), {2}, 1, false), fx("var_c1_d1"), 1e-12);
  REQUIRE_CLOSE(norm(x.permute({2, 1, 0}), 3, {1}), fx("norm_p3_d1").t(), 1e-12);
  // a slice with a step reduces like its contiguous copy
  Tensor s = x.slice(2, 0, std::nullopt, 2).slice(0, 0, std::nullopt, 2);
  REQUIRE_FALSE(s.is_contiguous());
  for (const DimsCase& d : kDims) {
    INFO("strided dims " << d.suffix);
    REQUIRE_CLOSE(sum(s, d.dims, d.keepdim), sum(s.contiguous(), d.dims, d.keepdim), 1e-14);
    REQUIRE_EQUAL(amin(s, d.dims, d.keepdim), amin(s.contiguous(), d.dims, d.keepdim));
    REQUIRE_CLOSE(logsumexp(s, d.dims, d.keepdim), logsumexp(s.contiguous(), d.dims, d.keepdim), 1e-14);
  }
  REQUIRE_EQUAL(indices_of(max(s, 1)), indices_of(max(s.contiguous(), 1)));
  // expanded (stride 0): three copies of x[0]
  Tensor e = x[0].expand({3, 4, 5});
  REQUIRE_CLOSE(sum(e, {0}), mul(x[0], 3.0), 1e-14);
  REQUIRE_CLOSE(var(e, {0}), zeros({4, 5}, kFloat64), 0.0, 1e-30);
  REQUIRE_EQUAL(indices_of(min(e, 0)), zeros({4, 5}, kInt64));
  // 0-d: reducing over dim 0 or -1 is the identity
  Tensor z = f64({2.5}).view({});
  REQUIRE_EQUAL(sum(z), z);
  REQUIRE_EQUAL(sum(z, {0}), z);
  REQUIRE_EQUAL(amax(z, {-1}), z);
  REQUIRE_EQUAL(sum(z, {0}, true), z);
  REQUIRE_THROWS_WITH(sum(z, {1}), Contains("[sum]"));
  // empty: sums are 0, products 1, all true, any false, mean NaN
  Tensor empty = zeros({0, 3}, kFloat64);
  REQUIRE_EQUAL(sum(empty, {0}), zeros({3}, kFloat64));
  CHECK(sum(empty, {1}).sizes() == IntArrayRef{0});
  REQUIRE_EQUAL(sum(empty), f64({0.0}).view({}));
  REQUIRE_EQUAL(prod(empty, 0), ones({3}, kFloat64));
  REQUIRE_EQUAL(all(empty), tensor({true}).view({}));
  REQUIRE_EQUAL(any(empty, {0}), zeros({3}, kBool));
  CHECK(std::isnan(mean(empty).item<double>()));
  REQUIRE_EQUAL(count_nonzero(empty, {0}), zeros({3}, kInt64));
  REQUIRE_EQUAL(norm(empty, 2, {0}), zeros({3}, kFloat64));
  REQUIRE_EQUAL(logsumexp(empty, {0}), full({3}, -INFINITY, kFloat64));
  REQUIRE_THROWS_WITH(sum(x, {3}), Contains("[sum]"));
  REQUIRE_THROWS_WITH(mean(x, {-4}), Contains("[mean]"));
}
