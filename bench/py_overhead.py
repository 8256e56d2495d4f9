#!/usr/bin/python3
"""The ember-Python peer of bench_cases (its column in make bench): what a
call costs through the `ember` package, against the same calls in ember C++
(bench_cases) and in torch's Python (torch_cases.py). Same case names, sizes
and timing protocol (bench/timing.py) as those two.

    /usr/bin/python3 bench/py_overhead.py [--cases overhead,train] [--threads 1] [--list]

The package is taken from $EMBER_PYTHONPATH, else build/python."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get("EMBER_PYTHONPATH", os.path.join(HERE, "..", "build", "python")))

import ember  # noqa: E402
import ember.nn as nn  # noqa: E402
import ember.nn.functional as F  # noqa: E402
from timing import main  # noqa: E402


def overhead_cases():
    def add(grad):
        a, b = ember.randn(4, requires_grad=grad), ember.randn(4)
        return lambda: a + b

    def linear_relu():
        linear, x = nn.Linear(8, 8), ember.randn(4, 8)
        return lambda: ember.relu(linear(x)).sum().backward()

    return {"overhead/add": (0, "", lambda: add(False)), "overhead/add_grad": (0, "", lambda: add(True)),
            "overhead/linear_relu": (0, "", linear_relu)}


def train_cases():
    def mlp():
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                              nn.Linear(128, 10))
        optimizer = ember.optim.Adam(model.parameters(), lr=1e-3)
        x, target = ember.randn(64, 1, 28, 28), ember.randint(0, 10, (64,))

        def step():
            loss = F.cross_entropy(model(x), target)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        return step

    return {"train/mlp": (0, "", mlp)}


if __name__ == "__main__":
    ember.manual_seed(0)
    main({**overhead_cases(), **train_cases()}, ember.set_num_threads)
