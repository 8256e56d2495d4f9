// test_linalg.cpp — matrix products, einsum, triangles, trace and cdist
// against PyTorch fixtures (tests/fixtures/make_fixtures.py) and literals:
// matmul's rank rules (1-D, 2-D, N-D with broadcast batch dims), transposed,
// strided and expanded operands, every dtype, empty and 0-size dims, errors.
//
// Tolerances: a K-term dot product in a dtype with epsilon eps is within
// about K * eps * sum_k |a_ik b_kj| of the exact value; with K <= 5 and
// N(0, 1) entries that is ~1e-13 in float64 and ~1e-5 in float32 (absolute).
#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

Tensor fx(const std::string& name) { return testing::fixture("core/linalg/" + name); }
// "<op>_f32" and the like: one dtype's result from the op's stacked references
Tensor fx(const std::string& name, const std::string& suffix) {
  return testing::fixture_for_dtype("core/linalg/" + name, suffix);
}

Tensor i64(std::initializer_list<int64_t> v) { return tensor(std::vector<int64_t>(v)); }

// A copy of t laid out with every stride doubled (a slice with step 2 of a
// bigger buffer): same values, not contiguous, no unit stride.
Tensor spread(const Tensor& t) {
  Shape big = t.sizes().vec();
  for (int64_t& s : big) s *= 2;
  Tensor buffer = zeros(big, t.scalar_type());
  Tensor view = buffer;
  for (int64_t d = 0; d < t.dim(); ++d) view = view.slice(d, 0, std::nullopt, 2);
  view.copy_(t);
  return view;
}

struct FloatCase {
  const char* suffix;
  ScalarType dtype;
  double rtol, atol;
};
const FloatCase kFloatCases[] = {
    {"f64", kFloat64, 1e-12, 1e-13},
    {"f32", kFloat32, 1e-5, 1e-5},
    {"f16", kFloat16, 1e-3, 1e-3},
    {"bf16", kBFloat16, 8e-3, 8e-3},
};

}  // namespace

TEST_CASE("matmul's rank rules and batch broadcasting match torch in every float dtype", "[linalg][matmul]") {
  // name: shapes (see make_fixtures.py)
  const char* cases[] = {"vv", "mv", "vm", "mm", "bm", "bv", "vb", "bb", "bcast", "mb"};
  for (const char* name : cases) {
    Tensor a = fx(std::string("matmul_") + name + "_a"), b = fx(std::string("matmul_") + name + "_b");
    for (const FloatCase& c : kFloatCases) {
      INFO(name << " " << shape_str(a.sizes()) << " @ " << shape_str(b.sizes()) << " in " << c.dtype);
      Tensor out = matmul(a.to(c.dtype), b.to(c.dtype));
      CHECK(out.scalar_type() == c.dtype);
      REQUIRE_CLOSE(out, fx(std::string("matmul_") + name, c.suffix), c.rtol, c.atol);
    }
    INFO(name << " with strided operands");
    Tensor expected = fx(std::string("matmul_") + name, "f64");
    REQUIRE_CLOSE(matmul(spread(a), spread(b)), expected, 1e-12, 1e-13);
    REQUIRE_CLOSE(a.matmul(b), expected, 1e-12, 1e-13);
    if (a.dim() >= 2 && b.dim() >= 2) {
      // column-major copies (transposed storage) and the transposed product
      Tensor at = a.mT().contiguous().mT(), bt = b.mT().contiguous().mT();
      REQUIRE_CLOSE(matmul(at, bt), expected, 1e-12, 1e-13);
      REQUIRE_CLOSE(matmul(b.mT(), a.mT()), expected.mT(), 1e-12, 1e-13);
    }
  }
  CHECK(fx("matmul_vv", "f64").dim() == 0);
  CHECK(fx("matmul_bcast", "f64").sizes() == IntArrayRef{2, 3, 2, 4});
}

