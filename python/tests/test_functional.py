"""ember.nn.functional against torch.nn.functional 1.13: forward and input
gradients in float64 through helpers.check_op (one lambda serves both
libraries, since the names and keywords agree), plus ember.nn.init and
ember.nn.utils."""
import math

import numpy as np
import pytest
import torch

import ember
from ember import nn
from helpers import check_op

TIGHT = dict(atol=1e-10, rtol=1e-9)


def both(fn):
    """check_op's torch_fn / ember_fn from one function of (F, *inputs)."""
    return dict(torch_fn=lambda *a: fn(torch.nn.functional, *a), ember_fn=lambda *a: fn(nn.functional, *a))


ACTIVATIONS = [
    ("relu", lambda F, x: F.relu(x)),
    ("relu6", lambda F, x: F.relu6(x * 4)),
    ("selu", lambda F, x: F.selu(x)),
    ("silu", lambda F, x: F.silu(x)),
    ("mish", lambda F, x: F.mish(x)),
    ("gelu", lambda F, x: F.gelu(x)),
    ("gelu_tanh", lambda F, x: F.gelu(x, approximate="tanh")),
    ("elu", lambda F, x: F.elu(x, alpha=0.7)),
    ("celu", lambda F, x: F.celu(x, 2.0)),  # torch rounds 1/alpha to float in the backward
    ("leaky_relu", lambda F, x: F.leaky_relu(x, negative_slope=0.1)),
    ("softplus", lambda F, x: F.softplus(x, beta=2, threshold=3)),
    ("hardtanh", lambda F, x: F.hardtanh(x, -0.5, 0.7)),
    ("hardswish", lambda F, x: F.hardswish(x * 4)),
    ("softsign", lambda F, x: F.softsign(x)),
    ("logsigmoid", lambda F, x: F.logsigmoid(x)),
    ("tanhshrink", lambda F, x: F.tanhshrink(x)),
    ("hardshrink", lambda F, x: F.hardshrink(x, 0.3)),
    ("softshrink", lambda F, x: F.softshrink(x, lambd=0.3)),
    ("threshold", lambda F, x: F.threshold(x, 0.2, -1.0)),
    ("sigmoid", lambda F, x: F.sigmoid(x)),
    ("tanh", lambda F, x: F.tanh(x)),
    ("softmax", lambda F, x: F.softmax(x, dim=1)),
    ("softmax_implicit", lambda F, x: F.softmax(x)),
    ("log_softmax", lambda F, x: F.log_softmax(x, dim=-1)),
    ("softmin", lambda F, x: F.softmin(x, dim=0)),
    ("glu", lambda F, x: F.glu(x, dim=1)),
    ("normalize", lambda F, x: F.normalize(x, p=2.0, dim=1)),
    ("dropout_eval", lambda F, x: F.dropout(x, p=0.4, training=False)),
    ("pad", lambda F, x: F.pad(x, (1, 2), value=0.5)),
    ("pad_reflect", lambda F, x: F.pad(x[None], (2, 1), mode="reflect")),
]


@pytest.mark.parametrize("name,fn", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation(name, fn):
    check_op([(4, 6)], **both(fn), **TIGHT)


def test_hardsigmoid():
    check_op([(4, 6)], **both(lambda F, x: F.hardsigmoid(x * 4)), grad=False, **TIGHT)
    # torch's backward multiplies by float(1/6) even in float64; ember's is exact
    x = ember.tensor(np.linspace(-4, 4, 17), requires_grad=True)
    nn.functional.hardsigmoid(x).sum().backward()
    expected = np.where(np.abs(np.linspace(-4, 4, 17)) < 3, 1 / 6, 0.0)
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-15, atol=0)


def test_inplace_activation_returns_input():
    x = ember.tensor([-1.0, 2.0])
    assert nn.functional.relu(x, inplace=True) is x and x.tolist() == [0.0, 2.0]
    y = ember.tensor([-1.0, 2.0])
    assert nn.functional.leaky_relu_(y, 0.5) is y and y.tolist() == [-0.5, 2.0]
    assert nn.functional.hardtanh_(y).tolist() == [-0.5, 1.0]


