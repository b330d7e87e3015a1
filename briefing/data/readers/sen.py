"""DfE's "Special educational needs in England" council file from Explore Education Statistics: pupils with an EHC
plan and on SEN support at the January school census, as counts and percentages of all pupils.

Two layouts are read, both as DfE documents them for the data set "Pupils in all schools, by type of SEN provision":

- ``sen_phase_type_.csv`` (2016 to 2025): one row per area × school phase × school type × hospital flag, with the
  figures in columns ``ehc_plan``, ``ehc_plan_percent``, ``sen_support`` and ``sen_support_percent``;
- the "2026 format": the same filters (the school type column named ``establishment_type``) and one row per
  ``sen_provision`` ("Education, health and care plan", "SEN support / SEN without an EHC plan", "Total"), with
  ``pupil_count`` and ``pupil_percent``.

Only the rows for all pupils are read: ``phase_type_grouping``, the school type and ``hospital_school`` all
"Total" (every state-funded, independent and hospital school in the area), at the national and local authority
levels; regions and parliamentary constituencies are passed over. Pupils are counted where their school is, not by
the council that maintains their plan (see the measures' caveats).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from briefing.data import catalogue
from briefing.data.dataset import ENGLAND, Dataset
from briefing.data.readers.checks import DataImportError, require_columns
from briefing.data.readers.ees import ees_period
from briefing.data.readers.rows import ParsedImport, RowChecker

SEN_URL = catalogue.SEN_PAGE
MAX_ROWS = 2_000_000     # the 2026-format file of the 2024-25 release has 463,578 rows
WIDE_FIGURES = {"ehc_plan": ("pupils_with_ehc_plan", ""), "ehc_plan_percent": ("pct_pupils_with_ehc_plan", ""),
                "sen_support": ("pupils_sen_support", ""), "sen_support_percent": ("pct_pupils_sen_support", "")}
LONG_FIGURES = {"pupil_count": {"ehc": "pupils_with_ehc_plan", "support": "pupils_sen_support"},
                "pupil_percent": {"ehc": "pct_pupils_with_ehc_plan", "support": "pct_pupils_sen_support"}}
LEVELS = {"national": ENGLAND, "local authority": ""}
COMMON = ("time_period", "geographic_level", "old_la_code", "new_la_code", "phase_type_grouping", "hospital_school")


def recognise(columns: set[str]) -> bool:
    """The SEN in England file, in either layout: EES columns and its figures' names."""
    return {"time_period", "geographic_level"} <= columns and (
        {"ehc_plan_percent", "sen_support_percent"} <= columns or {"sen_provision", "pupil_count"} <= columns)


def provision(text: str) -> str:
    """'ehc' or 'support' for the 2026 format's sen_provision; '' for the total and anything else."""
    text = text.strip().lower()
    if text.startswith(("education, health and care plan", "ehc plan")):
        return "ehc"
    return "support" if text.startswith("sen support") else ""


def parse_sen(path: Path, sha256: str, dataset: Dataset, header: list[str],
              rows: Iterator[tuple[int, list[str]]]) -> ParsedImport:
    long_format = "sen_provision" in header
    school_type = "establishment_type" if long_format else "type_of_establishment"
    figures = list(LONG_FIGURES if long_format else WIDE_FIGURES)
    required = [*COMMON, school_type, *(["sen_provision"] if long_format else []), *figures]
    require_columns(path, header, required, "DfE's Special educational needs in England file")
    position = {name: i for i, name in enumerate(header)}
    checker = RowChecker(dataset, path.name)
    totals = 0
    for line, cells in rows:
        if not checker.whole_row(line, cells, header):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            return cells[position[name]].strip()

        level = cell("geographic_level").lower()
        if level not in LEVELS or any(cell(c).lower() != "total" for c in ("phase_type_grouping", school_type,
                                                                          "hospital_school")):
            continue
        kind = provision(cell("sen_provision")) if long_format else ""
        if long_format and not kind:
            continue
        totals += 1
        period, problem = ees_period(cell("time_period"), "january")
        if problem:
            checker.problem(line, problem)
            continue
        area = LEVELS[level] or checker.area(line, cell("old_la_code"), cell("new_la_code"))
        if area is None:
            continue
        for column in figures:
            measure, variant = (LONG_FIGURES[column][kind], "") if long_format else WIDE_FIGURES[column]
            checker.add(line, measure, variant, area, period, cells[position[column]])
    if not totals and not checker.problems:
        raise DataImportError(f"{path.name} has no rows for all pupils (phase_type_grouping, {school_type} and "
                              "hospital_school all 'Total') at national or local authority level; nothing to import.")
    periods = sorted({row["period"] for row in checker.rows})
    covered = f"January {periods[0]}" + (f" to January {periods[-1]}" if len(periods) > 1 else "") if periods else ""
    parsed = checker.result(path, sha256, "DfE Special educational needs in England (pupils by SEN provision)",
                            "Department for Education",
                            f"Special educational needs in England: pupils by type of SEN provision, {covered} "
                            f"(EES file {path.name})", SEN_URL)
    parsed.notices.append("Percentages are kept as the file gives them, unrounded; the bundle's came rounded to one "
                          "decimal place, so a figure that only differs by rounding shows as revised.")
    return parsed
