"""DfE's DSG allocations workbook (``.ods``/``.xlsx``), every edition from 2020-21 to the "view latest funding"
downloads of 2024-25 onwards.

Columns are found by their header text, never by letter: DfE moves them between editions (the high needs total
before deductions is column [I] of High_needs_block in 2022-23 and 2023-24, [G] in 2024-25). The Allocations_summary
sheet has a row of column headings ("High needs block (£s)", "Total DSG allocation (£s)") under group headings
that say the basis ("... before recoupment and deductions ...", "... after deductions ..."); a heading that states
its own basis ("Total high needs block before deductions") needs no group. A workbook without the high needs block
before deductions or the total DSG is refused, naming the heading looked for; the high needs block after deductions
is taken where the summary has it (DfE documents the 2024-25 summary with one set of block columns) and its absence
is said, never filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from briefing.data.dataset import ENGLAND, Dataset
from briefing.data.periods import financial_year
from briefing.data.readers.checks import DataImportError
from briefing.data.readers.rows import ParsedImport, RowChecker, check_year

DSG_URL = "https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-{0}-to-{1}"
SUMMARY = "allocations_summary"
HIGH_NEEDS_SHEET = "high_needs_block"
SUMMARY_HEADINGS = ("high needs block", "total dsg allocation")   # the summary's row of column headings
HEADER_ROWS = 15          # headings are in the first rows; figures follow
YEARS = re.compile(r"(\d{4}) to (\d{4})")


@dataclass(frozen=True)
class Wanted:
    """A figure the workbook must hold: its measure, the heading's start, and the basis it must be on."""

    measure: str
    variant: str
    heading: str      # the column heading begins with this (lower case, spaces collapsed)
    basis: str        # "before" or "after": in the heading itself or in its group heading
    described: str    # for a refusal: what was looked for
    needed: bool = True   # refuse the workbook without it; otherwise say it was absent


WANTED = (
    Wanted("high_needs_block_gbp", "before_deductions", "high needs block", "before",
           "'High needs block (£s)' under a heading saying 'before recoupment and deductions' (or a column "
           "'Total high needs block before deductions' in High_needs_block)"),
    Wanted("dsg_allocation_gbp", "", "total dsg allocation", "before",
           "'Total DSG allocation (£s)' under a heading saying 'before recoupment and deductions'"),
    Wanted("high_needs_block_gbp", "after_deductions", "high needs block", "after",
           "'High needs block allocation (£s)' under a heading saying 'after deductions'", needed=False),
)


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def sheet_named(book: dict[str, pd.DataFrame], name: str) -> pd.DataFrame | None:
    """A sheet by name, whatever its case and spacing ('Allocations summary' or 'Allocations_summary')."""
    return next((sheet for title, sheet in book.items() if normalised(title).replace(" ", "_") == name), None)


@dataclass
class Headings:
    """One sheet's cells as text, the row of column headings and each column's basis (from its group heading)."""

    cells: pd.DataFrame
    row: int
    basis: list[str]

    @classmethod
    def find(cls, sheet: pd.DataFrame, markers: tuple[str, ...]) -> Headings | None:
        """The first row (in the first rows) with a cell beginning one of ``markers``; None when there is none."""
        cells = sheet.fillna("").map(lambda v: str(v).strip())
        for row in range(min(len(cells), HEADER_ROWS)):
            if any(normalised(text).startswith(markers) for text in cells.iloc[row]):
                return cls(cells, row, group_basis(cells, row))
        return None

    def heading(self, column: int) -> str:
        return normalised(self.cells.iat[self.row, column])

    def column(self, wanted: Wanted) -> int | None:
        """The one column holding ``wanted``; None when absent, a refusal when two columns could be it."""
        found = [c for c in range(self.cells.shape[1]) if self.heading(c).startswith(wanted.heading)
                 and own_basis(self.heading(c), self.basis[c]) == wanted.basis]
        if len(found) > 1:
            raise DataImportError(f"two columns could hold {wanted.described}; which one is meant cannot be told.")
        return found[0] if found else None


def group_basis(cells: pd.DataFrame, row: int) -> list[str]:
    """For each column, 'before' or 'after' from the nearest group heading above the headings row (a group
    heading spans the columns to its right, up to the next one); '' where no group heading says."""
    basis = [""] * cells.shape[1]
    for above in range(row):
        current = ""
        for column in range(cells.shape[1]):
            text = normalised(cells.iat[above, column])
            if text:
                current = basis_of(text)
            if current:
                basis[column] = current
    return basis


def basis_of(text: str) -> str:
    if "before" in text and ("recoupment" in text or "deduction" in text):
        return "before"
    if "after" in text and ("recoupment" in text or "deduction" in text):
        return "after"
    return ""


def own_basis(heading: str, group: str) -> str:
    """A heading that states its basis ('total high needs block before deductions') overrides its group's."""
    return basis_of(heading) or group


