"""Cases written once for both Python peers: torch_cases.py passes `torch`,
py_overhead.py the `ember` package, whose API is torch's. Same names, sizes
and calls as bench_cases' C++ versions."""


def overhead_cases(lib):
    """overhead/*: a 4-element add without and with autograd recording, and a
    tiny Linear+ReLU forward+backward."""
    def add(grad):
        a, b = lib.randn(4, requires_grad=grad), lib.randn(4)
        return lambda: a + b

    def linear_relu():
        linear, x = lib.nn.Linear(8, 8), lib.randn(4, 8)
        return lambda: lib.relu(linear(x)).sum().backward()

    return {"overhead/add": (0, "", lambda: add(False)), "overhead/add_grad": (0, "", lambda: add(True)),
            "overhead/linear_relu": (0, "", linear_relu)}


def train_step(lib, model, x, target, loss):
    """One training step (forward, loss, zero_grad, backward, Adam) as a closure."""
    model.train()
    optimizer = lib.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        out = loss(model(x), target)
        optimizer.zero_grad(set_to_none=True)
        out.backward()
        optimizer.step()
    return step


def mlp_step(lib):
    """train/mlp: the 784-256-128-10 MLP at batch 64."""
    nn = lib.nn
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                          nn.Linear(128, 10))
    return train_step(lib, model, lib.randn(64, 1, 28, 28), lib.randint(0, 10, (64,)), nn.functional.cross_entropy)
