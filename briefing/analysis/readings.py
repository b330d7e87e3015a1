"""One line that says what a chart shows for the council, written from the chart's own figures, so the sentence
under a chart can never disagree with the chart."""

from __future__ import annotations

from briefing.analysis.charts import PREDECESSOR, REFERENCE, SUBJECT, ChartPoint, ChartSpec
from briefing.analysis.format import format_percent_change, format_value, ordinal


def present(points: tuple[ChartPoint, ...]) -> list[ChartPoint]:
    return [p for p in points if not p.missing]


def change_text(spec: ChartSpec, earlier: ChartPoint, later: ChartPoint) -> str:
    """'+9% on 2025', '2.4 points down on 2019-20', 'unchanged on 2024'."""
    if spec.unit == "pct":
        change = round(later.value - earlier.value, 1)
        if change == 0:
            return f"unchanged on {earlier.x}"
        return f"{format_value(abs(change), 'pct').removesuffix('%')} points {'up' if change > 0 else 'down'} on " \
               f"{earlier.x}"
    if earlier.value <= 0:
        return ""
    return f"{format_percent_change(later.value / earlier.value - 1)} on {earlier.x}"


def line_reading(spec: ChartSpec) -> str:
    """The council's latest figure, its change on the year before and over the whole chart, and the reference
    line at the same point."""
    subjects = [s for s in spec.series if s.role == SUBJECT and present(s.points)]
    if not subjects:
        former = any(s.role == PREDECESSOR and present(s.points) for s in spec.series)
        return "No figures for this council in these years" + (
            "; its former council's figures are drawn separately." if former else ".")
    own = subjects[-1]           # the latest variant (the tribunal rate's new method)
    figures = present(own.points)
    last = figures[-1]
    changes = [change_text(spec, p, last) for p in (figures[-2:-1] + figures[:1] if len(figures) > 2 else
                                                       figures[:1] if len(figures) == 2 else [])]
    text = f"{own.name}: {format_value(last.value, spec.unit)} in {last.x}"
    text += "".join(f", {c}" for c in changes if c)
    references = [s for s in spec.series if s.role == REFERENCE and s.variant == own.variant]
    at_last = [(s.name, p) for s in references for p in s.points if p.x == last.x and not p.missing]
    if at_last:
        name, point = at_last[0]
        text += f"; {name}: {format_value(point.value, spec.unit)}"
    return text + "."


def bar_reading(spec: ChartSpec) -> str:
    points = [p for s in spec.series for p in s.points if p.role != REFERENCE]
    subject = next((p for p in points if p.role == SUBJECT), None)
    if subject is None or subject.missing:
        note = subject.note.rstrip(".") if subject else ""
        return "No figure for this council in this period" + (f" ({note})." if note else ".")
    figures = sorted((p for p in points if not p.missing), key=lambda p: -p.value)
    position = next(i for i, p in enumerate(figures, 1) if p is subject)
    place = "the highest" if position == 1 else f"{ordinal(position)} highest"
    text = f"{subject.x}: {format_value(subject.value, spec.unit)}, {place} of {len(figures)} councils with a figure"
    references = [p for s in spec.series for p in s.points if p.role == REFERENCE and not p.missing]
    if references:
        text += "; " + "; ".join(f"{p.x}: {format_value(p.value, spec.unit)}" for p in references)
    return text + "."


def reading(spec: ChartSpec) -> str:
    return line_reading(spec) if spec.kind == "line" else bar_reading(spec)
