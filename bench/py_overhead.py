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
import ember.nn  # noqa: E402,F401  (ember.nn and ember.optim as attributes for shared_cases)
import ember.optim  # noqa: E402,F401
from shared_cases import mlp_step, overhead_cases  # noqa: E402
from timing import main  # noqa: E402


if __name__ == "__main__":
    ember.manual_seed(0)
    main({**overhead_cases(ember), "train/mlp": (0, "", lambda: mlp_step(ember))}, ember.set_num_threads)
