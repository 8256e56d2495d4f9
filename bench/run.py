#!/usr/bin/python3
"""`make bench`: ember's benchmark cases against torch 1.13 and the machine's
limits, run interleaved, written as a dated markdown table plus JSON under
bench/results/.

    /usr/bin/python3 bench/run.py [--cases gemm,overhead,epoch] [--threads 1,2] [--repeats 3] [--quick]

For each repeat and thread count t, each job (a case group in one process,
or one training-step case per process so its peak RSS is its own) runs
ember's build/bench/bench_cases --threads t, then the torch peer
(torch_cases.py) with OMP_NUM_THREADS=t and torch.set_num_threads(t), then
torch in its default configuration (no OMP_NUM_THREADS, no
set_num_threads). Each program reports per case the median block of its own
timing protocol (timing.h / timing.py); the table shows the median over the
repeats. Ratios are ember / torch time: below 1, ember is faster. At t
threads torch's time is the better of its explicit-t run and, when torch's
default uses t threads, its default run.

Two more peers speak torch_cases.py's command line and print the same JSON
lines, for the cases they know, each in its own column: ember from Python
(bench/py_overhead.py, when it exists) and libtorch from C++
(build/bench/bench_libtorch, which `make bench` builds when libtorch-dev is
installed; without it the libtorch column of the overhead table says "-").

The epoch case (epoch/cnn) trains the demo CNN for one full Fashion-MNIST
epoch with build/tools/ember-train and with torch_train_fashion_mnist.py
(the same data, split sizes, model, optimizer, schedule and batch size), at
each thread count, ember then torch, --epoch-repeats times (3 by default,
repeat k with seed k; one run is ~900 steps and 15-50 s); it reports each
one's median epoch time as logged, the same without the epoch's validation
pass (training alone; both programs log it), the mean test accuracy over the
seeds and peak RSS. --quick runs it on ember-train --quick's subset.
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"
GROUPS = ["limits", "gemm", "conv", "elementwise", "overhead", "train", "epoch"]
EPOCH_CASE = "epoch/cnn"


def environment(threads, wait_policy=None):
    """This process's environment with OMP_NUM_THREADS set to threads (and
    OMP_WAIT_POLICY to wait_policy when given), or both unset when threads is
    None (torch's default configuration)."""
    env = dict(os.environ)
    env.pop("OMP_NUM_THREADS", None)
    env.pop("OMP_WAIT_POLICY", None)
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)
        if wait_policy:
            env["OMP_WAIT_POLICY"] = wait_policy
    return env


def run_process(args, env):
    """Runs args in bench/; returns its stdout and its peak RSS in MiB, or
    exits when it fails."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, env=env, cwd=HERE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"bench/run.py: {' '.join(args)} failed with status {status}")
    return out, usage.ru_maxrss / 1024


def run_peer(command, threads, cases, block_ms, wait_policy=None):
    """Runs one peer program; returns ({case: ms}, peak RSS in MiB). threads
    is an int, or None for torch's default configuration."""
    args = command + ["--cases", ",".join(cases), "--block-ms", str(block_ms),
                      "--threads", "default" if threads is None else str(threads)]
    out, peak_mib = run_process(args, environment(threads, wait_policy))
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return {r["case"]: r for r in lines}, peak_mib


def list_cases(command):
    out = subprocess.run(command + ["--list"], capture_output=True, text=True, cwd=HERE, check=True).stdout
    return out.split()


def jobs_of(names):
    """Groups case names into jobs: one per group, one per training case."""
    jobs = {}
    for name in names:
        group = name.split("/")[0]
        jobs.setdefault(name if group == "train" else group, []).append(name)
    return list(jobs.values())


def run_epoch(peer, threads, seed, args):
    """Trains the demo CNN for one epoch with ember-train (peer "ember") or
    torch_train_fashion_mnist.py (peer "torch"); returns (epoch seconds,
    seconds of the epoch's validation pass, test accuracy, peak RSS in MiB)."""
    common = ["--epochs", "1", "--threads", str(threads), "--seed", str(seed)] + (["--quick"] if args.quick else [])
    env = environment(threads, args.omp_wait_policy)
    if peer == "torch":
        out, peak_mib = run_process([PYTHON, "torch_train_fashion_mnist.py"] + common, env)
        epoch = re.search(r"^epoch 1: ([\d.]+) s \(validation ([\d.]+) s\)", out, re.M)
        return (float(epoch.group(1)), float(epoch.group(2)), float(re.search(r"test accuracy ([\d.]+)", out).group(1)),
                peak_mib)
    with tempfile.TemporaryDirectory() as run_dir:
        out, peak_mib = run_process([os.path.join(args.build, "tools", "ember-train"), "--out", run_dir] + common, env)
        with open(os.path.join(run_dir, "log.jsonl")) as log:
            last = json.loads(log.readlines()[-1])
    accuracy = float(re.search(r"^test loss \S+, accuracy ([\d.]+)", out, re.M).group(1))
    return last["seconds"], last["val_seconds"], accuracy, peak_mib


