"""A word-wrapped label that remembers its sizes: switching council re-lays out whole pages, and Qt lays a
wrapped label's text out afresh (twice for rich text) on every one of the dozens of size queries that asks.
A fence that keeps a tab's layout changes inside it. And headings' fonts, scaled from the user's own size."""

from __future__ import annotations

import html
import re

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

SIZE_MEMORY = 2000      # remembered sizes per label (a few per council); forgotten all at once beyond this
PREFERRED_CHARACTERS = 80   # Qt's own preferred width for wrapped text, in average characters
LINE_BREAKS = re.compile(r"<br\s*/?>|</p>|</tr>|</li>|</h\d>", re.IGNORECASE)
TAGS = re.compile(r"<[^>]*>")

RESIZING_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)


class WrappedLabel(QLabel):
    """A QLabel with word wrap on whose size hints are remembered per text (and width), so revisits cost nothing.
    Its size hints are measured from the words: Qt's own lay the text out six times (at 80 characters, on one
    line, one word a line, each twice for rich text), and a council switch asks every label afresh."""

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
        """Its widest line up to 80 average characters, and the height the text takes at that width."""
        return QSize(self.remembered(-1, self.preferred_size))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Its longest word (measured bold, to be safe in rich text) on one line: as narrow as it can be unclipped."""
        return QSize(self.remembered(-2, self.smallest_size))

    def plain_lines(self) -> list[str]:
        text = self.text()
        if self.is_rich():
            text = html.unescape(TAGS.sub("", LINE_BREAKS.sub("\n", text)))
        return text.splitlines() or [""]

    def extra_width(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right() + 2 * self.margin()

    def is_rich(self) -> bool:
        text_format = self.textFormat()
        return text_format == Qt.TextFormat.RichText or (
            text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(self.text()))

    def bold_metrics(self) -> QFontMetrics:
        bold = QFont(self.font())
        bold.setBold(True)
        return QFontMetrics(bold)

    def preferred_size(self) -> QSize:
        metrics = self.fontMetrics()
        lines = self.bold_metrics() if self.is_rich() else metrics    # rich text may be bold anywhere
        widest = max(lines.horizontalAdvance(line) for line in self.plain_lines())
        width = min(widest, metrics.averageCharWidth() * PREFERRED_CHARACTERS) + self.extra_width()
        width = min(width, self.maximumWidth())
        return QSize(width, self.heightForWidth(width))

    def smallest_size(self) -> QSize:
        metrics = self.bold_metrics()
        words = {word for line in self.plain_lines() for word in line.split()}
        longest = sorted(words, key=len)[-8:]          # the widest word is among the longest few
        width = max((metrics.horizontalAdvance(word) for word in longest), default=0) + self.extra_width()
        margins = self.contentsMargins()
        height = self.fontMetrics().height() + margins.top() + margins.bottom() + 2 * self.margin()
        return QSize(width, height)

    def setTextFormat(self, text_format) -> None:  # noqa: N802
        self.sizes.clear()
        super().setTextFormat(text_format)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in RESIZING_CHANGES:
            self.sizes.clear()
        super().changeEvent(event)


class LayoutFence(QWidget):
    """Shows one widget, filling the fence, and tells the fence's parent of a change inside only when the widget's
    size hints change. Qt passes every re-layout inside a widget up to the window (QLayout::activate always ends
    in updateGeometry), and the window's QTabWidget answers each one by repainting the whole tab: a new caption
    under the map, or a new ranking table, repainted every control of its tab on each council switch."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        content.setParent(self)
        content.installEventFilter(self)
        self.setSizePolicy(content.sizePolicy())
        self.hints = self.content_hints()

    def content_hints(self) -> tuple:
        """Everything of the content a parent layout reads."""
        content = self.content
        return (content.sizeHint(), content.minimumSizeHint(), content.minimumSize(), content.maximumSize(),
                content.sizePolicy(), content.hasHeightForWidth(), content.heightForWidth(self.width()))

    def pass_on_changes(self) -> None:
        hints = self.content_hints()
        if hints != self.hints:
            self.hints = hints
            self.setSizePolicy(self.content.sizePolicy())
            self.updateGeometry()

    def eventFilter(self, watched, event: QEvent) -> bool:  # noqa: N802
        """Anything re-laid out inside the content: lay it out now, then pass on what changed."""
        if watched is self.content and event.type() == QEvent.Type.LayoutRequest:
            if self.content.layout() is not None:
                self.content.layout().activate()
            self.pass_on_changes()
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:      # posted by the content's own updateGeometry
            self.pass_on_changes()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.content.setGeometry(self.rect())
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.content.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.content.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return self.content.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.content.heightForWidth(width)


def fenced_layout(owner: QWidget) -> QVBoxLayout:
    """The layout for ``owner``'s contents, inside a ``LayoutFence`` that fills ``owner``."""
    content = QWidget()
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(LayoutFence(content))
    return QVBoxLayout(content)


def scaled_font(widget: QWidget, factor: float, bold: bool = True) -> QFont:
    """The widget's font (the user's size) scaled: headings grow with the system font, never a fixed size."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font
