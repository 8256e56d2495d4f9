"""Every built-in ember.nn layer against its torch 1.13 twin, in float64:
the ember layer's parameters are copied into the torch layer through
load_state_dict (strict, so the state_dict keys must agree), then forward
outputs, input gradients and parameter gradients are compared."""
import numpy as np
import pytest
import torch

import ember
from ember import nn

RNG = np.random.default_rng(7)
RTOL, ATOL = 1e-9, 1e-10


def flatten(out):
    if isinstance(out, (tuple, list)):
        return [x for o in out for x in flatten(o)]
    return [out]


def check_layer(name, args, kwargs, shapes=None, inputs=None, eval_mode=False, requires_grad=None, rtol=RTOL,
                atol=ATOL):
    """requires_grad: one flag per input (default: the floating point ones)."""
    e_layer = getattr(nn, name)(*args, **kwargs).double()
    t_layer = getattr(torch.nn, name)(*args, **kwargs).double()
    t_layer.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in e_layer.state_dict().items()})
    if eval_mode:
        e_layer.eval()
        t_layer.eval()
    arrays = inputs if inputs is not None else [RNG.uniform(-1, 1, size=s) for s in shapes]
    flags = requires_grad or [a.dtype.kind == "f" for a in arrays]
    t_in = [torch.tensor(a, requires_grad=f) for a, f in zip(arrays, flags)]
    e_in = [ember.tensor(a, requires_grad=f) for a, f in zip(arrays, flags)]
    t_out, e_out = flatten(t_layer(*t_in)), flatten(e_layer(*e_in))
    assert len(t_out) == len(e_out)
    for i, (e, t) in enumerate(zip(e_out, t_out)):
        np.testing.assert_allclose(e.detach().numpy(), t.detach().numpy(), rtol=rtol, atol=atol,
                                   err_msg=f"{name} output {i}")
    t_diff = [t for t in t_out if t.requires_grad]
    e_diff = [e for e in e_out if e.requires_grad]
    assert len(t_diff) == len(e_diff)
    if t_diff:
        upstream = [RNG.uniform(-1, 1, size=tuple(t.shape)) for t in t_diff]
        torch.autograd.backward(t_diff, [torch.tensor(u) for u in upstream])
        ember.autograd.backward(e_diff, [ember.tensor(u) for u in upstream])
    for i, (e, t) in enumerate(zip(e_in, t_in)):
        if t.grad is not None:
            np.testing.assert_allclose(e.grad.numpy(), t.grad.numpy(), rtol=rtol, atol=atol,
                                       err_msg=f"{name} input {i} grad")
    t_params = dict(t_layer.named_parameters())
    assert [n for n, _ in e_layer.named_parameters()] == list(t_params)
    for pname, p in e_layer.named_parameters():
        if t_params[pname].grad is None:
            assert p.grad is None, f"{name}.{pname}: ember has a gradient, torch none"
            continue
        np.testing.assert_allclose(p.grad.numpy(), t_params[pname].grad.numpy(), rtol=rtol, atol=atol,
                                   err_msg=f"{name}.{pname} grad")
    for bname, b in t_layer.named_buffers():
        np.testing.assert_allclose(dict(e_layer.named_buffers())[bname].numpy(), b.numpy(), rtol=rtol, atol=atol,
                                   err_msg=f"{name} buffer {bname}")
    return e_layer


