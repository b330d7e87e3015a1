"""The Excel figures file, read back with openpyxl: the CSV's rows, numbers as numbers, no formulas, sources."""

import io
import math

import pytest
from openpyxl import load_workbook

from briefing.analysis.briefing import Selection, build_briefing
from briefing.report.figures import COLUMNS, briefing_rows
from briefing.report.xlsx import to_xlsx


@pytest.fixture(scope="module")
def kent(dataset):
    return build_briefing(dataset, Selection("886"))


@pytest.fixture(scope="module")
def workbook(kent):
    return load_workbook(io.BytesIO(to_xlsx(briefing_rows(kent), [kent])))


def test_one_sheet_of_the_csv_rows_with_a_bold_frozen_header(kent, workbook):
    sheet = workbook["Figures"]
    assert workbook.sheetnames[0] == "Figures"
    assert [c.value for c in sheet[1]] == COLUMNS
    assert all(c.font.bold for c in sheet[1]) and not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == len(briefing_rows(kent)) + 1


def test_numbers_are_numbers_and_missing_ones_are_empty(dataset, kent, workbook):
    sheet = workbook["Figures"]
    rows = list(sheet.iter_rows(min_row=2))
    value = COLUMNS.index("value")
    plans = next(r for r in rows if r[0].value == "at a glance" and r[1].value == "EHC plans")
    assert plans[value].data_type == "n"
    assert plans[value].value == dataset.grid("ehc_plans").values.at["886", "2026"] == 21742
    source = briefing_rows(kent)
    for cells, row in zip(rows, source, strict=True):
        raw = row[value]
        if isinstance(raw, float) and math.isnan(raw):
            assert cells[value].value is None
        else:
            assert isinstance(cells[value].value, (int, float)) and cells[value].value == pytest.approx(raw)


def test_formula_looking_text_is_neutralised():
    rows = [["at a glance", "=HYPERLINK(\"http://example.com\",\"x\")", "886", "+44 Kent", "2025", 1.0, "-1",
             "pct", "@cmd", ""]]
    sheet = load_workbook(io.BytesIO(to_xlsx(rows, [])))["Figures"]
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert cells[1].value == "'=HYPERLINK(\"http://example.com\",\"x\")" and cells[1].data_type == "s"
    assert (cells[3].value, cells[6].value, cells[8].value) == ("'+44 Kent", "'-1", "'@cmd")
    assert cells[5].value == 1 and cells[5].data_type == "n"


def test_no_cell_of_a_real_briefing_is_a_formula(workbook):
    for sheet in workbook:
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_sources_are_present_for_every_figure(kent, workbook):
    figures = workbook["Figures"]
    sources = COLUMNS.index("sources")
    ids = {i for r in figures.iter_rows(min_row=2, values_only=True) if r[0] == "at a glance"
           for i in (r[sources] or "").split()}
    assert ids and all(r[sources] for r in figures.iter_rows(min_row=2, values_only=True) if r[0] == "at a glance")
    named = {r[0]: r for r in workbook["Sources"].iter_rows(min_row=2, values_only=True)}
    assert ids <= named.keys()
    hnb = kent.headline("hnb").source_ids[0]
    assert named[hnb][3] == kent.citations[hnb].url and named[hnb][3].startswith("https://")
    programme = [r[sources] for r in figures.iter_rows(min_row=2, values_only=True) if r[0] == "safety valve"]
    assert programme and all("https://" in s for s in programme)