def collect_epoch(args):
    """The epoch case's entry of the report: median epoch ms, mean test
    accuracy over the seeds and the largest peak RSS per peer and thread
    count. Repeat k runs seed k: one seed's accuracy moves by ~0.001 with the
    seed (and with the thread count, which changes float rounding), about
    the gap between the two programs, so a single run cannot tell them
    apart."""
    runs = {}  # (peer, threads) -> [(seconds, validation seconds, accuracy, MiB)]
    for rep in range(args.epoch_repeats):
        for t in args.threads:
            for peer in ("ember", "torch"):
                runs.setdefault((peer, str(t)), []).append(run_epoch(peer, t, rep, args))
            print(f"epoch repeat {rep + 1}/{args.epoch_repeats}: {t} thread(s) done", file=sys.stderr, flush=True)
    entry = {"group": "epoch", "work": 0, "unit": "", "quick": args.quick, "ms": {}, "train_ms": {}, "accuracy": {},
             "rss_mib": {}}
    for (peer, t), values in runs.items():
        entry["ms"].setdefault(peer, {})[t] = statistics.median(v[0] for v in values) * 1e3
        entry["train_ms"].setdefault(peer, {})[t] = statistics.median(v[0] - v[1] for v in values) * 1e3
        entry["accuracy"].setdefault(peer, {})[t] = statistics.mean(v[2] for v in values)
        entry.setdefault("accuracy_per_seed", {}).setdefault(peer, {})[t] = [v[2] for v in values]
        entry["rss_mib"].setdefault(peer, {})[t] = max(v[3] for v in values)
    return entry


def collect(args):
    ember = [os.path.join(args.build, "bench", "bench_cases")]
    peers = {"torch": [PYTHON, "torch_cases.py"]}
    if os.path.exists(os.path.join(HERE, "py_overhead.py")):
        peers["ember-py"] = [PYTHON, "py_overhead.py"]
    if os.path.exists(os.path.join(args.build, "bench", "bench_libtorch")):
        peers["libtorch"] = [os.path.join(args.build, "bench", "bench_libtorch")]
    prefixes = [p for p in args.cases.split(",") if p] or GROUPS
    ember_names = list_cases(ember + ["--cases", ",".join(prefixes)])
    peer_names = {peer: set(list_cases(cmd + ["--cases", ",".join(prefixes)])) for peer, cmd in peers.items()}
    default_threads, version = subprocess.run(
        [PYTHON, "-c", "import torch; print(torch.get_num_threads(), torch.__version__)"], env=environment(None),
        capture_output=True, text=True, check=True).stdout.split()
    samples, rss, info = {}, {}, {}  # (peer, config, case) -> [ms], [MiB]; case -> work, unit
    load_before = os.getloadavg()[0]

    def record(peer, config, results, peak_mib):
        for name, r in results.items():
            label = peer
            if name.endswith("/openblas"):
                label, name = "openblas", name[: -len("/openblas")]
            samples.setdefault((label, config, name), []).append(r["ms"])
            info[name] = {"work": r["work"], "unit": r["unit"]}
            if name.startswith("train/"):
                rss.setdefault((label, config, name), []).append(peak_mib)

    for rep in range(args.repeats):
        for job in jobs_of(n for n in ember_names if not n.endswith("/openblas")):
            for t in args.threads:
                blas = [n + "/openblas" for n in job if n + "/openblas" in ember_names]
                record("ember", str(t), *run_peer(ember, t, job + blas, args.block_ms, args.omp_wait_policy))
                for peer, cmd in peers.items():
                    mine = [n for n in job if n in peer_names[peer]]
                    if mine:
                        record(peer, str(t), *run_peer(cmd, t, mine, args.block_ms, args.omp_wait_policy))
            mine = [n for n in job if n in peer_names["torch"]]
            if mine:
                record("torch", "default", *run_peer(peers["torch"], None, mine, args.block_ms))
            print(f"repeat {rep + 1}/{args.repeats}: {', '.join(job)} done", file=sys.stderr, flush=True)
    medians = {}
    for (peer, config, name), values in samples.items():
        entry = medians.setdefault(name, {"group": name.split("/")[0], **info[name], "ms": {}, "rss_mib": {}})
        entry["ms"].setdefault(peer, {})[config] = statistics.median(values)
    for (peer, config, name), values in rss.items():
        medians[name]["rss_mib"].setdefault(peer, {})[config] = max(values)
    if any(EPOCH_CASE.startswith(p) for p in prefixes):
        medians[EPOCH_CASE] = collect_epoch(args)
    return {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "machine": machine(), "torch": version, "torch_default_threads": int(default_threads),
            "peers": ["ember"] + list(peers), "threads": args.threads, "repeats": args.repeats,
            "epoch_repeats": args.epoch_repeats, "block_ms": args.block_ms,
            "omp_wait_policy": args.omp_wait_policy or "libgomp's default",
            "load_average": [load_before, os.getloadavg()[0]], "cases": medians}


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 platform.processor())
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def torch_ms(entry, t, default_threads):
    """torch's time at t threads: its explicit run, or its default run when
    that is faster and uses t threads."""
    runs = entry["ms"].get("torch", {})
    options = [runs.get(str(t))] + ([runs.get("default")] if t == default_threads else [])
    options = [ms for ms in options if ms is not None]
    return min(options) if options else None


