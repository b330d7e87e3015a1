"""A word-wrapped label that remembers its sizes: switching council re-lays out whole pages, and Qt lays a
wrapped label's text out afresh (twice for rich text) on every one of the dozens of size queries that asks.
A fence that keeps a tab's layout changes inside it. And headings' fonts, scaled from the user's own size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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