LAYERS = [
    ("Identity", (), {}, [(3, 4)]),
    ("Linear", (4, 3), {}, [(5, 4)]),
    ("Linear", (4, 3), {"bias": False}, [(2, 5, 4)]),
    ("Bilinear", (3, 4, 2), {}, [(5, 3), (5, 4)]),
    ("Flatten", (), {}, [(2, 3, 4)]),
    ("Unflatten", (1, (2, 3)), {}, [(4, 6)]),
    ("Conv1d", (3, 4, 3), {"stride": 2, "padding": 1}, [(2, 3, 9)]),
    ("Conv2d", (3, 16, 3), {"stride": 1, "padding": 1, "bias": False}, [(2, 3, 6, 6)]),
    ("Conv2d", (4, 6, (3, 2)), {"groups": 2, "dilation": (2, 1)}, [(1, 4, 8, 7)]),
    ("Conv2d", (2, 3, 3), {"padding": "same"}, [(1, 2, 5, 5)]),
    ("Conv3d", (2, 3, 2), {}, [(1, 2, 4, 4, 4)]),
    ("ConvTranspose1d", (3, 2, 3), {"stride": 2}, [(2, 3, 5)]),
    ("ConvTranspose2d", (3, 2, 3), {"stride": 2, "padding": 1, "output_padding": 1}, [(1, 3, 4, 4)]),
    ("MaxPool1d", (2,), {}, [(2, 3, 8)]),
    ("MaxPool2d", (3,), {"stride": 2, "padding": 1}, [(2, 3, 7, 7)]),
    ("AvgPool2d", (2,), {"ceil_mode": True}, [(1, 2, 5, 5)]),
    ("AvgPool3d", (2,), {}, [(1, 2, 4, 4, 4)]),
    ("AdaptiveAvgPool2d", ((2, 3),), {}, [(2, 3, 7, 8)]),
    ("AdaptiveMaxPool1d", (3,), {}, [(2, 3, 8)]),
    ("LPPool2d", (2, 2), {}, [(1, 2, 4, 4)]),
    ("BatchNorm1d", (3,), {}, [(5, 3)]),
    ("BatchNorm2d", (3,), {"momentum": None}, [(4, 3, 2, 2)]),
    ("LayerNorm", ((3, 4),), {}, [(2, 3, 4)]),
    ("GroupNorm", (2, 4), {}, [(3, 4, 5)]),
    ("InstanceNorm2d", (3,), {"affine": True}, [(2, 3, 4, 4)]),
    ("LocalResponseNorm", (2,), {}, [(2, 4, 3, 3)]),
    ("PixelShuffle", (2,), {}, [(1, 8, 3, 3)]),
    ("PixelUnshuffle", (2,), {}, [(1, 2, 4, 4)]),
    ("Upsample", (), {"scale_factor": 2, "mode": "bilinear", "align_corners": False}, [(1, 2, 3, 3)]),
    ("Upsample", (), {"size": (5, 4), "mode": "nearest"}, [(1, 2, 3, 3)]),
    ("ZeroPad2d", ((1, 2, 0, 1),), {}, [(1, 2, 3, 3)]),
    ("ReflectionPad1d", (2,), {}, [(1, 2, 5)]),
    ("ReplicationPad2d", (1,), {}, [(1, 2, 3, 3)]),
    ("ConstantPad1d", (2, 3.5), {}, [(1, 2, 4)]),
    ("Fold", ((4, 5), 2), {}, [(1, 12, 12)]),
    ("Unfold", (2,), {"padding": 1}, [(1, 3, 4, 4)]),
    ("PReLU", (3,), {}, [(2, 3, 4)]),
    ("Softmax", (1,), {}, [(3, 4)]),
    ("LogSoftmax", (-1,), {}, [(3, 4)]),
    ("Softmin", (0,), {}, [(3, 4)]),
    ("Softmax2d", (), {}, [(2, 3, 4, 4)]),
    ("GLU", (), {}, [(3, 4)]),
    ("LeakyReLU", (0.2,), {}, [(3, 4)]),
    ("ELU", (), {"alpha": 0.5}, [(3, 4)]),
    ("CELU", (2.0,), {}, [(3, 4)]),  # torch rounds 1/alpha to float in the backward
    ("GELU", (), {"approximate": "tanh"}, [(3, 4)]),
    ("Softplus", (), {"beta": 2.0}, [(3, 4)]),
    ("Hardtanh", (-0.5, 0.5), {}, [(3, 4)]),
    ("Threshold", (0.1, 20.0), {}, [(3, 4)]),
    ("Hardshrink", (0.3,), {}, [(3, 4)]),
    ("Softshrink", (), {}, [(3, 4)]),
    ("CosineSimilarity", (), {}, [(3, 4), (3, 4)]),
    ("PairwiseDistance", (), {}, [(3, 4), (3, 4)]),
    ("RNN", (3, 4), {"num_layers": 2, "nonlinearity": "relu"}, [(5, 2, 3)]),
    ("LSTM", (3, 4), {"num_layers": 2, "batch_first": True}, [(2, 5, 3)]),
    ("LSTM", (3, 4), {"bidirectional": True}, [(5, 2, 3)]),
    ("GRU", (3, 4), {}, [(5, 2, 3), (1, 2, 4)]),
    ("RNNCell", (3, 4), {}, [(2, 3), (2, 4)]),
    ("GRUCell", (3, 4), {}, [(2, 3)]),
    ("MultiheadAttention", (8, 2), {}, [(4, 2, 8), (5, 2, 8), (5, 2, 8)]),
    ("MultiheadAttention", (6, 3), {"batch_first": True, "kdim": 4, "vdim": 5}, [(2, 3, 6), (2, 4, 4), (2, 4, 5)]),
    ("TransformerEncoderLayer", (8, 2), {"dim_feedforward": 16, "dropout": 0.0}, [(5, 2, 8)]),
    ("TransformerDecoderLayer", (8, 2), {"dim_feedforward": 16, "dropout": 0.0, "norm_first": True},
     [(4, 2, 8), (5, 2, 8)]),
    ("Transformer", (), {"d_model": 8, "nhead": 2, "num_encoder_layers": 1, "num_decoder_layers": 1,
                         "dim_feedforward": 16, "dropout": 0.0}, [(5, 2, 8), (4, 2, 8)]),
]
# Hardsigmoid: torch's float64 backward multiplies by float(1/6); see test_functional.test_hardsigmoid
SIMPLE = ["ReLU", "ReLU6", "SELU", "SiLU", "Mish", "Sigmoid", "Tanh", "Hardswish", "Softsign",
          "LogSigmoid", "Tanhshrink"]