def fmt_ms(ms):
    if ms is None:
        return "-"
    return f"{ms * 1e3:.2f} µs" if ms < 0.1 else f"{ms:.3g} ms"


def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b is not None else "-"


def rate(entry, ms):
    """GFLOP/s or GB/s of one call taking ms (both are work / ms / 1e6)."""
    return entry["work"] / ms / 1e6 if ms and entry["unit"] else None


def limit(report, unit, t):
    name = {"flop": "limits/fma_peak", "byte": "limits/stream_triad"}.get(unit)
    entry = report["cases"].get(name)
    return rate(entry, entry["ms"]["ember"].get(str(t))) if entry else None


def table(report, group):
    cases = {n: e for n, e in report["cases"].items() if e["group"] == group}
    peers = [p for p in ("openblas", "ember-py", "libtorch")
             if any(p in e["ms"] for e in cases.values()) or (p, group) == ("libtorch", "overhead")]
    head = ["case"]
    for t in report["threads"]:
        head += [f"ember {t}t", f"torch {t}t", "ember/torch"]
        for p in peers:
            head += [f"{p} {t}t", f"ember/{p}"]
    if group != "limits":
        head.append("torch default")
    unit = next((e["unit"] for e in cases.values() if e["unit"]), "")
    if unit:
        head += [f"ember {t}t {'GFLOP/s' if unit == 'flop' else 'GB/s'} (of limit)" for t in report["threads"]]
    if group == "train":
        head += [f"peak RSS MiB ember/torch {t}t" for t in report["threads"]]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, e in sorted(cases.items(), key=lambda kv: list(report["cases"]).index(kv[0])):
        row = [name.split("/", 1)[1]]
        for t in report["threads"]:
            mine, theirs = e["ms"]["ember"].get(str(t)), torch_ms(e, t, report["torch_default_threads"])
            row += [fmt_ms(mine), fmt_ms(theirs), ratio(mine, theirs)]
            for p in peers:
                other = e["ms"].get(p, {}).get(str(t))
                row += [fmt_ms(other), ratio(mine, other)]
        if group != "limits":
            row.append(fmt_ms(e["ms"].get("torch", {}).get("default")))
        if unit:
            for t in report["threads"]:
                r, lim = rate(e, e["ms"]["ember"].get(str(t))), limit(report, unit, t)
                share = f" ({r / lim:.0%})" if r and lim and group != "limits" else ""
                row.append(f"{r:.1f}{share}" if r else "-")
        if group == "train":
            for t in report["threads"]:
                mem = [e["rss_mib"].get(p, {}).get(str(t)) for p in ("ember", "torch")]
                row.append(f"{mem[0]:.0f} / {mem[1]:.0f} ({ratio(*mem)})" if None not in mem else "-")
        rows.append("| " + " | ".join(row) + " |")
    return "\n".join(rows)


