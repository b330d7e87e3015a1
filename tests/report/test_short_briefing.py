"""The default briefing is what a councillor takes into a meeting: at most four A4 pages, page 1 saying who,
when, the key points with England's own numbers, what each headline is a figure to and the national context that
applies now; the full tables only on request (--appendix)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from briefing.cli import main
from briefing.report.pdf import ExportOptions, render_briefing

# a county, a London borough, a council created in 2023, the smallest council, a safety valve council with
# payments and a reorganised one with a long history
COUNCILS = ["886", "204", "942", "201", "205", "838"]


def pages_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("code", COUNCILS)
def test_the_briefing_is_at_most_four_pages(dataset, code):
    data, briefing = render_briefing(dataset, code, ExportOptions(invariant=True))
    pages = pages_text(data)
    assert len(pages) <= 4, (code, len(pages))
    assert briefing.council.name in pages[0] and "Key points" in pages[0] and "Sources and method" in pages[-1]
    assert "Appendix" not in " ".join(pages)


def test_page_one_says_when_what_and_the_national_context(dataset):
    from datetime import datetime

    data, briefing = render_briefing(dataset, "886", ExportOptions(generated=datetime(2026, 12, 3, 9, 30)))
    first = pages_text(data)[0]
    assert "Generated 03 December 2026" in first
    assert "718,838" in first and "£9.95bn" in first                  # England's own totals as numbers
    assert "£293,071,829" in first                                    # the other high needs block basis
    assert "Figures to January 2026" in first and "Figures to 31 March 2024" in first
    assert "High Needs Stability Grant" in first and "March 2028" in first
    assert "latest published balance is \u2212£67.2m at 31 March 2024" in first       # a real minus sign
    assert "Rank 1 of 152 councils (highest quarter)" in first         # the band words the screen uses


def test_small_numbers_are_flagged(dataset):
    data, _ = render_briefing(dataset, "201", ExportOptions(invariant=True, sections=("glance",)))
    assert "These are small numbers: with 26 plans" in pages_text(data)[0]


def test_the_appendix_is_added_only_on_request(tmp_path, dataset):
    assert main(["export", "kent", "--out", str(tmp_path / "kent.pdf"), "--invariant"]) == 0
    assert main(["export", "kent", "--appendix", "--out", str(tmp_path / "kent-full.pdf"), "--invariant"]) == 0
    short = pages_text((tmp_path / "kent.pdf").read_bytes())
    full = pages_text((tmp_path / "kent-full.pdf").read_bytes())
    assert len(short) <= 4 < len(full)
    def unnumbered(pages):
        return [re.sub(r"Page \d+ of \d+", "", page) for page in pages]
    assert unnumbered(full[:len(short)]) == unnumbered(short)          # the briefing itself is unchanged
    appendix = " ".join(full[len(short):])
    assert "Appendix: the figures" in appendix and "SEND Tribunal appeal rate" in appendix
    assert "2019-20 2020-21 2021-22" in appendix                      # the tables of figures


def test_a_comparison_shows_each_councils_region_and_trends_for_each(dataset):
    from briefing.analysis.briefing import Selection, build_comparison

    comparison = build_comparison(dataset, [Selection("886"), Selection("204"), Selection("942")])
    bars = [c for c in comparison.charts if c.kind == "bar"]
    trends = [c for c in comparison.charts if c.kind == "line"]
    references = {p.x for p in bars[0].series[0].points if p.role == "reference"}
    assert references == {"South East median", "London median", "North West median", "England median"}
    assert len(trends) == 3 and all({"Kent", "Hackney", "Cumberland"} <= {s.label for s in t.series} for t in trends)


def test_single_council_figures_are_shown_unranked_on_paper_and_screen(dataset, qtbot):
    """Oldham's 2025-26 allocation (after deductions), published for a few councils only, appears beside the
    headline on page 1 and on the overview card, marked as having no all-council ranking."""
    from briefing.analysis.briefing import Selection
    from briefing.ui.app import application
    from briefing.ui.overview import OverviewView
    from briefing.ui.session import Session

    data, briefing = render_briefing(dataset, "353", ExportOptions(invariant=True))
    first = pages_text(data)[0]
    assert "2025-26 (after deductions): £49,327,137, published for this council only (no all-council ranking)" \
        in first
    application()
    view = OverviewView()
    qtbot.addWidget(view)
    view.show_briefing(Session(dataset, Selection("353")).briefing())
    card = next(c for c in view.cards if c.label.text().startswith("High needs block"))
    assert "£49,327,137, published for this council only" in card.details.text()


def test_spending_shows_what_to_import_until_the_s251_file_is_imported(dataset, tmp_path):
    """Never a zero: the briefing names the file that brings high needs outturn, then shows the imported figure."""
    from briefing.analysis.briefing import Selection, build_briefing
    from briefing.data.imports import apply_import, compare
    from briefing.data.loader import load_with_imports
    from briefing.data.readers import read_import
    from tests.data.test_readers_s251 import line_amount, s251_rows, write_s251

    before = build_briefing(dataset, Selection("839"), with_charts=False)
    assert before.spending.startswith("High needs spending (s251 outturn): not in the bundle: import Department")
    assert "not in the bundle" in before.caveats[-1]
    parsed = read_import(write_s251(tmp_path, s251_rows()), dataset)
    apply_import(parsed, compare(parsed, dataset), tmp_path / "layers")
    imported, problems = load_with_imports(tmp_path / "layers")
    after = build_briefing(imported, Selection("839"), with_charts=False)
    assert problems == "" and after.spending.startswith("High needs spending (s251 outturn, imported): £")
    assert "in 2023-24" in after.spending and line_amount("839", "1.2.1") > 0


def test_a_council_in_surplus_is_not_told_its_grant_is_based_on_a_deficit(dataset):
    from briefing.analysis.briefing import Selection, build_briefing

    note = build_briefing(dataset, Selection("353"), with_charts=False).grant_note      # Oldham: +£3.7m
    assert "is for DSG deficits at 31 March 2026" in note and "a surplus of £3.7m at 31 March 2024" in note
    assert "based on Oldham's DSG deficit" not in note


def test_an_inverted_council_name_reads_in_speaking_order_before_an_apostrophe(dataset):
    from briefing.analysis.briefing import Selection, build_briefing

    bristol = build_briefing(dataset, Selection("801"), with_charts=False)
    assert bristol.council.name == "Bristol, City of"
    assert "based on City of Bristol's DSG deficit" in bristol.grant_note and "City of's" not in bristol.grant_note
    bcp = build_briefing(dataset, Selection("839"), with_charts=False)
    assert bcp.council.possessive == "Bournemouth, Christchurch and Poole's"
