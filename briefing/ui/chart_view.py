"""Draw a core ``ChartSpec`` with pyqtgraph, with hover values, a data-table toggle, copy and export.

The spec decides everything shown (series, roles, gaps, units) and ``analysis.chart_style`` how it looks
(the same colours, widths, dashes, markers, order and legend as the PDF); this module only turns them into pixels.
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QBuffer,
    QEvent,
    QIODevice,
    QMimeData,
    QPoint,
    QPointF,
    QRectF,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFileDialog,
    QGraphicsItem,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing.analysis.chart_style import (
    END_LABEL_SIZE,
    LEADER_DASH,
    LEADER_WIDTH,
    MARKER_SIZE,
    OUTLINE_COLOUR,
    RANK_LABEL_COLOUR,
    SCREEN_PIXELS_PER_POINT,
    BarStyle,
    EndLabel,
    LegendEntry,
    LineStyle,
    RankLabel,
    bar_style,
    category_labels,
    drawing_order,
    end_labels,
    legend,
    line_styles,
    needs_leader,
    nice_ticks,
    rank_labels,
    spread,
    value_ticks,
)
from briefing.analysis.charts import SUBJECT, ChartPoint, ChartSpec
from briefing.analysis.format import format_value
from briefing.report.figures import safe_cell
from briefing.report.files import write_atomic
from briefing.ui.export_dialog import FOLDER_KEY
from briefing.ui.labels import WrappedLabel, scaled_font
from briefing.ui.models import TextTableModel

pg.setConfigOptions(antialias=True, background="w", foreground="#222222")

MAX_TICK_LABELS = 8
LEGEND_TEXT_PIXELS = 12
SMALL_TEXT_POINTS = 6.5      # the PDF's small text (points); the screen draws it 1.25 times larger
BAR_ROW_PIXELS = 22
HOVER_PIXELS = 14
EDGE_LABEL_PIXELS = 40     # how far an x label may reach past the plot's ends (into the axis margins)

SourceNamer = Callable[[tuple[str, ...]], str]


class ChartAxis(pg.AxisItem):
    """An axis of categories (fixed ticks) or of values in the chart's unit (£12.3m, 5.0%), written the way
    the rest of the app writes them."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.unit = "count"
        self.labels: list[str] = []
        self.enableAutoSIPrefix(False)
        self.setTextPen("#222222")

    def show_values(self, unit: str, value_range: tuple[float, float]) -> None:
        self.unit = unit
        self.setTicks(None)
        low, high = value_range
        self.fit([format_value(low, unit), format_value(high, unit), format_value(-abs(high), unit)])

    def show_categories(self, ticks: list[list[tuple[float, str]]]) -> None:
        self.labels = [text for _, text in ticks[0]]     # the labelled categories, for tests
        if ticks != self._tickLevels:      # the same periods for most councils: the drawn axis is kept
            self.setTicks(ticks)
        self.fit([text for level in ticks for _, text in level])

    def fit(self, labels: list[str]) -> None:
        """A vertical axis sized for its labels up front: letting pyqtgraph widen it while painting would
        lay the chart out, and paint it, twice on every council switch. Set only when it changes: pyqtgraph
        draws the axis afresh on every width it is given."""
        if self.orientation == "left":
            metrics = QFontMetrics(QApplication.font())
            width = max((metrics.horizontalAdvance(t) for t in labels), default=20) + 18
            if width != self.fixedWidth:
                self.setWidth(width)

    def keep_overlapping(self, keep: bool | int) -> None:
        """pyqtgraph's ``hideOverlappingLabels``, set only when it changes (setting it redraws the axis)."""
        if self.style["hideOverlappingLabels"] != keep:
            self.setStyle(hideOverlappingLabels=keep)

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph's names)
        """One level of round values (``nice_ticks``, as on paper), about one per 50 pixels up or 90 across:
        pyqtgraph's own three levels of minor ticks cost a third of a council switch to draw."""
        low, high = min(minVal, maxVal), max(minVal, maxVal)
        count = max(3, min(10, int(size // (50 if self.orientation in ("left", "right") else 90))))
        slack = (high - low) * 1e-6
        return [(None, [t for t in nice_ticks(low, high, count) if low - slack <= t <= high + slack])]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        return [format_value(float(v), self.unit) for v in values]


class EndLabelAxis(pg.AxisItem):
    """The right margin of a line chart: each line's direct label, level with its last figure and spread apart
    as on paper (``chart_style.spread``), with a dotted leader from a line that ends before the last period. An
    axis item, so pyqtgraph lays it out beside the plot and repaints it when the view's range changes (zoom)."""

    def __init__(self) -> None:
        super().__init__("right")
        self.labels: list[EndLabel] = []
        self.font = QFont(QApplication.font())
        self.font.setPixelSize(round(END_LABEL_SIZE * 1.25 * SCREEN_PIXELS_PER_POINT))   # same in SVG
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.drawn: list[tuple[str, str]] = []     # (text, colour) as last painted, for tests
        self.leaders: list[bool] = []
        self.fixed_width = 0

    def set_labels(self, labels: list[EndLabel], leaders: list[bool] | None = None) -> None:
        self.prepareGeometryChange()        # leaders reach over the plot: the bounds change with them
        self.labels = labels
        self.leaders = leaders or [False] * len(labels)
        width = max((QFontMetrics(self.bold).horizontalAdvance(lab.text) for lab in labels), default=0)
        width = -(-(width + 10) // 24) * 24     # in steps: most council switches then keep the plot's layout
        if labels and width != self.fixed_width:  # (no labels: the axis is hidden, its width is kept)
            self.fixed_width = width
            self.setWidth(width)
        self.drawn = [(lab.text, lab.colour) for lab in labels]
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        rect = super().boundingRect()
        view = self.linkedView()
        return rect | view.mapRectToItem(self, view.boundingRect()) if view is not None and any(self.leaders) else rect

    def paint(self, painter: QPainter, *args) -> None:
        view = self.linkedView()
        if view is None or not self.labels:
            return
        height = QFontMetrics(self.font).height()
        ys = [self.mapFromScene(view.mapViewToScene(QPointF(0, lab.value))).y() for lab in self.labels]
        ys = spread(ys, height * 0.95, height / 2, self.height() - height / 2)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setClipRect(self.boundingRect())
        for lab, y, leader in zip(self.labels, ys, self.leaders, strict=True):
            if leader:
                painter.setPen(series_pen(lab.colour, LEADER_WIDTH, LEADER_DASH))
                tip = self.mapFromScene(view.mapViewToScene(QPointF(lab.at, lab.value)))
                painter.drawLine(QPointF(tip.x() + 4, tip.y()), QPointF(3, y))
            painter.setFont(self.bold if lab.bold else self.font)
            painter.setPen(QColor(lab.colour))
            painter.drawText(QRectF(5, y - height / 2, self.width() - 5, height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, lab.text)


class ChartPlot(pg.PlotWidget):
    """The plot: the mouse wheel scrolls the page unless the user has switched zoom on."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.zoom_enabled = False

    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.zoom_enabled:
            super().wheelEvent(event)
            return
        page = self.parentWidget()
        while page is not None and not isinstance(page, QAbstractScrollArea):
            page = page.parentWidget()
        if page is None:
            event.ignore()
        else:       # handed to the page explicitly: Qt passes on only the wheel events the system sent
            QApplication.sendEvent(page.viewport(), QWheelEvent(
                page.viewport().mapFromGlobal(event.globalPosition()), event.globalPosition(), event.pixelDelta(),
                event.angleDelta(), event.buttons(), event.modifiers(), event.phase(), event.inverted()))
            event.accept()


@dataclass(frozen=True)
class Polyline:
    """One series of a line chart: y is NaN where the figure is missing (a gap)."""

    x: np.ndarray
    y: np.ndarray
    style: LineStyle

    @property
    def pen(self) -> QPen:
        return series_pen(self.style.colour, self.style.width, self.style.dash)

    @property
    def marker(self) -> float:
        """The largest marker diameter in pixels (0 if none can be drawn)."""
        return MARKER_SIZE[SUBJECT if self.style.marker else ""] * SCREEN_PIXELS_PER_POINT

    @functools.cached_property
    def marked(self) -> list[int]:
        """Indexes that get a marker: every figure of a series with a marker shape, else lone figures only (a
        figure between two gaps draws no line)."""
        finite = np.isfinite(self.y)
        if self.style.marker:
            return list(np.flatnonzero(finite))
        padded = np.concatenate(([False], finite, [False]))
        return list(np.flatnonzero(finite & ~padded[:-2] & ~padded[2:]))

    @functools.cached_property
    def path(self) -> QPainterPath:
        return gapped_path(self.x, self.y)


SPEC_MEMORY = 2000       # specs whose drawing is remembered; forgotten all at once beyond this


def per_spec(work: Callable[[ChartSpec], object]) -> Callable[[ChartSpec], object]:
    """``work(spec)`` remembered for each spec object: specs are immutable and the session keeps the ones it
    built, so a council shown again is drawn from what was worked out the first time. Held by identity (with
    the spec, so its id is not reused): hashing a spec's nested tuples would cost more than the work."""
    memory: dict[int, tuple[ChartSpec, object]] = {}

    @functools.wraps(work)
    def remembered(spec: ChartSpec):
        found = memory.get(id(spec))
        if found is None or found[0] is not spec:
            if len(memory) >= SPEC_MEMORY:
                memory.clear()
            found = memory[id(spec)] = (spec, work(spec))
        return found[1]
    return remembered


@dataclass(frozen=True)
class LinePlan:
    """What a line chart draws, worked out from its spec alone."""

    ticks: list[float]                          # the value axis (as on paper)
    category_ticks: list[list[tuple[float, str]]]
    polylines: tuple[Polyline, ...]             # in drawing order; series without a figure left out
    drawn: tuple[str, ...]                      # their labels
    data_rect: QRectF
    end_labels: list[EndLabel]
    leaders: list[bool]


@per_spec
def line_plan(spec: ChartSpec) -> LinePlan:
    categories = spec.categories
    x = np.arange(len(categories), dtype=float)
    labelled = category_labels(len(categories), math.ceil(len(categories) / MAX_TICK_LABELS))
    polylines = []
    for style in drawing_order(line_styles(spec)):
        s = spec.series[style.series]
        by_x = {p.x: p for p in s.points}
        y = np.array([by_x[c].value if c in by_x else np.nan for c in categories], dtype=float)
        if not np.isnan(y).all():
            polylines.append(Polyline(x, y, style))
    xs = np.concatenate([line.x[np.isfinite(line.y)] for line in polylines] or [np.zeros(0)])
    ys = np.concatenate([line.y[np.isfinite(line.y)] for line in polylines] or [np.zeros(0)])
    labels = end_labels(spec)
    return LinePlan(
        value_ticks(spec), [[(i, categories[i]) for i in labelled], [(i, "") for i in range(len(categories))]],
        tuple(polylines), tuple(spec.series[line.style.series].label for line in polylines),
        QRectF(xs.min(), ys.min(), np.ptp(xs), np.ptp(ys)) if len(xs) else QRectF(),
        labels, [needs_leader(lab, spec) for lab in labels])


@dataclass(frozen=True)
class BarPlan:
    """What a bar or caterpillar chart draws, worked out from its spec alone."""

    ticks: list[float]                  # the value axis (as on paper)
    value_range: tuple[float, float]
    points: tuple[ChartPoint, ...]
    positions: np.ndarray
    sets: tuple[tuple[BarStyle, np.ndarray, np.ndarray], ...]  # each role's figures and positions, lowest z first
    gaps: tuple[float, ...]             # positions of the missing figures


@per_spec
def bar_plan(spec: ChartSpec) -> BarPlan:
    points = tuple(p for s in spec.series for p in s.points)
    positions = bar_positions(len(points), horizontal=spec.kind == "bar")
    sets = []
    for style in sorted(map(bar_style, dict.fromkeys(p.role for p in points)), key=lambda style: style.z):
        chosen = [i for i, p in enumerate(points) if p.role == style.role and not p.missing]
        if chosen:
            sets.append((style, np.array([points[i].value for i in chosen]), positions[chosen]))
    return BarPlan(value_ticks(spec), spec.value_range(), points, positions, tuple(sets),
                   tuple(positions[i] for i, p in enumerate(points) if p.missing))


spec_rank_labels = per_spec(rank_labels)
spec_description = per_spec(ChartSpec.description)
spec_legend = per_spec(legend)
spec_gaps = per_spec(ChartSpec.missing_notes)


def gapped_path(x: np.ndarray, y: np.ndarray) -> QPainterPath:
    """The line through the finite points, lifted over missing ones."""
    path, drawing = QPainterPath(), False
    for xi, yi in zip(x.tolist(), y.tolist(), strict=True):
        if math.isnan(yi):
            drawing = False
        elif drawing:
            path.lineTo(xi, yi)
        else:
            path.moveTo(xi, yi)
            drawing = True
    return path


class SeriesLines(pg.GraphicsObject):
    """Every line of a line chart in one item. One pyqtgraph curve and scatter per series made a council
    switch re-set a dozen items per chart, with their signals, bounds and symbol atlases; this draws the
    same pens and round markers straight from painter paths. Cached as pixels on screen: pyqtgraph repaints
    a chart when anything near it changes, and stroking a dozen antialiased lines again costs milliseconds."""

    ON_SCREEN_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache

    def __init__(self) -> None:
        super().__init__()
        self.polylines: tuple[Polyline, ...] = ()
        self.padding = 0.0                      # pixels: the widest pen or marker
        self.data_rect = QRectF()
        self.setCacheMode(self.ON_SCREEN_CACHE)

    def set_polylines(self, polylines: tuple[Polyline, ...], data_rect: QRectF) -> None:
        """``data_rect``: the figures' extent. Padding is worked out here once, not on each of the many bounds
        queries and paints that follow."""
        self.prepareGeometryChange()
        self.polylines = polylines
        self.padding = max((max(line.pen.widthF(), line.marker) for line in polylines), default=0.0)
        self.data_rect = data_rect
        self.update()

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):  # noqa: N802, N803 (pyqtgraph's names)
        """For "View all": the figures' extent, as pyqtgraph's own curves report it."""
        if not self.polylines:
            return None, None
        rect = self.data_rect
        return (rect.left(), rect.right()) if axis == 0 else (rect.top(), rect.bottom())

    def pixelPadding(self) -> float:  # noqa: N802
        return self.padding

    def boundingRect(self) -> QRectF:  # noqa: N802
        px, py = self.pixelVectors()
        pad = self.pixelPadding()
        dx = px.length() * pad if px is not None else 0.0
        dy = py.length() * pad if py is not None else 0.0
        return self.data_rect.adjusted(-dx, -dy, dx, dy)

    def viewTransformChanged(self) -> None:  # noqa: N802
        self.prepareGeometryChange()

    def paint(self, painter: QPainter, *args) -> None:
        """Paths are mapped to device pixels and stroked untransformed: an SVG file then holds plain pixel paths,
        not hairlines inside the view's huge scaling (which librsvg and ImageMagick drew as filled blobs)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for line in self.polylines:
            transform = painter.transform()
            painter.resetTransform()
            painter.setPen(line.pen)
            painter.drawPath(transform.map(line.path))
            painter.setTransform(transform)
            self.paint_markers(painter, line)

    @staticmethod
    def paint_markers(painter: QPainter, line: Polyline) -> None:
        """Markers are sized in pixels, so they are drawn untransformed (as pyqtgraph's scatter does), with a
        white rim as on paper."""
        marked = line.marked
        if not marked:
            return
        transform = painter.transform()
        painter.resetTransform()
        painter.setPen(QPen(QColor("white"), 0.5 * SCREEN_PIXELS_PER_POINT))
        painter.setBrush(QColor(line.style.colour))
        size = line.marker
        for i in marked:
            centre = transform.map(QPointF(float(line.x[i]), float(line.y[i])))
            painter.drawPath(marker_path(line.style.marker or "circle", centre, size))
        painter.setTransform(transform)
        painter.setBrush(Qt.BrushStyle.NoBrush)


class RankLabels(pg.GraphicsObject):
    """A ranking's first and last councils named beside their bars with leader lines, placed as on paper
    (``chart_style.rank_labels`` and ``spread``), in device pixels so the text keeps its size when zoomed."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: list[RankLabel] = []
        self.drawn: list[tuple[str, str]] = []     # (text, colour), for tests
        self.font = QFont(QApplication.font())
        self.font.setPixelSize(round(SMALL_TEXT_POINTS * 1.25 * SCREEN_PIXELS_PER_POINT))   # same in SVG

    def set_labels(self, labels: list[RankLabel]) -> None:
        self.prepareGeometryChange()
        self.labels = labels
        self.drawn = [(lab.text, RANK_LABEL_COLOUR) for lab in labels]
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        view = self.getViewBox()
        return view.viewRect() if view is not None and self.labels else QRectF()

    def viewTransformChanged(self) -> None:  # noqa: N802
        self.prepareGeometryChange()

    def paint(self, painter: QPainter, *args) -> None:
        if not self.labels:
            return
        transform = painter.transform()
        view = transform.mapRect(self.boundingRect())
        painter.resetTransform()
        painter.setFont(self.font)
        metrics = QFontMetrics(self.font)
        colour = QColor(RANK_LABEL_COLOUR)
        for after in (True, False):
            side = [lab for lab in self.labels if lab.after == after]
            if not side:
                continue
            edge = max(lab.index for lab in side) + 1.1 if after else min(lab.index for lab in side) - 1.1
            x = transform.map(QPointF(edge, 0)).x() + (5 if after else -5)
            tips = [transform.map(QPointF(lab.index, lab.value)) for lab in side]
            ys = spread([tip.y() for tip in tips], metrics.height(), view.top() + metrics.height(),
                        view.bottom() - metrics.height())
            for lab, tip, y in zip(side, tips, ys, strict=True):
                painter.setPen(QPen(colour, 0.6))
                painter.drawLine(tip, QPointF(x + (-2 if after else 2), y))
                width = metrics.horizontalAdvance(lab.text)
                left = x if after else x - width
                box = QRectF(left, y - metrics.height() / 2, width + 2, metrics.height())
                painter.fillRect(box.adjusted(-1, 1, 1, -1), QColor("white"))   # readable over the bars
                painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, lab.text)
        painter.setTransform(transform)


class PixelBars(pg.BarGraphItem):
    """Bars of one colour whose outline is stroked in device pixels, as ``SeriesLines`` strokes lines: an SVG
    export then holds plain rectangles, not hairline outlines inside the view's scaling (blobs in librsvg)."""

    def paint(self, painter: QPainter, *args) -> None:
        if not self._singleColor:
            super().paint(painter, *args)
            return
        transform = painter.transform()
        painter.resetTransform()
        pen = QPen(self._sharedPen)
        pen.setCosmetic(False)
        painter.setPen(pen)
        painter.setBrush(self._sharedBrush)
        for rect in self._rectarray.instances():
            painter.drawRect(transform.mapRect(rect))
        painter.setTransform(transform)


class ZeroLine(pg.InfiniteLine):
    """The zero line, stroked in device pixels (as ``PixelBars``), so exported SVG shows a line, not a band."""

    def paint(self, painter: QPainter, *args) -> None:
        left, right = self._endPoints
        transform = painter.transform()
        painter.resetTransform()
        pen = QPen(self.currentPen)
        pen.setCosmetic(False)
        painter.setPen(pen)
        painter.drawLine(transform.map(QPointF(left, 0)), transform.map(QPointF(right, 0)))
        painter.setTransform(transform)


@dataclass(frozen=True)
class HoverTarget:
    """Something under the mouse: a point (line charts) or a bar, in data coordinates."""

    rect: QRectF
    text: str
    area: str = ""
    bar: bool = False       # bars are hit anywhere in their row (or column); points within a few pixels
    sources: tuple[str, ...] = ()   # the figure's own sources, where known (else the chart's)


class ChartLegend(QWidget):
    """The legend drawn with the chart's own pens (each line's colour, width, dash and marker; each bar's fill and
    outline), flowed into rows. Painted rather than written with text swatches: an exported SVG then shows the
    key in every renderer (ImageMagick has no glyphs for '■' or box-drawing dashes)."""

    SWATCH, GAP = 22, 14        # pixels: a line swatch's length, the space between entries

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[LegendEntry] = []
        self.widths: list[int] = []
        self.heights: dict[int, int] = {}
        self.font = QFont(QApplication.font())
        self.font.setPixelSize(LEGEND_TEXT_PIXELS)     # pixels, not points: the same on screen and in SVG
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName("Legend")

    def set_entries(self, entries: list[LegendEntry]) -> None:
        self.entries = entries
        self.widths = [self.SWATCH + 7 + QFontMetrics(self.entry_font(e)).horizontalAdvance(e.label) for e in entries]
        self.heights = {}
        self.setAccessibleDescription("; ".join(e.label for e in entries))
        self.updateGeometry()
        self.update()

    def entry_font(self, entry: LegendEntry) -> QFont:
        return self.bold if entry.role == SUBJECT else self.font

    def row_height(self) -> int:
        return QFontMetrics(self.bold).height() + 3

    def placed(self, width: int) -> list[tuple[int, int, int]]:
        """(x, row, width) of each entry, flowed into rows of ``width`` pixels."""
        x, row, out = 0, 0, []
        for w in self.widths:
            if x and x + w > width:
                x, row = 0, row + 1
            out.append((x, row, min(w, width)))
            x += w + self.GAP
        return out

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        if width not in self.heights:
            rows = max((row for _, row, _ in self.placed(width)), default=-1) + 1
            self.heights[width] = rows * self.row_height()
        return self.heights[width]

    def sizeHint(self) -> QSize:  # noqa: N802
        width = min(sum(self.widths) + self.GAP * len(self.widths), 600)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, self.heightForWidth(max(self.width(), 1)))

    def paint_swatch(self, painter: QPainter, entry: LegendEntry, x: float, middle: float) -> None:
        colour = QColor(entry.colour)
        if entry.kind == "bar":
            painter.setPen(QPen(QColor(OUTLINE_COLOUR), 0.6 * SCREEN_PIXELS_PER_POINT)
                           if bar_style(entry.role).outlined else Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(QRectF(x + 2, middle - 5, 13, 10))
            return
        painter.setPen(series_pen(entry.colour, entry.width, entry.dash))
        swatch = QPainterPath(QPointF(x, middle))       # a path, as the lines are: ImageMagick cannot draw an SVG
        swatch.lineTo(x + self.SWATCH, middle)          # polyline with round caps (it stops drawing there)
        painter.drawPath(swatch)
        if entry.marker:
            painter.setPen(QPen(QColor("white"), 0.5 * SCREEN_PIXELS_PER_POINT))
            painter.setBrush(colour)
            size = MARKER_SIZE[SUBJECT] * SCREEN_PIXELS_PER_POINT
            painter.drawPath(marker_path(entry.marker, QPointF(x + self.SWATCH / 2, middle), size))

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        height = self.row_height()
        for entry, (x, row, width) in zip(self.entries, self.placed(self.width()), strict=True):
            middle = row * height + height / 2
            self.paint_swatch(painter, entry, x, middle)
            painter.setPen(QColor("#222222"))
            painter.setFont(self.entry_font(entry))
            text = QFontMetrics(self.entry_font(entry)).elidedText(entry.label, Qt.TextElideMode.ElideRight,
                                                                   width - self.SWATCH - 5)
            painter.drawText(QRectF(x + self.SWATCH + 5, row * height, width, height),
                             Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()


class ChartView(QWidget):
    """One chart: title, plot (or its data table), legend, gap reasons, caption and source."""

    council_clicked = Signal(str)
    sources_requested = Signal(tuple)

    def __init__(self, source_namer: SourceNamer, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        """``settings`` remember the export folder (shared with the briefing export); None remembers nothing."""
        super().__init__(parent)
        self.source_namer = source_namer
        self.settings = settings
        self.spec: ChartSpec | None = None
        self.hover_targets: list[HoverTarget] | None = None   # made on first hover, not on every switch
        self.drawn_series: list[str] = []   # labels of the lines or bars drawn, for tests and accessibility
        self.legend_entries: list[LegendEntry] = []

        self.title = WrappedLabel()
        self.title.setFont(scaled_font(self, 1.1))       # the user's font size, scaled
        self.table_button = self.tool_button("Table", "Show the figures behind the chart as a table", self.toggle_table)
        self.table_button.setCheckable(True)
        self.copy_button = self.tool_button("Copy", "Copy the chart image and its figures to the clipboard",
                                            self.copy_to_clipboard)
        self.export_button = self.tool_button("Export", "Save the chart as PNG or SVG, or its figures as CSV", None)
        menu = QMenu(self.export_button)
        menu.addAction("PNG image…", lambda: self.export_with_dialog("png"))
        menu.addAction("SVG image…", lambda: self.export_with_dialog("svg"))
        menu.addAction("CSV figures…", lambda: self.export_with_dialog("csv"))
        self.export_button.setMenu(menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.zoom_button = self.tool_button("Zoom", "Let the mouse wheel and dragging zoom and pan this chart",
                                            self.set_zoom)
        self.zoom_button.setCheckable(True)
        self.reset_button = self.tool_button("Reset zoom", "Show the whole chart again", self.reset_zoom)
        self.reset_button.hide()

        self.left_axis, self.bottom_axis = ChartAxis("left"), ChartAxis("bottom")
        self.end_axis = EndLabelAxis()
        self.plot = ChartPlot(axisItems={"left": self.left_axis, "bottom": self.bottom_axis, "right": self.end_axis})
        self.plot.setMinimumHeight(220)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot.getPlotItem().hideButtons()
        self.plot.getPlotItem().setMenuEnabled(False)   # its export menu and "View all" bypass ours
        self.plot.getPlotItem().layout.setContentsMargins(1, 9, 1, 1)   # room for the top value label's upper half
        self.home: tuple[tuple[float, float], tuple[float, float]] = ((0.0, 1.0), (0.0, 1.0))
        self.hover = QLabel(self.plot)       # stays while the pointer rests on a figure (a tooltip would vanish)
        self.hover.setTextFormat(Qt.TextFormat.PlainText)
        self.hover.setStyleSheet("background: #FFFFF0; color: #111111; border: 1px solid #777777; padding: 3px;")
        self.hover.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hover.hide()
        self.ring = pg.ScatterPlotItem(size=13, pen=pg.mkPen("#111111", width=1.6), brush=None)  # the figure hovered
        self.ring.setZValue(20)
        self.ring.hide()
        self.plot.getPlotItem().addItem(self.ring)
        self.plot.viewport().installEventFilter(self)
        self.plot.scene().sigMouseMoved.connect(self.on_mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self.on_mouse_clicked)
        self.lines = SeriesLines()
        self.plot.getPlotItem().addItem(self.lines)
        self.rank_labels = RankLabels()
        self.rank_labels.setZValue(10)
        self.plot.getPlotItem().addItem(self.rank_labels)
        self.bar_sets: list[pg.BarGraphItem] = []
        self.gap_labels: list[pg.TextItem] = []
        self.zero_line = ZeroLine(pos=0, pen=pg.mkPen("#444444", width=1))
        self.plot.getPlotItem().addItem(self.zero_line)
        self.table_model = TextTableModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setTabKeyNavigation(False)       # Tab leaves the table (arrow keys move within it)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.table)

        self.legend = ChartLegend()
        self.notes = self.small_label()
        self.caveats = self.small_label()
        self.caption = self.small_label()
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.caption.linkActivated.connect(lambda _: self.spec and self.sources_requested.emit(self.spec.source_ids))

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        for button in (self.reset_button, self.zoom_button, self.table_button, self.copy_button, self.export_button):
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.figure = QWidget()       # what PNG/SVG export and copy draw: title, plot, legend, notes, caption
        self.figure.setAutoFillBackground(True)
        palette = self.figure.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))      # the figure is printed as it is shown:
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):   # dark text on white, in a dark
            palette.setColor(role, QColor("#222222"))                                # theme too (its table keeps it)
        self.figure.setPalette(palette)
        figure_layout = QVBoxLayout(self.figure)
        figure_layout.setContentsMargins(6, 4, 6, 4)
        figure_layout.setSpacing(2)
        figure_layout.addLayout(header)
        figure_layout.addWidget(self.stack, 1)
        for label in (self.legend, self.notes, self.caveats, self.caption):
            figure_layout.addWidget(label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.figure)

    # --- building blocks ---------------------------------------------------------------------------------

    def tool_button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        if slot:
            button.clicked.connect(slot)
        return button

    def small_label(self) -> QLabel:
        label = WrappedLabel()
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setFont(scaled_font(self, 0.9, bold=False))
        label.setStyleSheet("color: #333333;")          # dark on the figure's white, whatever the theme
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # --- drawing -------------------------------------------------------------------------------------------

    def set_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        self.title.setText(spec.title)
        description = spec_description(spec)
        self.setAccessibleName(f"Chart: {spec.title}")
        self.setAccessibleDescription(description)
        self.plot.setAccessibleName(f"Chart: {spec.title}")
        self.plot.viewport().setAccessibleName(f"Chart: {spec.title}")    # the part that takes focus
        self.plot.setAccessibleDescription(f"{description} {spec.caption}")
        self.table.setAccessibleName(f"Figures for chart: {spec.title}")
        if self.table_button.isChecked():
            self.table_model.set_rows(*spec.table())
        self.hide_items(keep_end_labels=spec.kind == "line")
        self.hide_hover()
        self.zoom_button.setVisible(spec.kind != "bar")     # bars show every council already
        if spec.kind == "bar" and self.zoom_button.isChecked():
            self.zoom_button.setChecked(False)
            self.set_zoom(False)
        self.hover_targets = None
        self.drawn_series = []
        sources = self.source_namer(spec.source_ids)
        if spec.kind == "line":
            self.draw_lines(spec)
        elif spec.kind == "bar":
            self.draw_bars(spec)
        else:
            self.draw_caterpillar(spec)
        gaps = spec_gaps(spec)
        sentences = (gap if gap.endswith(".") else gap + "." for gap in gaps)     # each reason is a sentence
        self.notes.setText("<b>Gaps</b> (not zeros): " + escape(" ".join(sentences)) if gaps else "")
        self.notes.setVisible(bool(gaps))
        link = f" <a href='sources'>Sources ({len(spec.source_ids)})</a>" if spec.source_ids else ""
        self.caption.setText(escape(spec.caption) + link)
        self.caption.setToolTip("Sources: " + sources if sources else "")
        self.settle()
        caveats = [n for n in spec.notes if n]
        self.caveats.setText("<br>".join(f"<b>Note:</b> {escape(n)}" for n in caveats))
        self.caveats.setVisible(bool(caveats))

    def settle(self) -> None:
        """Settle axis sizes and the view's ranges now (again after the page is laid out), so the chart is
        painted once, not twice: pyqtgraph otherwise updates them while painting and paints again."""
        item = self.plot.getPlotItem()
        item.layout.activate()
        item.vb.prepareForPaint()

    def draw_lines(self, spec: ChartSpec) -> None:
        item = self.plot.getPlotItem()
        plan = line_plan(spec)
        ticks = plan.ticks
        self.left_axis.show_values(spec.unit, (ticks[0], ticks[-1]))
        self.bottom_axis.show_categories(plan.category_ticks)
        self.bottom_axis.keep_overlapping(EDGE_LABEL_PIXELS)   # first and last periods keep labels
        self.drawn_series = list(plan.drawn)
        self.lines.set_polylines(plan.polylines, plan.data_rect)
        self.lines.show()
        self.show_legend(spec)
        self.end_axis.set_labels(plan.end_labels, plan.leaders)
        item.showAxis("right")
        self.set_home((-0.3, len(spec.categories) - 0.7), (ticks[0], ticks[-1]))
        item.showGrid(x=False, y=False)
        self.plot.setMinimumHeight(240)

    def draw_bars(self, spec: ChartSpec) -> None:
        """Horizontal bars, largest first, council names on the left: readable for up to ~40 councils."""
        item = self.plot.getPlotItem()
        plan = bar_plan(spec)
        low, high = plan.value_range
        low, high = min(plan.ticks[0], low), max(plan.ticks[-1], high)     # the PDF's axis
        self.bottom_axis.show_values(spec.unit, (low, high))
        self.bottom_axis.keep_overlapping(True)     # the last value would run off the widget
        n = len(plan.points)
        self.left_axis.show_categories([[(plan.positions[i], p.x) for i, p in enumerate(plan.points)]])
        self.add_bars(plan, horizontal=True)
        self.set_home((low, high), (0.4, n + 0.6))
        item.showGrid(x=False, y=False)
        self.plot.setMinimumHeight(max(220, BAR_ROW_PIXELS * n + 60))
        self.show_legend(spec)

    def draw_caterpillar(self, spec: ChartSpec) -> None:
        """Every council as a thin bar, sorted; the chosen councils coloured, the subject named."""
        item = self.plot.getPlotItem()
        plan = bar_plan(spec)
        ticks = plan.ticks
        self.left_axis.show_values(spec.unit, (ticks[0], ticks[-1]))
        self.bottom_axis.show_categories([[(plan.positions[i], p.x) for i, p in enumerate(plan.points)
                                           if p.role == SUBJECT]])
        self.bottom_axis.keep_overlapping(EDGE_LABEL_PIXELS)   # the council named at either end
        self.add_bars(plan, horizontal=False)
        self.rank_labels.set_labels(spec_rank_labels(spec))
        self.rank_labels.show()
        self.set_home((-1, len(plan.points)), (ticks[0], ticks[-1]))
        item.showGrid(x=False, y=False)
        self.plot.setMinimumHeight(240)
        self.show_legend(spec)

    def set_home(self, x: tuple[float, float], y: tuple[float, float]) -> None:
        """The whole chart: shown on every new spec and by "Reset zoom"."""
        self.home = (x, y)
        self.reset_zoom()

    def set_zoom(self, on: bool) -> None:
        """Zoom is opt-in: off, the wheel scrolls the page and the chart cannot end up zoomed into one dot."""
        self.plot.zoom_enabled = on
        self.plot.getPlotItem().setMouseEnabled(x=on, y=on)
        self.reset_button.setVisible(on)
        if not on:
            self.reset_zoom()

    def reset_zoom(self) -> None:
        (x0, x1), (y0, y1) = self.home
        self.plot.getPlotItem().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)   # one update, not two

    def show_legend(self, spec: ChartSpec) -> None:
        self.legend_entries = spec_legend(spec)
        self.legend.set_entries(self.legend_entries)

    def add_bars(self, plan: BarPlan, horizontal: bool) -> None:
        """Bars from zero; a missing figure gets no bar (a gap, never a zero), and says so on hover."""
        thickness = 0.72 if horizontal else 0.8
        for style, values, where in plan.sets:
            bars = self.pooled(self.bar_sets, lambda: PixelBars(x0=[], y0=[], width=[], height=[]))
            size = {"width": values, "height": thickness} if horizontal else {"width": thickness, "height": values}
            bars.setOpts(x=None, y=None, x1=None, y1=None, x0=0 if horizontal else where - thickness / 2,
                         y0=where - thickness / 2 if horizontal else 0, brush=pg.mkBrush(style.colour),
                         pen=pg.mkPen(OUTLINE_COLOUR, width=0.6 * SCREEN_PIXELS_PER_POINT) if style.outlined else None,
                         **size)
            bars.setZValue(1 + style.z)
        self.drawn_series.extend(p.x for p in plan.points)
        for position in plan.gaps if horizontal else ():
            label = self.pooled(self.gap_labels, lambda: pg.TextItem("no figure", color="#555555", anchor=(0, 0.5)))
            label.setPos(0, position)
        self.zero_line.setAngle(90 if horizontal else 0)
        self.zero_line.show()

    def pooled(self, pool: list, make) -> pg.GraphicsObject:
        """The next hidden item of a pool, shown; made and added once. Items are reused, never removed:
        cheaper than building and tearing down pyqtgraph items on every council switch."""
        in_use = next((i for i in pool if not i.isVisible()), None)
        if in_use is None:
            in_use = make()
            self.plot.getPlotItem().addItem(in_use)
            pool.append(in_use)
        in_use.show()
        return in_use

    def hide_items(self, keep_end_labels: bool) -> None:
        """Hide what the last chart drew. The end labels' axis stays for a line chart after a line chart: hiding
        and showing it again re-lays the plot out, and repaints both axes, on every council switch."""
        for item in (self.lines, *self.bar_sets, *self.gap_labels, self.zero_line, self.rank_labels):
            item.hide()
        self.rank_labels.set_labels([])
        if not keep_end_labels:
            self.plot.getPlotItem().hideAxis("right")
            self.end_axis.set_labels([])

    # --- hover and click -----------------------------------------------------------------------------------

    @property
    def targets(self) -> list[HoverTarget]:
        if self.hover_targets is None:
            self.hover_targets = hover_targets(self.spec) if self.spec else []
        return self.hover_targets

    def target_at(self, scene_pos: QPointF) -> HoverTarget | None:
        view = self.plot.getPlotItem().vb
        if not view.sceneBoundingRect().contains(scene_pos):
            return None
        best, best_distance = None, float(HOVER_PIXELS)
        for target in self.targets:
            rect = view.mapViewToScene(target.rect).boundingRect()
            if not target.bar:
                distance = math.dist((rect.center().x(), rect.center().y()), (scene_pos.x(), scene_pos.y()))
            else:
                row = QRectF(rect)
                if self.spec and self.spec.kind == "bar":
                    row.setLeft(view.sceneBoundingRect().left())
                    row.setRight(view.sceneBoundingRect().right())
                else:
                    row.setTop(view.sceneBoundingRect().top())
                    row.setBottom(view.sceneBoundingRect().bottom())
                distance = 0.0 if row.contains(scene_pos) else float("inf")
            if distance < best_distance:
                best, best_distance = target, distance
        return best

    def on_mouse_moved(self, scene_pos: QPointF) -> None:
        """The figure under the pointer, with its own source, in a box that stays while the pointer rests on it
        and goes when the pointer leaves it (or the chart)."""
        target = self.target_at(scene_pos)
        if target is None:
            self.hide_hover()
            return
        sources = self.source_namer(target.sources or (self.spec.source_ids if self.spec else ()))
        self.hover.setText(target.text + (f"\nSource: {sources}" if sources else ""))
        self.ring.setVisible(not target.bar)
        if not target.bar:
            self.ring.setData([target.rect.center().x()], [target.rect.center().y()])
        self.hover.setMaximumWidth(max(200, self.plot.width() * 2 // 3))
        self.hover.setWordWrap(True)
        self.hover.adjustSize()
        at = self.plot.mapFromScene(scene_pos)
        x = at.x() + 14 if at.x() + 14 + self.hover.width() <= self.plot.width() else at.x() - 14 - self.hover.width()
        y = min(max(0, at.y() + 14), max(0, self.plot.height() - self.hover.height()))
        self.hover.move(max(0, x), y)
        self.hover.show()
        self.hover.raise_()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.plot.viewport() and event.type() == QEvent.Type.Leave:
            self.hide_hover()
        return super().eventFilter(watched, event)

    def hide_hover(self) -> None:
        self.hover.hide()
        self.ring.hide()

    def on_mouse_clicked(self, event) -> None:
        target = self.target_at(event.scenePos())
        if target is not None and target.area and self.spec and self.spec.kind != "line":
            self.council_clicked.emit(target.area)

    # --- table, copy, export ---------------------------------------------------------------------------------

    def toggle_table(self, checked: bool) -> None:
        """The table is filled only while shown: a hidden table that changes size still re-lays out the chart."""
        if checked and self.spec:
            self.table_model.set_rows(*self.spec.table())
        self.stack.setCurrentWidget(self.table if checked else self.plot)

    @contextmanager
    def as_figure(self):
        """Exported and copied images show the chart, not the buttons around it, under a title naming the
        council (a slide or e-mail has no council list beside it)."""
        self.hide_hover()
        buttons = (self.table_button, self.copy_button, self.export_button, self.zoom_button, self.reset_button)
        visible = [not button.isHidden() for button in buttons]
        for button in buttons:
            button.hide()
        if self.spec:
            self.title.setText(figure_title(self.spec))
        self.figure.layout().activate()
        try:
            yield
        finally:
            for button, shown in zip(buttons, visible, strict=True):
                button.setVisible(shown)
            if self.spec:
                self.title.setText(self.spec.title)

    def draw_figure(self, device) -> None:
        """Lines are drawn afresh at the device's resolution: the on-screen cache would be scaled up blurred."""
        painter = QPainter(device)
        self.lines.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        try:
            with self.as_figure():
                self.figure.render(painter, QPoint())
        finally:
            self.lines.setCacheMode(SeriesLines.ON_SCREEN_CACHE)
            painter.end()

    def image(self, scale: float = 2.0):
        """The figure as a bitmap at ``scale`` times its on-screen size (sharp enough for slides)."""
        size = self.figure.size()
        pixmap = QPixmap(QSize(round(size.width() * scale), round(size.height() * scale)))
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(QColor("white"))
        self.draw_figure(pixmap)
        return pixmap

    def copy_to_clipboard(self) -> None:
        mime = QMimeData()
        mime.setImageData(self.image().toImage())
        header, rows = self.spec.table() if self.spec else ([], [])
        title = [figure_title(self.spec)] if self.spec else []     # the council named, as in the image
        mime.setText("\n".join([*title, *("\t".join(r) for r in [header, *rows])]))
        QGuiApplication.clipboard().setMimeData(mime)

    def export_with_dialog(self, kind: str) -> None:
        if not self.spec:
            return
        filters = {"png": "PNG image (*.png)", "svg": "SVG image (*.svg)", "csv": "CSV figures (*.csv)"}
        suggested = self.export_folder() / f"{file_stem(self.spec)}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", str(suggested), filters[kind])
        if path:
            self.export(Path(path))
            if self.settings is not None:
                self.settings.setValue(FOLDER_KEY, str(Path(path).parent))

    def export_folder(self) -> Path:
        """The folder last exported to (a chart or a briefing), else Documents."""
        saved = str(self.settings.value(FOLDER_KEY, "")) if self.settings is not None else ""
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(saved or documents or Path.home())

    def export(self, path: Path) -> None:
        """Write PNG, SVG or CSV by the file's suffix."""
        suffix = path.suffix.lower()
        if suffix == ".png":
            if not self.image().save(str(path), "PNG"):
                raise OSError(f"could not write {path}")
        elif suffix == ".svg":
            self.export_svg(path)
        elif suffix == ".csv":
            self.export_csv(path)
        else:
            raise ValueError(f"unsupported export type {suffix!r}: use .png, .svg or .csv")

    def export_svg(self, path: Path) -> None:
        """Vector SVG through Qt's own SVG painter (pyqtgraph's SVG exporter breaks on Qt >= 6.11). Minus signs
        are written as en dashes: ImageMagick's SVG renderer drops U+2212, which would turn a deficit into a
        surplus."""
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(self.figure.size())
        generator.setViewBox(self.figure.rect())
        generator.setResolution(self.figure.logicalDpiY())    # text in points as large as on screen
        generator.setTitle(figure_title(self.spec) if self.spec else "")
        generator.setDescription(self.spec.caption if self.spec else "")
        self.draw_figure(generator)
        svg = bytes(buffer.data()).decode("utf-8").replace("\u2212", "\u2013")
        write_atomic(path, svg.encode("utf-8"))

    def export_csv(self, path: Path) -> None:
        """Exact figures (not the rounded display text), one row per point, with the reason for each gap; text cells
        are guarded against spreadsheet formulas as in the figures CSV."""
        spec = self.spec
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["chart", "series", "role", "area", "x", "value", "unit", "note", "sources"])
            sources = self.source_namer(spec.source_ids)
            for s in spec.series:
                for p in s.points:
                    value = "" if p.missing else repr(float(p.value))
                    labels = map(safe_cell, [spec.title, s.label, p.role or s.role, p.area or s.area, p.x])
                    writer.writerow([*labels, value, *map(safe_cell, [spec.value_label, p.note, sources])])


def figure_title(spec: ChartSpec) -> str:
    """'Kent: EHC plans': the title of an exported or copied chart."""
    council = spec.council
    return spec.title if not council or council in spec.title else f"{council}: {spec.title}"


def file_stem(spec: ChartSpec) -> str:
    """'kent-ehc-plans': council and measure, safe on every file system."""
    words = "".join(ch if ch.isalnum() else " " for ch in f"{spec.council} {spec.title}".lower()).split()
    return "-".join(words)[:90].rstrip("-") or spec.chart_id.replace(".", "-")


@functools.cache
def series_pen(colour: str, width: float, dash: tuple[float, ...] | None) -> QPen:
    """A pen of ``width`` points and ``dash`` pattern (points, as ReportLab takes it); made once per style."""
    pen = pg.mkPen(colour, width=width * SCREEN_PIXELS_PER_POINT)
    if dash:
        pen.setDashPattern([length / width for length in dash])    # Qt counts dashes in pen widths
    pen.setCapStyle(Qt.PenCapStyle.RoundCap if not dash else Qt.PenCapStyle.FlatCap)
    pen.setCosmetic(False)      # drawn in device pixels (``SeriesLines.paint``): the width is already in pixels
    return pen


def marker_path(shape: str, centre: QPointF, size: float) -> QPainterPath:
    """Circle, square or triangle of ``size`` pixels across, the shapes the PDF draws."""
    path = QPainterPath()
    r = size / 2
    x, y = centre.x(), centre.y()
    if shape == "square":
        path.addRect(QRectF(x - r, y - r, size, size))
    elif shape == "triangle":
        path.moveTo(x - r * 1.15, y + r * 0.85)
        path.lineTo(x + r * 1.15, y + r * 0.85)
        path.lineTo(x, y - r * 1.2)
        path.closeSubpath()
    else:
        path.addEllipse(centre, r, r)
    return path


def bar_positions(count: int, horizontal: bool) -> np.ndarray:
    """Horizontal bars run down from the top (largest first); caterpillar bars run left to right."""
    return np.arange(count, 0, -1, dtype=float) if horizontal else np.arange(count, dtype=float)


def hover_targets(spec: ChartSpec) -> list[HoverTarget]:
    """What the mouse can point at: each figure of each line drawn, or each bar (a missing one says why)."""
    targets = []
    if spec.kind == "line":
        for style in drawing_order(line_styles(spec)):
            s = spec.series[style.series]
            by_x = {p.x: p for p in s.points}
            for i, c in enumerate(spec.categories):
                point = by_x.get(c)
                if point is not None and not point.missing:
                    note = f"\n{point.note}" if point.note else ""
                    text = f"{s.label}\n{c}: {format_value(point.value, spec.unit, compact=False)}{note}"
                    targets.append(HoverTarget(QRectF(i, point.value, 0, 0), text, s.area,
                                               sources=point.sources))
        return targets
    points = [p for s in spec.series for p in s.points]
    horizontal = spec.kind == "bar"
    positions = bar_positions(len(points), horizontal)
    for i, p in enumerate(points):
        value = 0.0 if p.missing else p.value
        shown = f"no figure: {p.note}" if p.missing else format_value(p.value, spec.unit, compact=False)
        if horizontal:
            rect = QRectF(min(0.0, value), positions[i] - 0.4, abs(value), 0.8)
        else:
            rect = QRectF(positions[i] - 0.5, min(0.0, value), 1.0, abs(value))
        targets.append(HoverTarget(rect, f"{p.x}: {shown}\n{spec.title}", p.area, bar=True, sources=p.sources))
    return targets