TEST_CASE("matmul with expanded operands, integers and empty dims", "[linalg][matmul]") {
  Tensor m = fx("matmul_mm_a"), n = fx("matmul_mm_b");  // (2, 3) @ (3, 4)
  // an expanded batch (stride 0) equals an explicit repeat
  Tensor e = m.expand({5, 2, 3});
  REQUIRE_CLOSE(matmul(e, n), matmul(m, n).expand({5, 2, 4}), 1e-12, 1e-13);
  REQUIRE_CLOSE(matmul(n.mT().expand({5, 4, 3}), m.mT()), matmul(m, n).mT().expand({5, 4, 2}), 1e-12, 1e-13);
  // a row expanded into a matrix (row stride 0): every row of the product is the same
  REQUIRE_CLOSE(matmul(m[0].expand({4, 3}), n), matmul(m[0], n).expand({4, 4}), 1e-12, 1e-13);
  REQUIRE_CLOSE(mm(n.mT(), m[1].unsqueeze(1).expand({3, 5})), matmul(n.mT(), m[1]).unsqueeze(1).expand({4, 5}),
                1e-12, 1e-13);

  Tensor a = tensor({{int64_t{1}, int64_t{2}}, {int64_t{3}, int64_t{4}}});
  Tensor b = tensor({{int64_t{5}, int64_t{6}}, {int64_t{7}, int64_t{8}}});
  Tensor ab = tensor({{int64_t{19}, int64_t{22}}, {int64_t{43}, int64_t{50}}});
  REQUIRE_EQUAL(matmul(a, b), ab);
  REQUIRE_EQUAL(matmul(a.to(kInt32), b.to(kInt32)), ab.to(kInt32));
  REQUIRE_EQUAL(mm(a.to(kUInt8), b.to(kUInt8)), ab.to(kUInt8));
  REQUIRE_EQUAL(matmul(a.to(kInt8), b.to(kInt8)), ab.to(kInt8));
  REQUIRE_EQUAL(matmul(a.t(), b), tensor({{int64_t{26}, int64_t{30}}, {int64_t{38}, int64_t{44}}}));
  REQUIRE_EQUAL(matmul(i64({1, 2}), b), i64({19, 22}));
  REQUIRE_EQUAL(dot(i64({1, 2, 3}), i64({4, 5, 6})), i64({32}).view({}));
  // empty dims: K = 0 gives zeros, M = 0 gives an empty result
  REQUIRE_EQUAL(matmul(zeros({2, 0}), zeros({0, 3})), zeros({2, 3}));
  CHECK(matmul(zeros({0, 3}), zeros({3, 4})).sizes() == IntArrayRef{0, 4});
  CHECK(matmul(zeros({2, 0, 3}), zeros({3, 4})).sizes() == IntArrayRef{2, 0, 4});
  CHECK(matmul(zeros({0, 2, 3}), zeros({4, 3, 5}).slice(0, 0, 1)).sizes() == IntArrayRef{0, 2, 5});
  REQUIRE_EQUAL(matmul(zeros({3, 0}), zeros({0})), zeros({3}));
  REQUIRE_EQUAL(dot(zeros({0}), zeros({0})), zeros({}));
  REQUIRE_EQUAL(addmm(full({3}, 2.0), zeros({2, 0}), zeros({0, 3}), 0.5), ones({2, 3}));
}

