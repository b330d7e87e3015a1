"""How long switching council takes in the app: select a council and let the visible view update and paint.

Runs offscreen over every current council, first visits (nothing cached) then revisits (cached), for every
view (tab) of the window. Goal: median <= 16 ms, max <= 50 ms. Each line also gives the median and max CPU time of
this process, which other programs competing for the (shared) cores do not inflate: a wall-clock max far above the
CPU max is the machine's pause, not the app's. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/ui_switch.py [--views overview,funding]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def switch_times(window, codes: list[str], cpu: list[float] | None = None) -> list[float]:
    """Milliseconds from selecting each council to its view painted; ``cpu``, if given, gets each switch's CPU
    time of this process (ms), which other programs competing for the cores do not inflate."""
    from PySide6.QtWidgets import QApplication

    times = []
    for code in codes:
        start, start_cpu = time.perf_counter(), time.process_time()
        window.workspace.select_council(code)
        QApplication.processEvents()     # the new figures painted, not just computed
        times.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - start_cpu) * 1000)
    return times


def describe(label: str, times: list[float], cpu: list[float]) -> str:
    ninetieth = sorted(times)[int(len(times) * 0.9)]
    return (f"{label:<40} median {statistics.median(times):6.1f} ms   90th {ninetieth:6.1f} ms"
            f"   max {max(times):6.1f} ms   CPU median {statistics.median(cpu):6.1f} ms   max {max(cpu):6.1f} ms"
            f"   (n={len(times)})")


def main() -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from briefing.data.dataset import load
    from briefing.ui.app import application
    from briefing.ui.main_window import VIEWS, MainWindow

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", default=",".join(VIEWS))
    args = parser.parse_args()

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
        window.workspace.ranking.built.clear()            # the Ranking tab keeps its own
        first_cpu, again_cpu = [], []
        first = switch_times(window, codes, first_cpu)
        again = switch_times(window, codes, again_cpu)
        print(describe(f"{view}: first visit (not cached)", first, first_cpu), flush=True)
        print(describe(f"{view}: revisit (cached)", again, again_cpu), flush=True)
        window.close()        # and gone, with what it built: the next view's garbage collections do not pay for it
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        del window
        gc.collect()
    print(f"goal: median <= 16 ms, max <= 50 ms; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
