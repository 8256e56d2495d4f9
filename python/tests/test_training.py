"""A Python-subclassed nn.Module (own Parameter, a buffer, a nested Python
child, a built-in child) trained by an ember optimizer to a loss bar, through
a Python Dataset and DataLoader — the pieces a PyTorch training script uses."""
import ember
import ember.nn as nn
import ember.nn.functional as F
from ember.utils.data import DataLoader, Dataset


class XorData(Dataset):
    def __init__(self, n):
        ember.manual_seed(0)
        self.x = ember.randint(0, 2, (n, 2)).float()
        self.y = (self.x[:, 0] != self.x[:, 1]).long()

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return self.x[i] + 0.05 * ember.randn(2), self.y[i]


class Scale(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.gain = nn.Parameter(ember.ones(n))
        self.register_buffer("calls", ember.zeros((), dtype=ember.int64))

    def forward(self, x):
        self.calls += 1
        return x * self.gain


class XorNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 16)
        self.scale = Scale(16)
        self.out = nn.Linear(16, 2)

    def forward(self, x):
        return self.out(self.scale(F.relu(self.hidden(x))))


def test_python_module_trains_to_a_loss_bar():
    model = XorNet()
    names = [n for n, _ in model.named_parameters()]
    assert names == ["hidden.weight", "hidden.bias", "scale.gain", "out.weight", "out.bias"]
    assert list(model.state_dict()) == names[:3] + ["scale.calls"] + names[3:]
    optimizer = ember.optim.Adam(model.parameters(), lr=0.05)
    loader = DataLoader(XorData(256), batch_size=32, shuffle=True, seed=1)
    for epoch in range(15):
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
    assert loss.item() < 0.05
    assert model.scale.calls.item() == 15 * len(loader)
    assert model.scale.gain.grad is not None
    model.eval()
    with ember.no_grad():
        grid = ember.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        assert model(grid).argmax(1).tolist() == [0, 1, 1, 0]
