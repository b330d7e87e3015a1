"""The figures file as an Excel workbook, beside the CSV: the same rows (``figures.briefing_rows``) on one sheet,
numbers stored as numbers (so they add up and sort), text guarded against formula injection as in the CSV, the
header row bold and frozen. A second sheet names the source behind each source id used in the figures."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from briefing.analysis.briefing import Briefing
from briefing.report.figures import COLUMNS, safe_cell

SOURCE_COLUMNS = ["source", "publisher", "title", "original_address", "published", "licence", "copy_read"]
WIDTHS = {"section": 28, "item": 34, "council": 26, "as_printed": 16, "status_or_note": 40, "sources": 40}


def cell_value(value: object) -> object:
    """A number as a number (a missing one as an empty cell); text through ``safe_cell``, so nothing a
    spreadsheet would run as a formula is stored as one."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, int):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))   # control characters would make openpyxl refuse


def add_sheet(sheet: Worksheet, header: list[str], rows: Iterable[list[object]]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([cell_value(v) for v in row])
    for index, name in enumerate(header):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = WIDTHS.get(name, 14)
    sheet.auto_filter.ref = sheet.dimensions


def to_xlsx(rows: list[list[object]], briefings: Iterable[Briefing]) -> bytes:
    """The workbook of ``rows`` (``briefing_rows`` of each briefing) and the sources of ``briefings``."""
    workbook = Workbook()
    figures = workbook.active
    figures.title = "Figures"
    add_sheet(figures, COLUMNS, rows)
    citations = {key: c for b in briefings for key, c in b.citations.items()}
    add_sheet(workbook.create_sheet("Sources"), SOURCE_COLUMNS,
              [[key, c.publisher, c.title, c.url, c.published, c.licence, c.copy_url] for key, c in citations.items()])
    properties = workbook.properties
    properties.title = "High Needs Briefing: figures with sources"
    properties.creator = "High Needs Briefing"
    properties.language = "en-GB"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