TEST_CASE("mm, bmm, addmm, baddbmm, mv, dot and outer", "[linalg]") {
  Tensor m1 = fx("m1"), m2 = fx("m2"), inp = fx("inp");
  Tensor expected_mm = fx("matmul_mm", "f64");
  REQUIRE_CLOSE(mm(fx("matmul_mm_a"), fx("matmul_mm_b")), expected_mm, 1e-12, 1e-13);
  REQUIRE_CLOSE(fx("matmul_mm_a").mm(fx("matmul_mm_b")), expected_mm, 1e-12, 1e-13);
  REQUIRE_CLOSE(addmm(inp, m1, m2, 0.5, 2.0), fx("addmm"), 1e-12, 1e-13);
  REQUIRE_CLOSE(addmm(inp, m1.t().contiguous().t(), spread(m2), 0.5, 2.0), fx("addmm"), 1e-12, 1e-13);
  REQUIRE_CLOSE(addmm(inp.expand({3, 5}), m1, m2, 0.5, 2.0), fx("addmm"), 1e-12, 1e-13);
  REQUIRE_CLOSE(addmm(inp, m1, m2, 0.0, 2.0), mm(m1, m2) * 2.0, 1e-12, 1e-13);  // beta 0 ignores input
  REQUIRE_CLOSE(addmm(full({3, 5}, std::nan(""), kFloat64), m1, m2, 0, 1), mm(m1, m2), 1e-15);  // even NaN, as torch
  Tensor b1 = fx("b1"), b2 = fx("b2");
  REQUIRE_CLOSE(bmm(b1, b2), fx("bmm"), 1e-12, 1e-13);
  REQUIRE_CLOSE(b1.bmm(spread(b2)), fx("bmm"), 1e-12, 1e-13);
  REQUIRE_CLOSE(bmm(b2.mT(), b1.mT()), fx("bmm").mT(), 1e-12, 1e-13);
  REQUIRE_CLOSE(baddbmm(fx("binp"), b1, b2, -1.0, 0.5), fx("baddbmm"), 1e-12, 1e-13);
  REQUIRE_CLOSE(bmm(b1.to(kFloat32), b2.to(kFloat32)), fx("bmm"), 1e-5, 1e-5);
  Tensor v4 = fx("v4"), v3 = fx("v3");
  REQUIRE_CLOSE(mv(m1, v4), fx("mv"), 1e-12, 1e-13);
  REQUIRE_CLOSE(m1.t().contiguous().t().mv(spread(v4)), fx("mv"), 1e-12, 1e-13);
  REQUIRE_CLOSE(outer(v4, v3), fx("outer"), 1e-15);
  REQUIRE_CLOSE(v4.outer(spread(v3)), fx("outer"), 1e-15);
  REQUIRE_CLOSE(dot(v4, v4), (v4 * v4).sum(), 1e-14);
  REQUIRE_CLOSE(spread(v4).dot(v4.flip({0}).flip({0})), (v4 * v4).sum(), 1e-14);
  CHECK(outer(i64({1, 2}), tensor({0.5f})).scalar_type() == kFloat32);  // outer promotes like mul
  REQUIRE_EQUAL(outer(i64({1, 2}), i64({3, 4, 5})), tensor({{int64_t{3}, int64_t{4}, int64_t{5}},
                                                           {int64_t{6}, int64_t{8}, int64_t{10}}}));
}

TEST_CASE("matrix product errors name the op and the shapes", "[linalg][errors]") {
  Tensor m = zeros({3, 4}), v = zeros({4});
  REQUIRE_THROWS_WITH(mm(m, zeros({5, 2})), Contains("[mm] shapes (3, 4) and (5, 2) cannot be multiplied"));
  REQUIRE_THROWS_WITH(mm(v, m), Contains("[mm] expects 2-D tensors"));
  REQUIRE_THROWS_WITH(mm(m, zeros({4, 2}, kFloat64)), Contains("[mm] expected both operands to have the same dtype"));
  REQUIRE_THROWS_WITH(mm(zeros({2, 2}, kBool), zeros({2, 2}, kBool)), Contains("[mm]"));
  REQUIRE_THROWS_WITH(matmul(m, zeros({3})), Contains("[matmul] shapes (3, 4) and (3) cannot be multiplied"));
  REQUIRE_THROWS_WITH(matmul(zeros({}), m), Contains("[matmul]"));
  REQUIRE_THROWS_WITH(matmul(zeros({2, 3, 4}), zeros({3, 4, 5})), Contains("[matmul]"));  // batch 2 vs 3
  REQUIRE_THROWS_WITH(matmul(m, v.to(kInt64)), Contains("[matmul]"));
  REQUIRE_THROWS_WITH(bmm(zeros({2, 3, 4}), zeros({3, 4, 5})), Contains("[bmm] batch sizes differ"));
  REQUIRE_THROWS_WITH(bmm(m, m), Contains("[bmm] expects 3-D tensors"));
  REQUIRE_THROWS_WITH(bmm(zeros({2, 3, 4}), zeros({2, 3, 4})), Contains("[bmm]"));
  REQUIRE_THROWS_WITH(addmm(zeros({3}), m, zeros({5, 3})), Contains("[addmm]"));
  REQUIRE_THROWS_WITH(addmm(zeros({2}), m, zeros({4, 3})), Contains("[addmm]"));  // input does not broadcast
  REQUIRE_THROWS_WITH(baddbmm(zeros({1}), zeros({2, 3, 4}), zeros({2, 5, 4})), Contains("[baddbmm]"));
  REQUIRE_THROWS_WITH(mv(m, zeros({3})), Contains("[mv]"));
  REQUIRE_THROWS_WITH(mv(m, m), Contains("[mv]"));
  REQUIRE_THROWS_WITH(mv(m, zeros({4}, kFloat64)), Contains("[mv]"));
  REQUIRE_THROWS_WITH(dot(v, zeros({3})), Contains("[dot] vectors have different lengths"));
  REQUIRE_THROWS_WITH(dot(v, zeros({4}, kFloat64)), Contains("[dot]"));
  REQUIRE_THROWS_WITH(dot(m, m), Contains("[dot]"));
  REQUIRE_THROWS_WITH(outer(m, v), Contains("[outer]"));
}

