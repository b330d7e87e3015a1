"""Windows and dialogs that fit the screen they open on, at any scaling: at 200% a 1366x768 laptop has room for
683x384 logical pixels, less than most dialogs' natural size."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

WIDTH_SHARE, HEIGHT_SHARE = 0.95, 0.88     # leave room for the title bar and a task bar


def available_size(widget: QWidget) -> tuple[int, int]:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    return int(area.width() * WIDTH_SHARE), int(area.height() * HEIGHT_SHARE)


def fit_on_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` x ``height``, or to what the screen has room for; minimum sizes shrink to match, so
    the buttons at the bottom stay on the screen (the content scrolls instead)."""
    room_width, room_height = available_size(widget)
    minimum = widget.minimumSize()
    widget.setMinimumSize(min(minimum.width(), room_width), min(minimum.height(), room_height))
    widget.resize(min(width, room_width), min(height, room_height))
