"""What every reader makes of a file's rows: checked observation rows, or the list of rows refused and why.

A reader maps its file's columns to (measure, variant, area, period, raw value); ``RowChecker`` turns each into
an observation row (a number, a DfE marker read as suppressed, a blank read as not published) or records the
problem, and ``result`` refuses the whole file if any row had one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from briefing.data import catalogue
from briefing.data.dataset import ENGLAND, Dataset, format_number
from briefing.data.periods import council_exists
from briefing.data.plausible import largest
from briefing.data.readers.checks import DataImportError

EARLIEST_YEAR = 2000
SUPPRESSION_MARKERS = frozenset({"x", "c", "z", "low", ":", "..", "u", "~"})
NUMBER = re.compile(r"-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")   # ASCII digits only
ENGLAND_ONS = "E92000001"
SIGNED_THEMES = frozenset({"deficit", "spending"})   # a balance, or a net outturn line (income can exceed it)


@dataclass
class ParsedImport:
    """A validated file: observation rows (no source yet) and where they came from."""

    path: Path
    kind: str
    sha256: str
    rows: list[dict[str, str]]
    publisher: str
    title: str
    url: str
    notices: list[str] = field(default_factory=list)

    def source_text(self) -> str:
        return f"Source: {self.publisher}: {self.title}" + (f" <{self.url}>" if self.url else "")


class RowChecker:
    """Collects row problems and the observation rows of one file; refuses duplicates."""

    def __init__(self, dataset: Dataset, file_name: str) -> None:
        self.dataset = dataset
        self.file_name = file_name
        self.problems: list[str] = []
        self.bad_lines: set[int] = set()
        self.rows: list[dict[str, str]] = []
        self.seen: dict[tuple[str, str, str, str], int] = {}
        councils = dataset.councils
        self.ons_codes = {ons: code for code, ons in zip(councils.index, councils["ons_code"], strict=True) if ons}

    def problem(self, line: int, text: str) -> None:
        self.problems.append(f"row {line}: {text}")
        self.bad_lines.add(line)

    def whole_row(self, line: int, cells: list[str], header: list[str]) -> bool:
        """A row with exactly one cell per column; a short, long or cut one is a problem, never padded."""
        if len(cells) == len(header):
            return True
        self.problem(line, f"{len(cells)} cells for {len(header)} columns (a short, long or cut row)")
        return False

    def area(self, line: int, dfe_code: str, ons_code: str = "") -> str | None:
        dfe_code, ons_code = dfe_code.strip(), ons_code.strip().upper()
        if dfe_code.lower() == ENGLAND or ENGLAND_ONS in (dfe_code.upper(), ons_code):
            return ENGLAND
        if dfe_code in self.dataset.councils.index:
            return dfe_code
        if dfe_code.upper() in self.ons_codes:
            return self.ons_codes[dfe_code.upper()]
        if ons_code in self.ons_codes:
            return self.ons_codes[ons_code]
        shown = " / ".join(repr(c) for c in (dfe_code, ons_code) if c) or "blank"
        self.problem(line, f"unknown council code {shown[:40]}")
        return None

    def add(self, line: int, measure: str, variant: str, area: str, period: str, raw_value: str,
            note: str = "", derived: bool = False) -> None:
        """One figure; ``derived`` marks a figure the reader computed from the file's (its note gives the formula)."""
        info = catalogue.measure(measure, variant)
        value, status, reason = parse_value(raw_value, info.unit, info.theme in SIGNED_THEMES, measure)
        if reason:
            self.problem(line, f"{info.label}: {reason}")
            return
        if area != ENGLAND and not council_exists(self.dataset.councils.loc[area], period, info.period_type):
            self.problem(line, f"council {area} ({self.dataset.council_name(area)}) did not exist in {period}")
            return
        key = (measure, variant, area, period)
        if key in self.seen:
            self.problem(line, f"duplicate of row {self.seen[key]} ({' '.join(k for k in key if k)})")
            return
        self.seen[key] = line
        if derived and status == "published":
            status = "derived"
        if status == "suppressed":
            note = note or f"{self.file_name} marks it '{raw_value.strip()}': withheld or not available"
        elif status == "not_published":
            note = note or f"left blank in {self.file_name}"
        self.rows.append(dict(measure=measure, variant=variant, area=area, period=period, value=value,
                              status=status, note=note))

    def result(self, path: Path, sha256: str, kind: str, publisher: str, title: str, url: str) -> ParsedImport:
        if self.problems:
            count = len(self.bad_lines)
            raise DataImportError(f"{path.name} refused: {count:,} invalid row{'s' if count > 1 else ''}; "
                                  "nothing was imported.", self.problems)
        if not self.rows:
            raise DataImportError(f"{path.name} has no council or England figures to import.")
        return ParsedImport(path, kind, sha256, self.rows, publisher, title, url)


def parse_value(text: str, unit: str, may_be_negative: bool, measure: str = "") -> tuple[str, str, str]:
    """(value text, status, problem): a number, a DfE marker (suppressed), a blank, or a reason to refuse."""
    text = text.strip()
    if text == "":
        return "", "not_published", ""
    if text.lower() in SUPPRESSION_MARKERS:
        return "", "suppressed", ""
    if not NUMBER.fullmatch(text):
        return "", "", f"{text[:30]!r} is not a number or a DfE marker (x, c, z, low, :, .., u, ~)"
    value = float(text.replace(",", ""))
    shown = text if len(text) <= 30 else text[:27] + "..."
    limit = largest(unit, measure)
    if unit == "pct" and math.isfinite(value) and abs(value) > limit:
        return "", "", f"percentage above {limit:,.0f}{' in size' if value < 0 else ''} ({shown})"
    if not math.isfinite(value) or abs(value) > limit:
        return "", "", f"implausible value {shown} (beyond {limit:,.0f} for this measure)"
    if value < 0 and not may_be_negative:
        return "", "", f"negative value {shown}"
    if unit in ("count", "persons") and not value.is_integer():
        return "", "", f"a count must be a whole number ({text})"
    return format_number(value), "published", ""


def check_year(year: int) -> str:
    latest = datetime.now(UTC).year + 1
    if year < EARLIEST_YEAR or year > latest:
        return f"impossible year {year} (expected {EARLIEST_YEAR} to {latest})"
    return ""
