#!/usr/bin/python3
"""LSTM forward + backward, ember vs torch 1.13, one thread, interleaved.

1-layer LSTM, input 32, hidden 128, seq 50, batch 32, float32. Runs five
rounds; each round times torch's median step in this process and then
build/bench/bench_lstm's (configure with -DEMBER_BENCH=ON). Prints the
medians and ember/torch (below 1: ember is faster).

    /usr/bin/python3 bench/bench_lstm.py
"""
import statistics
import subprocess
import time

import torch


def torch_median_ms(lstm, x, reps=20):
    times = []
    for i in range(reps + 3):
        start = time.perf_counter()
        out, (h, c) = lstm(x)
        (out.sum() + h.sum()).backward()
        if i >= 3:
            times.append((time.perf_counter() - start) * 1e3)
        lstm.zero_grad()
        x.grad = None
    return statistics.median(times)


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(32, 128)
    x = torch.randn(50, 32, 32, requires_grad=True)
    ours, theirs = [], []
    for _ in range(5):
        theirs.append(torch_median_ms(lstm, x))
        ours.append(float(subprocess.check_output(["build/bench/bench_lstm", "20"]).decode()))
    t, e = statistics.median(theirs), statistics.median(ours)
    print(f"LSTM(32, 128) seq 50 batch 32 fwd+bwd, 1 thread: torch {t:.2f} ms, ember {e:.2f} ms, "
          f"ember/torch {e / t:.2f}")


if __name__ == "__main__":
    main()
