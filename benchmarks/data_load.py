"""Print how long the core takes to make the bundled data usable (goal: load <= 100 ms on a 2-core machine).

    .venv/bin/python benchmarks/data_load.py [--runs N]

Each run starts from a fresh Dataset (files read, checksums verified, grids built); imports are timed once
in a fresh interpreter because they are cached after the first.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def time_import() -> float:
    code = "import time; t = time.perf_counter(); import briefing.data.dataset; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def measure(runs: int) -> dict[str, float]:
    from briefing.analysis.briefing import Selection, build_briefing
    from briefing.data.dataset import load

    loads, grids, briefings = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        dataset = load()
        loaded = time.perf_counter()
        _ = dataset.grids  # built lazily: time it on its own
        gridded = time.perf_counter()
        build_briefing(dataset, Selection("886"), with_charts=False)
        done = time.perf_counter()
        loads.append(gridded - start)
        grids.append(gridded - loaded)
        briefings.append(done - gridded)
    return {"load_ms": statistics.median(loads) * 1000, "grids_ms": statistics.median(grids) * 1000,
            "first_briefing_ms": statistics.median(briefings) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    figures = {"import_core_ms": time_import() * 1000, **measure(args.runs)}
    for name, value in figures.items():
        print(f"{name:<22} {value:8.1f}")
    print(f"{'goal_load_ms':<22} {100:8.1f}")


if __name__ == "__main__":
    main()