@pytest.mark.parametrize("name,args,kwargs,shapes", LAYERS, ids=[f"{c[0]}-{i}" for i, c in enumerate(LAYERS)])
def test_layer_matches_torch(name, args, kwargs, shapes):
    check_layer(name, args, kwargs, shapes)


@pytest.mark.parametrize("name", SIMPLE)
def test_activation_layer_matches_torch(name):
    check_layer(name, (), {}, [(3, 5)])


def test_dropout_layers():
    for name in ["Dropout", "Dropout2d"]:
        check_layer(name, (0.5,), {}, [(2, 3, 4, 4)], eval_mode=True)
        layer = getattr(nn, name)(0.5)
        out = layer(ember.ones(200, 3, 4, 4))
        values = set(np.unique(out.numpy()).tolist())
        assert values <= {0.0, 2.0} and len(values) == 2


def test_channel_shuffle():  # torch 1.13 has no channel_shuffle backward
    check_layer("ChannelShuffle", (2,), {}, [(1, 4, 2, 2)], requires_grad=[False])


def test_embeddings():
    idx = np.array([[1, 2, 0], [3, 3, 4]])
    check_layer("Embedding", (5, 3), {"padding_idx": 0}, inputs=[idx])
    check_layer("EmbeddingBag", (5, 3), {"mode": "sum"}, inputs=[idx])


def test_lstm_with_state_and_cell():
    h = RNG.uniform(-1, 1, size=(1, 2, 4))
    c = RNG.uniform(-1, 1, size=(1, 2, 4))
    x = RNG.uniform(-1, 1, size=(5, 2, 3))
    e = nn.LSTM(3, 4).double()
    t = torch.nn.LSTM(3, 4).double()
    t.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in e.state_dict().items()})
    eo, (eh, ec) = e(ember.tensor(x), (ember.tensor(h), ember.tensor(c)))
    to, (th, tc) = t(torch.tensor(x), (torch.tensor(h), torch.tensor(c)))
    for a, b in [(eo, to), (eh, th), (ec, tc)]:
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=RTOL, atol=ATOL)
    cell = check_layer("LSTMCell", (3, 4), {}, [(2, 3)])
    assert cell.weight_ih.shape == (16, 3)