TWO_INPUT = [
    ("linear", [(3, 4), (5, 4), (5,)], lambda F, x, w, b: F.linear(x, w, b)),
    ("linear_nobias", [(3, 4), (5, 4)], lambda F, x, w: F.linear(x, w)),
    ("bilinear", [(3, 2), (3, 4), (5, 2, 4), (5,)], lambda F, a, b, w, c: F.bilinear(a, b, w, c)),
    ("prelu", [(2, 3, 4), (3,)], lambda F, x, w: F.prelu(x, w)),
    ("cosine_similarity", [(3, 4), (3, 4)], lambda F, a, b: F.cosine_similarity(a, b, dim=1)),
    ("pairwise_distance", [(3, 4), (3, 4)], lambda F, a, b: F.pairwise_distance(a, b, p=3.0)),
    ("conv1d", [(2, 3, 9), (4, 3, 3), (4,)], lambda F, x, w, b: F.conv1d(x, w, b, stride=2, padding=1)),
    ("conv2d", [(2, 4, 6, 6), (6, 2, 3, 3)], lambda F, x, w: F.conv2d(x, w, groups=2, dilation=2)),
    ("conv2d_same", [(1, 2, 5, 5), (3, 2, 3, 3)], lambda F, x, w: F.conv2d(x, w, padding="same")),
    ("conv3d", [(1, 2, 4, 4, 4), (3, 2, 2, 2, 2)], lambda F, x, w: F.conv3d(x, w, stride=(1, 2, 1))),
    ("conv_transpose2d", [(1, 3, 4, 4), (3, 2, 3, 3), (2,)],
     lambda F, x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1)),
    ("max_pool2d", [(2, 3, 7, 7)], lambda F, x: F.max_pool2d(x, 3, stride=2, padding=1)),
    ("max_pool1d_ceil", [(2, 3, 8)], lambda F, x: F.max_pool1d(x, 3, ceil_mode=True)),
    ("max_pool2d_indices", [(1, 2, 4, 4)], lambda F, x: F.max_pool2d(x, 2, return_indices=True)),
    ("avg_pool2d", [(2, 3, 6, 6)], lambda F, x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)),
    ("avg_pool1d", [(2, 3, 8)], lambda F, x: F.avg_pool1d(x, 2)),
    ("adaptive_avg_pool2d", [(2, 3, 7, 5)], lambda F, x: F.adaptive_avg_pool2d(x, (3, 2))),
    ("adaptive_max_pool2d", [(2, 3, 7, 5)], lambda F, x: F.adaptive_max_pool2d(x, 2)),
    ("lp_pool2d", [(1, 2, 4, 4)], lambda F, x: F.lp_pool2d(x, 2.0, 2)),
    ("layer_norm", [(2, 3, 4), (4,), (4,)], lambda F, x, w, b: F.layer_norm(x, (4,), w, b, eps=1e-6)),
    ("group_norm", [(2, 4, 5), (4,), (4,)], lambda F, x, w, b: F.group_norm(x, 2, w, b)),
    ("batch_norm_train", [(4, 3), (3,), (3,)],
     lambda F, x, w, b: F.batch_norm(x, None, None, w, b, training=True)),
    ("instance_norm", [(2, 3, 5)], lambda F, x: F.instance_norm(x)),
    ("local_response_norm", [(1, 4, 3, 3)], lambda F, x: F.local_response_norm(x, 3)),
    ("interpolate_bilinear", [(1, 2, 3, 4)],
     lambda F, x: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True)),
    ("interpolate_nearest", [(1, 2, 3, 4)], lambda F, x: F.interpolate(x, size=(5, 7))),
    ("interpolate_linear", [(1, 2, 5)], lambda F, x: F.interpolate(x, size=8, mode="linear")),
    ("interpolate_bicubic", [(1, 2, 4, 4)],
     lambda F, x: F.interpolate(x, scale_factor=1.5, mode="bicubic", align_corners=False)),
    ("cross_entropy_probabilities", [(3, 4), (3, 4)], lambda F, x, p: F.cross_entropy(x, p.softmax(1).detach())),
    ("upsample_bilinear", [(1, 2, 3, 4)], lambda F, x: F.upsample_bilinear(x, scale_factor=2)),
    ("grid_sample", [(1, 2, 4, 4), (1, 3, 3, 2)], lambda F, x, g: F.grid_sample(x, g, align_corners=False)),
    ("affine_grid", [(2, 2, 3)], lambda F, t: F.affine_grid(t, (2, 1, 3, 4), align_corners=False)),
    ("pixel_shuffle", [(1, 8, 2, 2)], lambda F, x: F.pixel_shuffle(x, 2)),
    ("unfold", [(1, 2, 4, 4)], lambda F, x: F.unfold(x, 2, stride=2)),
    ("fold", [(1, 8, 4)], lambda F, x: F.fold(x, (4, 4), 2, stride=2)),
    ("mse_loss", [(3, 4), (3, 4)], lambda F, a, b: F.mse_loss(a, b)),
    ("l1_loss", [(3, 4), (3, 4)], lambda F, a, b: F.l1_loss(a, b, reduction="sum")),
    ("smooth_l1_loss", [(3, 4), (3, 4)], lambda F, a, b: F.smooth_l1_loss(a, b, beta=0.5)),
    ("huber_loss", [(3, 4), (3, 4)], lambda F, a, b: F.huber_loss(a, b, delta=0.3)),
    ("kl_div", [(3, 4), (3, 4)], lambda F, a, b: F.kl_div(a, b.exp(), reduction="batchmean")),
    ("bce_logits", [(3, 4), (3, 4)],
     lambda F, a, b: F.binary_cross_entropy_with_logits(a, b.sigmoid(), pos_weight=b[0].abs().detach())),
    ("bce", [(3, 4), (3, 4)], lambda F, a, b: F.binary_cross_entropy(a.sigmoid(), b.sigmoid())),
    ("soft_margin", [(3, 4), (3, 4)], lambda F, a, b: F.soft_margin_loss(a, b.sign().detach())),
    ("margin_ranking", [(5,), (5,), (5,)], lambda F, a, b, c: F.margin_ranking_loss(a, b, c.sign(), margin=0.2)),
    ("cosine_embedding", [(5, 3), (5, 3), (5,)], lambda F, a, b, c: F.cosine_embedding_loss(a, b, c.sign())),
    ("triplet", [(5, 3), (5, 3), (5, 3)], lambda F, a, b, c: F.triplet_margin_loss(a, b, c, swap=True)),
    ("gaussian_nll", [(5, 3), (5, 3), (5, 3)], lambda F, a, b, v: F.gaussian_nll_loss(a, b, v.abs() + 0.1)),
    ("poisson_nll", [(5, 3), (5, 3)], lambda F, a, b: F.poisson_nll_loss(a, b.abs(), full=True)),
    ("sdpa", [(2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6)],
     lambda F, q, k, v: F.scaled_dot_product_attention(q, k, v) if hasattr(F, "scaled_dot_product_attention")
     else _sdpa_reference(q, k, v)),
]


