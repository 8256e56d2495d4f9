"""Compare ember with torch 1.13 (the oracle), tinygrad-style:

    check_op([(3, 4), (4,)], lambda x, y: x * y)

builds the same random float64 inputs for both libraries, runs the function
on each (one lambda serves both when the APIs agree, or pass ember_fn),
compares the outputs, then backpropagates the same random upstream gradient
and compares every input's gradient."""
import numpy as np
import torch

import ember

RNG = np.random.default_rng(0)


def to_numpy(t):
    if isinstance(t, (ember.Tensor, torch.Tensor)):
        return t.detach().numpy()
    return np.asarray(t)


def assert_close(ember_value, torch_value, atol=1e-7, rtol=1e-6, what="output"):
    e, t = to_numpy(ember_value), to_numpy(torch_value)
    assert e.shape == t.shape, f"{what}: ember shape {e.shape} != torch shape {t.shape}"
    if t.dtype == np.bool_ or e.dtype == np.bool_:
        assert (e == t).all(), f"{what}: ember {e} != torch {t}"
        return
    np.testing.assert_allclose(e.astype(np.float64), t.astype(np.float64), atol=atol, rtol=rtol,
                               err_msg=f"{what} differs")


def check_op(shapes, torch_fn, ember_fn=None, low=-2.0, high=2.0, atol=1e-7, rtol=1e-6, grad=True,
             inputs=None):
    """Runs torch_fn on torch tensors and ember_fn (default: torch_fn) on ember tensors."""
    ember_fn = ember_fn or torch_fn
    arrays = inputs if inputs is not None else [RNG.uniform(low, high, size=s) for s in shapes]
    t_in = [torch.tensor(a, requires_grad=grad and a.dtype.kind == "f") for a in arrays]
    e_in = [ember.tensor(a, requires_grad=grad and a.dtype.kind == "f") for a in arrays]
    t_out, e_out = torch_fn(*t_in), ember_fn(*e_in)
    t_outs = t_out if isinstance(t_out, (tuple, list)) else [t_out]
    e_outs = e_out if isinstance(e_out, (tuple, list)) else [e_out]
    assert len(t_outs) == len(e_outs)
    for i, (e, t) in enumerate(zip(e_outs, t_outs)):
        assert_close(e, t, atol, rtol, what=f"output {i}")
    if not grad:
        return e_out
    t_diff = [t for t in t_outs if isinstance(t, torch.Tensor) and t.requires_grad]
    e_diff = [e for e in e_outs if isinstance(e, ember.Tensor) and e.requires_grad]
    assert len(t_diff) == len(e_diff), "different outputs require grad"
    if not t_diff:
        return e_out
    upstream = [RNG.uniform(-1, 1, size=tuple(t.shape)) for t in t_diff]
    torch.autograd.backward(t_diff, [torch.tensor(u) for u in upstream])
    ember.autograd.backward(e_diff, [ember.tensor(u) for u in upstream])
    for i, (e, t) in enumerate(zip(e_in, t_in)):
        if t.grad is None:
            assert e.grad is None or not e.requires_grad, f"input {i}: ember has a gradient, torch none"
            continue
        assert e.grad is not None, f"input {i}: torch has a gradient, ember none"
        assert_close(e.grad, t.grad, atol * 10, rtol * 10, what=f"gradient of input {i}")
    return e_out
