"""ember.optim against torch.optim: the same parameters, gradients and
hyperparameters give the same trajectory; param_groups are live; schedulers
follow torch's learning rates."""
import numpy as np
import pytest
import torch

import ember
from helpers import assert_close

CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("Adam", dict(lr=0.01, betas=(0.8, 0.99), amsgrad=True)),
    ("AdamW", dict(lr=0.01, weight_decay=0.1)),
    ("Adamax", dict(lr=0.01)),
    ("RAdam", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, momentum=0.5, centered=True)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01)),
    ("Adadelta", dict(lr=1.0)),
]


def quadratic_run(lib, name, kwargs, steps=8):
    rng = np.random.default_rng(1)
    w = lib.tensor(rng.normal(size=(3, 4)), requires_grad=True)
    b = lib.tensor(rng.normal(size=(4,)), requires_grad=True)
    target = lib.tensor(rng.normal(size=(3, 4)))
    opt = getattr(lib.optim, name)([{"params": [w]}, {"params": [b], "lr": kwargs["lr"] / 2}], **kwargs)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((w + b - target) ** 2).sum() + (w ** 4).sum() * 0.1
        loss.backward()
        opt.step()
    return w, b


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_optimizer_matches_torch(name, kwargs):
    ew, eb = quadratic_run(ember, name, kwargs)
    tw, tb = quadratic_run(torch, name, kwargs)
    assert_close(ew, tw, atol=1e-10, rtol=1e-9)
    assert_close(eb, tb, atol=1e-10, rtol=1e-9)


def test_nadam_matches_the_corrected_formula():
    # ember follows PyTorch 2's NAdam; torch 1.13 multiplies mu_t into the
    # running product twice (optim/nadam.h), so the oracle here is the
    # formula itself: P_t = mu_1...mu_t, mu_t = b1 (1 - 0.5 * 0.96^(t * decay))
    lr, b1, b2, eps, decay = 0.01, 0.9, 0.999, 1e-8, 4e-3
    w0 = np.array([1.0, -2.0, 0.5])
    w = ember.tensor(w0, requires_grad=True)
    opt = ember.optim.NAdam([w], lr=lr)
    p, m, v, prod = w0.copy(), np.zeros(3), np.zeros(3), 1.0
    for t in range(1, 6):
        opt.zero_grad()
        (w ** 3).sum().backward()
        opt.step()
        g = 3 * p ** 2
        mu = b1 * (1 - 0.5 * 0.96 ** (t * decay))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * decay))
        prod *= mu
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        d = np.sqrt(v / (1 - b2 ** t)) + eps
        p = p - lr * (1 - mu) / (1 - prod) * g / d - lr * mu_next / (1 - prod * mu_next) * m / d
    np.testing.assert_allclose(w.detach().numpy(), p, rtol=1e-12, atol=1e-14)


def test_param_groups_are_live_and_state_dict_round_trips():
    w = ember.zeros(2, requires_grad=True)
    opt = ember.optim.SGD([w], lr=0.5, momentum=0.9)
    assert opt.param_groups[0]["lr"] == 0.5 and opt.param_groups[0]["params"][0] is not None
    opt.param_groups[0]["lr"] = 0.25
    w.grad = ember.ones(2)
    opt.step()
    assert w.tolist() == [-0.25, -0.25]
    state = opt.state_dict()
    opt2 = ember.optim.SGD([w], lr=0.5, momentum=0.9)
    opt2.load_state_dict(state)
    assert opt2.param_groups[0]["lr"] == 0.25
    with pytest.raises(ValueError):
        ember.optim.SGD([], lr=0.1)
    with pytest.raises(ember.Error):
        ember.optim.SGD([w], lr=-1.0)


def test_lbfgs_minimizes_rosenbrock():
    xy = ember.tensor([-1.5, 2.0], dtype=ember.float64, requires_grad=True)
    opt = ember.optim.LBFGS([xy], lr=1, max_iter=100, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        x, y = xy[0], xy[1]
        loss = (1 - x) ** 2 + 100 * (y - x ** 2) ** 2
        loss.backward()
        return loss

    for _ in range(5):
        opt.step(closure)
    assert np.allclose(xy.detach().numpy(), [1.0, 1.0], atol=1e-5)


SCHEDULERS = [
    ("StepLR", dict(step_size=3, gamma=0.5)),
    ("MultiStepLR", dict(milestones=[2, 5], gamma=0.1)),
    ("ExponentialLR", dict(gamma=0.9)),
    ("CosineAnnealingLR", dict(T_max=5, eta_min=0.01)),
    ("CosineAnnealingWarmRestarts", dict(T_0=3, T_mult=2)),
    ("LinearLR", dict(start_factor=0.2, total_iters=4)),
    ("ConstantLR", dict(factor=0.5, total_iters=3)),
    ("PolynomialLR", dict(total_iters=6, power=2.0)),
    ("LambdaLR", dict(lr_lambda=lambda e: 0.9 ** e)),
    ("OneCycleLR", dict(max_lr=1.0, total_steps=12)),
    ("CyclicLR", dict(base_lr=0.01, max_lr=0.1, step_size_up=3)),
]


@pytest.mark.parametrize("name,kwargs", SCHEDULERS, ids=[n for n, _ in SCHEDULERS])
def test_scheduler_matches_torch(name, kwargs):
    lrs = {}
    for lib in (ember, torch):
        w = lib.zeros(2, requires_grad=True)
        opt = lib.optim.SGD([w], lr=0.1, momentum=0.9)
        sched = getattr(lib.optim.lr_scheduler, name)(opt, **kwargs)
        seen = []
        for _ in range(10):
            opt.step()
            sched.step()
            seen.append(opt.param_groups[0]["lr"])
        lrs[lib.__name__] = seen
    np.testing.assert_allclose(lrs["ember"], lrs["torch"], rtol=1e-12, atol=1e-15)


def test_reduce_lr_on_plateau():
    w = ember.zeros(1, requires_grad=True)
    opt = ember.optim.SGD([w], lr=1.0)
    sched = ember.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5)
    for loss in [1.0, 0.9, 0.9, 0.9, 0.9]:
        sched.step(loss)
    assert opt.param_groups[0]["lr"] == 0.5
