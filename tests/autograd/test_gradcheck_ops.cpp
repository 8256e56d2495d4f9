// test_gradcheck_ops.cpp — every differentiable op of the tensor core passes
// gradcheck in float64: on a scalar, a vector and a matrix, on broadcast
// pairs, and on non-contiguous inputs (transposed, sliced with a step,
// expanded), each inside the op's domain (log on positives, relu away from
// its kink). The elementwise, reduction, matmul and shape families also pass
// gradgradcheck (second derivatives through create_graph).
#include <functional>

#include "support/test_utils.h"

using namespace ember;
using autograd::gradcheck;
using autograd::gradgradcheck;
using indexing::Slice;

namespace {

Generator& gen() {
  static Generator g(1234);
  return g;
}

// uniform on [lo, hi)
Tensor uniform(IntArrayRef shape, double lo, double hi) {
  return rand(shape, kFloat64, &gen()) * (hi - lo) + lo;
}

// random sign, magnitude in [lo, hi): keeps clear of kinks at 0
Tensor away_from_zero(IntArrayRef shape, double lo = 0.2, double hi = 2.0) {
  Tensor sign = where(rand(shape, kFloat64, &gen()).gt(0.5), Scalar(1.0), Scalar(-1.0));
  return uniform(shape, lo, hi) * sign;
}

// The input layouts every unary op is checked on, all as float64 leaves.
std::vector<std::pair<std::string, Tensor>> layouts(const std::function<Tensor(IntArrayRef)>& make) {
  return {
      {"scalar", make({}).requires_grad_()},
      {"vector", make({5}).requires_grad_()},
      {"matrix", make({3, 4}).requires_grad_()},
      {"transposed", make({4, 3}).t().requires_grad_()},
      {"sliced", make({3, 8}).slice(1, 0, std::nullopt, 2).requires_grad_()},
      {"expanded", make({1, 4}).expand({3, 4}).requires_grad_()},
  };
}

using Unary = std::function<Tensor(const Tensor&)>;

void check_unary(const std::string& name, const Unary& f, const std::function<Tensor(IntArrayRef)>& make,
                 bool second_order) {
  for (auto& [layout, x] : layouts(make)) {
    INFO(name << " on a " << layout << " input");
    autograd::GradcheckFn fn = [&](const TensorList& in) { return TensorList{f(in[0])}; };
    REQUIRE(gradcheck(fn, {x}));
    if (second_order && layout != "expanded") REQUIRE(gradgradcheck(fn, {x}));
  }
}

void check(const std::string& name, const autograd::GradcheckFn& fn, const TensorList& inputs,
           bool second_order = false) {
  INFO(name);
  REQUIRE(gradcheck(fn, inputs));
  if (second_order) REQUIRE(gradgradcheck(fn, inputs));
}

Tensor leaf(Tensor t) { return t.requires_grad_(); }

}  // namespace

