"""The timing protocol of bench/timing.h, for the Python peers.

Warm-up calls until about a block's worth of time has passed, an estimate of
one call's cost from them, then 5 timed blocks of as many calls as fill
block_ms; returns the median block's milliseconds per call.
"""
import argparse
import json
import statistics
import time


def median_ms_per_call(step, block_ms):
    warm, start = 0, time.perf_counter()
    while warm < 2 or (time.perf_counter() - start) * 1e3 < block_ms:
        step()
        warm += 1
    estimate = (time.perf_counter() - start) * 1e3 / warm
    per_block = max(1, int(block_ms / estimate))
    blocks = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(per_block):
            step()
        blocks.append((time.perf_counter() - start) * 1e3 / per_block)
    return statistics.median(blocks)


def main(cases, set_num_threads):
    """bench_cases's command line for a Python peer: times each case whose
    name starts with one of the --cases prefixes (all by default) and prints
    bench_cases's JSON line for it. cases: name -> (work, unit, make), make()
    returning the call to time; set_num_threads(n) is called unless --threads
    is "default"."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="")
    parser.add_argument("--threads", default="1")
    parser.add_argument("--block-ms", type=float, default=50)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.threads != "default":
        set_num_threads(int(args.threads))
    prefixes = [p for p in args.cases.split(",") if p]
    for name, (work, unit, make) in cases.items():
        if prefixes and not any(name.startswith(p) for p in prefixes):
            continue
        if args.list:
            print(name)
            continue
        ms = median_ms_per_call(make(), args.block_ms)
        print(json.dumps({"case": name, "ms": ms, "work": work, "unit": unit}), flush=True)
