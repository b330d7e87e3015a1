"""DfE's section 251 outturn, ``s251_alleducation_la_regional_national.csv`` from Explore Education Statistics
("LA and school expenditure"): high needs spending by line and the DSG balance carried forward, every year held.

The file has one row per year × area × line (``category_of_expenditure``, which begins with the line code, e.g.
"1.2.1 Top-up funding – maintained schools") and tens of millions of rows in all, so it is streamed row by row and
only the lines below are kept. Lines are matched by code, never by wording, which DfE edits between years.

- High needs lines (``net_expenditure``): 1.0.2 place funding and the 1.2.x lines, each its own variant of
  ``high_needs_outturn_line_gbp``. Their total, ``high_needs_outturn_gbp``, is derived here as the sum DfE's
  financial benchmarking tool (FBIT) uses for "total high needs": 1.0.2, 1.2.1-1.2.9, 1.2.11 and 1.2.13. It is
  derived only where every one of those lines has a figure. (FBIT's definition: ``TotalHighNeeds`` in
  DFE-Digital/education-benchmarking-and-insights, ``data-pipeline/src/pipeline/input_schemas``.)
- Line 1.9.3, "Dedicated Schools Grant carried forward to next year" (``gross_expenditure``), is the cumulative DSG
  balance at 31 March. From 2019-20 DfE records a deficit as positive; the bundle's ``dsg_balance_gbp`` records a
  deficit as negative, so the sign is reversed. Earlier years are not taken: their sign convention differs (DfE's
  2015-16 England figure, +£584m, is a surplus) and is not documented.

England's figure is taken only where it matches the council figures' sum (within 1% of their size): an edition
that gives national rows in £ million, as the 2015-16 to 2020-21 one did, must not be read as pounds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

from briefing.data import catalogue
from briefing.data.dataset import ENGLAND, Dataset, format_number
from briefing.data.readers.checks import require_columns
from briefing.data.readers.rows import NUMBER, ParsedImport, RowChecker, check_year

S251_URL = catalogue.S251_PAGE
MAX_BYTES = 20 * 1024 ** 3     # the whole release file is several GB
MAX_ROWS = 100_000_000         # the December 2024 edition has about 27 million
REQUIRED = ("time_period", "geographic_level", "old_la_code", "new_la_code", "category_of_expenditure",
            "net_expenditure", "gross_expenditure")
HIGH_NEEDS_LINES = ("1.0.2", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.2.6", "1.2.7", "1.2.8", "1.2.9",
                    "1.2.11", "1.2.13")   # FBIT's total high needs, line by line
LINE_MEASURE = "high_needs_outturn_line_gbp"
TOTAL_MEASURE = "high_needs_outturn_gbp"
BALANCE_LINE = "1.9.3"
FIRST_BALANCE_YEAR = 2019       # 2019-20: the first year DfE records a DSG deficit as positive
LINE_CODE = re.compile(r"\s*([0-9]+\.[0-9]+\.[0-9]+)\b")
LEVELS = {"national": ENGLAND, "local authority": ""}
NATIONAL_TOLERANCE = 0.01
MAX_BAD_ROWS = 1_000            # a file this broken is refused without reading the rest of its millions of rows


def line_variant(code: str) -> str:
    """The catalogue's variant for a line: '1.2.11' -> 'line_1_2_11'."""
    return "line_" + code.replace(".", "_")


def recognise(columns: set[str]) -> bool:
    """An s251 outturn file: EES columns and the line of expenditure (the planned-expenditure file differs)."""
    return {"time_period", "geographic_level", "category_of_expenditure"} <= columns


def financial_year_of(time_period: str) -> tuple[str, int, str]:
    """EES writes financial years as 202324: ('2023-24', 2023, problem)."""
    text = time_period.strip()
    if not re.fullmatch(r"[0-9]{6}", text) or (int(text[:4]) + 1) % 100 != int(text[4:]):
        return "", 0, f"time_period {text[:20]!r} is not a financial year like 202324"
    year = int(text[:4])
    return f"{year}-{text[4:]}", year, check_year(year)


def reversed_sign(text: str) -> str:
    """A figure with its sign reversed; a marker or blank as it is."""
    text = text.strip()
    return format_number(-float(text.replace(",", ""))) if NUMBER.fullmatch(text) else text


def as_number(text: str) -> float | None:
    text = text.strip()
    return float(text.replace(",", "")) if NUMBER.fullmatch(text) else None


