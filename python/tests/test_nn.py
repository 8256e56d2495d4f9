"""ember.nn's Module machinery, containers, save/load and errors, compared
with torch 1.13 where torch defines the answer (registration order,
state_dict keys, repr, load_state_dict's report)."""
from collections import OrderedDict

import numpy as np
import pytest
import torch

import ember
from ember import nn


def build(lib):
    """The same Python model written against ember or torch."""
    class Head(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.norm = lib.nn.LayerNorm(3)
            self.tag = "plain attribute"

        def forward(self, x):
            return self.norm(x)

    class Classifier(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = lib.nn.Sequential(lib.nn.Linear(4, 8), lib.nn.ReLU(), lib.nn.Linear(8, 3))
            self.scale = lib.nn.Parameter(lib.ones(3))
            self.register_buffer("offset", lib.zeros(3))
            self.head = Head()

        def forward(self, x):
            return self.head(self.body(x) * self.scale + self.offset)

    return Classifier()


def make_pair():
    return build(ember), build(torch)


def copy_to_torch(e_module, t_module):
    t_module.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in e_module.state_dict().items()})


def test_python_module_registration_matches_torch():
    e, t = make_pair()
    assert [n for n, _ in e.named_parameters()] == [n for n, _ in t.named_parameters()]
    assert [n for n, _ in e.named_buffers()] == [n for n, _ in t.named_buffers()]
    assert list(e.state_dict().keys()) == list(t.state_dict().keys())
    assert [n for n, _ in e.named_modules()] == [n for n, _ in t.named_modules()]
    assert [n for n, _ in e.named_children()] == ["body", "head"]
    assert e.head.tag == "plain attribute"
    assert all(isinstance(p, nn.Parameter) for p in e.parameters())
    assert isinstance(e.scale, nn.Parameter) and isinstance(e.offset, ember.Tensor)


def test_python_module_forward_and_grads_match_torch():
    e, t = make_pair()
    e.double()
    t.double()
    copy_to_torch(e, t)
    x = np.random.default_rng(1).normal(size=(5, 4))
    ex, tx = ember.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    eo, to = e(ex), t(tx)
    np.testing.assert_allclose(eo.detach().numpy(), to.detach().numpy(), rtol=1e-12, atol=1e-12)
    (eo ** 2).sum().backward()
    (to ** 2).sum().backward()
    np.testing.assert_allclose(ex.grad.numpy(), tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    t_grads = dict(t.named_parameters())
    for name, p in e.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), t_grads[name].grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)


def test_repr_matches_torch():
    e, t = make_pair()
    assert repr(e) == repr(t)
    for layer, twin in [(nn.Linear(3, 2, bias=False), torch.nn.Linear(3, 2, bias=False)),
                        (nn.ReLU(), torch.nn.ReLU())]:
        assert repr(layer) == repr(twin)


def test_parameter_print_and_assignment():
    layer = nn.Linear(3, 2)
    nn.init.normal_(layer.weight, mean=0.0, std=0.02)
    out = nn.init.constant_(layer.bias, 0.0)
    assert isinstance(out, nn.Parameter)
    assert repr(layer.weight).startswith("Parameter containing:\ntensor(")
    assert np.all(layer.bias.detach().numpy() == 0.0)
    assert abs(layer.weight.detach().numpy()).max() < 0.2
    new = nn.Parameter(ember.ones(2, 3))
    layer.weight = new
    assert np.all(layer.weight.detach().numpy() == 1.0)
    layer(ember.ones(1, 3)).sum().backward()
    assert new.grad is not None  # the assigned Parameter is the layer's weight
    layer.bias = None
    assert layer.bias is None and [n for n, _ in layer.named_parameters()] == ["weight"]


def test_python_parameter_reassignment_keeps_identity():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(ember.ones(2))

        def forward(self, x):
            return x * self.w

    m = M()
    p = nn.Parameter(ember.full((2,), 3.0))
    m.w = p
    m(ember.ones(2)).sum().backward()
    assert p.grad.tolist() == [1.0, 1.0]
    assert len(list(m.parameters())) == 1
    with pytest.raises(AttributeError):
        _ = m.missing
    del m.w
    assert m.w is None and list(m.parameters()) == []


