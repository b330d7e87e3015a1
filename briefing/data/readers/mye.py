"""ONS mid-year population estimates workbook (``.xlsx``/``.ods``), table MYE2 persons: single years of age by area.

The sheet "MYE2 - Persons" has title rows naming the mid-year ("Mid-2023 ..."), then a row of headings (Code, Name,
Geography, All ages, 0, 1, ... 89, 90+) and one row per area: countries, regions, counties, districts and
unitary authorities. Columns are found by heading. Only England and the councils with education duties (matched
on their current ONS code) are read; districts and regions are not councils here and are passed over.

``population_0_25`` and ``population_2_18`` are sums of the single years of age, so they are stored as derived,
with the sum in the note. A council that did not exist at the mid-year (ONS re-estimates earlier years on later
boundaries: Cumberland at mid-2022) is not taken, and the notices say so, so two councils' series are never joined.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from briefing.data import catalogue
from briefing.data.dataset import ENGLAND, Dataset, format_number
from briefing.data.periods import council_exists
from briefing.data.readers.checks import DataImportError
from briefing.data.readers.rows import ENGLAND_ONS, NUMBER, ParsedImport, RowChecker, check_year

ONS_URL = next(s["url"] for s in catalogue.SOURCES if s["source_id"] == "ons_mye_2020")
SHEET = "mye2persons"
HEADER_ROWS = 15
AGE_BANDS = {"population_0_25": (0, 25), "population_2_18": (2, 18)}
MID_YEAR = re.compile(r"\bmid[- ]?(\d{4})\b", re.IGNORECASE)


def sheet_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def recognise(book: dict[str, pd.DataFrame]) -> bool:
    return any(sheet_key(name) == SHEET for name in book)


def heading(text: str) -> str:
    """A heading as text: '0', '0.0' (a number cell) and ' 0 ' all read as '0'."""
    text = re.sub(r"\s+", " ", str(text)).strip().lower()
    return text[:-2] if re.fullmatch(r"[0-9]+\.0", text) else text


def read_mye(path: Path, sha256: str, dataset: Dataset, book: dict[str, pd.DataFrame]) -> ParsedImport:
    """Population aged 0-25 and 2-18 at the mid-year, for England and every council in the sheet."""
    sheet = next(sheet for name, sheet in book.items() if sheet_key(name) == SHEET)
    cells = sheet.fillna("").map(lambda v: str(v).strip())
    header = next((row for row in range(min(len(cells), HEADER_ROWS))
                   if {"code", "all ages"} <= {heading(c) for c in cells.iloc[row]}), None)
    if header is None:
        raise DataImportError(f"{path.name}: the MYE2 - Persons sheet has no row of headings with 'Code' and "
                              "'All ages'; it is not ONS's layout.")
    column = {heading(c): i for i, c in reversed(list(enumerate(cells.iloc[header])))}
    ages = [str(age) for age in range(max(high for _, high in AGE_BANDS.values()) + 1)]
    missing = [age for age in ages if age not in column]
    if missing:
        raise DataImportError(f"{path.name}: the MYE2 - Persons sheet lacks a column for age "
                              f"{', '.join(missing[:10])}; it was not imported.")
    found = MID_YEAR.search(" ".join(cells.iloc[:header].to_numpy().ravel()))
    if not found:
        raise DataImportError(f"{path.name}: the MYE2 - Persons sheet does not say which mid-year it estimates "
                              "('Mid-2023' or similar in its title).")
    year = int(found.group(1))
    if problem := check_year(year):
        raise DataImportError(f"{path.name}: {problem}")
    period = str(year)
    by_ons = {ons: code for code, ons in zip(dataset.councils.index, dataset.councils["ons_code"], strict=True) if ons}
    checker = RowChecker(dataset, path.name)
    not_then, seen = [], set()
    for index in range(header + 1, len(cells)):
        ons = cells.iat[index, column["code"]].upper()
        area = ENGLAND if ons == ENGLAND_ONS else by_ons.get(ons)
        if area is None:
            continue  # countries, regions, districts and the counties' metropolitan groupings
        if area != ENGLAND and not council_exists(dataset.councils.loc[area], period, "mid_year"):
            not_then.append(dataset.council_name(area))
            continue
        seen.add(area)
        for measure, (low, high) in AGE_BANDS.items():
            texts = [cells.iat[index, column[str(age)]] for age in range(low, high + 1)]
            numbers = [float(t.replace(",", "")) for t in texts if NUMBER.fullmatch(t)]
            if len(numbers) < len(texts):
                checker.add(index + 1, measure, "", area, period, "",
                            f"Not derived: an age from {low} to {high} has no figure in {path.name}.")
                continue
            checker.add(index + 1, measure, "", area, period, format_number(sum(numbers)),
                        f"derived: sum of single years of age {low} to {high} in MYE2 - Persons, {path.name}",
                        derived=True)
    parsed = checker.result(path, sha256, "ONS mid-year population estimates (MYE2 persons)",
                            "Office for National Statistics",
                            f"Population estimates, mid-{year}: MYE2 persons, single year of age (file {path.name})",
                            ONS_URL)
    if not_then:
        parsed.notices.append(f"{len(not_then)} councils that did not exist at mid-{year} were not taken "
                              f"(estimates on later boundaries): {', '.join(not_then[:5])}.")
    absent = [dataset.council_name(c) for c in dataset.current_codes if c not in seen
              and council_exists(dataset.councils.loc[c], period, "mid_year")]
    if absent:
        parsed.notices.append(f"{len(absent)} councils have no row under their current ONS code, e.g. "
                              f"{', '.join(absent[:5])}: not changed.")
    return parsed
