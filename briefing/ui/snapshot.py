"""Render the main window for one council offscreen to a PNG: README screenshots, docs, automated checks."""

from __future__ import annotations

import os
from pathlib import Path

from briefing.analysis.briefing import Selection
from briefing.report.files import ExportError, write_atomic

MIN_SIZE, MAX_SIZE = (320, 240), (7680, 4320)


def parse_size(text: str) -> tuple[int, int]:
    """'1366x768' -> (1366, 768), bounded so an absurd size never reaches Qt (which would crash)."""
    width, _, height = text.lower().partition("x")
    ok = width.isascii() and width.isdigit() and height.isascii() and height.isdigit()
    if not ok or not (MIN_SIZE[0] <= int(width) <= MAX_SIZE[0] and MIN_SIZE[1] <= int(height) <= MAX_SIZE[1]):
        raise ValueError(f"size must look like 1366x768 (320x240 to 7680x4320), not {text[:40]!r}")
    return int(width), int(height)


def snapshot(dataset, selection: Selection, out: Path, view: str = "overview",
             size: tuple[int, int] = (1366, 768)) -> Path:
    """Draw the window at ``size`` showing ``selection`` (council, comparators, terms, per head, basis) in
    ``view`` and save it as PNG; returns ``out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtWidgets import QApplication

    from briefing.ui.app import application
    from briefing.ui.main_window import MainWindow

    application()
    window = MainWindow(dataset, settings=None)
    window.setMinimumSize(1, 1)
    window.resize(*size)
    window.workspace.show_view(view)
    window.workspace.set_selection(selection)
    window.show()
    for _ in range(3):               # layout, then pyqtgraph's axis sizing, then the final paint
        QApplication.processEvents()
    image = window.grab().toImage()
    window.close()
    window.deleteLater()
    encoded = QByteArray()
    buffer = QBuffer(encoded)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError(f"could not draw the window for {selection.la_code} as a PNG")
    write_atomic(Path(out), bytes(encoded.data()))    # refuses devices and folders; a failed write keeps the old file
    return Path(out)