TEST_CASE("gradcheck: unary math", "[autograd][gradcheck]") {
  auto any = [](IntArrayRef s) { return uniform(s, -2, 2); };
  auto positive = [](IntArrayRef s) { return uniform(s, 0.5, 2); };
  auto unit = [](IntArrayRef s) { return uniform(s, -0.9, 0.9); };
  auto kinked = [](IntArrayRef s) { return away_from_zero(s); };
  check_unary("neg", [](const Tensor& x) { return -x; }, any, true);
  check_unary("abs", [](const Tensor& x) { return x.abs(); }, kinked, true);
  check_unary("exp", [](const Tensor& x) { return x.exp(); }, any, true);
  check_unary("exp2", [](const Tensor& x) { return x.exp2(); }, any, true);
  check_unary("expm1", [](const Tensor& x) { return x.expm1(); }, any, true);
  check_unary("log", [](const Tensor& x) { return x.log(); }, positive, true);
  check_unary("log2", [](const Tensor& x) { return x.log2(); }, positive, true);
  check_unary("log10", [](const Tensor& x) { return x.log10(); }, positive, true);
  check_unary("log1p", [](const Tensor& x) { return x.log1p(); }, positive, true);
  check_unary("sqrt", [](const Tensor& x) { return x.sqrt(); }, positive, true);
  check_unary("rsqrt", [](const Tensor& x) { return x.rsqrt(); }, positive, true);
  check_unary("reciprocal", [](const Tensor& x) { return x.reciprocal(); }, positive, true);
  check_unary("square", [](const Tensor& x) { return x.square(); }, any, true);
  check_unary("sin", [](const Tensor& x) { return x.sin(); }, any, true);
  check_unary("cos", [](const Tensor& x) { return x.cos(); }, any, true);
  check_unary("tan", [](const Tensor& x) { return x.tan(); }, unit, true);
  check_unary("asin", [](const Tensor& x) { return x.asin(); }, unit, true);
  check_unary("acos", [](const Tensor& x) { return x.acos(); }, unit, true);
  check_unary("atan", [](const Tensor& x) { return x.atan(); }, any, true);
  check_unary("sinh", [](const Tensor& x) { return x.sinh(); }, any, true);
  check_unary("cosh", [](const Tensor& x) { return x.cosh(); }, any, true);
  check_unary("tanh", [](const Tensor& x) { return x.tanh(); }, any, true);
  check_unary("sigmoid", [](const Tensor& x) { return x.sigmoid(); }, any, true);
  check_unary("erf", [](const Tensor& x) { return x.erf(); }, any, true);
  check_unary("sign", [](const Tensor& x) { return x.sign(); }, kinked, false);
  check_unary("floor", [](const Tensor& x) { return x.floor(); }, kinked, false);
  check_unary("ceil", [](const Tensor& x) { return x.ceil(); }, kinked, false);
  check_unary("round", [](const Tensor& x) { return x.round(); }, kinked, false);
  check_unary("round(decimals)", [](const Tensor& x) { return x.round(2); }, kinked, false);
  check_unary("trunc", [](const Tensor& x) { return x.trunc(); }, kinked, false);
  check_unary("frac", [](const Tensor& x) { return x.frac(); }, positive, true);
  check_unary("nan_to_num", [](const Tensor& x) { return x.nan_to_num(); }, any, true);
}

TEST_CASE("gradcheck: activations", "[autograd][gradcheck]") {
  auto any = [](IntArrayRef s) { return uniform(s, -3, 3); };
  auto kinked = [](IntArrayRef s) { return away_from_zero(s, 0.2, 2.5); };
  check_unary("relu", [](const Tensor& x) { return x.relu(); }, kinked, true);
  check_unary("relu6", [](const Tensor& x) { return relu6(x * 4); }, kinked, true);  // kinks at 0 and 6
  check_unary("leaky_relu", [](const Tensor& x) { return leaky_relu(x, 0.2); }, kinked, true);
  check_unary("elu", [](const Tensor& x) { return elu(x, 0.7); }, kinked, true);
  check_unary("celu", [](const Tensor& x) { return celu(x, 1.3); }, kinked, true);
  check_unary("selu", [](const Tensor& x) { return selu(x); }, kinked, true);
  check_unary("gelu", [](const Tensor& x) { return gelu(x); }, any, true);
  check_unary("gelu tanh", [](const Tensor& x) { return gelu(x, "tanh"); }, any, true);
  check_unary("silu", [](const Tensor& x) { return silu(x); }, any, true);
  check_unary("mish", [](const Tensor& x) { return mish(x); }, any, true);
  check_unary("softplus", [](const Tensor& x) { return softplus(x, 2.0, 4.0); }, kinked, true);
  check_unary("hardtanh", [](const Tensor& x) { return hardtanh(x * 0.7); }, kinked, true);  // kinks at +-1
  check_unary("hardsigmoid", [](const Tensor& x) { return hardsigmoid(x * 1.7); }, kinked, true);
  check_unary("hardswish", [](const Tensor& x) { return hardswish(x * 1.7); }, kinked, true);
  check_unary("softsign", [](const Tensor& x) { return softsign(x); }, kinked, true);
  check_unary("logsigmoid", [](const Tensor& x) { return logsigmoid(x); }, any, true);
  check_unary("threshold", [](const Tensor& x) { return threshold(x, 0.1, -2.0); }, kinked, true);
  check_unary("clamp", [](const Tensor& x) { return x.clamp(-1.05, 1.1); }, kinked, true);
  check_unary("clamp_min", [](const Tensor& x) { return x.clamp_min(0.05); }, kinked, true);
}

