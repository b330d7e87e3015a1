"""Launch time to the first painted main window, against a bare PySide6 + pyqtgraph window (the floor).

Each run is a fresh offscreen process; the time runs from process start to the end of the first paint of the
window. Prints medians; asserts nothing.

    .venv/bin/python benchmarks/ui_launch.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

PAINTED = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, QEvent, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is window:
            QTimer.singleShot(0, lambda: (print(time.time()), app.quit()))
        return False

{body}
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""

BARE = """
import pyqtgraph
from PySide6.QtWidgets import QWidget
app = QApplication([])
window = QWidget()
window.resize(1366, 768)
"""

APP = """
from briefing.ui.app import application
from briefing.data.dataset import load
from briefing.ui.main_window import MainWindow
app = application()
window = MainWindow(load(), settings=None)
window.resize(1366, 768)
"""


def first_paint_seconds(body: str) -> float:
    start = time.time()
    done = subprocess.run([sys.executable, "-c", PAINTED.format(body=body)], capture_output=True, text=True,
                          check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return float(done.stdout.strip().splitlines()[-1]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    first_paint_seconds(BARE)                      # warm the file cache
    bare = [first_paint_seconds(BARE) for _ in range(args.runs)]
    app = [first_paint_seconds(APP) for _ in range(args.runs)]
    print(f"bare PySide6 + pyqtgraph window: median {statistics.median(bare):.2f} s  (runs: "
          + ", ".join(f"{t:.2f}" for t in bare) + ")")
    print(f"High Needs Briefing main window: median {statistics.median(app):.2f} s  (runs: "
          + ", ".join(f"{t:.2f}" for t in app) + ")")
    print(f"app overhead over the bare window: {statistics.median(app) - statistics.median(bare):+.2f} s")


if __name__ == "__main__":
    main()