def test_python_module_inside_sequential_and_cpp_forward():
    class Double(nn.Module):
        def forward(self, x):
            return x * 2

    seq = nn.Sequential(nn.Linear(2, 2), Double(), nn.ReLU())
    assert len(seq) == 3 and isinstance(seq[1], Double) and isinstance(seq[-1], nn.ReLU)
    assert [type(m).__name__ for m in seq] == ["Linear", "Double", "ReLU"]
    x = ember.randn(4, 2)
    expected = ((seq[0](x)) * 2).relu()
    assert np.allclose(seq(x).detach().numpy(), expected.detach().numpy())
    # the Python object survives while only the container holds it
    seq2 = nn.Sequential(Double())
    import gc
    gc.collect()
    assert isinstance(seq2[0], Double) and seq2(ember.ones(1)).item() == 2.0
    # a Python module called from C++ (nested C++ forward through the trampoline)
    assert nn.Module.forward(seq2[0], ember.ones(1)).item() == 2.0
    seq.append(nn.Tanh())
    assert len(seq) == 4 and isinstance(seq[1:3], nn.Sequential)


def test_sequential_ordered_dict_and_containers():
    seq = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 3)), ("act", nn.Tanh())]))
    assert [n for n, _ in seq.named_parameters()] == ["fc.weight", "fc.bias"]
    assert isinstance(seq.fc, nn.Linear)
    ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    ml.append(nn.ReLU())
    assert len(ml) == 4 and len(list(ml.parameters())) == 6
    md = nn.ModuleDict({"a": nn.Linear(1, 1), "b": nn.ReLU()})
    assert "a" in md and list(md.keys()) == ["a", "b"] and isinstance(md["b"], nn.ReLU)
    pl = nn.ParameterList([nn.Parameter(ember.ones(2)), ember.zeros(3)])
    assert len(pl) == 2 and pl[1].shape == (3,)
    pd = nn.ParameterDict({"x": nn.Parameter(ember.ones(1))})
    assert list(pd.keys()) == ["x"] and isinstance(pd["x"], nn.Parameter)


