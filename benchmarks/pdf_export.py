"""Time PDF export: one briefing (goal <= 0.15 s in process) and every council (goal <= 10 s on 2 cores).

    .venv/bin/python benchmarks/pdf_export.py [--councils N] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

from briefing.data.dataset import load
from briefing.report.batch import export_many
from briefing.report.pdf import ExportOptions, export


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers: unlike wall time, not inflated by other programs."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--councils", type=int, default=0, help="only the first N councils in the batch")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    args = parser.parse_args()
    dataset = load()
    options = ExportOptions()
    with tempfile.TemporaryDirectory() as folder:
        export(dataset, ["886"], Path(folder) / "warm.pdf", options)      # first call fills caches
        for code, name in (("886", "Kent"), ("201", "City of London"), ("351", "Bury")):
            times, cpu = [], []
            for _ in range(5):
                started, started_cpu = time.perf_counter(), time.process_time()
                export(dataset, [code], Path(folder) / f"{code}.pdf", options)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            size = (Path(folder) / f"{code}.pdf").stat().st_size // 1024
            print(f"one briefing, {name}: median {statistics.median(times):.3f} s, best {min(times):.3f} s, "
                  f"CPU {statistics.median(cpu):.3f} s ({size} kB PDF + CSV)")
        codes = dataset.current_codes[:args.councils] if args.councils else dataset.current_codes
        started, cpu_before = time.perf_counter(), cpu_seconds()
        result = export_many(dataset, codes, Path(folder) / "all", options, workers=args.jobs or None)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
    workers = args.jobs or os.cpu_count() or 1
    print(f"all {len(codes)} councils: {seconds:.1f} s with {workers} processes, {len(result.failures)} failures; "
          f"{cpu:.1f} CPU s in all, so about {cpu / workers:.1f} s on {workers} otherwise idle cores")
    # other work on the machine slows both figures: the load average says how busy it was
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
