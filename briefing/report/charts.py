"""Vector charts drawn from a ``ChartSpec`` with reportlab.graphics. Independent of any document, so the same
``Drawing`` goes into a PDF or, through ``reportlab.graphics.renderSVG``, into an SVG file.

Colours, widths, dashes, markers, draw order and legend entries come from ``analysis.chart_style``, shared
with the screen; this module only places them. Missing values are gaps (never zeros); bars start at zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib.colors import HexColor, white

from briefing.analysis.chart_style import (
    END_LABEL_SIZE,
    LEADER_DASH,
    LEADER_WIDTH,
    MARKER_SIZE,
    OUTLINE_COLOUR,
    RANK_LABEL_COLOUR,
    EndLabel,
    LegendEntry,
    LineStyle,
    bar_style,
    category_labels,
    drawing_order,
    end_labels,
    legend,
    line_styles,
    needs_leader,
    rank_labels,
    spread,
    value_ticks,
)
from briefing.analysis.charts import REFERENCE, SUBJECT, ChartPoint, ChartSpec
from briefing.analysis.format import format_value
from briefing.report.fonts import BOLD, ITALIC, REGULAR, prepare_reportlab, printable, text_width

SMALL = 6.5          # tick, legend and bar-label size (pt): the smallest text that prints legibly
LABEL = 7.0
GRID = HexColor("#E3E3E3")
AXIS = HexColor(OUTLINE_COLOUR)
TEXT = HexColor("#1A1A1A")
LEGEND_ROW = 9.0


def chart_drawing(spec: ChartSpec, width: float, height: float) -> Drawing:
    """The chart of ``spec`` in a ``width`` x ``height`` point box."""
    prepare_reportlab()
    drawing = Drawing(width, height, initialFontName=REGULAR)   # no stray reference to unembedded Helvetica
    if spec.kind == "line":
        draw_lines(drawing, spec, width, height)
    elif spec.kind == "bar":
        draw_bars(drawing, spec, width, height)
    elif spec.kind == "caterpillar":
        draw_caterpillar(drawing, spec, width, height)
    else:
        raise ValueError(f"unknown chart kind {spec.kind!r}")
    return drawing


def suggested_height(spec: ChartSpec, width: float) -> float:
    """A height that gives every bar a readable row and every legend entry a place."""
    if spec.kind == "bar":
        return 34 + 11.5 * len(spec.categories) + LEGEND_ROW
    if spec.kind == "caterpillar":
        return 190
    return 170 + LEGEND_ROW * len(legend_rows(legend(spec), width - 4))


def text_at(x: float, y: float, text: str, **style) -> String:
    return String(x, y, printable(text), **style)


# --- scales -------------------------------------------------------------------------------------------------

@dataclass
class Axis:
    """Maps values to positions between ``start`` and ``end`` (points)."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


# --- legend -------------------------------------------------------------------------------------------------