TEST_CASE("einsum: common equations, ellipsis, diagonals, implicit output", "[linalg][einsum]") {
  struct Eq {
    const char* name;
    const char* equation;
    int operands;
  };
  const Eq eqs[] = {
      {"bmm", "bij,bjk->bik", 2},       {"trace", "ii->", 1},
      {"diag", "ii->i", 1},             {"transpose", "ij->ji", 1},
      {"sum_all", "ijk->", 1},          {"implicit_mm", "ij,jk", 2},
      {"ellipsis", "...ij,...jk->...ik", 2}, {"ellipsis_left", "i...->...", 1},
      {"outer", "i,j->ij", 2},          {"chain", "bij,bjk,kl->bil", 3},
      {"batch_diag", "bii->bi", 1},     {"implicit_transpose", "ba", 1},
      {"contract_two", "bij,bjk->", 2},
  };
  for (const Eq& e : eqs) {
    INFO(e.equation);
    TensorList ops, strided;
    for (int k = 0; k < e.operands; ++k) {
      ops.push_back(fx(std::string("einsum_") + e.name + "_" + std::to_string(k)));
      strided.push_back(spread(ops.back()));
    }
    Tensor expected = fx(std::string("einsum_") + e.name);
    REQUIRE_CLOSE(einsum(e.equation, ops), expected, 1e-12, 1e-13);
    REQUIRE_CLOSE(einsum(e.equation, strided), expected, 1e-12, 1e-13);
  }
  // literals: spaces are ignored; a size-1 ellipsis dim broadcasts
  Tensor sq = fx("sq");
  REQUIRE_CLOSE(einsum("i i ->", {sq}), trace(sq), 1e-14);
  REQUIRE_CLOSE(einsum("ij->j", {sq}), sq.sum({0}), 1e-14);
  REQUIRE_CLOSE(einsum("...i,...i->...", {fx("e1"), fx("e1")[0].slice(0, 0, 1)}),
                (fx("e1") * fx("e1")[0].slice(0, 0, 1)).sum({-1}), 1e-13);
  REQUIRE_CLOSE(einsum("ij,ij->ij", {sq, sq.t()}), sq * sq.t(), 1e-15);
  REQUIRE_EQUAL(einsum("ij,jk->ik", {tensor({{int64_t{1}, int64_t{2}}}), tensor({{int64_t{3}}, {int64_t{4}}})}),
                tensor({{int64_t{11}}}));
  REQUIRE_CLOSE(einsum("i->i", {zeros({0}, kFloat64)}), zeros({0}, kFloat64));
  REQUIRE_CLOSE(einsum("ij,jk->ik", {zeros({2, 0}, kFloat64), zeros({0, 3}, kFloat64)}), zeros({2, 3}, kFloat64));

  REQUIRE_THROWS_WITH(einsum("ij,jk->ik", {sq}), Contains("[einsum]"));
  REQUIRE_THROWS_WITH(einsum("ij->ik", {sq}), Contains("[einsum] output subscript 'k'"));
  REQUIRE_THROWS_WITH(einsum("ijk->i", {sq}), Contains("[einsum]"));
  REQUIRE_THROWS_WITH(einsum("i1->i", {sq}), Contains("[einsum] invalid subscript"));
  REQUIRE_THROWS_WITH(einsum("ij,jk->ik", {sq, fx("e3")}), Contains("[einsum]"));  // j: 4 vs 5
  REQUIRE_THROWS_WITH(einsum("ij->ii", {sq}), Contains("[einsum]"));
  REQUIRE_THROWS_WITH(einsum("ii->i", {fx("e3")}), Contains("[einsum] repeated subscript"));
  REQUIRE_THROWS_WITH(einsum("i..j->ij", {sq}), Contains("[einsum]"));
  REQUIRE_THROWS_WITH(einsum("ij", {}), Contains("[einsum]"));
}

