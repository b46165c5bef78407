"""Time two (or more) builds of broadsheet against each other in one run, interleaved.

    python benchmarks/ab_speed.py [--suite ../shared/bench/dev] [--rounds 6] pure=src other=/tmp/build/src

Each variant is a PYTHONPATH root holding a `broadsheet` package (a checkout's src, or a tree
with compiled modules beside the .py files). Every round runs each variant once, the order
alternating, in a fresh process pinned to one core (BLAS on one thread): a warm-up pass over
the suite, then `reconstruct` timed once per dump. A page's time is its median over rounds;
the table gives the median page, pages a second, and the speed ratios to the first variant.
Running the variants interleaved keeps noise from other work on the machine out of the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

DEFAULT_SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "dev"
ONE_THREAD = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")
CHILD = """
import json, os, sys, time
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {int(sys.argv[2])})
import broadsheet
paths = sorted(p for p in os.listdir(sys.argv[1]) if p.endswith(".txt"))
data = [open(os.path.join(sys.argv[1], p), "rb").read() for p in paths]
for source in data:
    broadsheet.reconstruct(source)
times = {}
for path, source in zip(paths, data):
    start = time.perf_counter()
    broadsheet.reconstruct(source)
    times[path] = time.perf_counter() - start
print(json.dumps(times))
"""


def run_once(suite: Path, root: str, core: int) -> dict[str, float]:
    env = {**os.environ, **ONE_THREAD, "PYTHONPATH": root}
    out = subprocess.run([sys.executable, "-c", CHILD, str(suite), str(core)], env=env, capture_output=True,
                         text=True, check=True).stdout
    times: dict[str, float] = json.loads(out)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("variants", nargs="+", help="NAME=PYTHONPATH root")
    args = parser.parse_args()
    if not args.suite.is_dir():
        print(f"no suite at {args.suite}: skipped")
        return 0
    variants = [tuple(v.split("=", 1)) for v in args.variants]
    core = max(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in variants}
    for number in range(args.rounds):
        for name, root in variants if number % 2 == 0 else variants[::-1]:
            runs[name].append(run_once(args.suite, root, core))
            print(f"round {number + 1}/{args.rounds} {name}: {sum(runs[name][-1].values()):.2f} s", file=sys.stderr)
    pages = sorted(runs[variants[0][0]][0])
    page_time = {name: {page: statistics.median(run[page] for run in done) for page in pages}
                 for name, done in runs.items()}
    base = page_time[variants[0][0]]
    print(f"{'variant':12} {'p50 ms':>8} {'mean ms':>8} {'pages/s':>8} {'x p50':>6} {'x total':>8} {'x page':>7}")
    for name, _ in variants:
        times = page_time[name]
        p50, total = statistics.median(times.values()), sum(times.values())
        per_page = statistics.median(base[page] / times[page] for page in pages)
        print(f"{name:12} {p50 * 1e3:8.2f} {total / len(pages) * 1e3:8.2f} {len(pages) / total:8.1f} "
              f"{statistics.median(base.values()) / p50:6.2f} {sum(base.values()) / total:8.2f} {per_page:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