def test_packed_sequence_through_lstm():
    from ember.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    x = RNG.uniform(-1, 1, size=(4, 3, 2))
    lengths = [4, 2, 3]
    e = nn.GRU(2, 3).double()
    t = torch.nn.GRU(2, 3).double()
    t.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in e.state_dict().items()})
    ep = pack_padded_sequence(ember.tensor(x), lengths, enforce_sorted=False)
    tp = torch.nn.utils.rnn.pack_padded_sequence(torch.tensor(x), lengths, enforce_sorted=False)
    np.testing.assert_array_equal(ep.batch_sizes.numpy(), tp.batch_sizes.numpy())
    eo, eh = e(ep)
    to, th = t(tp)
    e_pad, e_len = pad_packed_sequence(eo)
    t_pad, t_len = torch.nn.utils.rnn.pad_packed_sequence(to)
    np.testing.assert_allclose(e_pad.detach().numpy(), t_pad.detach().numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(eh.detach().numpy(), th.detach().numpy(), rtol=RTOL, atol=ATOL)
    assert e_len.tolist() == t_len.tolist()


def test_losses_match_torch():
    logits = RNG.uniform(-2, 2, size=(6, 4))
    labels = RNG.integers(0, 4, size=(6,))
    probs = RNG.uniform(0.05, 0.95, size=(6, 4))
    binary = RNG.integers(0, 2, size=(6, 4)).astype(np.float64)
    signs = np.where(RNG.uniform(size=(6,)) > 0.5, 1.0, -1.0)
    x2 = RNG.uniform(-1, 1, size=(6, 4))
    cases = [
        ("MSELoss", (), {}, [logits, x2]),
        ("L1Loss", (), {"reduction": "sum"}, [logits, x2]),
        ("SmoothL1Loss", (), {"beta": 0.5}, [logits, x2]),
        ("HuberLoss", (), {"delta": 0.7, "reduction": "none"}, [logits, x2]),
        ("CrossEntropyLoss", (), {"label_smoothing": 0.1}, [logits, labels]),
        ("CrossEntropyLoss", (), {"reduction": "sum", "ignore_index": 2}, [logits, labels]),
        ("NLLLoss", (), {}, [logits, labels]),
        ("BCELoss", (), {}, [probs, binary]),
        ("BCEWithLogitsLoss", (), {}, [logits, binary]),
        ("KLDivLoss", (), {"reduction": "batchmean"}, [logits, probs]),
        ("PoissonNLLLoss", (), {}, [logits, probs]),
        ("HingeEmbeddingLoss", (), {}, [logits, np.sign(x2)]),
        ("SoftMarginLoss", (), {}, [logits, np.sign(x2)]),
        ("MultiLabelSoftMarginLoss", (), {}, [logits, binary]),
        ("MultiMarginLoss", (), {}, [logits, labels]),
        ("GaussianNLLLoss", (), {}, [logits, x2, probs]),
        ("MarginRankingLoss", (), {"margin": 0.1}, [logits[:, 0], x2[:, 0], signs]),
        ("CosineEmbeddingLoss", (), {}, [logits, x2, signs]),
        ("TripletMarginLoss", (), {}, [logits, x2, probs]),
    ]
    for name, args, kwargs, inputs in cases:
        # targets do not require grad (torch refuses it for several losses)
        flags = [True] * (len(inputs) - 1) + [name in ("TripletMarginLoss", "GaussianNLLLoss")]
        check_layer(name, args, kwargs, inputs=inputs, requires_grad=flags)


def test_loss_weights():
    logits = RNG.uniform(-2, 2, size=(6, 3))
    labels = RNG.integers(0, 3, size=(6,))
    w = np.array([0.2, 1.0, 3.0])
    e = nn.CrossEntropyLoss(weight=ember.tensor(w))(ember.tensor(logits), ember.tensor(labels))
    t = torch.nn.CrossEntropyLoss(weight=torch.tensor(w))(torch.tensor(logits), torch.tensor(labels))
    assert abs(e.item() - t.item()) < 1e-12
    pos = np.array([2.0, 0.5, 1.0])
    binary = RNG.integers(0, 2, size=(6, 3)).astype(np.float64)
    e = nn.BCEWithLogitsLoss(pos_weight=ember.tensor(pos))(ember.tensor(logits), ember.tensor(binary))
    t = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pos))(torch.tensor(logits), torch.tensor(binary))
    assert abs(e.item() - t.item()) < 1e-12


def test_batchnorm_eval_uses_running_stats():
    e = check_layer("BatchNorm2d", (3,), {}, [(4, 3, 2, 2)])
    e.eval()
    out = e(ember.zeros(1, 3, 2, 2, dtype=ember.float64))
    assert out.shape == (1, 3, 2, 2)
    assert e.num_batches_tracked.item() == 1


def test_embedding_from_pretrained():
    w = RNG.uniform(-1, 1, size=(4, 3))
    e = nn.Embedding.from_pretrained(ember.tensor(w), padding_idx=1)
    t = torch.nn.Embedding.from_pretrained(torch.tensor(w), padding_idx=1)
    idx = [[0, 1], [3, 2]]
    np.testing.assert_array_equal(e(ember.tensor(idx)).numpy(), t(torch.tensor(idx)).numpy())
    assert not e.weight.requires_grad and repr(e) == repr(t)
    bag = nn.EmbeddingBag.from_pretrained(ember.tensor(w), freeze=False, mode="sum")
    t_bag = torch.nn.EmbeddingBag.from_pretrained(torch.tensor(w), freeze=False, mode="sum")
    np.testing.assert_allclose(bag(ember.tensor(idx)).detach().numpy(), t_bag(torch.tensor(idx)).detach().numpy(),
                               rtol=RTOL, atol=ATOL)
    assert bag.weight.requires_grad
