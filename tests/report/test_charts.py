"""Chart drawings from ChartSpecs: gaps for missing values, bars from zero, styles by role, SVG output."""

import math

import pytest
from reportlab import rl_config
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Group, PolyLine, Rect, String
from reportlab.lib.utils import open_for_read
from reportlab.pdfbase import pdfmetrics

from briefing.analysis.briefing import Selection, build_briefing
from briefing.analysis.chart_style import SUBJECT_COLOUR, nice_ticks
from briefing.analysis.charts import ChartPoint, ChartSeries, ChartSpec
from briefing.report.charts import chart_drawing
from briefing.report.fonts import prepare_reportlab

NAN = float("nan")


def shapes(drawing, kind):
    found = []

    def walk(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, Group):
                walk(child)
            elif isinstance(child, kind):
                found.append(child)
    walk(drawing)
    return found


def line_spec(values, role="subject"):
    periods = tuple(str(2018 + i) for i in range(len(values)))
    points = tuple(ChartPoint(p, v, "not published" if math.isnan(v) else "")
                   for p, v in zip(periods, values, strict=True))
    return ChartSpec("trend.test", "line", "Test", "count", "number", periods,
                     (ChartSeries("Subject council", role, points, "999"),), False, "caption")


def test_a_missing_value_breaks_the_line_instead_of_dropping_to_zero():
    drawing = chart_drawing(line_spec([10, 12, NAN, 15, 16]), 400, 200)
    lines = [p for p in shapes(drawing, PolyLine) if p.strokeWidth > 2]
    assert len(lines) == 2                                   # two runs either side of the gap
    assert all(len(p.points) == 4 for p in lines)            # two points each: the gap is not bridged
    lowest_drawn = min(p.points[1] for p in lines)
    zero_label = [s for s in shapes(drawing, String) if s.text == "0"]
    assert not zero_label or lowest_drawn > zero_label[0].y  # nothing pulled down to zero


def test_a_lone_value_still_shows_as_a_marker():
    drawing = chart_drawing(line_spec([NAN, 7, NAN], role="comparator"), 300, 160)
    assert not shapes(drawing, PolyLine)
    assert len(shapes(drawing, Circle)) >= 1


def test_bars_start_at_zero_and_highlight_the_subject(dataset):
    briefing = build_briefing(dataset, Selection("886"))
    spec = briefing.chart("bar.dsg_balance_gbp")
    drawing = chart_drawing(spec, 480, 200)
    zero_x = {s.x for s in shapes(drawing, String) if s.text == "£0"}
    bars = [r for r in shapes(drawing, Rect) if r.height > 3 and r.width > 0.5 and r.y < 190]
    assert zero_x
    x0 = zero_x.pop()
    assert all(math.isclose(r.x, x0, abs_tol=0.01) or math.isclose(r.x + r.width, x0, abs_tol=0.01) for r in bars
               if r.fillColor is not None and r.y > 20)
    subject_bars = [r for r in bars if r.fillColor is not None and r.fillColor.hexval().lower() ==
                    "0x" + SUBJECT_COLOUR[1:].lower()]
    assert subject_bars
    assert any(s.text == "Kent" and s.fontName == "NotoSans-Bold" for s in shapes(drawing, String))


def test_negative_figures_keep_their_minus_sign(dataset):
    spec = build_briefing(dataset, Selection("886")).chart("bar.dsg_balance_gbp")
    texts = [s.text for s in shapes(chart_drawing(spec, 480, 200), String)]
    assert "\u2212£67.2m" in texts                     # a real minus sign, which the bundled Noto Sans now has
    assert not any("\u2013" in t for t in texts)
    assert 0x2212 in pdfmetrics.getFont("NotoSans-Bold").face.charToGlyph


def test_every_briefing_chart_draws_and_exports_to_svg(dataset, tmp_path):
    for spec in build_briefing(dataset, Selection("201")).charts:
        drawing = chart_drawing(spec, 480, 220)
        path = tmp_path / f"{spec.chart_id}.svg"
        renderSVG.drawToFile(drawing, str(path))
        assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_nice_ticks_cover_the_range_with_round_steps():
    assert nice_ticks(-22.3, 11.1) == [-30, -20, -10, 0.0, 10, 20]
    ticks = nice_ticks(0, 311e6)
    assert ticks[0] == 0 and ticks[-1] >= 311e6 and len(ticks) <= 7


def test_reportlab_may_not_fetch_anything():
    prepare_reportlab()
    assert rl_config.trustedSchemes == [] and not rl_config.trustedHosts
    for url in ("http://example.com/x.png", "https://example.com/x.png", "ftp://example.com/x"):
        with pytest.raises(OSError):
            open_for_read(url)


def test_first_and_last_periods_are_labelled_on_screen_and_paper(dataset):
    """Issue 10 item 9: the x axis never drops its first or last period, and no label crowds the last."""
    from briefing.analysis.chart_style import category_labels
    from briefing.ui.app import application
    from briefing.ui.chart_view import ChartView

    assert category_labels(17, 3) == [0, 4, 8, 12, 16]       # a step that divides the span
    assert category_labels(12, 2) == [0, 2, 4, 6, 8, 11]     # else the label next to the last one goes
    assert category_labels(1, 4) == [0]
    application()
    view = ChartView(lambda ids: "")
    view.resize(600, 420)
    for spec in build_briefing(dataset, Selection("886")).charts:
        if spec.kind != "line":
            continue
        printed = {s.text for s in shapes(chart_drawing(spec, 480, 260), String)}
        assert {spec.categories[0], spec.categories[-1]} <= printed, spec.chart_id
        view.set_spec(spec)
        shown = view.bottom_axis.labels
        assert shown[0] == spec.categories[0] and shown[-1] == spec.categories[-1], spec.chart_id
