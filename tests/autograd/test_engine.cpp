// test_engine.cpp — the tape and the backward engine: gradients of simple
// functions by hand, accumulation, retain_graph / create_graph, grad(),
// hooks, grad mode guards, in-place checks, deep graphs and memory.
#include "support/test_utils.h"

using namespace ember;
using Catch::Matchers::Contains;

TEST_CASE("backward of a polynomial gives its derivative", "[autograd]") {
  // y = x^3 + 2x^2 - 5x + 1, dy/dx = 3x^2 + 4x - 5 = 15 at x = 2
  Tensor x = tensor({2.0}, kFloat64).requires_grad_();
  Tensor y = x.pow(3) + 2 * x.pow(2) - 5 * x + 1;
  y.backward();
  REQUIRE_CLOSE(x.grad(), tensor({15.0}, kFloat64));
  CHECK(x.is_leaf());
  CHECK_FALSE(y.is_leaf());
  CHECK(y.grad_fn()->name() == "AddBackward0");
}

TEST_CASE("grad_fn names follow PyTorch", "[autograd]") {
  Tensor a = randn({2, 3}).requires_grad_(), b = randn({3, 2}).requires_grad_();
  CHECK((a * a).grad_fn()->name() == "MulBackward0");
  CHECK(a.mm(b).grad_fn()->name() == "MmBackward0");
  CHECK(a.sum().grad_fn()->name() == "SumBackward0");  // torch: the overload without dims
  CHECK(a.sum(0).grad_fn()->name() == "SumBackward1");
  CHECK(a.exp().grad_fn()->name() == "ExpBackward0");
  CHECK(a.t().grad_fn()->name() == "TransposeBackward0");
  CHECK(a.view({6}).grad_fn()->name() == "ViewBackward0");
  CHECK(a.narrow(1, 0, 2).grad_fn()->name() == "NarrowBackward0");
  CHECK(cat({a, a}).grad_fn()->name() == "CatBackward0");
  CHECK_FALSE(a.detach().requires_grad());
  CHECK_FALSE((a > 0).requires_grad());  // comparisons are not differentiable
}

TEST_CASE("gradients accumulate across backward calls and uses", "[autograd]") {
  Tensor x = tensor({1.0, 2.0, 3.0}).requires_grad_();
  Tensor y = (x * x).sum() + x.sum();  // x used twice: 2x + 1
  y.backward();
  REQUIRE_CLOSE(x.grad(), tensor({3.0, 5.0, 7.0}));
  (x * 2).sum().backward();
  REQUIRE_CLOSE(x.grad(), tensor({5.0, 7.0, 9.0}));
  x.mutable_grad() = Tensor();  // zero_grad(set_to_none=true)
  CHECK_FALSE(x.grad().defined());
}

TEST_CASE("non-scalar outputs need an explicit gradient", "[autograd]") {
  Tensor x = tensor({1.0, 2.0}).requires_grad_();
  Tensor y = x * 3;
  REQUIRE_THROWS_WITH(y.backward(), Contains("only for scalar outputs"));
  y.backward(tensor({1.0, 10.0}));
  REQUIRE_CLOSE(x.grad(), tensor({3.0, 30.0}));
  REQUIRE_THROWS_WITH(tensor({1.0}).backward(), Contains("does not require grad"));
}

TEST_CASE("a second backward through a freed graph is refused, retain_graph allows it", "[autograd]") {
  Tensor x = tensor({1.0, 2.0}).requires_grad_();
  Tensor y = (x.exp() * x).sum();
  y.backward({}, /*retain_graph=*/true);
  y.backward();
  Tensor once = (x.exp() * x + 1).sum();
  x.mutable_grad() = Tensor();
  once.backward();
  REQUIRE_THROWS_WITH(once.backward(), Contains("backward through the graph a second time"));
}