TEST_CASE("gradcheck: binary ops, broadcast pairs and scalars", "[autograd][gradcheck]") {
  using Binary = std::function<Tensor(const Tensor&, const Tensor&)>;
  struct Op {
    std::string name;
    Binary f;
    double alo, ahi, blo, bhi;
  };
  std::vector<Op> ops = {
      {"add", [](const Tensor& a, const Tensor& b) { return a + b; }, -2, 2, -2, 2},
      {"add alpha", [](const Tensor& a, const Tensor& b) { return add(a, b, 2.5); }, -2, 2, -2, 2},
      {"sub alpha", [](const Tensor& a, const Tensor& b) { return sub(a, b, 0.5); }, -2, 2, -2, 2},
      {"mul", [](const Tensor& a, const Tensor& b) { return a * b; }, -2, 2, -2, 2},
      {"div", [](const Tensor& a, const Tensor& b) { return a / b; }, -2, 2, 0.5, 2},
      {"pow", [](const Tensor& a, const Tensor& b) { return a.pow(b); }, 0.5, 2, -2, 2},
      {"maximum", [](const Tensor& a, const Tensor& b) { return maximum(a, b); }, -2, -0.5, 0.5, 2},
      {"minimum", [](const Tensor& a, const Tensor& b) { return minimum(a, b); }, -2, -0.5, 0.5, 2},
      {"fmod", [](const Tensor& a, const Tensor& b) { return fmod(a, b); }, 0.1, 0.9, 1.1, 2},
      {"remainder", [](const Tensor& a, const Tensor& b) { return remainder(a, b); }, 0.1, 0.9, 1.1, 2},
      {"atan2", [](const Tensor& a, const Tensor& b) { return atan2(a, b); }, -2, 2, 0.5, 2},
  };
  std::vector<std::pair<Shape, Shape>> shapes = {{{}, {}}, {{4}, {4}}, {{3, 4}, {3, 4}}, {{3, 4}, {4}},
                                                 {{3, 1}, {1, 4}}, {{}, {3, 4}}, {{2, 3, 4}, {3, 1}}};
  for (const Op& op : ops) {
    for (auto& [sa, sb] : shapes) {
      INFO(op.name << " on " << shape_str(sa) << " and " << shape_str(sb));
      Tensor a = leaf(uniform(sa, op.alo, op.ahi)), b = leaf(uniform(sb, op.blo, op.bhi));
      autograd::GradcheckFn fn = [&](const TensorList& in) { return TensorList{op.f(in[0], in[1])}; };
      REQUIRE(gradcheck(fn, {a, b}));
      if (sa.size() == 2 && sb.size() == 1) REQUIRE(gradgradcheck(fn, {a, b}));
    }
    INFO(op.name << " on transposed operands");
    Tensor at = leaf(uniform({4, 3}, op.alo, op.ahi).t()), bt = leaf(uniform({4, 3}, op.blo, op.bhi).t());
    REQUIRE(gradcheck([&](const TensorList& in) { return TensorList{op.f(in[0], in[1])}; }, {at, bt}));
  }
  Tensor x = leaf(uniform({3, 4}, 0.5, 2));
  check("x * 2.5 and 1 / x", [](const TensorList& in) { return TensorList{in[0] * 2.5, 1.0 / in[0]}; }, {x}, true);
  check("x ** 3, 2 ** x", [](const TensorList& in) { return TensorList{in[0].pow(3), pow(2.0, in[0])}; }, {x}, true);
  check("2 - x", [](const TensorList& in) { return TensorList{2.0 - in[0]}; }, {x});
}

TEST_CASE("gradcheck: where, masked_fill, lerp, addcmul, addcdiv, clamp with tensors", "[autograd][gradcheck]") {
  Tensor a = leaf(uniform({3, 4}, -2, 2)), b = leaf(uniform({4}, -2, 2));
  Tensor cond = rand({3, 4}).gt(0.5);
  check("where", [&](const TensorList& in) { return TensorList{where(cond, in[0], in[1])}; }, {a, b}, true);
  check("masked_fill", [&](const TensorList& in) { return TensorList{in[0].masked_fill(cond, 3.0)}; }, {a}, true);
  Tensor w = leaf(uniform({3, 4}, 0, 1));
  check("lerp", [](const TensorList& in) { return TensorList{lerp(in[0], in[1], in[2])}; }, {a, b, w}, true);
  Tensor t2 = leaf(uniform({3, 4}, 0.5, 2));
  check("addcmul", [](const TensorList& in) { return TensorList{addcmul(in[0], in[1], in[2], 0.5)}; }, {a, b, t2});
  check("addcdiv", [](const TensorList& in) { return TensorList{addcdiv(in[0], in[1], in[2], 0.5)}; }, {a, b, t2});
  Tensor lo = leaf(full({4}, -1.0, kFloat64)), hi = leaf(full({3, 1}, 1.0, kFloat64));
  Tensor x = leaf(away_from_zero({3, 4}, 0.1, 0.9) * 3);
  check("clamp(tensor bounds)", [](const TensorList& in) { return TensorList{in[0].clamp(in[1], in[2])}; },
        {x, lo, hi});
}

