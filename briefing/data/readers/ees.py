"""Explore Education Statistics CSVs of DfE's EHC plans release: ``caseload.csv``, ``requests.csv`` and
``timeliness_20_week.csv``, recognised by the column that holds their figures.

EES files repeat every figure by sex, age, ethnicity and so on; only the total rows of the national and council
levels are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing.data import catalogue
from briefing.data.dataset import ENGLAND, Dataset
from briefing.data.readers.checks import DataImportError
from briefing.data.readers.rows import ParsedImport, RowChecker, check_year

EES_URL = catalogue.EHCP_PAGE


@dataclass(frozen=True)
class EesFile:
    """One EES data file: the column that identifies it and the columns mapped to (measure, variant)."""

    name: str
    signature: str
    columns: dict[str, tuple[str, str]]
    reporting_year_offset: int   # EHC plans release year = latest period year + offset


EES_FILES = (
    EesFile("EES caseload.csv (EHC plans at January)", "ehcplans", {"ehcplans": ("ehc_plans", "")}, 0),
    EesFile("EES timeliness_20_week.csv (new plans within 20 weeks, excluding exceptions)",
            "pc_plans_issued_20_weeks_ex", {"pc_plans_issued_20_weeks_ex": ("pct_issued_within_20_weeks", "")}, 1),
    EesFile("EES requests.csv (requests for an EHC needs assessment)", "requests_received_in_year",
            {"requests_received_in_year": ("assessment_requests", ""),
             "requests_decided_not_to_assess": ("assessment_refusals", "")}, 1),
)


def recognise(columns: set[str]) -> EesFile | None:
    """The EES file these header columns belong to, if any."""
    ees = next((f for f in EES_FILES if f.signature in columns), None)
    return ees if ees and {"time_period", "geographic_level"} <= columns else None


def ees_period(time_period: str, period_type: str) -> tuple[str, str]:
    """EES writes academic years as 202425 (January 2025) and calendar years as 2024: (period, problem)."""
    text = time_period.strip()
    if period_type == "january":
        if not re.fullmatch(r"[0-9]{6}", text) or (int(text[:4]) + 1) % 100 != int(text[4:]):
            return "", f"time_period {text[:20]!r} is not an academic year like 202425"
        year = int(text[:4]) + 1
    else:
        if not re.fullmatch(r"[0-9]{4}", text):
            return "", f"time_period {text[:20]!r} is not a calendar year like 2024"
        year = int(text)
    return str(year), check_year(year)


def is_total_row(topic: str, breakdown: str) -> bool:
    """EES files repeat every figure by sex, age, ethnicity...; the total row's breakdown begins 'All' or 'Total'."""
    return topic.strip().lower().startswith(("all ", "total")) and breakdown.strip().lower().startswith(
        ("all ", "total"))


def parse_ees(path: Path, sha256: str, dataset: Dataset, ees: EesFile, header: list[str],
              rows: Iterator[tuple[int, list[str]]]) -> ParsedImport:
    missing = {"old_la_code", "new_la_code"} - set(header)
    if missing:
        raise DataImportError(f"{path.name}: missing column {', '.join(sorted(missing))}.")
    checker = RowChecker(dataset, path.name)
    position = {name: i for i, name in enumerate(header)}
    mapped = [(position[c], m, v) for c, (m, v) in ees.columns.items() if c in position]
    period_type = catalogue.measure(*mapped[0][1:]).period_type
    latest = 0
    for line, cells in rows:
        if not checker.whole_row(line, cells, header):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[position[name]] if name in position else ""

        if not is_total_row(cell("breakdown_topic") or "all", cell("breakdown") or "all"):
            continue
        level = cell("geographic_level").strip().lower()
        if level not in ("national", "local authority"):
            continue
        period, problem = ees_period(cell("time_period"), period_type)
        if problem:
            checker.problem(line, problem)
            continue
        latest = max(latest, int(period))
        area = ENGLAND if level == "national" else checker.area(line, cell("old_la_code"), cell("new_la_code"))
        if area is None:
            continue
        for index, measure, variant in mapped:
            checker.add(line, measure, variant, area, period, cells[index])
    release = latest + ees.reporting_year_offset
    return checker.result(path, sha256, ees.name, "Department for Education",
                          f"Education, health and care plans, reporting year {release} (EES file {path.name})",
                          f"{EES_URL}/{release}")