def parse_s251(path: Path, sha256: str, dataset: Dataset, header: list[str],
               rows: Iterator[tuple[int, list[str]]]) -> ParsedImport:
    require_columns(path, header, REQUIRED, "DfE's s251 outturn file")
    position = {name: i for i, name in enumerate(header)}
    checker = RowChecker(dataset, path.name)
    found: dict[tuple[str, str, str, str], tuple[int, str]] = {}   # key -> (line, raw text)
    older_balances = 0
    wanted = set(HIGH_NEEDS_LINES) | {BALANCE_LINE}
    for line, cells in rows:
        if len(checker.bad_lines) >= MAX_BAD_ROWS:
            checker.problem(line, f"reading stopped after {MAX_BAD_ROWS:,} invalid rows")
            break
        if not checker.whole_row(line, cells, header):
            continue
        code = LINE_CODE.match(cells[position["category_of_expenditure"]])
        level = cells[position["geographic_level"]].strip().lower()
        if not code or code.group(1) not in wanted or level not in LEVELS:
            continue
        period, year, problem = financial_year_of(cells[position["time_period"]])
        if problem:
            checker.problem(line, problem)
            continue
        if code.group(1) == BALANCE_LINE and year < FIRST_BALANCE_YEAR:
            older_balances += 1
            continue
        area = LEVELS[level] or checker.area(line, cells[position["old_la_code"]], cells[position["new_la_code"]])
        if area is None:
            continue
        if code.group(1) == BALANCE_LINE:
            key, text = ("dsg_balance_gbp", "", area, period), reversed_sign(cells[position["gross_expenditure"]])
        else:
            key, text = (LINE_MEASURE, line_variant(code.group(1)), area, period), cells[position["net_expenditure"]]
        if key in found and found[key][1].strip() != text.strip():
            checker.problem(line, f"a second, different figure for line {code.group(1)} of {area} in {period} "
                                  f"(row {found[key][0]} has {found[key][1].strip()[:20]!r})")
            continue
        found.setdefault(key, (line, text))
    notices = national_mismatches(found)
    for (measure, variant, area, period), (line, text) in sorted(found.items(), key=lambda item: item[1][0]):
        checker.add(line, measure, variant, area, period, text)
    for (measure, variant, area, period), line, text, note in totals(found, path.name):
        checker.add(line, measure, variant, area, period, text, note, derived=bool(text))
        share = share_of_allocation(dataset, area, period, text)
        if share:
            checker.add(line, SHARE_MEASURE, "", area, period, share, SHARE_NOTE, derived=True)
    years = sorted({key[3] for key in found})
    covered = (years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}") if years else "no year"
    parsed = checker.result(path, sha256, "DfE s251 outturn (LA and school expenditure)", "Department for Education",
                            f"LA and school expenditure: section 251 outturn, {covered} (EES file {path.name})",
                            S251_URL)
    if older_balances:
        notices.append(f"{older_balances:,} line 1.9.3 rows before 2019-20 were not taken: DfE's sign convention for "
                       "the DSG balance in those years is not documented.")
    parsed.notices += notices
    return parsed


def national_mismatches(found: dict[tuple[str, str, str, str], tuple[int, str]]) -> list[str]:
    """Drop England's figure where it is not the councils' sum (within 1% of their size), and say so."""
    sums: dict[tuple[str, str, str], list[float]] = {}
    for (measure, variant, area, period), (_, text) in found.items():
        value = as_number(text)
        if area != ENGLAND and value is not None:
            sums.setdefault((measure, variant, period), []).append(value)
    dropped = []
    for key in [k for k in found if k[2] == ENGLAND]:
        england = as_number(found[key][1])
        councils = sums.get((key[0], key[1], key[3]), [])
        if england is None:
            continue
        if not councils or abs(england - sum(councils)) > NATIONAL_TOLERANCE * max(sum(map(abs, councils)), 1.0):
            del found[key]
            dropped.append(f"{key[0]} {key[1]} {key[3]}".replace("  ", " "))
    if not dropped:
        return []
    return [f"England's figure was left out where it is not the sum of the councils' ({len(dropped)} series-years, "
            f"e.g. {', '.join(dropped[:3])}): it may be in another unit."]


SHARE_MEASURE = "high_needs_outturn_pct_of_hnb"
SHARE_NOTE = ("derived: total high needs outturn from this file divided by the bundle's high needs block after "
              "deductions for the same year, times 100")


def share_of_allocation(dataset: Dataset, area: str, period: str, outturn: str) -> str:
    """Outturn as a percentage of the high needs block after deductions, where both are held; else ''."""
    if not outturn or not dataset.has_figures("high_needs_block_gbp", "after_deductions"):
        return ""
    values = dataset.grid("high_needs_block_gbp", "after_deductions").values
    allocation = float(values.at[area, period]) if area in values.index and period in values.columns else math.nan
    if math.isnan(allocation) or allocation <= 0:
        return ""
    return format_number(round(float(outturn) / float(allocation) * 100, 1))


def totals(found: dict[tuple[str, str, str, str], tuple[int, str]],
           file_name: str) -> list[tuple[tuple[str, str, str, str], int, str, str]]:
    """Total high needs outturn per area and year, as (key, line, value text, note): FBIT's sum of lines,
    derived only where every line has a figure; otherwise blank, with the lines that have none."""
    result = []
    for area, period in sorted({(k[2], k[3]) for k in found if k[0] == LINE_MEASURE}):
        keys = [(LINE_MEASURE, line_variant(code), area, period) for code in HIGH_NEEDS_LINES]
        values = [as_number(found[k][1]) if k in found else None for k in keys]
        first = min(found[k][0] for k in keys if k in found)
        absent = [code for code, value in zip(HIGH_NEEDS_LINES, values, strict=True) if value is None]
        if absent:
            text, note = "", f"Not derived: line {', '.join(absent)} has no figure in {file_name}."
        else:
            text = format_number(sum(v for v in values if v is not None))
            note = (f"derived: sum of s251 net expenditure lines {', '.join(HIGH_NEEDS_LINES)} in {file_name} "
                    "(the lines DfE's financial benchmarking tool adds up as total high needs)")
        result.append(((TOTAL_MEASURE, "", area, period), first, text, note))
    return result