TEST_CASE("gradcheck: reductions", "[autograd][gradcheck]") {
  Tensor x = leaf(uniform({3, 4, 5}, -2, 2));
  Tensor pos = leaf(uniform({3, 4}, 0.5, 1.5));
  auto red = [&](const std::string& name, std::function<Tensor(const Tensor&)> f, const Tensor& in, bool gg) {
    check(name, [f](const TensorList& t) { return TensorList{f(t[0])}; }, {in}, gg);
  };
  red("sum all", [](const Tensor& t) { return t.sum(); }, x, true);
  red("sum dim 1", [](const Tensor& t) { return t.sum(1); }, x, true);
  red("sum dims (0, 2) keepdim", [](const Tensor& t) { return t.sum({0, 2}, true); }, x, true);
  red("sum -1", [](const Tensor& t) { return t.sum(-1); }, x.transpose(0, 2), false);
  red("mean", [](const Tensor& t) { return t.mean({1}); }, x, true);
  red("prod", [](const Tensor& t) { return t.prod(1); }, pos, true);
  red("prod all", [](const Tensor& t) { return t.prod(); }, pos, true);
  red("var", [](const Tensor& t) { return t.var({1}); }, x, true);
  red("var biased keepdim", [](const Tensor& t) { return t.var({0, 2}, false, true); }, x, true);
  red("std", [](const Tensor& t) { return t.std({2}); }, x, true);
  red("amax", [](const Tensor& t) { return t.amax({1}); }, x, true);
  red("amin all", [](const Tensor& t) { return t.amin(); }, x, true);
  red("max(dim) values", [](const Tensor& t) { return std::get<0>(t.max(2)); }, x, true);
  red("min(dim, keepdim) values", [](const Tensor& t) { return std::get<0>(t.min(0, true)); }, x, true);
  red("max all", [](const Tensor& t) { return t.max(); }, x, false);
  red("norm 2", [](const Tensor& t) { return t.norm(); }, x, true);
  red("norm 2 dim", [](const Tensor& t) { return t.norm(2, {1}); }, x, true);
  red("norm 1", [](const Tensor& t) { return t.norm(1, {1}); }, leaf(away_from_zero({3, 4})), true);
  red("norm 3", [](const Tensor& t) { return t.norm(3, {1}, true); }, x, true);
  red("norm inf", [](const Tensor& t) { return t.norm(INFINITY, {1}); }, x, false);
  red("logsumexp", [](const Tensor& t) { return t.logsumexp({1}); }, x, true);
  red("logsumexp keepdim", [](const Tensor& t) { return t.logsumexp({0, 2}, true); }, x, true);
  red("cumsum", [](const Tensor& t) { return t.cumsum(1); }, x, true);
  red("cumprod", [](const Tensor& t) { return t.cumprod(1); }, pos, true);
  red("softmax", [](const Tensor& t) { return t.softmax(1); }, x, true);
  red("log_softmax", [](const Tensor& t) { return t.log_softmax(-1); }, x, true);
  red("softmax transposed", [](const Tensor& t) { return t.softmax(0); }, x.transpose(1, 2), false);
  red("sum_to_size", [](const Tensor& t) { return t.sum_to_size({4, 1}); }, x, true);
  // a zero in the product: the gradient is the product of the others
  Tensor with_zero = leaf(tensor({2.0, 0.0, 3.0, 4.0}, kFloat64));
  red("prod with a zero", [](const Tensor& t) { return t.prod(); }, with_zero, false);
  red("cumprod with a zero", [](const Tensor& t) { return t.cumprod(0); }, with_zero, false);
  // the norm of a zero vector has gradient 0 (not NaN)
  Tensor z = zeros({3}, kFloat64).requires_grad_();
  z.norm().backward();
  REQUIRE_CLOSE(z.grad(), zeros({3}, kFloat64));
}

