"""A tidy CSV for any measure: columns ``measure, variant, la_code, period, value`` and optionally ``note``.

For figures no official reader covers (a council paper, a corrected figure); its source is the user's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from briefing.data import catalogue
from briefing.data.dataset import Dataset
from briefing.data.periods import financial_year
from briefing.data.readers.rows import ParsedImport, RowChecker, check_year

TIDY_COLUMNS = ("measure", "variant", "la_code", "period", "value")
MAX_NOTE_CHARS = 500
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKUP = re.compile(r"<\s*[/!?a-zA-Z]")


def recognise(columns: set[str]) -> bool:
    return set(TIDY_COLUMNS) <= columns and columns <= {*TIDY_COLUMNS, "note"}


def parse_tidy(path: Path, sha256: str, dataset: Dataset, header: list[str],
               rows: Iterator[tuple[int, list[str]]]) -> ParsedImport:
    checker = RowChecker(dataset, path.name)
    position = {name: i for i, name in enumerate(header)}
    for line, cells in rows:
        if not checker.whole_row(line, cells, header):
            continue
        measure, variant, code, period, value = (cells[position[c]].strip() for c in TIDY_COLUMNS)
        note = cells[position["note"]].strip() if "note" in position else ""
        if (measure, variant) not in catalogue.MEASURE_BY_KEY:
            checker.problem(line, f"unknown measure {measure[:40]!r} with variant {variant[:40]!r} "
                                  "(see data/measures.csv)")
            continue
        problem = tidy_period_problem(period, catalogue.measure(measure, variant).period_type) \
            or note_problem(note)
        if problem:
            checker.problem(line, problem)
            continue
        area = checker.area(line, code)
        if area is not None:
            checker.add(line, measure, variant, area, period, value, note)
    return checker.result(path, sha256, "tidy CSV", "Not stated (imported by the user)",
                          f"Figures imported from {path.name}", "")


def tidy_period_problem(period: str, period_type: str) -> str:
    if period_type in ("financial_year", "financial_year_end"):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", period) or financial_year(int(period[:4])) != period:
            return f"period {period[:20]!r} is not a financial year like 2024-25"
    elif not re.fullmatch(r"[0-9]{4}", period):
        return f"period {period[:20]!r} is not a year like 2025"
    return check_year(int(period[:4]))


def note_problem(note: str) -> str:
    """Notes end up in PDFs and exported CSVs: refuse spreadsheet formulas, markup and control characters."""
    if len(note) > MAX_NOTE_CHARS:
        return f"note longer than {MAX_NOTE_CHARS} characters"
    if note.startswith(FORMULA_START):
        return f"note {note[:30]!r} starts like a spreadsheet formula"
    if MARKUP.search(note):
        return f"note {note[:30]!r} contains markup"
    if any(ord(ch) < 32 for ch in note):
        return "note contains control characters"
    return ""
