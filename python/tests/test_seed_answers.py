"""The seed's PyTorch answers to exercises 1-5 and 7-10 (seed_answers/,
verbatim) run on ember with only the import changed: `import torch` becomes
`import ember as torch` (and `import torch.nn as nn` `import ember.nn as nn`).

Deterministic answers must print exactly what torch 1.13 prints; random ones
are checked on the values they leave behind."""
import contextlib
import io
import os
import re

import numpy as np
import pytest

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seed_answers")


def source(n, library):
    code = open(os.path.join(HERE, f"ex{n:02d}.py"), encoding="utf-8").read()
    if library == "ember":
        code = re.sub(r"^import torch$", "import ember as torch", code, flags=re.M)
        code = re.sub(r"^import torch\.", "import ember.", code, flags=re.M)
    return code


def run(n, library):
    namespace = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source(n, library), f"seed_ex{n:02d}_{library}.py", "exec"), namespace)
    return out.getvalue(), namespace


@pytest.mark.parametrize("n", [1, 4, 5, 8, 9, 10])
def test_deterministic_answers_print_what_torch_prints(n):
    ember_out, _ = run(n, "ember")
    torch_out, _ = run(n, "torch")
    assert ember_out == torch_out


def test_ex1_numpy_shares_memory():
    _, ns = run(1, "ember")
    ns["numpy_array"][0] = 42.0
    assert ns["tensor"][0].item() == 42.0


def test_ex2_tensor_times_its_transpose():
    out, _ = run(2, "ember")
    numbers = [float(v) for v in re.findall(r"-?\d+\.\d+", out)]
    assert len(numbers) == 27, out  # three printed 3x3 tensors
    original, transpose, result = (np.array(numbers[i:i + 9]).reshape(3, 3) for i in (0, 9, 18))
    np.testing.assert_allclose(transpose, original.T)
    np.testing.assert_allclose(result, original @ original.T, atol=2e-4)  # printed to 4 decimals


def test_ex3_column_means_and_stds():
    _, ns = run(3, "ember")
    t = ns["tensor"].numpy()
    assert ns["tensor"].shape == (5, 5) and 0 <= t.min() and t.max() < 1
    np.testing.assert_allclose(ns["column_means"].numpy(), t.mean(0), rtol=1e-6)
    np.testing.assert_allclose(ns["column_stds"].numpy(), t.std(0, ddof=1), rtol=1e-5)


def test_ex7_linear_initialized():
    out, ns = run(7, "ember")
    layer = ns["linear_layer"]
    assert layer.weight.shape == (2, 3) and layer.bias.tolist() == [0.0, 0.0]
    assert 0 < layer.weight.detach().abs().max().item() < 0.2
    assert "Initialized Weight" in out and "Parameter containing:" in out
