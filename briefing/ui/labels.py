"""A word-wrapped label that remembers its sizes: switching council re-lays out whole pages, and Qt lays a
wrapped label's text out afresh (twice for rich text) on every one of the dozens of size queries that asks.
And headings' fonts, scaled from the user's own size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

SIZE_MEMORY = 2000      # remembered sizes per label (a few per council); forgotten all at once beyond this

RESIZING_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)


class WrappedLabel(QLabel):
    """A QLabel with word wrap on whose size hints are remembered per text (and width): the same answers
    Qt would give, without laying the text out again. Council texts recur, so revisits cost nothing."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.sizes: dict[tuple[str, int], object] = {}

    def remembered(self, width: int, measure):
        key = (self.text(), width)
        size = self.sizes.get(key)
        if size is None:
            if len(self.sizes) >= SIZE_MEMORY:
                self.sizes.clear()
            size = self.sizes[key] = measure()
        return size

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return self.remembered(width, lambda: super(WrappedLabel, self).heightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.remembered(-1, lambda: super(WrappedLabel, self).sizeHint()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.remembered(-2, lambda: super(WrappedLabel, self).minimumSizeHint()))

    def setTextFormat(self, text_format) -> None:  # noqa: N802
        self.sizes.clear()
        super().setTextFormat(text_format)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in RESIZING_CHANGES:
            self.sizes.clear()
        super().changeEvent(event)


def scaled_font(widget: QWidget, factor: float, bold: bool = True) -> QFont:
    """The widget's font (the user's size) scaled: headings grow with the system font, never a fixed size."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font