def epoch_table(report):
    e = report["cases"][EPOCH_CASE]
    head, row = ["case"], ["cnn" + (" (--quick subset)" if e["quick"] else "")]
    for t in report["threads"]:
        mine, theirs = (e["ms"][p].get(str(t)) for p in ("ember", "torch"))
        train = [e["train_ms"][p][str(t)] for p in ("ember", "torch")]
        head += [f"ember {t}t", f"torch {t}t", "ember/torch", f"training alone ember / torch {t}t",
                 f"mean test accuracy ember / torch {t}t"]
        row += [f"{mine / 1e3:.1f} s", f"{theirs / 1e3:.1f} s", ratio(mine, theirs),
                f"{train[0] / 1e3:.1f} / {train[1] / 1e3:.1f} s ({ratio(*train)})",
                " / ".join(f"{e['accuracy'][p][str(t)]:.4f}" for p in ("ember", "torch"))]
    for t in report["threads"]:
        mem = [e["rss_mib"][p][str(t)] for p in ("ember", "torch")]
        head.append(f"peak RSS MiB ember/torch {t}t")
        row.append(f"{mem[0]:.0f} / {mem[1]:.0f} ({ratio(*mem)})")
    return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head), "| " + " | ".join(row) + " |"])


def accuracy_differences(entry, threads):
    """ember's test accuracy minus torch's, one per run pair (same seed and
    thread count)."""
    per_seed = entry["accuracy_per_seed"]
    return [mine - theirs for t in threads for mine, theirs in zip(per_seed["ember"][str(t)], per_seed["torch"][str(t)])]


def epoch_target(report):
    """The epoch target's line: ember/torch epoch time <= 1.0 at every thread
    count, with equal or better accuracy. One run's accuracy moves by
    ~0.001-0.002 with the seed, so "equal" is read as a mean paired
    difference (ember - torch over all runs) no lower than -2 standard
    errors: between equal programs a strict mean >= torch's is a coin flip,
    while a real deficit larger than two standard errors still fails."""
    e = report["cases"][EPOCH_CASE]
    per_t = [(t, e["ms"]["ember"][str(t)] / e["ms"]["torch"][str(t)]) for t in report["threads"]]
    diffs = accuracy_differences(e, report["threads"])
    mean = statistics.mean(diffs)
    error = statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else 0.0
    holds = all(r <= 1.0 for _, r in per_t) and mean >= -2 * error
    times = ", ".join(f"{t}t {r:.2f}" for t, r in per_t)
    return (f"- {'holds' if holds else '**misses**'}: one Fashion-MNIST epoch of the demo CNN, ember/torch <= 1.0 "
            f"with equal or better test accuracy — {times}; accuracy ember - torch {mean:+.4f} ± {error:.4f} "
            f"(mean ± standard error over {len(diffs)} runs of each; equal = above -2 standard errors)")


