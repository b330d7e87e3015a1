"""Launch time to the first painted main window, against a bare PySide6 + pyqtgraph window (the floor), and on
to the window showing its first council.

Each run is a fresh offscreen process started as the app starts (``MainWindow`` painting first, loading the data
after); times run from process start to the end of the first paint of the window, and to the first paint inside
the workspace (the council list and Overview drawn). Prints medians; asserts nothing.

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

class Paints(QObject):
    \"\"\"Prints the time of the window's first paint, then of the first paint in its workspace (if any).\"\"\"
    def __init__(self):
        super().__init__()
        self.stamps = []
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.window() is window:
            workspace = getattr(window, "workspace", "bare")
            if not self.stamps or (workspace not in (None, "bare") and workspace.isAncestorOf(obj)
                                   and len(self.stamps) == 1):
                self.stamps.append(time.time())
                if workspace is None:
                    return False
                QTimer.singleShot(0, lambda: (print(*self.stamps), app.quit()))
        return False

{body}
watcher = Paints()
app.installEventFilter(watcher)
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
from briefing.ui.main_window import MainWindow
app = application()
def load():
    from briefing.data.dataset import load
    return load()
window = MainWindow(settings=None, load=load)
window.resize(1366, 768)
"""


def paint_seconds(body: str) -> list[float]:
    """Seconds from process start to the first paint (and, for the app, to its first council drawn)."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", PAINTED.format(body=body)], capture_output=True, text=True,
                          check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return [float(stamp) - start for stamp in done.stdout.split()]


def runs(label: str, times: list[float]) -> str:
    return f"{label}: median {statistics.median(times):.2f} s  (runs: " + ", ".join(f"{t:.2f}" for t in times) + ")"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    paint_seconds(BARE)                      # warm the file cache
    bare = [paint_seconds(BARE)[0] for _ in range(args.runs)]
    app = [paint_seconds(APP) for _ in range(args.runs)]
    painted, filled = [stamps[0] for stamps in app], [stamps[1] for stamps in app]
    print(runs("bare PySide6 + pyqtgraph window", bare))
    print(runs("High Needs Briefing window painted", painted))
    print(runs("High Needs Briefing first council shown", filled))
    print(f"window painted / bare window: {statistics.median(painted) / statistics.median(bare):.2f}x (goal <= 1.3x)")


if __name__ == "__main__":
    main()