def allocation_years(book: dict[str, pd.DataFrame], summary: Headings) -> tuple[str, str] | None:
    """'YYYY to YYYY' from the summary's title rows, else from a sheet name (Information_2024_to_2025)."""
    title = " ".join(summary.cells.iloc[:3].to_numpy().ravel())
    found = YEARS.search(title) or YEARS.search(" ".join(normalised(n).replace("_", " ") for n in book))
    if not found or int(found.group(2)) != int(found.group(1)) + 1:
        return None
    return found.group(1), found.group(2)


def code_column(headings: Headings) -> int:
    """The column headed as an LA code, else the first: DfE documents the LA code as the sheet's first column."""
    return next((c for c in range(headings.cells.shape[1]) if re.fullmatch(r"(la|local authority) code",
                                                                               headings.heading(c))), 0)


def council_rows(headings: Headings) -> list[tuple[int, str]]:
    """(row index, council code or 'england') below the headings; regional subtotals, notes and formula rows
    have no numeric code and are skipped."""
    codes = code_column(headings)
    rows = []
    for index in range(headings.row + 1, len(headings.cells)):
        code = headings.cells.iat[index, codes]
        if code.isdigit() or code.lower() == ENGLAND:
            rows.append((index, code))
    return rows


def read_dsg_workbook(path: Path, sha256: str, dataset: Dataset, book: dict[str, pd.DataFrame]) -> ParsedImport:
    """High needs block before and after deductions and total DSG before recoupment, per council and England."""
    sheet = sheet_named(book, SUMMARY)
    summary = Headings.find(sheet, SUMMARY_HEADINGS) if sheet is not None else None
    if summary is None:
        raise DataImportError(f"{path.name} is not a DfE DSG allocations workbook (an Allocations_summary sheet "
                              f"of DSG blocks) or an ONS population workbook (MYE2 - Persons); its sheets: "
                              f"{', '.join(list(book)[:8])[:160]}.")
    years = allocation_years(book, summary)
    if years is None:
        raise DataImportError(f"{path.name}: the Allocations_summary sheet does not have the layout of DfE's DSG "
                              "allocations ('YYYY to YYYY' in its title).")
    year_problem = check_year(int(years[0]))
    if year_problem:
        raise DataImportError(f"{path.name}: {year_problem}")
    sources: list[tuple[Wanted, Headings, int]] = []
    missing, absent = [], []
    for wanted in WANTED:
        try:
            located = locate(book, summary, wanted)
        except DataImportError as error:
            raise DataImportError(f"{path.name}: {error}") from None
        if located is None:
            (missing if wanted.needed else absent).append(wanted)
        else:
            sources.append((wanted, *located))
    if missing:
        raise DataImportError(f"{path.name} lacks a column DfE's DSG allocations hold, so it was not imported:",
                              [f"no column {m.described}" for m in missing])
    fy = financial_year(int(years[0]))
    checker = RowChecker(dataset, path.name)
    elsewhere = {}   # rows of another sheet (the high needs detail), by code
    for wanted, headings, _column in sources:
        if headings is not summary:
            elsewhere[wanted] = {code: index for index, code in council_rows(headings)}
    for index, code in council_rows(summary):
        area = checker.area(index + 1, code)
        if area is None:
            continue
        for wanted, headings, column in sources:
            row = index if headings is summary else elsewhere[wanted].get(code)
            if row is None:
                checker.problem(index + 1, f"council {code} has no row in the sheet holding {wanted.described}")
                continue
            checker.add(row + 1, wanted.measure, wanted.variant, area, fy, headings.cells.iat[row, column])
    y1, y2 = years
    parsed = checker.result(path, sha256, "DfE DSG allocations workbook", "Department for Education (ESFA)",
                            f"Dedicated schools grant (DSG): {y1} to {y2}, allocations summary (file {path.name})",
                            DSG_URL.format(y1, y2))
    parsed.notices += [f"{path.name} has no column {w.described}: that figure is not imported." for w in absent]
    return parsed


def locate(book: dict[str, pd.DataFrame], summary: Headings, wanted: Wanted) -> tuple[Headings, int] | None:
    """The sheet and column of ``wanted``: the summary first; the high needs total before deductions may also
    come from the High_needs_block sheet, where DfE states the basis in the heading itself."""
    column = summary.column(wanted)
    if column is not None:
        return summary, column
    if wanted.variant == "before_deductions":
        sheet = sheet_named(book, HIGH_NEEDS_SHEET)
        detail = Headings.find(sheet, ("total high needs block before",)) if sheet is not None else None
        total = Wanted(wanted.measure, wanted.variant, "total high needs block before", "before", wanted.described)
        column = detail.column(total) if detail else None
        if column is not None:
            return detail, column
    return None
