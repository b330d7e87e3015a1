"""Every speed and memory figure for this machine, in one stable table. Not part of the test suite.

    .venv/bin/python benchmarks/run_all.py [--ees-file caseload.csv] [--pdfs N]

Each figure is measured in a fresh interpreter (so start-up costs are real and peak memory is per step):
time to the first painted window and to its first council shown, with the bare PySide6 + pyqtgraph floor beside
them (``ui_launch.py``), council switch median and max (``ui_switch.py``), one PDF and all PDFs (the app's own
export functions, as ``pdf_export.py`` times them), data load, import of a full EES release file (the
caseload.csv of DfE's EHC plans release; pass ``--ees-file``), and peak memory.
Output lines are ``name value unit [peak MB] [note]``; a figure that cannot be measured prints ``n/a`` and why.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_CASELOAD = ROOT.parent / "shared" / "sources" / "ehcp" / "raw" / "ees_ehc_plans_2025" / "caseload.csv"
STEPS = ("bare_pyside6_floor", "first_window", "council_switch", "one_pdf", "all_pdfs", "data_load", "import_ees_file")


def peak_mb() -> float | None:
    """Largest resident set of this step's process or of any process it waited for (max RSS)."""
    try:
        import resource
    except ImportError:          # Windows
        return None
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def from_benchmarks(module: str):
    """The other benchmark scripts' measuring functions are reused, so each figure is measured one way."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    return __import__(module)


def step_bare_pyside6_floor(args) -> dict:
    launch = from_benchmarks("ui_launch")
    times = [launch.paint_seconds(launch.BARE)[0] for _ in range(3)]
    return {"bare_pyside6_floor": (statistics.median(times), "s", "process start to first paint; median of 3")}


def step_first_window(args) -> dict:
    launch = from_benchmarks("ui_launch")
    runs = [launch.paint_seconds(launch.APP) for _ in range(3)]
    return {"first_window": (statistics.median(r[0] for r in runs), "s",
                             "process start to first paint, 1366x768; median of 3"),
            "first_council_shown": (statistics.median(r[1] for r in runs), "s",
                                    "process start to the workspace's first paint; median of 3")}


def step_council_switch(args) -> dict:
    switch_times = from_benchmarks("ui_switch").switch_times
    from briefing.data.dataset import load
    from briefing.ui.app import application
    from briefing.ui.main_window import MainWindow

    application()
    dataset = load()
    window = MainWindow(dataset, None)
    window.resize(1366, 768)
    window.show()
    codes = list(dataset.current_codes)
    switch_times(window, codes[:3])
    window.workspace.session.cache.clear()
    times = switch_times(window, codes)
    note = f"overview, first visits, n={len(times)}"
    return {"council_switch_median": (statistics.median(times), "ms", note), "council_switch_max": (max(times), "ms",
                                                                                                     note)}


def step_one_pdf(args) -> dict:
    from briefing.data.dataset import load
    from briefing.report.pdf import ExportOptions, export

    dataset = load()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        export(dataset, ["886"], Path(folder) / "kent.pdf", ExportOptions())
        seconds = time.perf_counter() - start
    return {"one_pdf": (seconds, "s", "Kent, PDF + CSV written; first export in a fresh process")}


def step_all_pdfs(args) -> dict:
    from briefing.data.dataset import load
    from briefing.report.batch import export_many
    from briefing.report.pdf import ExportOptions

    dataset = load()
    codes = list(dataset.current_codes)
    codes = codes[:args.pdfs] if args.pdfs else codes
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        result = export_many(dataset, codes, Path(folder), ExportOptions())
        seconds = time.perf_counter() - start
    return {"all_pdfs": (seconds, "s", f"{len(codes)} councils, all cores, {len(result.failures)} failures")}


def step_data_load(args) -> dict:
    from briefing.data.dataset import load

    times = []
    for _ in range(5):
        start = time.perf_counter()
        len(load().grids)
        times.append((time.perf_counter() - start) * 1000)
    return {"data_load": (statistics.median(times), "ms", "checksums verified, grids built; median of 5")}


def step_import_ees_file(args) -> dict:
    from briefing.data.dataset import load
    from briefing.data.imports import compare, read_import

    path = Path(args.ees_file)
    dataset = load()
    start = time.perf_counter()
    parsed = read_import(path, dataset)
    compare(parsed, dataset)
    note = f"{path.name}, {path.stat().st_size / 1e6:.1f} MB, {len(parsed.rows):,} rows kept; validate and diff"
    return {"import_ees_file": (time.perf_counter() - start, "s", note)}


def run_step(name: str, args: argparse.Namespace) -> tuple[dict, float | None, str]:
    """(figures, peak MB, error) from a fresh interpreter."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": str(ROOT)}
    command = [sys.executable, __file__, "--step", name, "--pdfs", str(args.pdfs), "--ees-file", str(args.ees_file)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=1800)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode or not lines:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return {}, None, reason[:100]
    payload = json.loads(lines[-1])
    return payload["figures"], payload["peak_mb"], ""


def child(args: argparse.Namespace) -> None:
    figures = globals()[f"step_{args.step}"](args)
    print(json.dumps({"figures": figures, "peak_mb": peak_mb()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ees-file", default=os.environ.get("BRIEFING_EES_FILE", str(SHARED_CASELOAD)),
                        help="a full EES caseload.csv (default: $BRIEFING_EES_FILE or the shared copy)")
    parser.add_argument("--pdfs", type=int, default=0, help="limit 'all PDFs' to the first N councils (0 = all)")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        child(args)
        return

    from briefing import __version__
    from briefing.data.dataset import load

    print(f"High Needs Briefing {__version__} benchmarks: data {load().version}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"{'metric':<24} {'value':>9} {'unit':<4} {'peak MB':>8}  note")
    peaks = []
    for name in STEPS:
        if name == "import_ees_file" and not Path(args.ees_file).is_file():
            print(f"{name:<24} {'n/a':>9} {'':<4} {'':>8}  no EES file: pass --ees-file PATH/caseload.csv")
            continue
        figures, peak, error = run_step(name, args)
        if error:
            print(f"{name:<24} {'n/a':>9} {'':<4} {'':>8}  {error}")
            continue
        peaks.append(peak or 0.0)
        for metric, (value, unit, note) in figures.items():
            shown_peak = f"{peak:8.0f}" if peak else f"{'n/a':>8}"
            print(f"{metric:<24} {value:9.3f} {unit:<4} {shown_peak}  {note}")
    if peaks and any(peaks):
        print(f"{'peak_memory':<24} {max(peaks):9.0f} {'MB':<4} {'':>8}  largest of the steps above (max RSS)")
    else:
        print(f"{'peak_memory':<24} {'n/a':>9} {'':<4} {'':>8}  not available on this platform")


if __name__ == "__main__":
    main()
