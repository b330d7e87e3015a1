"""Chart descriptions. The analysis decides what a chart shows; pyqtgraph (screen) and ReportLab (PDF)
only draw a ``ChartSpec``, so the two can never disagree, and tests can check a chart without drawing it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from briefing.analysis.format import format_value

# roles decide colour and emphasis in every renderer
SUBJECT, COMPARATOR, REFERENCE = "subject", "comparator", "reference"
PREDECESSOR = "predecessor"   # a former council whose area the subject took over: its colour, dotted

@dataclass(frozen=True)
class ChartPoint:
    x: str                  # a period ('2025', '2023-24') or a council name (bar charts)
    value: float            # NaN = missing: drawn as a gap, never as zero
    note: str = ""          # why it is missing, or how it was derived
    role: str = ""          # per-bar role in bar and caterpillar charts
    area: str = ""          # council code behind a bar, for selection on click
    sources: tuple[str, ...] = ()   # source ids of this figure (hover names them), where the builder knows

    @property
    def missing(self) -> bool:
        return math.isnan(self.value)


@dataclass(frozen=True)
class ChartSeries:
    label: str
    role: str
    points: tuple[ChartPoint, ...]
    area: str = ""
    variant: str = ""       # e.g. 'new method': one of several series of the same council, never joined

    @property
    def name(self) -> str:
        """The label without the variant: what the council's series share in a legend."""
        return self.label.removesuffix(f" ({self.variant})") if self.variant else self.label


@dataclass(frozen=True)
class ChartSpec:
    chart_id: str
    kind: str                         # line | bar | caterpillar
    title: str
    unit: str                         # gbp | pct | count | persons | ratio: how values are formatted
    value_label: str                  # y-axis wording, e.g. '£ per head aged 2-18, real terms'
    categories: tuple[str, ...]       # x order shared by every series
    series: tuple[ChartSeries, ...]
    y_from_zero: bool
    caption: str
    source_ids: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    labelled: tuple[str, ...] = ()    # councils (x) named by the bars of a ranking: its top and bottom

    def ranks(self) -> list[int]:
        """1, 2, 2, 4...: the rank of each figure in the order shown (ties share a rank), missing ones left out."""
        ranks: list[int] = []
        previous = None
        for i, value in enumerate(p.value for s in self.series for p in s.points if not p.missing):
            ranks.append(ranks[-1] if value == previous else i + 1)
            previous = value
        return ranks

    @property
    def council(self) -> str:
        """The council the chart is about ('' if none): exported file names and copied titles name it."""
        for s in self.series:
            if s.role == SUBJECT and self.kind == "line":
                return s.name
            for p in s.points:
                if p.role == SUBJECT:
                    return p.x
        return ""

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The figures behind the chart, as text: for the table toggle, the PDF and the CSV."""
        if self.kind == "line":
            header = ["Series", *self.categories]
            rows = []
            for s in self.series:
                by_x = {p.x: p for p in s.points}
                rows.append([s.label, *(self.cell(by_x.get(x)) for x in self.categories)])
            return header, rows
        header = ["Council", self.value_label]
        return header, [[p.x, self.cell(p)] for s in self.series for p in s.points]

    def description(self) -> str:
        """What the chart shows and its latest figures, in words: the accessible description a screen reader
        announces (a picture of lines says nothing to it)."""
        if self.kind == "line":
            return f"Line chart: {self.title} ({self.value_label}), {self.categories[0]} to {self.categories[-1]}. " \
                + self.latest_words() if self.categories else f"Line chart: {self.title}. No figures."
        points = [p for s in self.series for p in s.points]
        present = [p for p in points if not p.missing and p.role != REFERENCE]
        kind = "Bar chart" if self.kind == "bar" else "Ranked bars of every council"
        words = [f"{kind}: {self.title} ({self.value_label}); {len(present)} councils with a figure."]
        ranks = dict(zip((p.x for p in points if not p.missing), self.ranks(), strict=True))
        for p in points:
            if p.role == SUBJECT:
                where = f", rank {ranks[p.x]} of {len(present)} in this order" if not p.missing else ""
                words.append(f"{p.x}: {self.cell(p)}{where}.")
        if present:
            words.append(f"First: {present[0].x}, {self.cell(present[0])}; last: {present[-1].x}, "
                         f"{self.cell(present[-1])}.")
        words += [f"{p.x}: {self.cell(p)}." for p in points if p.role == REFERENCE]
        return " ".join(words)

    def latest_words(self) -> str:
        """'Latest figures: Kent 21,742 (2026); England median council 3,684 (2026)…'; several comparators as
        their range."""
        order = {c: i for i, c in enumerate(self.categories)}
        latest = []
        for s in self.series:
            present = [p for p in s.points if not p.missing and p.x in order]
            if present:
                latest.append((s, max(present, key=lambda p: order[p.x])))
        comparators = [(s, p) for s, p in latest if s.role == COMPARATOR]
        if comparators:    # one variant's comparators (the latest method's): never a range across two methods
            newest = max(comparators, key=lambda sp: order[sp[1].x])[0].variant
            comparators = [(s, p) for s, p in comparators if s.variant == newest]
        words = [f"{s.label} {self.cell(p)} ({p.x})" for s, p in latest
                 if s.role != COMPARATOR or len(comparators) <= 3 and (s, p) in comparators]
        if len(comparators) > 3:
            low = min(comparators, key=lambda sp: sp[1].value)
            high = max(comparators, key=lambda sp: sp[1].value)
            words.append(f"{len(comparators)} comparator councils from {low[0].label} {self.cell(low[1])} to "
                         f"{high[0].label} {self.cell(high[1])}")
        return "Latest figures: " + "; ".join(words) + "." if words else "No figures."

    def cell(self, point: ChartPoint | None) -> str:
        if point is None or point.missing:
            return "n/a"
        return format_value(point.value, self.unit)

    def missing_notes(self) -> list[str]:
        """Why the subject's gaps are gaps, once per reason: shown under charts and tables."""
        seen: dict[str, list[str]] = {}
        for s in self.series:
            if s.role != SUBJECT:
                continue
            for p in s.points:
                if p.missing and p.note:
                    seen.setdefault(p.note, []).append(p.x)
        return [f"{', '.join(xs)}: {note}" for note, xs in seen.items()]

    def value_range(self) -> tuple[float, float]:
        values = [p.value for s in self.series for p in s.points if not p.missing]
        if not values:
            return 0.0, 1.0
        low, high = min(values), max(values)
        if self.y_from_zero:
            low, high = min(low, 0.0), max(high, 0.0)
        if low == high:
            high = low + 1.0
        return low, high
