"""Render the main window for one council offscreen to a PNG: README screenshots, docs, automated checks."""

from __future__ import annotations

import os
from pathlib import Path

VIEW_NAMES = ("overview", "funding", "deficit", "demand", "compare", "map", "safety-valve")


def parse_size(text: str) -> tuple[int, int]:
    """'1366x768' -> (1366, 768)."""
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or int(width) < 320 or int(height) < 240:
        raise ValueError(f"size must look like 1366x768 (at least 320x240), not {text!r}")
    return int(width), int(height)


def snapshot(dataset, code: str, out: Path, view: str = "overview", size: tuple[int, int] = (1366, 768)) -> Path:
    """Draw the window at ``size`` for council ``code`` showing ``view`` and save it as PNG; returns ``out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from briefing.ui.app import application
    from briefing.ui.main_window import MainWindow

    application()
    window = MainWindow(dataset, settings=None)
    window.setMinimumSize(1, 1)
    window.resize(*size)
    window.show_view(view)
    window.select_council(code)
    window.show()
    for _ in range(3):               # layout, then pyqtgraph's axis sizing, then the final paint
        QApplication.processEvents()
    image = window.grab().toImage()
    window.close()
    window.deleteLater()
    if not image.save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    return Path(out)