def _sdpa_reference(q, k, v):  # torch 1.13 has no F.scaled_dot_product_attention
    return torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1) @ v


@pytest.mark.parametrize("name,shapes,fn", TWO_INPUT, ids=[a[0] for a in TWO_INPUT])
def test_function(name, shapes, fn):
    check_op(shapes, **both(fn), **TIGHT)


def test_class_index_losses():
    logits = np.random.default_rng(3).uniform(-2, 2, size=(6, 4))
    labels = np.array([0, 3, 1, 1, 2, 3])
    multi = np.array([[0, 2, -1, 0], [1, -1, 0, 0], [3, 1, 2, -1], [0, -1, 0, 0], [2, -1, 0, 0], [1, 2, 3, 0]])
    cases = [
        lambda F, x, y: F.cross_entropy(x, y, label_smoothing=0.2),
        lambda F, x, y: F.cross_entropy(x, y, ignore_index=1, reduction="sum"),
        lambda F, x, y: F.nll_loss(F.log_softmax(x, dim=1), y),
        lambda F, x, y: F.multi_margin_loss(x, y, p=2, margin=0.5),
    ]
    for fn in cases:
        check_op(None, **both(fn), inputs=[logits, labels], **TIGHT)
    spatial = np.random.default_rng(8).uniform(-2, 2, size=(2, 4, 5))
    check_op(None, **both(lambda F, x, y: F.cross_entropy(x, y)), inputs=[spatial, labels[:5].reshape(1, 5).repeat(2, 0)],
             **TIGHT)
    check_op(None, **both(lambda F, x, y: F.multilabel_margin_loss(x, y)), inputs=[logits, multi], **TIGHT)
    check_op(None, **both(lambda F, x, y: F.multilabel_soft_margin_loss(x, y)),
             inputs=[logits, (multi > 0).astype(np.float64)], **TIGHT)


def test_embedding_one_hot_ctc():
    w = np.random.default_rng(4).uniform(size=(5, 3))
    idx = np.array([[0, 4], [2, 2]])
    check_op(None, **both(lambda F, i, w: F.embedding(i, w, padding_idx=2)), inputs=[idx, w], **TIGHT)
    check_op(None, **both(lambda F, i, w: F.embedding_bag(i, w, mode="max")), inputs=[idx, w], **TIGHT)
    assert nn.functional.one_hot(ember.tensor([0, 2]), 3).tolist() == [[1, 0, 0], [0, 0, 1]]
    rng = np.random.default_rng(5)
    logits = rng.normal(size=(6, 2, 4))
    targets = np.array([[1, 2, 1], [3, 1, 0]])
    # through log_softmax: torch's ctc_loss backward returns the gradient for
    # the logits (softmax - posterior) as if it were the one for log_probs
    check_op(None, **both(lambda F, x, t, il, tl: F.ctc_loss(F.log_softmax(x, 2), t, il, tl)),
             inputs=[logits, targets, np.array([6, 5]), np.array([3, 2])], **TIGHT)


