"""How every chart looks, decided once: colour, line width, dash, marker, draw order and legend entry for each
series or bar role. pyqtgraph (screen) and ReportLab (PDF and SVG) only translate these into their own pens,
so a chart cannot look different on screen and on paper.

Sizes are in points (1/72 inch); the screen converts with ``SCREEN_PIXELS_PER_POINT``. Where the first two
renderers disagreed, the choice here is the one that reads better in greyscale print: reference bars outlined
(not filled grey), references drawn over comparators, the subject last, council names in the bar legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from briefing.analysis.charts import COMPARATOR, PREDECESSOR, REFERENCE, SUBJECT, ChartSeries, ChartSpec
from briefing.analysis.format import format_value

# Okabe-Ito colours (safe for the common forms of colour blindness). The subject is also drawn thicker and
# references dashed, so charts still read in greyscale print. No colour is given to two series of one chart: a
# few comparators get a hue each; more than ``MAX_COLOURED_COMPARATORS`` are drawn as one muted group (named on
# hover and in the table), so a chart never holds more than about six hues.
SUBJECT_COLOUR = "#D55E00"
PREDECESSOR_COLOURS = ("#8C510A", "#B07A3A", "#5E3A08")     # browns: the council's former councils
REFERENCE_COLOURS = ("#000000", "#707070", "#5B3A8C")        # each reference its own colour and dash
COMPARATOR_COLOURS = ("#0072B2", "#009E73", "#CC79A7")
MAX_COLOURED_COMPARATORS = len(COMPARATOR_COLOURS)
MUTED_LINE_COLOUR = "#BDBDBD"  # comparators drawn as one group
MUTED_COLOUR = "#B8B8B8"      # bars of councils outside the selection in a caterpillar
OUTLINE_COLOUR = "#4D4D4D"    # edge of outlined (reference) bars and of the subject's bar
BACKGROUND = "#FFFFFF"

SCREEN_PIXELS_PER_POINT = 96 / 72
LINE_WIDTHS = {SUBJECT: 2.4, PREDECESSOR: 1.6, REFERENCE: 1.3, COMPARATOR: 1.0}
MUTED_WIDTH = 0.75   # one screen pixel (96 dpi): Qt strokes one-pixel lines on its fast path, wider ones ~10x slower
REFERENCE_DASHES = ((4.0, 2.0), (7.0, 2.0, 1.5, 2.0), (1.5, 1.5))   # one per reference line, in points
PREDECESSOR_DASH = (1.0, 1.8)                                        # dotted
SUBJECT_MARKERS = ("circle", "square", "triangle")                  # one per variant of the subject
MARKER_SIZE = {SUBJECT: 4.6, "": 3.6}     # diameter in points; "" = a lone figure of any other series
DRAW_ORDER = {COMPARATOR: 0, PREDECESSOR: 1, REFERENCE: 2, SUBJECT: 3}   # higher is drawn later, on top
BAR_LABELS = {COMPARATOR: "Comparator councils", REFERENCE: "Median council (reference)", "": "Other councils"}
END_LABEL_SIZE = 6.5          # points: direct labels at line ends
END_LABEL_CHARS = 24          # a direct label longer than this is cut with an ellipsis (the legend has it all)
MUTED_GROUP = "comparators"   # legend key of comparators drawn as one muted group


@dataclass(frozen=True)
class LineStyle:
    """One series of a line chart as drawn; ``legend`` is False for a second variant of the same council."""

    series: int                     # index into ``spec.series``
    label: str                      # legend wording
    role: str
    colour: str
    width: float
    dash: tuple[float, ...] | None
    marker: str                     # "" or a shape drawn at every figure
    z: int
    legend: bool


@dataclass(frozen=True)
class BarStyle:
    role: str
    colour: str
    filled: bool
    outlined: bool
    z: int


@dataclass(frozen=True)
class LegendEntry:
    label: str
    role: str
    colour: str
    kind: str                       # "line" or "bar"
    dash: tuple[float, ...] | None = None
    marker: str = ""
    width: float = 0.0
    filled: bool = True


def legend_key(series: ChartSeries) -> tuple[str, str]:
    """Series of one council (or one reference) share a colour and a legend entry, even when a chart splits
    them into variants (the tribunal rate's old and new methods)."""
    return series.role, series.area or series.name


def muted(spec: ChartSpec) -> bool:
    """Too many comparators for a hue each: they become one grey group behind the council."""
    return len({legend_key(s) for s in spec.series if s.role == COMPARATOR}) > MAX_COLOURED_COMPARATORS


def group_key(series: ChartSeries, grey: bool) -> tuple[str, str]:
    """The legend entry a series belongs to: its council's, or the muted comparators' one (``grey``: the
    chart's comparators are muted, see ``muted``)."""
    return (COMPARATOR, MUTED_GROUP) if grey and series.role == COMPARATOR else legend_key(series)


def role_colour(role: str, index: int) -> str:
    """Colour of the ``index``-th legend group of a role (a distinct one while the palette lasts)."""
    palette = {SUBJECT: (SUBJECT_COLOUR,), PREDECESSOR: PREDECESSOR_COLOURS, REFERENCE: REFERENCE_COLOURS}
    colours = palette.get(role, COMPARATOR_COLOURS)
    return colours[index % len(colours)]


def line_styles(spec: ChartSpec) -> list[LineStyle]:
    """A style for every series, in the spec's order."""
    grey = muted(spec)
    groups: dict[tuple[str, str], list[int]] = {}
    for index, s in enumerate(spec.series):
        groups.setdefault(group_key(s, grey), []).append(index)
    colours, per_role = {}, {}
    for key in groups:
        colours[key] = role_colour(key[0], per_role.get(key[0], 0))
        per_role[key[0]] = per_role.get(key[0], 0) + 1
    comparators = len({legend_key(s) for s in spec.series if s.role == COMPARATOR})
    styles = []
    references = [k for k in groups if k[0] == REFERENCE]
    for index, s in enumerate(spec.series):
        key = group_key(s, grey)
        within = groups[key].index(index)
        group_muted = grey and s.role == COMPARATOR
        dash = REFERENCE_DASHES[references.index(key) % len(REFERENCE_DASHES)] if s.role == REFERENCE else \
            PREDECESSOR_DASH if s.role == PREDECESSOR else None
        label = f"Comparator councils ({comparators}, grey)" if group_muted else \
            s.label if len(groups[key]) == 1 else s.name
        styles.append(LineStyle(
            series=index, label=label, role=s.role,
            colour=MUTED_LINE_COLOUR if group_muted else colours[key],
            width=MUTED_WIDTH if group_muted else LINE_WIDTHS.get(s.role, 0.8), dash=dash,
            marker=SUBJECT_MARKERS[within % len(SUBJECT_MARKERS)] if s.role == SUBJECT else "",
            z=DRAW_ORDER.get(s.role, 0), legend=within == 0))
    return styles


def drawing_order(styles: list[LineStyle]) -> list[LineStyle]:
    """Comparators first, then predecessors and references, the subject last (on top); stable within a role."""
    return sorted(styles, key=lambda style: style.z)


def line_legend(spec: ChartSpec) -> list[LegendEntry]:
    """One entry per council or reference (one for muted comparators) with at least one figure, in order."""
    grey = muted(spec)
    drawn = {group_key(s, grey) for s in spec.series if any(not p.missing for p in s.points)}
    entries = []
    for style in line_styles(spec):
        if style.legend and group_key(spec.series[style.series], grey) in drawn:
            entries.append(LegendEntry(style.label, style.role, style.colour, "line", style.dash, style.marker,
                                       style.width))
    return entries


@dataclass(frozen=True)
class EndLabel:
    """A direct label at the right of a line chart, level with the last figure of its council or reference."""

    text: str
    colour: str
    value: float            # the last figure, where the label is placed before spreading
    bold: bool
    at: int = -1            # the category of that figure; before the last one, a dotted leader joins the two


LEADER_DASH = (0.8, 1.6)     # points: the dotted leader from a line's last figure to its label
LEADER_WIDTH = 0.6


def short_label(series: ChartSeries) -> str:
    """'Allerdale (former)', 'England median', 'Kent': the legend's words, short enough to sit by a line."""
    name = series.name.split(" (", 1)[0] if series.role != REFERENCE else series.name
    name = name.removesuffix(" council")
    if series.role == PREDECESSOR:
        name += " (former)"
    if series.role == REFERENCE:
        name = name.split(" (", 1)[0]
    return name if len(name) <= END_LABEL_CHARS else name[:END_LABEL_CHARS - 1].rstrip() + "…"


def end_labels(spec: ChartSpec) -> list[EndLabel]:
    """One label per legend entry except muted comparators, at the latest figure of the entry's last series to
    have one; drawn by every renderer, spread apart with ``spread``."""
    if spec.kind != "line":
        return []
    order = {c: i for i, c in enumerate(spec.categories)}
    grey = muted(spec)
    latest: dict[tuple[str, str], tuple[int, float, ChartSeries, LineStyle]] = {}
    for style in line_styles(spec):
        s = spec.series[style.series]
        present = [order[p.x] for p in s.points if not p.missing and p.x in order]
        if style.colour == MUTED_LINE_COLOUR or not present:
            continue
        at = max(present)
        key = group_key(s, grey)
        if key not in latest or at >= latest[key][0]:
            value = next(p.value for p in s.points if p.x == spec.categories[at])
            latest[key] = (at, value, s, style)
    return [EndLabel(short_label(s), style.colour, value, s.role == SUBJECT, at)
            for at, value, s, style in latest.values()]


def needs_leader(label: EndLabel, spec: ChartSpec) -> bool:
    """A line that ends before the last period is joined to its label, which sits at the right edge."""
    return 0 <= label.at < len(spec.categories) - 1


@dataclass(frozen=True)
class RankLabel:
    """A named bar of a ranking: the first ranks are labelled to the right of their group, the last to the left,
    each with a leader line to its bar's end."""

    index: int              # the bar's place among the councils with a figure, left to right
    value: float
    text: str               # '1. Hampshire: −£123.9m'
    after: bool             # True: label right of the group (first ranks); False: left of it (last ranks)


RANK_LABEL_COLOUR = "#1A1A1A"


def rank_labels(spec: ChartSpec) -> list[RankLabel]:
    """The labelled councils of a ranking (``spec.labelled``), with their rank and figure (the subject too, when
    it is among them: its own label names it, this one gives its rank)."""
    present = [p for s in spec.series for p in s.points if not p.missing]
    labels = []
    for index, (p, rank) in enumerate(zip(present, spec.ranks(), strict=True)):
        if p.x in spec.labelled:
            labels.append(RankLabel(index, p.value, f"{rank}. {p.x}: {format_value(p.value, spec.unit)}",
                                    index < len(present) / 2))
    return labels


def spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions moved apart to at least ``gap`` from each other, kept within [low, high] where they fit, in
    the order given: so direct labels of lines ending close together do not overlap."""
    if not positions:
        return []
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [min(max(positions[i], low), high) for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    if placed[-1] > high:
        placed[-1] = high
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    out = [0.0] * len(positions)
    for rank, i in enumerate(order):
        out[i] = placed[rank]
    return out


def bar_style(role: str) -> BarStyle:
    """Subject and comparators highlighted, references outlined, other councils muted; subject on top."""
    if role == SUBJECT:
        return BarStyle(role, SUBJECT_COLOUR, True, True, 3)
    if role == COMPARATOR:
        return BarStyle(role, COMPARATOR_COLOURS[0], True, False, 1)
    if role == REFERENCE:
        return BarStyle(role, BACKGROUND, False, True, 2)
    return BarStyle(role, MUTED_COLOUR, True, False, 0)


def bar_legend(spec: ChartSpec) -> list[LegendEntry]:
    """The subject by name, then comparators, references and other councils, as far as present."""
    points = [p for s in spec.series for p in s.points]
    roles = {p.role for p in points}
    entries = []
    for role in (SUBJECT, COMPARATOR, REFERENCE, ""):
        if role in roles:
            style = bar_style(role)
            label = next(p.x for p in points if p.role == SUBJECT) if role == SUBJECT else BAR_LABELS[role]
            entries.append(LegendEntry(label, role, style.colour, "bar", filled=style.filled))
    return entries


def legend(spec: ChartSpec) -> list[LegendEntry]:
    return line_legend(spec) if spec.kind == "line" else bar_legend(spec)


# --- the category axis ---------------------------------------------------------------------------------------

def category_labels(count: int, every: int) -> list[int]:
    """Indexes of the periods labelled on a line chart's x axis, at least ``every`` apart: the first and the last
    always (a step that divides the span when one is near, else the label crowding the last one left out)."""
    if count <= 1:
        return list(range(count))
    last, every = count - 1, max(1, every)
    step = next((s for s in range(every, every + 3) if last % s == 0), every)
    picks = list(range(0, last + 1, step))
    if picks[-1] != last:
        if len(picks) > 1 and last - picks[-1] < step * 0.6:
            picks.pop()
        picks.append(last)
    return picks


# --- the value axis ---------------------------------------------------------------------------------------------

def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    span = high - low or abs(high) or 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.999:
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        value = first + step * len(ticks)
    return ticks


def value_ticks(spec: ChartSpec) -> list[float]:
    """The value axis of every renderer: the figures plus 5% padding, rounded out to tick values. Padding
    never invents an impossible range: no negative counts, no percentage above 100."""
    low, high = spec.value_range()
    if not spec.y_from_zero:
        pad = (high - low) * 0.05
        low = max(low - pad, 0.0) if low >= 0 else low - pad
        high = min(high + pad, 100.0) if spec.unit == "pct" and high <= 100 else high + pad
    return nice_ticks(low, high)
