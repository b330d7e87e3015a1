"""The screen and the PDF draw the same charts: for several briefings (a county, a London borough, a council
created in a reorganisation, a comparison of chosen councils) every chart has the same legend labels, the same
colours and line widths, the same draw order and the same direct labels at line ends (text and colour) in pyqtgraph
as in ReportLab; no colour serves two legend entries of one chart, and a chart holds at most six hues. Compared
from what each renderer actually drew (the ChartView's items, the ReportLab drawing's shapes), not from the shared
style module."""

from __future__ import annotations

import math

import pytest
from reportlab.graphics.shapes import Group, Line, PolyLine, Rect, String

from briefing.analysis.briefing import Selection, build_briefing, build_comparison, ranking_chart
from briefing.analysis.chart_style import SCREEN_PIXELS_PER_POINT, SUBJECT_COLOUR
from briefing.report.charts import chart_drawing, suggested_height
from briefing.report.fonts import printable
from briefing.ui.app import application
from briefing.ui.chart_view import ChartView

WIDTH = 480.0


def shapes(group: Group):
    for item in group.contents:
        if isinstance(item, Group):
            yield from shapes(item)
        else:
            yield item


def hex_of(colour) -> str:
    return "#" + colour.hexval()[2:].lower()


def collapse(sequence: list) -> list:
    """Consecutive equal entries once: the PDF draws one polyline per unbroken run, the screen one per series."""
    return [item for i, item in enumerate(sequence) if i == 0 or item != sequence[i - 1]]


def paper(spec):
    drawing = chart_drawing(spec, WIDTH, suggested_height(spec, WIDTH))
    chart, legend = drawing.contents[0], drawing.contents[-1]
    labels = [s.text for s in shapes(legend) if isinstance(s, String)]
    swatches = [hex_of(s.strokeColor if isinstance(s, Line) else s.fillColor) for s in shapes(legend)
                if isinstance(s, Line | Rect) and not (isinstance(s, Rect) and s.width < 8)]
    if spec.kind == "line":
        drawn = collapse([(hex_of(s.strokeColor), round(s.strokeWidth, 2)) for s in shapes(chart)
                          if isinstance(s, PolyLine)])
    else:
        bars = [s for s in shapes(chart) if isinstance(s, Rect) and s.strokeWidth != 0.4]  # not the label box
        drawn = collapse([hex_of(s.fillColor) for s in bars])
    # direct labels (line ends, a ranking's named councils): the group after the chart's
    ends = [(s.text, hex_of(s.fillColor)) for s in shapes(drawing.contents[1]) if isinstance(s, String)] \
        if spec.kind in ("line", "caterpillar") else []
    return labels, swatches, drawn, ends


def has_run(y) -> bool:
    return any(not math.isnan(a) and not math.isnan(b) for a, b in zip(y, y[1:], strict=False))


def screen(view: ChartView, spec):
    view.set_spec(spec)
    labels = [e.label for e in view.legend_entries]
    swatches = [e.colour.lower() if e.filled else "#ffffff" for e in view.legend_entries]
    if spec.kind == "line":
        drawn = collapse([(line.pen.color().name(), round(line.pen.widthF() / SCREEN_PIXELS_PER_POINT, 2))
                          for line in view.lines.polylines if has_run(line.y.tolist())])
    else:
        sets = sorted((b for b in view.bar_sets if b.isVisible()), key=lambda b: b.zValue())
        drawn = collapse([b.opts["brush"].color().name() for b in sets])
    ends = view.end_axis.drawn if spec.kind == "line" else view.rank_labels.drawn if spec.kind == "caterpillar" else []
    ends = [(text, colour.lower()) for text, colour in ends]
    return labels, swatches, drawn, ends


BRIEFINGS = {
    "Kent (county)": Selection("886"),
    "Hackney (London borough)": Selection("204"),
    "Cumberland (new council, 2023)": Selection("942"),
    "chosen councils": Selection("886", "custom", ("204", "942", "330")),
}


@pytest.fixture(scope="module")
def view():
    application()
    chart = ChartView(lambda ids: "")
    chart.resize(700, 500)
    return chart


@pytest.mark.parametrize("name", BRIEFINGS)
def test_every_chart_looks_the_same_on_screen_and_paper(name, view, dataset):
    briefing = build_briefing(dataset, BRIEFINGS[name])
    comparison = build_comparison(dataset, [Selection("886"), Selection("204"), Selection("942")])
    ranking = ranking_chart(dataset, BRIEFINGS[name], "dsg_balance_gbp", period="2023-24", lowest_first=True)
    specs = [*briefing.charts, *(comparison.charts if name == "chosen councils" else ()), ranking]
    assert {s.kind for s in specs} == {"line", "bar", "caterpillar"}
    checked_leaders = 0
    for spec in specs:
        paper_labels, paper_swatches, paper_drawn, paper_ends = paper(spec)
        screen_labels, screen_swatches, screen_drawn, screen_ends = screen(view, spec)
        assert len(paper_labels) == len(screen_labels) > 0, spec.chart_id
        for printed, shown in zip(paper_labels, screen_labels, strict=True):   # paper may shorten with "…"
            assert shown == printed or printed.endswith("…") and shown.startswith(printed[:-1].rstrip()), (
                spec.chart_id, printed, shown)
        assert paper_swatches == screen_swatches, spec.chart_id
        assert paper_drawn == screen_drawn, spec.chart_id
        assert paper_drawn, spec.chart_id
        assert paper_ends == [(printable(t), c) for t, c in screen_ends], spec.chart_id   # PDF: '–' for '−'
        if spec.kind == "line":     # a dotted leader from each line that ends before the last period, on both
            leaders = [s for s in shapes(chart_drawing(spec, WIDTH, 300).contents[1]) if isinstance(s, Line)]
            assert len(leaders) == sum(view.end_axis.leaders), spec.chart_id
            checked_leaders += len(leaders)
        if spec.kind == "line":
            if any(not p.missing for p in spec.series[0].points):     # the council labelled, first
                assert paper_ends[0] == (spec.series[0].name, SUBJECT_COLOUR.lower()), spec.chart_id
            assert len(set(screen_swatches)) == len(screen_swatches), (spec.chart_id, screen_swatches)
            hues = {c for c in screen_swatches if len({c[1:3], c[3:5], c[5:7]}) > 1}   # greys are not hues
            assert len(hues) <= 6, (spec.chart_id, hues)
    if name.startswith("Cumberland"):
        assert checked_leaders > 0   # its predecessor's lines end before the last period
    assert [text for text, _ in screen(view, ranking)[3][:5]] == [   # the ranking's named first five, on both
        "1. Hampshire: −£123.9m", "2. Devon: −£111.5m", "3. Norfolk: −£81.5m", "4. Surrey: −£79.5m",
        "5. Cheshire East: −£78.7m"]


def test_the_comparison_can_tell_renderers_apart(view, dataset):
    """A screen that drew the comparators in the subject's colour would be caught."""
    spec = build_briefing(dataset, Selection("886")).chart("trend.ehc_plans")
    labels, swatches, drawn, ends = screen(view, spec)
    recoloured = [(drawn[-1][0], width) for _, width in drawn]
    assert recoloured != paper(spec)[2]