def targets(report):
    """One line per target of the benchmark issue: holds or misses, with the
    worst case at each thread count."""
    cases, default = report["cases"], report["torch_default_threads"]

    def vs_torch(name, t):
        e = cases[name]
        theirs = torch_ms(e, t, default)
        return e["ms"]["ember"][str(t)] / theirs if theirs else None

    def vs_blas(name, t):  # throughput as a fraction of OpenBLAS's
        e = cases[name]["ms"]
        return e["openblas"][str(t)] / e["ember"][str(t)] if "openblas" in e else None

    def of_stream(name, t):
        lim = limit(report, "byte", t)
        return rate(cases[name], cases[name]["ms"]["ember"][str(t)]) / lim if lim else None

    def rss(name, t):
        mem = [cases[name]["rss_mib"].get(p, {}).get(str(t)) for p in ("ember", "torch")]
        return mem[0] / mem[1] if None not in mem else None

    def add_us(name, t):
        return cases[name]["ms"]["ember"][str(t)] * 1e3

    def py_vs_torch(name, t):
        e = cases[name]["ms"]
        return e["ember-py"][str(t)] / e["torch"][str(t)] if "ember-py" in e and "torch" in e else None

    specs = [("training step MLP, ember/torch <= 0.8", ["train/mlp"], vs_torch, 0.8, False),
             ("training step LeNet, ember/torch <= 0.8", ["train/lenet"], vs_torch, 0.8, False),
             ("training step Transformer layer, ember/torch <= 1.0", ["train/transformer"], vs_torch, 1.0, False),
             ("training step ResNet stack, ember/torch <= 1.0", ["train/resnet"], vs_torch, 1.0, False),
             ("GEMM >= 0.95x OpenBLAS throughput at every shape", [n for n in cases if n.startswith("gemm/")],
              vs_blas, 0.95, True),
             ("Conv2d fwd+bwd, ember/torch <= 1.0 at every shape",
              [n for n in cases if n.startswith("conv/") and n.endswith("/fwdbwd")], vs_torch, 1.0, False),
             ("elementwise/reductions >= 70% of STREAM triad",
              [n for n in cases if n.startswith("elementwise/")], of_stream, 0.7, True),
             ("recorded 4-element add from C++ <= 1 µs", ["overhead/add_grad"], add_us, 1.0, False),
             ("overhead from Python, ember-py/torch < 1.0",
              [n for n in cases if n.startswith("overhead/")], py_vs_torch, 1.0, False),
             ("peak RSS of each training step, ember/torch <= 1.0", [n for n in cases if n.startswith("train/")],
              rss, 1.0, False)]
    lines = []
    for title, names, measure, bound, at_least in specs:
        per_t = []
        for t in report["threads"]:
            values = [(v, n) for n in names if n in cases for v in [measure(n, t)] if v is not None]
            if values:
                per_t.append((t, *(min(values) if at_least else max(values))))
        if not per_t:
            continue
        holds = all(v >= bound if at_least else v <= bound for _, v, _ in per_t)
        worst = ", ".join(f"{t}t {v:.2f} ({n.split('/', 1)[1]})" for t, v, n in per_t)
        lines.append(f"- {'holds' if holds else '**misses**'}: {title} — worst {worst}")
    if EPOCH_CASE in cases:
        lines.append(epoch_target(report))
    return "\n".join(lines)


def markdown(report):
    parts = [f"# ember vs torch {report['torch']}, {report['date']}", "",
             f"{report['machine']}; threads {report['threads']} (torch's default: "
             f"{report['torch_default_threads']}); OMP_WAIT_POLICY of the explicit-thread runs: "
             f"{report['omp_wait_policy']}; median of {report['repeats']} interleaved repeat(s), each the "
             f"median of 5 timed blocks of ~{report['block_ms']:g} ms; 1-minute load average "
             f"{report['load_average'][0]:.1f} before, {report['load_average'][1]:.1f} after (other work on these "
             "cores slows the 2-thread runs most). Ratios are ember time / other time: below 1, ember is faster. "
             "Rates are of the limits measured in the same run.", "", "## Targets", "",
             targets(report)]
    for group in GROUPS:
        if any(e["group"] == group for e in report["cases"].values()):
            parts += ["", f"## {group}", "", epoch_table(report) if group == "epoch" else table(report, group)]
    return "\n".join(parts) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default="", help="comma-separated name prefixes, e.g. gemm,overhead (default: all)")
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--block-ms", type=float, default=50)
    parser.add_argument("--epoch-repeats", type=int, default=3,
                        help="runs of the epoch case per peer and thread count, run k with seed k")
    parser.add_argument("--quick", action="store_true",
                        help="1 repeat of 10 ms blocks; the epoch case on ember-train --quick's subset")
    parser.add_argument("--omp-wait-policy", choices=["active", "passive"],
                        help="OMP_WAIT_POLICY for every explicit-thread run, ember's and torch's alike")
    parser.add_argument("--build", default=os.path.join(os.path.dirname(HERE), "build"))
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    args = parser.parse_args()
    args.threads = [int(t) for t in args.threads.split(",")]
    args.build = os.path.abspath(args.build)  # the peers run in bench/
    if args.quick:
        args.repeats, args.block_ms = 1, 10
    report = collect(args)
    os.makedirs(args.out, exist_ok=True)
    stamp = report["date"][:16].replace(":", "")
    suffix = ("-quick" if args.quick else "") + (f"-wait-{args.omp_wait_policy}" if args.omp_wait_policy else "")
    base = os.path.join(args.out, stamp + suffix)
    with open(base + ".json", "w") as f:
        json.dump(report, f, indent=1)
    text = markdown(report)
    with open(base + ".md", "w") as f:
        f.write(text)
    print(text)
    print(f"written: {base}.md, {base}.json", file=sys.stderr)


if __name__ == "__main__":
    main()
