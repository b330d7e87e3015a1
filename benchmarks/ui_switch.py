"""How long switching council takes in the app: select a council and let the visible view update and paint.

Runs offscreen over every current council, first visits (nothing cached) then revisits (cached), for the
Overview and for a chart view. Goal: median <= 16 ms, max <= 50 ms. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/ui_switch.py [--views overview,funding]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def switch_times(window, codes: list[str], clock=time.perf_counter) -> list[float]:
    """Milliseconds from selecting each council to its view painted. ``clock`` = time.process_time gives
    this process's CPU time, which other programs competing for the cores do not inflate."""
    from PySide6.QtWidgets import QApplication

    times = []
    for code in codes:
        start = clock()
        window.workspace.select_council(code)
        QApplication.processEvents()     # the new figures painted, not just computed
        times.append((clock() - start) * 1000)
    return times


def describe(label: str, times: list[float]) -> str:
    ninetieth = sorted(times)[int(len(times) * 0.9)]
    return (f"{label:<34} median {statistics.median(times):6.1f} ms   90th {ninetieth:6.1f} ms"
            f"   max {max(times):6.1f} ms   (n={len(times)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", default="overview,funding,deficit,map")
    args = parser.parse_args()
    from briefing.data.dataset import load
    from briefing.ui.app import application
    from briefing.ui.main_window import MainWindow

    application()
    dataset = load()
    gc.collect()
    gc.freeze()   # as the app does after loading its data
    codes = list(dataset.current_codes)
    for view in args.views.split(","):
        window = MainWindow(dataset, settings=None)
        window.resize(1366, 768)
        window.workspace.show_view(view)
        window.show()
        switch_times(window, codes[:3])          # warm-up: imports, first layout, pyqtgraph items
        window.workspace.session.cache.clear()
        first = switch_times(window, codes)
        again = switch_times(window, codes)
        cpu = switch_times(window, codes, time.process_time)
        print(describe(f"{view}: first visit (not cached)", first))
        print(describe(f"{view}: revisit (cached)", again))
        print(describe(f"{view}: revisit, CPU time", cpu))
        window.close()
    print(f"goal: median <= 16 ms, max <= 50 ms; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