def legend_rows(entries: list[LegendEntry], width: float) -> list[list[LegendEntry]]:
    """Entries flowed into equal columns (as many as fit), subject first as in the series order."""
    if not entries:
        return []
    column = min(width, max(text_width(e.label, SMALL, BOLD if e.role == SUBJECT else REGULAR) for e in entries) + 26)
    per_row = max(1, min(len(entries), int(width // column)))
    return [entries[i:i + per_row] for i in range(0, len(entries), per_row)]


def legend_group(entries: list[LegendEntry], x: float, top: float, width: float) -> Group:
    """The legend in rows below ``top`` (its height is ``LEGEND_ROW`` per row of ``legend_rows``): a group of its
    own, the drawing's last, so a reader (or a test) finds it apart from the chart."""
    group = Group()
    rows = legend_rows(entries, width)
    if not rows:
        return group
    column = width / max(len(r) for r in rows)
    for row_index, row in enumerate(rows):
        y = top - LEGEND_ROW * (row_index + 1) + 2
        for col_index, entry in enumerate(row):
            left = x + col_index * column
            bars = entry.kind == "bar"
            if bars:
                outlined = bar_style(entry.role).outlined
                group.add(Rect(left, y - 1, 10, 6, fillColor=HexColor(entry.colour),
                               strokeColor=AXIS if outlined else None, strokeWidth=0.6))
            else:
                group.add(Line(left, y + 2, left + 16, y + 2, strokeColor=HexColor(entry.colour),
                               strokeWidth=entry.width, strokeDashArray=entry.dash))
                if entry.marker:
                    group.add(marker(entry.marker, left + 8, y + 2, HexColor(entry.colour), MARKER_SIZE[SUBJECT]))
            label = shorten(entry.label, column - 22, SMALL, BOLD if entry.role == SUBJECT else REGULAR)
            group.add(text_at(left + (13 if bars else 20), y, label, fontSize=SMALL, fillColor=TEXT,
                              fontName=BOLD if entry.role == SUBJECT else REGULAR))
    return group


def shorten(text: str, width: float, size: float, font: str = REGULAR) -> str:
    """Cut ``text`` with an ellipsis to fit ``width``; the full text is always in the table below."""
    if text_width(text, size, font) <= width:
        return text
    while text and text_width(text + "…", size, font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def marker(shape: str, x: float, y: float, colour, size: float) -> Polygon | Circle | Rect:
    """A marker of ``size`` points across, with a white rim so it stands out where lines cross."""
    r = size / 2
    if shape == "square":
        return Rect(x - r, y - r, size, size, fillColor=colour, strokeColor=white, strokeWidth=0.5)
    if shape == "triangle":
        return Polygon([x - r * 1.15, y - r * 0.85, x + r * 1.15, y - r * 0.85, x, y + r * 1.2], fillColor=colour,
                       strokeColor=white, strokeWidth=0.5)
    return Circle(x, y, r, fillColor=colour, strokeColor=white, strokeWidth=0.5)


# --- line charts --------------------------------------------------------------------------------------------

def grid_line(x1: float, y1: float, x2: float, y2: float, tick: float) -> Line:
    """A light grid line, or the darker zero line."""
    return Line(x1, y1, x2, y2, strokeColor=AXIS if tick == 0 else GRID, strokeWidth=0.8 if tick == 0 else 0.5)


def draw_value_grid(group: Group, ticks: list[float], axis: Axis, left: float, right: float, unit: str) -> None:
    for tick in ticks:
        y = axis(tick)
        group.add(grid_line(left, y, right, y, tick))
        group.add(text_at(left - 3, y - 2.2, format_value(tick, unit), fontName=REGULAR, fontSize=SMALL,
                         fillColor=TEXT, textAnchor="end"))


def value_title(group: Group, spec: ChartSpec, x: float, y_mid: float) -> None:
    """The value label, rotated along the value axis."""
    title = text_at(0, 0, spec.value_label, fontName=ITALIC, fontSize=LABEL, fillColor=TEXT, textAnchor="middle")
    holder = Group(title)
    holder.transform = (0, 1, -1, 0, x, y_mid)
    group.add(holder)


def draw_lines(drawing: Drawing, spec: ChartSpec, width: float, height: float) -> None:
    group = Group()
    entries = legend(spec)
    ticks = value_ticks(spec)
    tick_room = max(text_width(format_value(t, spec.unit), SMALL) for t in ticks)
    labels = end_labels(spec)
    label_room = max((text_width(printable(lab.text), END_LABEL_SIZE, BOLD) for lab in labels), default=0.0)
    left, right = 14 + tick_room + 4, width - 6 - (label_room + 4 if labels else 0)
    legend_height = LEGEND_ROW * len(legend_rows(entries, width - 4))
    bottom, top = legend_height + 18, height - 6
    axis = Axis(ticks[0], ticks[-1], bottom, top)
    draw_value_grid(group, ticks, axis, left, right, spec.unit)
    value_title(group, spec, 7, (bottom + top) / 2)

    categories = list(spec.categories)
    inner = 10
    step = (right - left - 2 * inner) / max(1, len(categories) - 1)
    x_of = {c: left + inner + i * step if len(categories) > 1 else (left + right) / 2 for i, c in enumerate(categories)}
    widest = max((text_width(c, SMALL) for c in categories), default=1)
    every = max(1, math.ceil((widest + 6) / step)) if len(categories) > 1 else 1
    labelled = set(category_labels(len(categories), every))
    for i, category in enumerate(categories):
        x = x_of[category]
        group.add(Line(x, bottom, x, bottom - 2.5, strokeColor=AXIS, strokeWidth=0.5))
        if i in labelled:
            group.add(text_at(x, bottom - 10, category, fontName=REGULAR, fontSize=SMALL, fillColor=TEXT,
                             textAnchor="middle"))

    for style in drawing_order(line_styles(spec)):
        draw_series(group, spec.series[style.series].points, style, x_of, axis)
    drawing.add(group)
    drawing.add(end_label_group(spec, labels, right + 4, axis, x_of))
    drawing.add(legend_group(entries, 4, legend_height + 2, width - 4))


def end_label_group(spec: ChartSpec, labels: list[EndLabel], x: float, axis: Axis, x_of: dict[str, float]
                    ) -> Group:
    """Direct labels right of the plot, level with each line's last figure and spread so none overlap (a dotted
    leader from a line that ends early): a group of its own (between the chart and the legend), as the screen
    draws them beside its plot."""
    group = Group()
    ys = spread([axis(lab.value) for lab in labels], END_LABEL_SIZE + 1, axis.start + 2, axis.end - 2)
    for lab, y in zip(labels, ys, strict=True):
        if needs_leader(lab, spec):
            group.add(Line(x_of[spec.categories[lab.at]] + 3, axis(lab.value), x - 2, y,
                           strokeColor=HexColor(lab.colour), strokeWidth=LEADER_WIDTH, strokeDashArray=LEADER_DASH))
        group.add(text_at(x, y - END_LABEL_SIZE * 0.35, lab.text, fontSize=END_LABEL_SIZE,
                          fontName=BOLD if lab.bold else REGULAR, fillColor=HexColor(lab.colour)))
    return group


def draw_series(group: Group, points: tuple[ChartPoint, ...], style: LineStyle, x_of: dict[str, float],
                axis: Axis) -> None:
    """Runs of present values become lines; a missing value breaks the line. A lone value gets a marker."""
    colour = HexColor(style.colour)
    runs: list[list[tuple[float, float]]] = [[]]
    for p in points:
        if p.missing or p.x not in x_of:
            runs.append([])
        else:
            runs[-1].append((x_of[p.x], axis(p.value)))
    for run in runs:
        if len(run) > 1:
            group.add(PolyLine([c for xy in run for c in xy], strokeColor=colour, strokeWidth=style.width,
                               strokeDashArray=style.dash, strokeLineJoin=1, strokeLineCap=1))
        for x, y in run if style.marker or len(run) == 1 else ():
            group.add(marker(style.marker or "circle", x, y, colour, MARKER_SIZE[SUBJECT if style.marker else ""]))


# --- bars -----------------------------------------------------------------------------------------------------

def draw_bars(drawing: Drawing, spec: ChartSpec, width: float, height: float) -> None:
    """Horizontal bars, one per council, so every name is readable; value printed at the bar's end."""
    group = Group()
    points = [p for s in spec.series for p in s.points]
    entries = legend(spec)
    legend_height = LEGEND_ROW * len(legend_rows(entries, width - 4))
    name_room = min(width * 0.34, max(text_width(p.x, SMALL, BOLD) for p in points) + 4)
    low, high = spec.value_range()
    value_room = max(text_width(format_value(v, spec.unit), SMALL, BOLD) for v in (low, high)) + 5
    left = name_room + (value_room if low < 0 else 4)
    right = width - (value_room if high > 0 else 6)
    ticks = value_ticks(spec)
    axis = Axis(min(ticks[0], low), max(ticks[-1], high), left, right)
    bottom, top = legend_height + 16, height - 2
    row = (top - bottom) / max(1, len(points))
    for tick in ticks:
        x = axis(tick)
        group.add(grid_line(x, bottom, x, top, tick))
        group.add(text_at(x, bottom - 9, format_value(tick, spec.unit), fontName=REGULAR, fontSize=SMALL,
                          fillColor=TEXT, textAnchor="middle"))
    zero = axis(0.0)
    for i in sorted(range(len(points)), key=lambda i: bar_style(points[i].role).z):
        p = points[i]
        y = top - row * (i + 1)
        font = BOLD if p.role == SUBJECT else ITALIC if p.role == REFERENCE else REGULAR
        group.add(text_at(name_room - 2, y + row / 2 - 2.2, shorten(p.x, name_room - 4, SMALL, font), fontName=font,
                         fontSize=SMALL, fillColor=TEXT, textAnchor="end"))
        if p.missing:
            missing = "n/a (no figure)"
            inside = zero + 3 + text_width(missing, SMALL, ITALIC) <= width
            group.add(text_at(zero + 3 if inside else zero - 3, y + row / 2 - 2.2, missing, fontName=ITALIC,
                              fontSize=SMALL, fillColor=AXIS, textAnchor="start" if inside else "end"))
            continue
        style = bar_style(p.role)
        end = axis(p.value)
        bar_height = min(row * 0.72, 9)
        group.add(Rect(min(zero, end), y + (row - bar_height) / 2, abs(end - zero), bar_height,
                       fillColor=HexColor(style.colour), strokeColor=AXIS if style.outlined else None,
                       strokeWidth=0.6))
        anchor, offset = ("start", 3) if p.value >= 0 else ("end", -3)
        group.add(text_at(end + offset, y + row / 2 - 2.2, format_value(p.value, spec.unit),
                         fontName=BOLD if p.role == SUBJECT else REGULAR, fontSize=SMALL, fillColor=TEXT,
                         textAnchor=anchor))
    drawing.add(group)
    drawing.add(legend_group(entries, 4, legend_height + 2, width - 4))


def rank_label_group(spec: ChartSpec, left: float, slot: float, axis: Axis) -> Group:
    """A ranking's first and last councils named beside their bars, with leader lines: a group of its own, as the
    screen draws them in one item."""
    group = Group()
    labels = rank_labels(spec)
    colour = HexColor(RANK_LABEL_COLOUR)
    for after in (True, False):
        side = [lab for lab in labels if lab.after == after]
        if not side:
            continue
        edge = max(lab.index for lab in side) + 1.6 if after else min(lab.index for lab in side) - 0.6
        x = left + edge * slot + (4 if after else -4)
        ys = spread([axis(lab.value) for lab in side], SMALL + 1.5, axis.start + 4, axis.end - 4)
        for lab, y in zip(side, ys, strict=True):
            tip = left + (lab.index + 0.5) * slot
            group.add(Line(tip, axis(lab.value), x - (2 if after else -2), y + 2, strokeColor=colour,
                           strokeWidth=0.4))
            room = text_width(printable(lab.text), SMALL)
            group.add(Rect(x - 1 if after else x - room - 1, y - 1.8, room + 2, SMALL + 1, fillColor=white,
                           strokeColor=None))     # the name stays readable over the bars it crosses
            group.add(text_at(x, y, lab.text, fontSize=SMALL, fontName=REGULAR, fillColor=colour,
                              textAnchor="start" if after else "end"))
    return group


def draw_caterpillar(drawing: Drawing, spec: ChartSpec, width: float, height: float) -> None:
    """Every council as a thin bar, largest first; the subject is labelled with a leader line."""
    group = Group()
    present = [p for s in spec.series for p in s.points if not p.missing]
    entries = legend(spec)
    legend_height = LEGEND_ROW * len(legend_rows(entries, width - 4))
    ticks = value_ticks(spec)
    tick_room = max(text_width(format_value(t, spec.unit), SMALL) for t in ticks)
    left, right = 14 + tick_room + 4, width - 6
    bottom, top = legend_height + 16, height - 6
    axis = Axis(ticks[0], ticks[-1], bottom, top)
    draw_value_grid(group, ticks, axis, left, right, spec.unit)
    value_title(group, spec, 7, (bottom + top) / 2)
    order = "lowest" if len(present) > 1 and present[0].value < present[-1].value else "largest"
    group.add(text_at((left + right) / 2, bottom - 10, f"{len(present)} councils with a figure, {order} value first",
                     fontName=ITALIC, fontSize=SMALL, fillColor=TEXT, textAnchor="middle"))
    slot = (right - left) / max(1, len(present))
    zero = axis(0.0)
    subject_at = None
    for i in sorted(range(len(present)), key=lambda i: bar_style(present[i].role).z):
        p = present[i]
        end = axis(p.value)
        x = left + i * slot
        group.add(Rect(x + slot * 0.12, min(zero, end), slot * 0.76, max(abs(end - zero), 0.4),
                       fillColor=HexColor(bar_style(p.role).colour), strokeColor=None))
        if p.role == SUBJECT:
            subject_at = (x + slot / 2, end, p)
    drawing.add(group)
    drawing.add(rank_label_group(spec, left, slot, axis))
    group = Group()
    if subject_at:
        x, end, p = subject_at
        text = f"{p.x}: {format_value(p.value, spec.unit)}"
        room = text_width(text, LABEL, BOLD)
        middle = (top + bottom) / 2
        label_y = bottom + (top - bottom) * 0.22 if end > middle else top - (top - bottom) * 0.22
        start = x + 5 if x + room + 10 < right else x - 5 - room
        group.add(Line(x, end, x, label_y, strokeColor=TEXT, strokeWidth=0.7))
        group.add(Circle(x, end, 1.8, fillColor=TEXT, strokeColor=None))
        group.add(Rect(start - 2, label_y - 4.5, room + 4, 10, fillColor=white, strokeColor=AXIS, strokeWidth=0.4))
        group.add(text_at(start, label_y - 2.3, text, fontName=BOLD, fontSize=LABEL, fillColor=TEXT))
    drawing.add(group)
    drawing.add(legend_group(entries, 4, legend_height + 2, width - 4))