TEST_CASE("tril, triu and trace", "[linalg]") {
  Tensor tm = fx("tm");  // (2, 4, 5): batched
  for (int64_t k : {-3, -2, -1, 0, 1, 2, 3}) {
    INFO("diagonal " << k);
    REQUIRE_EQUAL(tril(tm, k), fx("tril_" + std::to_string(k)));
    REQUIRE_EQUAL(triu(tm, k), fx("triu_" + std::to_string(k)));
    REQUIRE_EQUAL(tm.mT().tril(k), fx("triu_" + std::to_string(-k)).mT());  // tril of the transpose
    REQUIRE_EQUAL(tril(spread(tm), k), fx("tril_" + std::to_string(k)));
    REQUIRE_EQUAL(triu(tm.to(kFloat16), k), fx("triu_" + std::to_string(k)).to(kFloat16));
  }
  Tensor ones3 = ones({3, 3}, kInt64);
  REQUIRE_EQUAL(tril(ones3), tensor({{int64_t{1}, int64_t{0}, int64_t{0}},
                                     {int64_t{1}, int64_t{1}, int64_t{0}},
                                     {int64_t{1}, int64_t{1}, int64_t{1}}}));
  REQUIRE_EQUAL(triu(ones3, 1).sum(), tensor({int64_t{3}}).view({}));
  REQUIRE_EQUAL(triu(ones3, 5), zeros({3, 3}, kInt64));
  REQUIRE_EQUAL(tril(ones({2, 2}, kBool), -1), tensor({{false, false}, {true, false}}));
  CHECK(tril(zeros({0, 3})).sizes() == IntArrayRef{0, 3});
  REQUIRE_EQUAL(triu(ones({3, 3}).expand({2, 3, 3})), triu(ones({2, 3, 3})));
  REQUIRE_THROWS_WITH(tril(zeros({3})), Contains("[tril]"));
  REQUIRE_THROWS_WITH(triu(zeros({})), Contains("[triu]"));

  REQUIRE_CLOSE(trace(fx("sq")), fx("trace"), 1e-14);
  REQUIRE_CLOSE(fx("sq").t().trace(), fx("trace"), 1e-14);
  REQUIRE_EQUAL(trace(arange(6).view({2, 3})), i64({4}).view({}));  // non-square: the main diagonal
  CHECK(trace(arange(4, kInt32).view({2, 2})).scalar_type() == kInt64);
  REQUIRE_EQUAL(trace(zeros({0, 0})), zeros({}));
  REQUIRE_THROWS_WITH(trace(zeros({2, 2, 2})), Contains("[trace]"));
}

TEST_CASE("cdist for p = 0, 1, 2, 3 and inf, batched", "[linalg][cdist]") {
  Tensor c1 = fx("c1"), c2 = fx("c2");
  const std::pair<const char*, double> ps[] = {{"1", 1.0}, {"2", 2.0}, {"inf", INFINITY}, {"3", 3.0}, {"0", 0.0}};
  for (const auto& [name, p] : ps) {
    INFO("p " << name);
    Tensor expected = fx(std::string("cdist_p") + name);
    REQUIRE_CLOSE(cdist(c1, c2, p), expected, 1e-12, 1e-13);
    REQUIRE_CLOSE(cdist(spread(c1), c2.mT().contiguous().mT(), p), expected, 1e-12, 1e-13);
    REQUIRE_CLOSE(cdist(c1.to(kFloat32), c2.to(kFloat32), p), expected, 1e-5, 1e-5);
    REQUIRE_CLOSE(cdist(c1[1], c2[1], p), expected[1], 1e-12, 1e-13);  // unbatched
  }
  REQUIRE_CLOSE(cdist(tensor({{0.0, 0.0}}), tensor({{3.0, 4.0}, {0.0, 0.0}})), tensor({{5.0, 0.0}}));
  REQUIRE_CLOSE(cdist(c1[0], c2), cdist(c1[0].expand({2, 3, 4}), c2), 1e-15);  // batch broadcast
  CHECK(cdist(zeros({0, 3}), zeros({2, 3})).sizes() == IntArrayRef{0, 2});
  REQUIRE_THROWS_WITH(cdist(c1, zeros({2, 5, 3}, kFloat64)), Contains("[cdist]"));
  REQUIRE_THROWS_WITH(cdist(zeros({3}), zeros({3})), Contains("[cdist]"));
  REQUIRE_THROWS_WITH(cdist(zeros({2, 3}, kInt64), zeros({2, 3}, kInt64)), Contains("[cdist]"));
  REQUIRE_THROWS_WITH(cdist(c1, c2, -1.0), Contains("[cdist]"));
}