def test_dropout_training_and_max_unpool():
    x = ember.ones(1000, dtype=ember.float64)
    y = nn.functional.dropout(x, p=0.25, training=True)
    kept = (y.numpy() != 0).mean()
    assert 0.65 < kept < 0.85 and set(np.unique(y.numpy())) <= {0.0, 1.0 / 0.75}
    out, idx = nn.functional.max_pool2d(ember.arange(16.0).reshape(1, 1, 4, 4), 2, return_indices=True)
    back = nn.functional.max_unpool2d(out, idx, 2)
    t_out, t_idx = torch.nn.functional.max_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2, return_indices=True)
    assert idx.tolist() == t_idx.tolist()
    assert back.tolist() == torch.nn.functional.max_unpool2d(t_out, t_idx, 2).tolist()


# ---- nn.init ----

def test_init_functions():
    ember.manual_seed(0)
    w = ember.empty(300, 200)
    assert nn.init.zeros_(w) is w and w.sum().item() == 0
    assert nn.init.ones_(w).sum().item() == 60000
    nn.init.constant_(w, 0.5)
    assert w.mean().item() == 0.5
    bound = math.sqrt(6 / 500)
    nn.init.xavier_uniform_(w)
    assert abs(w.numpy()).max() <= bound and abs(w.numpy().std() - bound / math.sqrt(3)) < 0.01
    nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
    assert abs(w.numpy().std() - math.sqrt(2 / 300)) < 0.005
    nn.init.uniform_(w, a=-2, b=-1)
    assert w.numpy().min() >= -2 and w.numpy().max() <= -1
    nn.init.normal_(w, mean=3.0, std=0.1)
    assert abs(w.numpy().mean() - 3) < 0.01
    nn.init.trunc_normal_(w, std=1.0, a=-0.5, b=0.5)
    assert abs(w.numpy()).max() <= 0.5
    q = nn.init.orthogonal_(ember.empty(4, 4))
    np.testing.assert_allclose(q.numpy() @ q.numpy().T, np.eye(4), atol=1e-5)
    assert nn.init.eye_(ember.empty(2, 3)).tolist() == [[1, 0, 0], [0, 1, 0]]
    for name, param in [("relu", None), ("leaky_relu", 0.2), ("tanh", None), ("selu", None), ("sigmoid", None)]:
        assert nn.init.calculate_gain(name, param) == pytest.approx(torch.nn.init.calculate_gain(name, param))
    p = nn.Linear(3, 2).weight
    assert nn.init.kaiming_uniform_(p, a=math.sqrt(5)) is p and p.requires_grad and p.grad is None


# ---- nn.utils ----

def test_clip_grad_and_vectors():
    e = nn.Linear(3, 2).double()
    t = torch.nn.Linear(3, 2).double()
    t.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in e.state_dict().items()})
    x = np.random.default_rng(6).normal(size=(4, 3)) * 10
    (e(ember.tensor(x)) ** 2).sum().backward()
    (t(torch.tensor(x)) ** 2).sum().backward()
    e_norm = nn.utils.clip_grad_norm_(e.parameters(), max_norm=1.0)
    t_norm = torch.nn.utils.clip_grad_norm_(t.parameters(), max_norm=1.0)
    assert abs(e_norm.item() - t_norm.item()) < 1e-9
    for (_, a), (_, b) in zip(e.named_parameters(), t.named_parameters()):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-9, atol=1e-12)
    nn.utils.clip_grad_value_(e.parameters(), 0.01)
    assert max(abs(p.grad.numpy()).max() for p in e.parameters()) <= 0.01
    vec = nn.utils.parameters_to_vector(e.parameters())
    assert vec.shape == (8,)
    nn.utils.vector_to_parameters(ember.zeros(8, dtype=ember.float64), e.parameters())
    assert all(p.abs().sum().item() == 0 for p in e.parameters())


def test_pad_and_pack_sequence():
    from ember.nn.utils.rnn import pack_sequence, pad_sequence
    seqs = [ember.ones(3, 2), ember.ones(1, 2) * 2, ember.ones(2, 2) * 3]
    padded = pad_sequence(seqs, batch_first=True, padding_value=-1)
    t_padded = torch.nn.utils.rnn.pad_sequence([torch.tensor(s.numpy()) for s in seqs], batch_first=True,
                                                padding_value=-1)
    assert padded.tolist() == t_padded.tolist()
    packed = pack_sequence(seqs, enforce_sorted=False)
    data, batch_sizes, sorted_indices, unsorted_indices = packed
    t_packed = torch.nn.utils.rnn.pack_sequence([torch.tensor(s.numpy()) for s in seqs], enforce_sorted=False)
    assert data.tolist() == t_packed.data.tolist() and batch_sizes.tolist() == t_packed.batch_sizes.tolist()
    assert sorted_indices.tolist() == t_packed.sorted_indices.tolist()