TEST_CASE("gradcheck: matrix products", "[autograd][gradcheck]") {
  auto mat = [](Shape s) { return leaf(uniform(s, -1, 1)); };
  std::vector<std::pair<Shape, Shape>> ranks = {{{3}, {3}},          {{2, 3}, {3}},    {{3}, {3, 4}},
                                                {{2, 3}, {3, 4}},    {{2, 2, 3}, {3, 4}}, {{2, 3}, {2, 3, 4}},
                                                {{2, 1, 2, 3}, {3, 3, 2}}};
  for (auto& [sa, sb] : ranks) {
    INFO("matmul " << shape_str(sa) << " @ " << shape_str(sb));
    check("matmul", [](const TensorList& in) { return TensorList{matmul(in[0], in[1])}; }, {mat(sa), mat(sb)}, true);
  }
  Tensor a = mat({3, 4}), b = mat({4, 2});
  check("mm with transposed operands", [](const TensorList& in) { return TensorList{mm(in[0].t(), in[1].t())}; },
        {mat({4, 3}), mat({2, 4})}, true);
  check("bmm", [](const TensorList& in) { return TensorList{bmm(in[0], in[1])}; }, {mat({2, 3, 4}), mat({2, 4, 2})},
        true);
  check("addmm", [](const TensorList& in) { return TensorList{addmm(in[0], in[1], in[2], 0.5, 2.0)}; },
        {mat({2}), a, b}, true);
  check("baddbmm", [](const TensorList& in) { return TensorList{baddbmm(in[0], in[1], in[2], 0.3, 1.5)}; },
        {mat({2, 3, 2}), mat({2, 3, 4}), mat({2, 4, 2})});
  check("mv, dot, outer",
        [](const TensorList& in) {
          return TensorList{mv(in[0], in[1]), dot(in[1], in[1]), outer(in[1], in[2])};
        },
        {a, mat({4}), mat({3})}, true);
  check("einsum bij,bjk->bik", [](const TensorList& in) { return TensorList{einsum("bij,bjk->bik", in)}; },
        {mat({2, 3, 4}), mat({2, 4, 2})}, true);
  check("einsum ii->i, ij->, implicit", [](const TensorList& in) {
    return TensorList{einsum("ii->i", {in[0]}), einsum("ij->", {in[1]}), einsum("ij,jk", {in[1], in[2]})};
  }, {mat({3, 3}), a, b});
  check("einsum ...ij,...jk", [](const TensorList& in) { return TensorList{einsum("...ij,...jk->...ik", in)}; },
        {mat({2, 3, 4}), mat({4, 5})});
  check("tril, triu, trace", [](const TensorList& in) {
    return TensorList{in[0].tril(), in[0].triu(1), in[0].tril(-1), in[0].trace()};
  }, {mat({4, 4})}, true);
  check("cdist", [](const TensorList& in) { return TensorList{cdist(in[0], in[1])}; }, {mat({3, 2}), mat({4, 2})},
        true);
}

TEST_CASE("gradcheck: views", "[autograd][gradcheck]") {
  Tensor x = leaf(uniform({3, 4, 5}, -1, 1));
  auto view = [&](const std::string& name, std::function<Tensor(const Tensor&)> f, bool gg = true) {
    check(name, [f](const TensorList& t) { return TensorList{f(t[0])}; }, {x}, gg);
  };
  view("view", [](const Tensor& t) { return t.view({12, 5}); });
  view("reshape (copy of a transposed tensor)", [](const Tensor& t) { return t.transpose(0, 1).reshape({-1}); });
  view("flatten / unflatten", [](const Tensor& t) { return t.flatten(1).unflatten(1, {2, 10}); });
  view("squeeze / unsqueeze", [](const Tensor& t) { return t.unsqueeze(0).unsqueeze(-1).squeeze(); });
  view("permute", [](const Tensor& t) { return t.permute({2, 0, 1}); });
  view("transpose / t / mT", [](const Tensor& t) { return t.select(0, 1).t() + t.mT().select(0, 0); });
  view("movedim", [](const Tensor& t) { return t.movedim(0, 2); });
  view("expand", [](const Tensor& t) { return t.narrow(1, 0, 1).expand({3, 6, 5}); });
  view("broadcast_to", [](const Tensor& t) { return t.select(2, 0).broadcast_to({2, 3, 4}); });
  view("narrow", [](const Tensor& t) { return t.narrow(2, 1, 3); });
  view("slice with a step", [](const Tensor& t) { return t.slice(2, 0, std::nullopt, 2); });
  view("select negative", [](const Tensor& t) { return t.select(1, -1); });
  view("diagonal", [](const Tensor& t) { return t.diagonal(1, 1, 2); });
  view("as_strided", [](const Tensor& t) { return t.contiguous().as_strided({3, 3}, {20, 6}, 1); });
  view("unfold (overlapping windows)", [](const Tensor& t) { return t.unfold(2, 3, 1); });
  view("unfold (disjoint windows)", [](const Tensor& t) { return t.unfold(2, 2, 2); });
  view("index with Slice/None/Ellipsis", [](const Tensor& t) {
    return t.index({indexing::Ellipsis, Slice(1, 4), indexing::None}).index({0});
  });
  check("split / chunk / unbind", [](const TensorList& t) {
    auto s = t[0].split({1, 2}, 0);
    auto c = t[0].chunk(2, 2);
    auto u = t[0].unbind(1);
    return TensorList{s[1] * 2, c[0] + c[1].narrow(2, 0, 2).sum(), u[3]};
  }, {x});
  check("clone / contiguous", [](const TensorList& t) { return TensorList{t[0].t().contiguous(), t[0].clone()}; },
        {leaf(uniform({3, 4}, -1, 1))}, true);
}