def test_state_dict_round_trip_and_load_report():
    e1, _ = make_pair()
    e2, _ = make_pair()
    result = e2.load_state_dict(e1.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    for (k1, v1), (k2, v2) in zip(e1.state_dict().items(), e2.state_dict().items()):
        assert k1 == k2 and np.array_equal(v1.numpy(), v2.numpy())
    partial = OrderedDict(e1.state_dict())
    partial.pop("scale")
    partial["extra"] = ember.zeros(1)
    result = e2.load_state_dict(partial, strict=False)
    assert result.missing_keys == ["scale"] and result.unexpected_keys == ["extra"]
    with pytest.raises(RuntimeError):
        e2.load_state_dict(partial)


def test_modes_moves_and_grads():
    e, _ = make_pair()
    assert e.training and e.eval() is e and not e.training and not e.body[0].training
    assert e.train() is e and e.body.training
    assert e.double() is e and e.body[0].weight.dtype == ember.float64
    assert e.to(ember.float32) is e and e.scale.dtype == ember.float32
    e(ember.randn(2, 4)).sum().backward()
    assert all(p.grad is not None for p in e.parameters())
    e.zero_grad()
    assert all(p.grad is None for p in e.parameters())
    e.requires_grad_(False)
    assert not any(p.requires_grad for p in e.parameters())
    seen = []
    assert e.apply(lambda m: seen.append(type(m).__name__)) is e
    assert seen[-1] == "Classifier" and "Linear" in seen


def test_forward_hooks():
    layer = nn.Linear(2, 2)
    calls = []
    handle = layer.register_forward_hook(lambda m, inputs, output: calls.append(output.shape))
    layer(ember.ones(3, 2))
    handle.remove()
    layer(ember.ones(3, 2))
    assert calls == [(3, 2)]


def test_optimizer_trains_a_python_module():
    ember.manual_seed(0)
    model = nn.Sequential(nn.Linear(1, 1))
    opt = ember.optim.SGD(model.parameters(), lr=0.1)
    x = ember.linspace(-1, 1, 16).reshape(16, 1)
    y = 3 * x + 1
    for _ in range(200):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    assert abs(model[0].weight.item() - 3) < 1e-3 and abs(model[0].bias.item() - 1) < 1e-3


def test_factory_kwargs_and_layer_attributes():
    layer = nn.Linear(3, 2, dtype=ember.float64)
    assert layer.weight.dtype == ember.float64 and layer.in_features == 3 and layer.out_features == 2
    conv = nn.Conv2d(3, 16, 3, stride=1, padding=1, bias=False)
    assert conv.bias is None and conv.kernel_size == (3, 3) and conv.padding == (1, 1)
    assert tuple(conv.weight.shape) == (16, 3, 3, 3)
    lstm = nn.LSTM(10, 20, num_layers=2, batch_first=True)
    assert [n for n, _ in lstm.named_parameters()] == [n for n, _ in torch.nn.LSTM(10, 20, 2).named_parameters()]


def test_save_load_round_trip(tmp_path):
    e, _ = make_pair()
    ember.save(e.state_dict(), tmp_path / "model.safetensors")
    loaded = ember.load(tmp_path / "model.safetensors")
    assert isinstance(loaded, OrderedDict) and list(loaded) == list(e.state_dict())
    for k, v in e.state_dict().items():
        assert np.array_equal(loaded[k].numpy(), v.numpy())
    t = ember.arange(6).reshape(2, 3)
    ember.save(t, str(tmp_path / "t.safetensors"))
    back = ember.load(str(tmp_path / "t.safetensors"))
    assert isinstance(back, ember.Tensor) and back.tolist() == t.tolist()


def test_load_torch_file(tmp_path):
    t_model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    torch.save(t_model.state_dict(), tmp_path / "model.pt")
    e_model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    state = ember.load(tmp_path / "model.pt")
    assert list(state) == list(t_model.state_dict())
    e_model.load_state_dict(state)
    x = np.random.default_rng(2).normal(size=(2, 3)).astype(np.float32)
    np.testing.assert_allclose(e_model(ember.tensor(x)).detach().numpy(),
                               t_model(torch.tensor(x)).detach().numpy(), rtol=1e-6, atol=1e-6)


def test_errors():
    with pytest.raises(ember.Error):
        nn.Linear(3, 2)(ember.ones(4, 5))
    with pytest.raises(RuntimeError):
        nn.Conv2d(3, 4, 3)(ember.ones(1, 2, 5, 5))
    with pytest.raises(TypeError):
        nn.Sequential(nn.Linear(1, 1)).add_module("x", 3)
    with pytest.raises(TypeError):
        nn.Linear(2, 2).register_parameter("p", ember.ones(1))
    with pytest.raises(ember.Error):
        nn.Module()(ember.ones(1))


REPR_CASES = [
    "Linear(3, 2)", "Bilinear(2, 3, 4)", "Conv1d(3, 4, 3, stride=2)", "Conv2d(3, 16, 3, padding='same')",
    "ConvTranspose2d(3, 2, 3, stride=2, output_padding=1)", "MaxPool2d(2)", "MaxPool2d((3, 2), stride=1)",
    "AvgPool1d(3, padding=1)", "AdaptiveAvgPool2d((2, 3))", "AdaptiveMaxPool1d(4)", "LPPool2d(2, 3)",
    "BatchNorm1d(4, momentum=None)", "LayerNorm(5)", "LayerNorm((3, 4), elementwise_affine=False)", "GroupNorm(2, 4)",
    "InstanceNorm2d(3)", "LocalResponseNorm(2)", "Dropout()", "Dropout2d(0.3)", "Embedding(10, 3, padding_idx=0)",
    "EmbeddingBag(10, 3, mode='sum')", "ReLU()", "LeakyReLU(0.2)", "ELU()", "CELU(2.0)", "GELU()",
    "GELU(approximate='tanh')", "Softplus(beta=2)", "Hardtanh(-0.5, 0.5)", "Threshold(0.1, 20)", "PReLU()", "GLU()",
    "Softmax(dim=1)", "LogSoftmax(1)", "Softmin(0)", "Hardshrink()", "Softshrink(0.3)", "Flatten()",
    "Unflatten(1, (2, 3))", "Identity()", "PixelShuffle(2)", "PixelUnshuffle(2)", "ChannelShuffle(2)",
    "Upsample(scale_factor=2, mode='bilinear')", "ZeroPad2d(1)", "ReflectionPad1d(2)",
    "ConstantPad2d((1, 2, 3, 4), 0.5)", "Fold((4, 5), 2)", "Unfold(2, padding=1)", "RNN(3, 4, num_layers=2)",
    "LSTM(3, 4, bidirectional=True)", "GRU(3, 4, batch_first=True)", "RNNCell(3, 4)", "LSTMCell(3, 4)",
    "GRUCell(3, 4, bias=False)", "CosineSimilarity()", "PairwiseDistance()", "MSELoss()", "CrossEntropyLoss()",
    "NLLLoss()", "BCEWithLogitsLoss()", "KLDivLoss()", "HuberLoss()", "SmoothL1Loss()", "TripletMarginLoss()",
    "CTCLoss()",
]


@pytest.mark.parametrize("expr", REPR_CASES)
def test_layer_repr_matches_torch(expr):
    assert repr(eval("nn." + expr)) == repr(eval("torch.nn." + expr))


def test_buffers_persistent_and_assignment():
    class Stats(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("mean", ember.zeros(2))
            self.register_buffer("scratch", ember.ones(2), persistent=False)

    m = Stats()
    assert [n for n, _ in m.named_buffers()] == ["mean", "scratch"]
    assert list(m.state_dict()) == ["mean"]
    m.mean = ember.full((2,), 5.0)
    assert m.mean.tolist() == [5.0, 5.0] and m.state_dict()["mean"].tolist() == [5.0, 5.0]
    with pytest.raises(TypeError):
        m.mean = "not a tensor"
    m.mean.add_(1.0)  # the buffer itself, not a copy
    assert m.state_dict()["mean"].tolist() == [6.0, 6.0]
    assert "scratch" in dir(m)


def test_deepcopy():
    import copy
    e, _ = make_pair()
    e.body[0].weight.requires_grad_(False)
    e.eval()
    e.head.train()
    c = copy.deepcopy(e)
    assert type(c) is type(e) and type(c.head) is type(e.head) and c.head.tag == "plain attribute"
    assert repr(c) == repr(e) and list(c.state_dict()) == list(e.state_dict())
    for (k, a), (_, b) in zip(e.state_dict().items(), c.state_dict().items()):
        assert np.array_equal(a.numpy(), b.numpy()), k
    assert [p.requires_grad for p in c.parameters()] == [p.requires_grad for p in e.parameters()]
    assert not c.training and not c.body.training and c.head.training
    with ember.no_grad():
        c.body[2].bias.fill_(7.0)
    assert not np.any(e.body[2].bias.detach().numpy() == 7.0)  # nothing shared
    x = ember.randn(2, 4)
    assert np.allclose(copy.deepcopy(e)(x).detach().numpy(), e(x).detach().numpy())
    lstm = nn.LSTM(3, 4, num_layers=2, batch_first=True)
    assert repr(copy.deepcopy(lstm)) == repr(lstm)


def test_tied_weights_like_torch():
    def tied(lib):
        class Tied(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.enc = lib.nn.Embedding(5, 3)
                self.dec = lib.nn.Linear(3, 5, bias=False)
                self.dec.weight = self.enc.weight
        return Tied()

    e, t = tied(ember), tied(torch)
    assert [n for n, _ in e.named_parameters()] == [n for n, _ in t.named_parameters()] == ["enc.weight"]
    assert list(e.state_dict()) == list(t.state_dict()) == ["enc.weight", "dec.weight"]
    e.load_state_dict({k: ember.tensor(v.numpy()) for k, v in t.state_dict().items()})
    assert np.array_equal(e.dec.weight.detach().numpy(), t.enc.weight.detach().numpy())


def test_attributes_before_super_init():
    class Early(nn.Module):
        def __init__(self, child):
            self.plain = 1  # allowed, as in torch
            with pytest.raises(AttributeError):
                _ = self.missing
            if child:
                self.layer = nn.Linear(1, 1)  # torch: AttributeError
            super().__init__()

    assert Early(False).plain == 1
    with pytest.raises(AttributeError, match="before Module.__init__"):
        Early(True)


def test_parameter_identity_like_torch():
    e, _ = make_pair()
    assert e.scale is e.scale and e.body[0].weight is e.body[0].weight
    params = list(e.parameters())
    assert params[0] is e.scale and params[1] is e.body[0].weight
    # the fine-tuning idiom: group parameters by id()
    head_ids = set(map(id, e.head.parameters()))
    rest = [p for p in e.parameters() if id(p) not in head_ids]
    assert len(rest) == len(params) - 2 and all(p is not e.head.norm.weight for p in rest)
    p = nn.Parameter(ember.zeros(3))
    e.scale = p
    assert e.scale is p and next(e.parameters()) is p


def test_errors_name_the_python_class():
    e, _ = make_pair()
    with pytest.raises(ember.Error, match="for Classifier"):
        e.load_state_dict({})