TEST_CASE("autograd::grad returns gradients without touching .grad()", "[autograd]") {
  Tensor x = tensor({1.0, 2.0}).requires_grad_(), z = tensor({3.0}).requires_grad_();
  Tensor y = (x.sin() * 2).sum();
  TensorList g = autograd::grad({y}, {x}, {}, true);
  REQUIRE_CLOSE(g[0], x.cos().detach() * 2);
  CHECK_FALSE(x.grad().defined());
  REQUIRE_THROWS_WITH(autograd::grad({y}, {z}, {}, true), Contains("was not used in the graph"));
  TensorList unused = autograd::grad({y}, {z}, {}, true, false, /*allow_unused=*/true);
  CHECK_FALSE(unused[0].defined());
  // of a non-leaf, with a given grad_output
  Tensor h = x * 3;
  Tensor out = h.pow(2);
  TensorList gh = autograd::grad({out}, {h}, {tensor({1.0, 1.0})});
  REQUIRE_CLOSE(gh[0], tensor({6.0, 12.0}));
}

TEST_CASE("create_graph gives higher-order derivatives", "[autograd]") {
  // y = x^3: dy/dx = 3x^2, d2y/dx2 = 6x, d3y/dx3 = 6
  Tensor x = tensor({2.0}, kFloat64).requires_grad_();
  Tensor y = x.pow(3);
  Tensor d1 = autograd::grad({y}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  REQUIRE_CLOSE(d1, tensor({12.0}, kFloat64));
  Tensor d2 = autograd::grad({d1}, {x}, {}, std::nullopt, true)[0];
  REQUIRE_CLOSE(d2, tensor({12.0}, kFloat64));
  Tensor d3 = autograd::grad({d2}, {x})[0];
  REQUIRE_CLOSE(d3, tensor({6.0}, kFloat64));
  // and backward(create_graph) leaves a differentiable .grad(); as in PyTorch
  // that gradient's graph refers back to w (a cycle), so it must be reset
  // after use, or autograd::grad used instead
  Tensor w = tensor({0.5}, kFloat64).requires_grad_();
  (w.sin() * w).backward({}, std::nullopt, true);
  CHECK(w.grad().requires_grad());
  w.mutable_grad() = Tensor();
}

TEST_CASE("hooks see and may replace gradients, retain_grad keeps non-leaf gradients", "[autograd]") {
  Tensor x = tensor({1.0, 2.0}).requires_grad_();
  Tensor seen;
  x.register_hook([&](const Tensor& g) {
    seen = g.clone();
    return g * 10;
  });
  Tensor h = x * 2;
  h.retain_grad();
  Tensor doubled;
  h.register_hook([&](const Tensor& g) { return g * 2; });
  (h * h).sum().backward();
  // dL/dh = 2h = (4, 8), doubled by h's hook, times dh/dx = 2
  REQUIRE_CLOSE(seen, tensor({16.0, 32.0}));
  REQUIRE_CLOSE(x.grad(), tensor({160.0, 320.0}));  // x's hook multiplied by 10
  CHECK(h.retains_grad());
  REQUIRE(h.grad().defined());
  REQUIRE_CLOSE(h.grad(), tensor({8.0, 16.0}));  // retain_grad sees the gradient after h's hooks (PyTorch 2)
}

TEST_CASE("NoGradGuard, EnableGradGuard and InferenceMode", "[autograd]") {
  Tensor x = ones({2}).requires_grad_();
  {
    NoGradGuard no_grad;
    CHECK_FALSE((x * 2).requires_grad());
    {
      EnableGradGuard enable;
      CHECK((x * 2).requires_grad());
    }
    x.add_(1);  // in-place on a leaf is allowed without grad mode
  }
  CHECK(x.index({0}).item<float>() == 2.0f);
  {
    InferenceMode inference;
    CHECK(is_inference_mode_enabled());
    CHECK_FALSE((x * 2).requires_grad());
  }
  CHECK(is_grad_enabled());
}

TEST_CASE("requires_grad rules", "[autograd][errors]") {
  REQUIRE_THROWS_WITH(zeros({2}, kInt64).requires_grad_(), Contains("only floating point"));
  Tensor x = ones({2}).requires_grad_();
  Tensor y = x * 2;
  REQUIRE_THROWS_WITH(y.requires_grad_(false), Contains("leaf"));
  CHECK(zeros({2}, TensorOptions().requires_grad(true)).requires_grad());
}

TEST_CASE("in-place ops: leaves refused, modified saved tensors detected", "[autograd][errors]") {
  Tensor x = tensor({1.0, 2.0}).requires_grad_();
  REQUIRE_THROWS_WITH(x.add_(1), Contains("leaf tensor that requires grad"));
  REQUIRE_THROWS_WITH(x.narrow(0, 0, 1).mul_(2), Contains("view of a leaf"));
  Tensor s = x.sigmoid();  // saves its output
  s.mul_(2);
  REQUIRE_THROWS_WITH(s.sum().backward(), Contains("modified by an in-place operation"));
}

TEST_CASE("in-place ops on non-leaves and views are differentiated correctly", "[autograd]") {
  Tensor x = tensor({1.0, 2.0, 3.0}, kFloat64).requires_grad_();
  Tensor y = x * 2;
  y.sin_();  // y = sin(2x)
  y.add_(x);  // y = sin(2x) + x
  y.sum().backward();
  REQUIRE_CLOSE(x.grad(), (x.detach() * 2).cos() * 2 + 1);

  // writing through a view rewires the base's history (CopySlices)
  Tensor a = tensor({1.0, 2.0, 3.0, 4.0}, kFloat64).requires_grad_();
  Tensor b = a * 1;
  Tensor w = tensor({10.0, 20.0}, kFloat64).requires_grad_();
  b.narrow(0, 1, 2).mul_(w);  // b = [a0, a1*10, a2*20, a3]
  CHECK(b.grad_fn()->name() == "CopySlices");
  (b * b).sum().backward();
  REQUIRE_CLOSE(a.grad(), tensor({2.0, 400.0, 2400.0, 8.0}, kFloat64));
  REQUIRE_CLOSE(w.grad(), tensor({2.0 * 4.0 * 10.0, 2.0 * 9.0 * 20.0}, kFloat64));

  // a buffer that did not require grad becomes part of the graph when written
  Tensor buf = zeros({3}, kFloat64);
  Tensor v = tensor({5.0}, kFloat64).requires_grad_();
  buf.narrow(0, 2, 1).copy_(v * 3);
  CHECK(buf.requires_grad());
  buf.sum().backward();
  REQUIRE_CLOSE(v.grad(), tensor({3.0}, kFloat64));
}

TEST_CASE("a 100,000-op chain runs backward and is destroyed without recursion", "[autograd]") {
  Tensor x = tensor({1.0}, kFloat64).requires_grad_();
  {
    Tensor y = x;
    for (int i = 0; i < 100000; ++i) y = y * 1.0;
    y.backward();
  }  // the graph is dropped here
  REQUIRE_CLOSE(x.grad(), tensor({1.0}, kFloat64));
  Tensor z = x;
  for (int i = 0; i < 100000; ++i) z = z + 0.0;
  z = Tensor();  // destroyed without backward
  SUCCEED("no stack overflow");
}

TEST_CASE("no reference cycles: the graph and saved tensors are freed", "[autograd]") {
  int64_t before = TensorImpl::live_count();
  {
    Tensor x = randn({4, 4}, kFloat64).requires_grad_();
    Tensor w = randn({4, 4}, kFloat64).requires_grad_();
    int64_t with_inputs = TensorImpl::live_count();
    {
      Tensor y = (x.mm(w).sigmoid() * x.exp()).sum();  // sigmoid and exp save their outputs
      y.backward();
    }
    // after backward and dropping y: only x, w and their gradients remain
    CHECK(TensorImpl::live_count() == with_inputs + 2);
    {
      Tensor y = x.tanh().sum();
      (void)y;  // graph built, never run backward, then dropped
    }
    CHECK(TensorImpl::live_count() == with_inputs + 2);
  }
  CHECK(TensorImpl::live_count() == before);
}

TEST_CASE("saved tensors are freed after backward unless retain_graph", "[autograd]") {
  Tensor x = randn({8}, kFloat64).requires_grad_();
  Tensor y = x.exp().sum();
  y.backward({}, /*retain_graph=*/true);  // creates x.grad, keeps exp's saved output
  int64_t with_saved = TensorImpl::live_count();
  y.backward();  // accumulates in place, then frees the saved output
  CHECK(TensorImpl::live_count() == with_saved - 1);
  REQUIRE_THROWS_WITH(y.backward(), Contains("backward through the graph a second time"));
}

TEST_CASE("detach shares memory but not history", "[autograd]") {
  Tensor x = tensor({1.0, 2.0}).requires_grad_();
  Tensor d = (x * 2).detach();
  CHECK_FALSE(d.requires_grad());
  CHECK(d.is_leaf());
  Tensor y = x * 2;
  Tensor dy = y.detach();
  dy.zero_();
  CHECK(y.sum().item<float>() == 0.0f);  // same memory
}

namespace {
// y = x * sigmoid(x), with its own backward
struct Swish : autograd::Function<Swish> {
  static Tensor forward(autograd::AutogradContext* ctx, const Tensor& x, double beta) {
    ctx->save_for_backward({x});
    ctx->saved_data["beta"] = beta;
    return x * (x * beta).sigmoid();
  }
  static TensorList backward(autograd::AutogradContext* ctx, TensorList grads) {
    Tensor x = ctx->get_saved_variables()[0];
    double beta = std::any_cast<double>(ctx->saved_data["beta"]);
    Tensor s = (x * beta).sigmoid();
    return {grads[0] * (s + x * beta * s * (1 - s)), Tensor()};
  }
};

struct MulConstant : autograd::Function<MulConstant> {
  static TensorList forward(autograd::AutogradContext* ctx, const Tensor& a, const Tensor& idx) {
    Tensor out = a * 3;
    Tensor copy = idx.clone();
    ctx->mark_non_differentiable({copy});
    return {out, copy};
  }
  static TensorList backward(autograd::AutogradContext* ctx, TensorList grads) {
    CHECK(ctx->needs_input_grad(0));
    CHECK_FALSE(ctx->needs_input_grad(1));
    return {grads[0] * 3, Tensor()};
  }
};
}  // namespace

TEST_CASE("custom Functions: forward, backward, saved data, gradcheck", "[autograd][function]") {
  Tensor x = randn({5}, kFloat64).requires_grad_();
  Tensor y = Swish::apply(x, 1.5);
  CHECK(y.grad_fn()->name() == "SwishBackward");
  REQUIRE(autograd::gradcheck([](const TensorList& in) { return TensorList{Swish::apply(in[0], 1.5)}; }, {x}));
  REQUIRE(autograd::gradcheck([](const TensorList& in) { return TensorList{Swish::apply(in[0].t(), 0.7)}; },
                              {randn({3, 2}, kFloat64).requires_grad_()}));
  Tensor idx = tensor(std::vector<int64_t>{1, 2});
  TensorList outs = MulConstant::apply(x, idx);
  CHECK(outs[0].requires_grad());
  CHECK_FALSE(outs[1].requires_grad());
  outs[0].sum().backward();
  REQUIRE_CLOSE(x.grad(), full({5}, 3.0, kFloat64));
}

TEST_CASE("gradcheck reports the worst element and insists on float64", "[autograd][gradcheck]") {
  // a wrong derivative: d/dx x^2 claimed to be x
  struct Wrong : autograd::Function<Wrong> {
    static Tensor forward(autograd::AutogradContext* ctx, const Tensor& x) {
      ctx->save_for_backward({x});
      return x * x;
    }
    static TensorList backward(autograd::AutogradContext* ctx, TensorList g) {
      return {g[0] * ctx->get_saved_variables()[0]};
    }
  };
  Tensor x = tensor({1.0, 2.0, 3.0}, kFloat64).requires_grad_();
  auto fn = [](const TensorList& in) { return TensorList{Wrong::apply(in[0])}; };
  REQUIRE_THROWS_WITH(autograd::gradcheck(fn, {x}), Contains("[gradcheck] Jacobian mismatch for input 0") &&
                                                        Contains("numerical") && Contains("analytical"));
  CHECK_FALSE(autograd::gradcheck(fn, {x}, {.raise_exception = false}));
  REQUIRE_THROWS_WITH(autograd::gradcheck(fn, {tensor({1.0f}).requires_grad_()}), Contains("float64"));
}