TEST_CASE("gradcheck: joining, flipping, padding", "[autograd][gradcheck]") {
  Tensor a = leaf(uniform({2, 3}, -1, 1)), b = leaf(uniform({2, 2}, -1, 1));
  check("cat", [](const TensorList& t) { return TensorList{cat({t[0], t[1]}, 1)}; }, {a, b}, true);
  check("stack / hstack / vstack", [](const TensorList& t) {
    return TensorList{stack({t[0], t[0] * 2}, 1), hstack({t[0], t[1]}), vstack({t[0], t[0]})};
  }, {a, b});
  check("flip", [](const TensorList& t) { return TensorList{t[0].flip({0, 1})}; }, {a}, true);
  check("roll", [](const TensorList& t) { return TensorList{t[0].roll({1, -1}, {0, 1}), t[0].roll({2})}; }, {a});
  check("repeat / tile", [](const TensorList& t) { return TensorList{t[0].repeat({2, 1, 2}), t[0].tile({2})}; }, {a},
        true);
  check("repeat_interleave", [](const TensorList& t) {
    return TensorList{t[0].repeat_interleave(2, 1), t[0].repeat_interleave(tensor(std::vector<int64_t>{1, 3}), 0)};
  }, {a});
  for (std::string mode : {"constant", "reflect", "replicate", "circular"}) {
    INFO("pad " << mode);
    check("pad", [mode](const TensorList& t) { return TensorList{pad(t[0], {1, 2, 1, 0}, mode, 0.5)}; },
          {leaf(uniform({2, 3, 4}, -1, 1))}, mode == "constant" || mode == "reflect");
  }
  check("pad with negative (cropping) amounts",
        [](const TensorList& t) { return TensorList{pad(t[0], {-1, 1})}; }, {a}, true);
}

