"""DfE's DSG allocations workbook (``.ods``/``.xlsx``): the Allocations_summary sheet."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from briefing.data.dataset import ENGLAND, Dataset
from briefing.data.periods import financial_year
from briefing.data.readers.checks import DataImportError
from briefing.data.readers.rows import ParsedImport, RowChecker, check_year

DSG_URL = "https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-{0}-to-{1}"
DSG_COLUMNS = {"[C]": ("high_needs_block_gbp", "before_deductions", "high needs"),
               "[E]": ("dsg_allocation_gbp", "", "total dsg"),
               "[H]": ("high_needs_block_gbp", "after_deductions", "high needs")}


def read_dsg_workbook(path: Path, sha256: str, dataset: Dataset) -> ParsedImport:
    """The Allocations_summary sheet: [C] high needs block before deductions, [E] total DSG before recoupment,
    [H] high needs block after deductions; one row per council and an ENGLAND row."""
    try:
        sheet = pd.read_excel(path, sheet_name="Allocations_summary", header=None, dtype=str,
                              engine="odf" if path.suffix.lower() == ".ods" else None)
    except ImportError:
        raise DataImportError(f"{path.name}: this installation cannot read {path.suffix} spreadsheets (odfpy or "
                              "openpyxl is missing). Use a tidy CSV instead (see README), or reinstall.") from None
    except Exception as error:  # noqa: BLE001 - spreadsheet readers raise many types for a bad file
        raise DataImportError(f"{path.name} is not a DfE DSG allocations workbook with an Allocations_summary "
                              f"sheet ({type(error).__name__}: {str(error)[:120]}).") from None
    cells = sheet.fillna("").map(lambda v: str(v).strip())
    letter_rows = [i for i in range(min(len(cells), 15)) if {"[C]", "[E]", "[H]"} <= set(cells.iloc[i])]
    title = " ".join(cells.iloc[:3].to_numpy().ravel())
    years = re.search(r"(\d{4}) to (\d{4})", title)
    if not letter_rows or not years or int(years.group(2)) != int(years.group(1)) + 1:
        raise DataImportError(f"{path.name}: the Allocations_summary sheet does not have the layout of DfE's DSG "
                              "allocations (column letters [A]..[J] and 'YYYY to YYYY' in its title).")
    letters = letter_rows[0]
    column_of = {letter: list(cells.iloc[letters]).index(letter) for letter in DSG_COLUMNS}
    for letter, (_, _, wording) in DSG_COLUMNS.items():
        heading = cells.iat[letters - 1, column_of[letter]].lower()
        if wording not in heading:
            raise DataImportError(f"{path.name}: column {letter} is headed {heading[:60]!r}, expected "
                                  f"{wording!r}; this layout is not one the importer knows.")
    year_problem = check_year(int(years.group(1)))
    if year_problem:
        raise DataImportError(f"{path.name}: {year_problem}")
    fy = financial_year(int(years.group(1)))
    checker = RowChecker(dataset, path.name)
    for index in range(letters + 1, len(cells)):
        code = cells.iat[index, 0]
        if not (code.isdigit() or code.lower() == ENGLAND):
            continue  # headings, formula notes and regional subtotals
        area = checker.area(index + 1, code)
        if area is None:
            continue
        for letter, (measure, variant, _) in DSG_COLUMNS.items():
            checker.add(index + 1, measure, variant, area, fy, cells.iat[index, column_of[letter]])
    y1, y2 = years.groups()
    return checker.result(path, sha256, "DfE DSG allocations workbook", "Department for Education (ESFA)",
                          f"Dedicated schools grant (DSG): {y1} to {y2}, allocations summary (file {path.name})",
                          DSG_URL.format(y1, y2))
