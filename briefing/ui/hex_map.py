"""A hex map of England's councils coloured by one measure (from a core all-councils ``ChartSpec``).

The bundled layout places every current council, including those created since 2020, on an odd-r offset grid.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from briefing.analysis.charts import ChartSpec
from briefing.analysis.format import format_value
from briefing.ui.labels import WrappedLabel, fenced_layout, scaled_font

HEX_SIZE = 10.0
NO_FIGURE = QColor("#ffffff")
COLOUR_MAP = pg.colormap.get("cividis")   # sequential and readable with colour-blindness and in greyscale


def hex_centre(q: int, r: int) -> QPointF:
    """Odd-r offset layout, north up (a larger r is further north)."""
    width = math.sqrt(3) * HEX_SIZE
    return QPointF(width * (q + (0.5 if r % 2 else 0.0)), -1.5 * HEX_SIZE * r)


def hexagon(centre: QPointF) -> QPolygonF:
    return QPolygonF([QPointF(centre.x() + HEX_SIZE * math.cos(math.radians(60 * i + 30)),
                              centre.y() + HEX_SIZE * math.sin(math.radians(60 * i + 30))) for i in range(6)])


def colour_at(fraction: float) -> QColor:
    return COLOUR_MAP.map(min(1.0, max(0.0, fraction)), mode="qcolor")


class HexItem(QGraphicsPolygonItem):
    def __init__(self, code: str, centre: QPointF) -> None:
        super().__init__(hexagon(centre))
        self.code = code
        self.text = ""
        self.setAcceptHoverEvents(True)
        self.setPen(QPen(QColor("#8a8a8a"), 0.6))


ARROWS = {Qt.Key.Key_Left: (-1.0, 0.0), Qt.Key.Key_Right: (1.0, 0.0), Qt.Key.Key_Up: (0.0, -1.0),
          Qt.Key.Key_Down: (0.0, 1.0)}
CHOOSE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class HexMap(QGraphicsView):
    """The map itself: hover shows the council and value, click selects the council. From the keyboard, the
    arrow keys move a dashed outline to the neighbouring hexagon (its figure shown as on hover) and Enter or
    Space selects that council."""

    council_clicked = Signal(str)
    hovered = Signal(str)

    def __init__(self, layout_rows: list[tuple[str, int, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMouseTracking(True)
        self.setBackgroundBrush(QColor("white"))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Hex map of councils: click a hexagon, or move with the arrow keys and press Enter, "
                               "to select that council")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.cursor_code = ""
        self.items: dict[str, HexItem] = {}
        for code, q, r in layout_rows:
            item = HexItem(code, hex_centre(q, r))
            self.scene().addItem(item)
            self.items[code] = item
        self.selected = ""

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fitInView(self.scene().itemsBoundingRect().adjusted(-4, -4, 4, 4), Qt.AspectRatioMode.KeepAspectRatio)

    def colour(self, values: dict[str, tuple[float, str, str]], low: float, high: float) -> None:
        """``values``: code -> (value, name, hover text); missing values are white with a hatched edge."""
        span = (high - low) or 1.0
        for code, item in self.items.items():
            value, name, text = values.get(code, (float("nan"), code, "not in this chart"))
            item.text = text
            item.setToolTip(text)
            if math.isnan(value):
                item.setBrush(QBrush(QColor("#9a9a9a"), Qt.BrushStyle.BDiagPattern))
            else:
                item.setBrush(QBrush(colour_at((value - low) / span)))

    def select(self, code: str) -> None:
        if self.selected in self.items:
            self.items[self.selected].setPen(QPen(QColor("#8a8a8a"), 0.6))
            self.items[self.selected].setZValue(0)
        self.selected = code
        if code in self.items:
            self.items[code].setPen(QPen(QColor("#D55E00"), 2.4))
            self.items[code].setZValue(1)
        if self.cursor_code in self.items:
            self.move_cursor(self.cursor_code)     # the keyboard's outline stays on top

    def move_cursor(self, code: str) -> None:
        """Outline the keyboard's hexagon (dashed, over the selected one's outline) and say its figure."""
        old = self.items.get(self.cursor_code)
        if old is not None:
            selected = self.cursor_code == self.selected
            old.setPen(QPen(QColor("#D55E00"), 2.4) if selected else QPen(QColor("#8a8a8a"), 0.6))
            old.setZValue(1 if selected else 0)
        self.cursor_code = code
        item = self.items.get(code)
        if item is None:
            return
        pen = QPen(QColor("#000000"), 1.8, Qt.PenStyle.DashLine)
        item.setPen(pen)
        item.setZValue(2)
        self.setAccessibleDescription(item.text)
        self.hovered.emit(item.text)

    def neighbour(self, code: str, dx: float, dy: float) -> str:
        """The nearest hexagon whose centre lies within 60 degrees of the direction (dx, dy); ``code`` if none."""
        here = self.items[code].polygon().boundingRect().center()
        best, best_distance = code, math.inf
        for other, item in self.items.items():
            there = item.polygon().boundingRect().center()
            vx, vy = there.x() - here.x(), there.y() - here.y()
            distance = math.hypot(vx, vy)
            if other != code and (vx * dx + vy * dy) >= distance * 0.5 and distance < best_distance:
                best, best_distance = other, distance
        return best

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        if self.cursor_code not in self.items and self.items:
            self.move_cursor(self.selected if self.selected in self.items else next(iter(self.items)))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        key = Qt.Key(event.key())
        if key in ARROWS and self.cursor_code in self.items:
            self.move_cursor(self.neighbour(self.cursor_code, *ARROWS[key]))
        elif key in CHOOSE_KEYS and self.cursor_code in self.items:
            self.council_clicked.emit(self.cursor_code)
        else:
            super().keyPressEvent(event)

    def item_at(self, pos) -> HexItem | None:
        item = self.itemAt(pos)
        return item if isinstance(item, HexItem) else None

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        item = self.item_at(event.position().toPoint())
        self.hovered.emit(item.text if item else "")
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        item = self.item_at(event.position().toPoint())
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.council_clicked.emit(item.code)
        super().mouseReleaseEvent(event)


class GradientLegend(QWidget):
    """The colour scale with its ends labelled in the measure's unit, and the 'no figure' swatch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(46)
        self.low_text = self.high_text = ""

    def set_range(self, low: str, high: str) -> None:
        self.low_text, self.high_text = low, high
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        bar = QRectF(8, 4, min(320, self.width() - 170), 16)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for i in range(11):
            gradient.setColorAt(i / 10, colour_at(i / 10))
        painter.fillRect(bar, gradient)
        painter.setPen(QColor("#222222"))
        painter.drawText(QRectF(bar.left(), bar.bottom() + 2, bar.width() / 2, 20), Qt.AlignmentFlag.AlignLeft,
                         self.low_text)
        painter.drawText(QRectF(bar.center().x(), bar.bottom() + 2, bar.width() / 2, 20),
                         Qt.AlignmentFlag.AlignRight, self.high_text)
        swatch = QRectF(bar.right() + 16, 4, 16, 16)
        painter.fillRect(swatch, QBrush(QColor("#9a9a9a"), Qt.BrushStyle.BDiagPattern))
        painter.drawRect(swatch)
        painter.drawText(QRectF(swatch.right() + 6, 2, 130, 20), Qt.AlignmentFlag.AlignLeft, "no figure")
        painter.end()


