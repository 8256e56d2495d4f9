"""Autograd from Python: backward, grad, grad modes, hooks, custom
Functions and gradcheck, checked against torch where values are involved."""
import math

import numpy as np
import pytest
import torch

import ember
from helpers import assert_close


def test_backward_and_grad_accumulate():
    x = ember.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    assert x.grad.tolist() == [2.0, 4.0, 6.0]
    (x * 3).sum().backward()
    assert x.grad.tolist() == [5.0, 7.0, 9.0]
    x.grad = None
    assert x.grad is None
    assert x.is_leaf and not (x * 2).is_leaf
    assert (x * 2).grad_fn.name() == "MulBackward0"


def test_non_scalar_backward_retain_graph_and_higher_order():
    xs = np.array([0.5, -1.0, 2.0])
    for lib in (ember, torch):
        x = lib.tensor(xs, requires_grad=True)
        y = x ** 3
        y.backward(lib.tensor([1.0, 2.0, 3.0], dtype=x.dtype), retain_graph=True)
        first = x.grad.clone()
        y.sum().backward()
        (g,) = lib.autograd.grad((x ** 3).sum(), x, create_graph=True)
        (h,) = lib.autograd.grad(g.sum(), x)
        if lib is ember:
            e = (first, x.grad, g, h)
        else:
            t = (first, x.grad, g, h)
    for a, b in zip(e, t):
        assert_close(a, b)


def test_grad_modes():
    x = ember.ones(2, requires_grad=True)
    with ember.no_grad():
        assert not (x * 2).requires_grad
        with ember.enable_grad():
            assert (x * 2).requires_grad
    assert (x * 2).requires_grad

    @ember.no_grad()
    def f(t):
        return t * 2

    assert not f(x).requires_grad
    with ember.set_grad_enabled(False):
        assert not ember.is_grad_enabled()
    assert ember.is_grad_enabled()
    assert not x.detach().requires_grad


def test_hooks_and_retain_grad():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g.tolist()))
    y = x * 3
    y.retain_grad()
    y.register_hook(lambda g: g * 2)
    y.sum().backward()
    assert seen == [[6.0, 6.0]]
    assert y.grad.tolist() == [2.0, 2.0]
    assert x.grad.tolist() == [6.0, 6.0]


class Cube(ember.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.save_for_backward(x)
        ctx.scale = scale
        return x ** 3 * scale

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x ** 2 * ctx.scale, None


class SplitTwo(ember.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2, x * 3

    @staticmethod
    def backward(ctx, ga, gb):
        return ga * 2 + gb * 3


def test_custom_function():
    x = ember.tensor([1.0, -2.0], dtype=ember.float64, requires_grad=True)
    y = Cube.apply(x, 0.5)
    assert y.grad_fn.name() == "CubeBackward"
    y.sum().backward()
    assert x.grad.tolist() == [1.5, 6.0]
    assert ember.autograd.gradcheck(lambda t: Cube.apply(t, 2.0), (x,))
    a, b = SplitTwo.apply(x)
    x.grad = None
    a.sum().backward()  # b's gradient never arrives: passed as zeros
    assert x.grad.tolist() == [2.0, 2.0]


def test_gradcheck_catches_a_wrong_gradient():
    class Wrong(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x.sin()

        @staticmethod
        def backward(ctx, g):
            return g  # should be g * cos(x)

    x = ember.tensor([0.3, 0.7], dtype=ember.float64, requires_grad=True)
    with pytest.raises(ember.Error):
        ember.autograd.gradcheck(Wrong.apply, (x,))
    assert ember.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False) is False
    assert ember.autograd.gradcheck(lambda t: t.sin() * t, (x,))
    assert ember.autograd.gradgradcheck(lambda t: t.sin() * t, (x,))


def test_function_graph_is_freed_with_its_output():
    import gc
    import weakref

    class Marker:
        pass

    refs = []

    class Keep(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.marker = Marker()
            refs.append(weakref.ref(ctx.marker))
            y = x * 2
            ctx.save_for_backward(y)  # a saved output must not keep its own node alive
            return y

        @staticmethod
        def backward(ctx, g):
            return g * 2

    y = Keep.apply(ember.ones(3, requires_grad=True))
    assert refs[0]() is not None
    del y
    gc.collect()
    assert refs[0]() is None


def test_sin_gradient_at_pi_over_4():
    x = ember.tensor(math.pi / 4, requires_grad=True)
    ember.sin(x).backward()
    assert abs(x.grad.item() - math.sqrt(2) / 2) < 1e-6