TEST_CASE("gradcheck: gathering, scattering, indexing, sorting", "[autograd][gradcheck]") {
  Tensor x = leaf(uniform({3, 4}, -1, 1));
  Tensor idx = tensor({{int64_t{0}, int64_t{2}}, {int64_t{1}, int64_t{1}}, {int64_t{3}, int64_t{0}}});
  Tensor src = leaf(uniform({3, 2}, -1, 1));
  check("index_select", [](const TensorList& t) {
    return TensorList{t[0].index_select(1, tensor(std::vector<int64_t>{3, 0, 3}))};
  }, {x}, true);
  check("gather", [&](const TensorList& t) { return TensorList{t[0].gather(1, idx)}; }, {x}, true);
  Tensor unique_idx = tensor({{int64_t{0}, int64_t{2}}, {int64_t{1}, int64_t{3}}, {int64_t{3}, int64_t{0}}});
  check("scatter", [&](const TensorList& t) { return TensorList{t[0].scatter(1, unique_idx, t[1])}; }, {x, src},
        true);
  check("scatter_add", [&](const TensorList& t) { return TensorList{t[0].scatter_add(1, idx, t[1])}; }, {x, src},
        true);
  for (std::string reduce : {"sum", "mean", "prod", "amax", "amin"}) {
    for (bool include_self : {true, false}) {
      INFO("scatter_reduce " << reduce << " include_self " << include_self);
      Tensor self = leaf(uniform({3, 4}, 0.5, 1.5)), s = leaf(uniform({3, 2}, 0.5, 1.5));
      check("scatter_reduce",
            [&](const TensorList& t) { return TensorList{t[0].scatter_reduce(1, idx, t[1], reduce, include_self)}; },
            {self, s});
    }
  }
  Tensor rows = tensor(std::vector<int64_t>{2, 0, 2});
  check("index_add", [&](const TensorList& t) { return TensorList{t[0].index_add(0, rows, t[1], 2.0)}; },
        {x, leaf(uniform({3, 4}, -1, 1))}, true);
  Tensor i0 = tensor(std::vector<int64_t>{0, 2, 2}), i1 = tensor(std::vector<int64_t>{1, 3, 3});
  check("index_put accumulate", [&](const TensorList& t) {
    return TensorList{t[0].index_put({i0, i1}, t[1], /*accumulate=*/true)};
  }, {x, leaf(uniform({3}, -1, 1))}, true);
  Tensor i1u = tensor(std::vector<int64_t>{1, 3, 0});
  check("index_put", [&](const TensorList& t) { return TensorList{t[0].index_put({i0, i1u}, t[1], false)}; },
        {x, leaf(uniform({1}, -1, 1))});
  check("advanced indexing", [&](const TensorList& t) {
    return TensorList{t[0].index({i0, i1}), t[0].index({Slice(), i1}), t[0].index({t[0].detach().gt(0)})};
  }, {x}, true);
  Tensor y = leaf(uniform({2, 3, 4}, -1, 1));
  check("non-adjacent index dims", [&](const TensorList& t) {
    return TensorList{t[0].index({tensor(std::vector<int64_t>{1, 0}), Slice(), tensor(std::vector<int64_t>{3, 2})})};
  }, {y});
  Tensor mask = tensor({true, false, true, true}).view({1, 4});
  check("masked_select / masked_scatter / take", [&](const TensorList& t) {
    return TensorList{t[0].masked_select(mask), t[0].masked_scatter(mask.expand({3, 4}), t[1]),
                      t[0].take(tensor(std::vector<int64_t>{5, -1, 0}))};
  }, {x, leaf(uniform({12}, -1, 1))}, true);
  check("sort values", [](const TensorList& t) { return TensorList{std::get<0>(t[0].sort(1, true))}; }, {x}, true);
  check("topk values", [](const TensorList& t) { return TensorList{std::get<0>(t[0].topk(2, 0, false))}; }, {x},
        true);
}

TEST_CASE("gradcheck: in-place ops on non-leaves and views", "[autograd][gradcheck]") {
  Tensor x = leaf(uniform({3, 4}, 0.5, 1.5)), w = leaf(uniform({4}, -1, 1));
  check("a chain of in-place ops", [](const TensorList& t) {
    Tensor y = t[0] * 1.0;
    y.add_(t[1]);
    y.mul_(t[1]);
    y.exp_();
    y.div_(2.0);
    y.clamp_(0.0, 5.0);
    return TensorList{y};
  }, {x, w}, true);
  check("writing through views", [](const TensorList& t) {
    Tensor y = t[0].clone();
    y.narrow(1, 1, 2).mul_(3.0);
    y.select(0, 2).copy_(t[1]);
    y.index_put_({Slice(), 0}, t[1].narrow(0, 0, 3) * 2);
    y.t().narrow(0, 3, 1).sin_();
    return TensorList{y};
  }, {x, w});
  check("masked_fill_, index_add_, scatter_ on a non-leaf", [](const TensorList& t) {
    Tensor y = t[0] + 0.0;
    y.masked_fill_(t[0].detach().gt(1.0), 0.25);
    y.index_add_(1, tensor(std::vector<int64_t>{0, 0}), t[0].narrow(1, 1, 2));
    y.scatter_(0, tensor({{int64_t{2}, int64_t{1}, int64_t{0}, int64_t{1}}}), t[1].view({1, 4}));
    return TensorList{y};
  }, {x, w});
  check("fill_ and zero_ cut the gradient of what they overwrite", [](const TensorList& t) {
    Tensor y = t[0] * 2.0;
    y.narrow(0, 0, 1).fill_(3.0);
    y.narrow(0, 2, 1).zero_();
    return TensorList{y};
  }, {x});
}