class MapView(QWidget):
    """Map, legend and a line that names the hovered council and its value."""

    council_clicked = Signal(str)
    sources_requested = Signal(tuple)

    def __init__(self, layout_rows: list[tuple[str, int, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: ChartSpec | None = None
        self.title = WrappedLabel()
        self.title.setFont(scaled_font(self, 1.1))
        self.map = HexMap(layout_rows)
        self.map.council_clicked.connect(self.council_clicked)
        self.hover = QLabel("Hover over a hexagon to see its figure; click to select the council.")
        self.map.hovered.connect(lambda text: self.hover.setText(text or self.hover_hint()))
        self.legend = GradientLegend()
        self.caption = WrappedLabel()
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.linkActivated.connect(lambda _: self.spec and self.sources_requested.emit(self.spec.source_ids))
        self.caption.setFont(scaled_font(self, 0.9, bold=False))    # the palette's text colour: dark themes too
        layout = fenced_layout(self)           # a new council's texts re-lay out this tab only
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.map, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend, 1)
        bottom.addWidget(self.hover, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.caption)

    def hover_hint(self) -> str:
        return "Hover over a hexagon to see its figure; click to select the council."

    def show_spec(self, spec: ChartSpec, selected: str) -> None:
        """Colour by a caterpillar spec (one point per council, with its code, value and gap reason)."""
        self.spec = spec
        self.title.setText(spec.title)
        points = [p for s in spec.series for p in s.points if p.area]
        present = [p.value for p in points if not p.missing]
        low, high = (min(present), max(present)) if present else (0.0, 1.0)
        values = {}
        for p in points:
            shown = f"no figure: {p.note}" if p.missing else format_value(p.value, spec.unit, compact=False)
            values[p.area] = (p.value, p.x, f"{p.x}: {shown}")
        self.map.colour(values, low, high)
        self.map.select(selected)
        self.legend.set_range(format_value(low, spec.unit), format_value(high, spec.unit))
        link = f" <a href='sources'>Sources ({len(spec.source_ids)})</a>" if spec.source_ids else ""
        self.caption.setText(escape(spec.caption) + link)
