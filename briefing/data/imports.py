"""Bring newer official figures in from the files users download, refusing any file with a bad row.

Accepted: the Explore Education Statistics CSVs of DfE's EHC plans release (``caseload.csv``,
``requests.csv``, ``timeliness_20_week.csv``), DfE's DSG allocations workbook (``.ods``/``.xlsx`` with an
``Allocations_summary`` sheet), and a tidy CSV for any measure (columns ``measure, variant, la_code, period,
value`` and optionally ``note``; see README). ``read_import`` parses and validates without changing anything,
``compare`` says what would change, and ``apply_import`` stores the changed rows as a layer (see ``layers``).

Every problem a user can cause surfaces as ``DataImportError`` with a message fit to show them.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from briefing.data.dataset import ENGLAND, Dataset, format_number
from briefing.data.layers import KEY, LayerInfo, file_sha256, new_layer_id, source_id_for, write_layer
from briefing.data.periods import council_exists, financial_year

MAX_FILE_BYTES = 200 * 1024 * 1024   # a whole EES release CSV is under 10 MB
MAX_ROWS = 500_000                    # the whole 2025 caseload.csv has 25,340 lines
MAX_WORKBOOK_BYTES = 25 * 1024 * 1024   # a workbook's parts once decompressed (DfE's are about 2.5 MB)
MAX_REPEAT = 1_000                      # an .ods cell or row with content repeated more often is a bomb
ODS_REPEAT = re.compile(rb'<table:table-(cell|row)\b([^>]*?)number-(?:columns|rows)-repeated="([0-9]+)"([^>]*?)(/?)>')
MAX_WORKBOOK_PARTS = 5_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"     # old-format .xls, and every password-protected Office file
MAX_LISTED = 20                       # invalid rows listed in a refusal
MAX_NOTE_CHARS = 500
EARLIEST_YEAR = 2000
SUPPRESSION_MARKERS = frozenset({"x", "c", "z", "low", ":", "..", "u", "~"})
# The largest plausible figure per unit, with room to spare: England's whole DSG is about £65bn, its population
# aged 0-25 about 18 million. A figure beyond these is a typing or file error, and would break charts later.
LARGEST = {"gbp": 1e12, "count": 1e8, "persons": 1e8, "pct": 100.0}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")   # ASCII digits only
MARKUP = re.compile(r"<\s*[/!?a-zA-Z]")
EES_URL = "https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans"
DSG_URL = "https://www.gov.uk/government/publications/dedicated-schools-grant-dsg-{0}-to-{1}"
TIDY_COLUMNS = ("measure", "variant", "la_code", "period", "value")
ENGLAND_ONS = "E92000001"


class DataImportError(Exception):
    """A file cannot be imported; the message says why (and lists the first invalid rows)."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        self.problems = list(problems)
        listed = "".join(f"\n  - {p}" for p in self.problems[:MAX_LISTED])
        more = len(self.problems) - MAX_LISTED
        super().__init__(message + listed + (f"\n  ... and {more} more" if more > 0 else ""))


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


@dataclass
class Changes:
    """What applying a file would change in the dataset as loaded now."""

    added: list[dict[str, str]] = field(default_factory=list)
    revised: list[tuple[dict[str, str], str]] = field(default_factory=list)   # (row, old value)
    filled: list[dict[str, str]] = field(default_factory=list)    # councils the file lacks, in new periods
    unchanged: int = 0
    kept: int = 0
    new_periods: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    @property
    def rows_to_store(self) -> list[dict[str, str]]:
        return self.added + [row for row, _ in self.revised] + self.filled

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.revised)

    def describe(self, dataset: Dataset, examples: int = 3) -> list[str]:
        lines = []
        if self.new_periods:
            lines.append("New periods: " + "; ".join(
                f"{label_of(dataset, m, v)} {', '.join(p)}" for (m, v), p in self.new_periods.items()))
        if self.added:
            lines.append(f"{len(self.added):,} figures or reasons added where the data had none, e.g. "
                         + "; ".join(describe_row(dataset, r) for r in self.added[:examples]))
        if self.revised:
            lines.append(f"{len(self.revised):,} figures revised, e.g. " + "; ".join(
                f"{describe_row(dataset, row, old)}" for row, old in self.revised[:examples]))
        if self.filled:
            lines.append(f"{len(self.filled):,} councils have no row in the file for a new period: shown as missing.")
        if self.kept:
            lines.append(f"{self.kept:,} figures missing in the file are kept from the data already loaded.")
        lines.append(f"{self.unchanged:,} rows are the same as the data already loaded.")
        if not self.has_changes:
            lines.append("Nothing would change.")
        return lines


def label_of(dataset: Dataset, measure: str, variant: str) -> str:
    info = dataset.measures.loc[(measure, variant)]
    return info["label"] + (f" ({info['variant_label']})" if info["variant_label"] else "")


def show_number(text: str, unit: str) -> str:
    if text == "":
        return "missing"
    shown = format(float(text), ",.12g")
    return {"gbp": f"£{shown}", "pct": f"{shown}%"}.get(unit, shown)


def describe_row(dataset: Dataset, row: dict[str, str], old: str | None = None) -> str:
    unit = dataset.measures.loc[(row["measure"], row["variant"]), "unit"]
    new = show_number(row["value"], unit) if row["value"] else f"missing ({row['status']})"
    change = f"{show_number(old, unit)} -> {new}" if old is not None else new
    return f"{dataset.council_name(row['area'])}, {label_of(dataset, row['measure'], row['variant'])}, " \
           f"{row['period']}: {change}"


# ---------------------------------------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------------------------------------

def read_import(path: Path, dataset: Dataset, max_bytes: int = MAX_FILE_BYTES) -> ParsedImport:
    """Parse and validate one file. Raises ``DataImportError``; changes nothing."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise DataImportError(f"{path} is not a file.")
        sha256 = file_sha256(path)
    except OSError as error:
        raise DataImportError(f"Cannot read {path}: {error.strerror or error}") from None
    if size == 0:
        raise DataImportError(f"{path.name} is empty.")
    if size > max_bytes:
        raise DataImportError(f"{path.name} is too large to import ({size / 1e6:,.0f} MB; the limit is "
                              f"{max_bytes / 1e6:,.0f} MB). Import the data file itself, not a whole archive.")
    if path.suffix.lower() in (".ods", ".xlsx", ".xls"):
        check_workbook(path)
        return read_dsg_workbook(path, sha256, dataset)
    return read_csv_file(path, sha256, dataset)


def visible(text: str) -> str:
    """Text from a file as safe to print on a terminal: control characters (escape codes) shown as \\x1b etc."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def check_workbook(path: Path) -> None:
    """Refuse, before any spreadsheet reader runs, what is not an .xlsx/.ods or would decompress into far more
    than a DfE workbook (a zip bomb: a few KB that expand to gigabytes)."""
    with path.open("rb") as stream:
        head = stream.read(8)
    if head.startswith(OLE_SIGNATURE):
        raise DataImportError(f"{path.name} is an old-format Excel file (.xls) or a password-protected workbook. "
                              "Open it in a spreadsheet program and save it as .xlsx or .ods without a password.")
    if not zipfile.is_zipfile(path):
        raise DataImportError(f"{path.name} is not an .xlsx or .ods workbook (its content is not a spreadsheet).")
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        expanded = sum(part.file_size for part in parts)
        if len(parts) > MAX_WORKBOOK_PARTS or expanded > MAX_WORKBOOK_BYTES:
            raise DataImportError(f"{path.name} would expand to {expanded / 1e6:,.0f} MB in {len(parts):,} parts, "
                                  f"far beyond a DfE workbook (limit {MAX_WORKBOOK_BYTES / 1e6:,.0f} MB); it was not "
                                  "opened.")
        if path.suffix.lower() == ".ods" and "content.xml" in archive.namelist():
            check_ods_repeats(path.name, archive.read("content.xml"))


def check_ods_repeats(name: str, content: bytes) -> None:
    """ODS compresses a run of equal cells or rows into one element with a repeat count. Spreadsheet programs
    use large counts only for empty trailing cells and rows; a count on a cell or row with content makes the
    reader build every copy (a 1 KB file, gigabytes of memory)."""
    for match in ODS_REPEAT.finditer(content):
        kind, before, count, after, closed = match.groups()
        if int(count) <= MAX_REPEAT:
            continue
        if kind == b"cell":
            has_content = not closed or b"value-type" in before + after
        else:
            end = content.find(b"</table:table-row>", match.end())
            has_content = b"value-type" in content[match.end():end if end >= 0 else None]
        if has_content:
            raise DataImportError(f"{name} repeats a {kind.decode()} with content {int(count):,} times, far beyond "
                                  "any DfE workbook; it was not opened.")


def text_encodings(path: Path) -> list[str]:
    """Encodings to try, from the byte-order mark; Windows-1252 is the fallback for files saved by Excel."""
    with path.open("rb") as stream:
        head = stream.read(65536)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):   # before UTF-16: same first two bytes
        return ["utf-32"]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    if b"\x00" in head:
        raise DataImportError(f"{path.name} is not a text CSV file (it contains binary data).")
    return ["utf-8-sig", "cp1252"]


def csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank row, streamed."""
    with path.open(encoding=encoding, newline="") as stream:
        reader = csv.reader(stream, strict=True)   # a quote left open at the end (a cut file) is an error
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield reader.line_num, cells
        except csv.Error as error:
            raise csv.Error(f"row {reader.line_num}: {error} (is the file complete?)") from None


def count_lines(path: Path) -> int:
    """Newlines in the file, counted in binary without decoding: a cheap bound taken before any row is read."""
    lines = 0
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            lines += block.count(b"\n")
    return lines


def mixed_encodings(path: Path) -> bool:
    """UTF-8 multi-byte sequences in a file that is not valid UTF-8: reading it either way would garble part."""
    data = path.read_bytes()
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]{1,3}", data) is not None


def read_csv_file(path: Path, sha256: str, dataset: Dataset) -> ParsedImport:
    if count_lines(path) > MAX_ROWS:
        raise DataImportError(f"{path.name} has more than {MAX_ROWS:,} rows, far more than any file the importer "
                              "reads (a whole EES release file has tens of thousands). Nothing was read.")
    for encoding in text_encodings(path):
        try:
            parsed = parse_csv(path, encoding, sha256, dataset)
        except UnicodeError:
            continue
        except csv.Error as error:
            raise DataImportError(f"{path.name} is not a valid CSV file: {error}") from None
        if encoding == "cp1252" and mixed_encodings(path):
            raise DataImportError(f"{path.name} mixes UTF-8 and Windows-1252 text, so some names would be garbled "
                                  "whichever way it is read. Save it again as UTF-8 (CSV UTF-8 in Excel).")
        if encoding == "cp1252":
            parsed.notices.append(f"{path.name} is not UTF-8; it was read as Windows-1252 (as Excel saves it).")
        return parsed
    raise DataImportError(f"{path.name} is not readable text (neither UTF-8 nor Windows-1252).")


def parse_csv(path: Path, encoding: str, sha256: str, dataset: Dataset) -> ParsedImport:
    rows = csv_rows(path, encoding)
    first = next(rows, None)
    if first is None:
        raise DataImportError(f"{path.name} has no rows.")
    header = [cell.strip().lower() for cell in first[1]]
    columns = set(header)
    repeated = sorted({visible(h) for h in header if h and header.count(h) > 1})
    if repeated:
        raise DataImportError(f"{path.name}: column {', '.join(repr(r) for r in repeated)} appears more than once; "
                              "which one holds the figures cannot be told.")
    ees = next((f for f in EES_FILES if f.signature in columns), None)
    if ees and {"time_period", "geographic_level"} <= columns:
        return parse_ees(path, sha256, dataset, ees, header, rows)
    if set(TIDY_COLUMNS) <= columns and columns <= {*TIDY_COLUMNS, "note"}:
        return parse_tidy(path, sha256, dataset, header, rows)
    shown = ", ".join(visible(h) for h in header[:12] if h) + (", ..." if len(header) > 12 else "")
    raise DataImportError(
        f"{path.name}: columns not recognised ({shown or 'none'}). Expected an EES caseload.csv, requests.csv or "
        f"timeliness_20_week.csv, or a tidy CSV with columns {', '.join(TIDY_COLUMNS)}[, note].")


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
            note: str = "") -> None:
        info = self.dataset.measures.loc[(measure, variant)]
        value, status, reason = parse_value(raw_value, info["unit"], info["theme"] == "deficit")
        if reason:
            self.problem(line, f"{info['label']}: {reason}")
            return
        if area != ENGLAND and not council_exists(self.dataset.councils.loc[area], period, info["period_type"]):
            self.problem(line, f"council {area} ({self.dataset.council_name(area)}) did not exist in {period}")
            return
        key = (measure, variant, area, period)
        if key in self.seen:
            self.problem(line, f"duplicate of row {self.seen[key]} ({' '.join(k for k in key if k)})")
            return
        self.seen[key] = line
        if status == "suppressed":
            note = note or f"source marker {raw_value.strip()} in {self.file_name}"
        elif status == "not_published":
            note = note or f"blank in {self.file_name}"
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


def parse_value(text: str, unit: str, may_be_negative: bool) -> tuple[str, str, str]:
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
    if unit == "pct" and math.isfinite(value) and abs(value) > 100:
        return "", "", f"percentage above 100{' in size' if value < 0 else ''} ({shown})"
    if not math.isfinite(value) or abs(value) > LARGEST.get(unit, 1e12):
        return "", "", f"implausible value {shown} (beyond {LARGEST.get(unit, 1e12):,.0f} for this measure)"
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
    period_type = dataset.measures.loc[mapped[0][1:], "period_type"]
    latest = 0
    for line, cells in rows:
        if len(cells) != len(header):
            checker.problem(line, f"{len(cells)} cells for {len(header)} columns (a short, long or cut row)")
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


def parse_tidy(path: Path, sha256: str, dataset: Dataset, header: list[str],
               rows: Iterator[tuple[int, list[str]]]) -> ParsedImport:
    checker = RowChecker(dataset, path.name)
    position = {name: i for i, name in enumerate(header)}
    for line, cells in rows:
        if len(cells) != len(header):
            checker.problem(line, f"{len(cells)} cells for {len(header)} columns (a short, long or cut row)")
            continue
        measure, variant, code, period, value = (cells[position[c]].strip() for c in TIDY_COLUMNS)
        note = cells[position["note"]].strip() if "note" in position else ""
        if (measure, variant) not in dataset.measures.index:
            checker.problem(line, f"unknown measure {measure[:40]!r} with variant {variant[:40]!r} "
                                  "(see data/measures.csv)")
            continue
        problem = tidy_period_problem(period, dataset.measures.loc[(measure, variant), "period_type"]) \
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


# ---------------------------------------------------------------------------------------------------------
# DfE DSG allocations workbook
# ---------------------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------------------
# What would change, and applying it
# ---------------------------------------------------------------------------------------------------------

def compare(parsed: ParsedImport, dataset: Dataset) -> Changes:
    """Sort the file's rows into new, revised, unchanged and kept against the dataset as loaded."""
    obs = dataset.observations
    current = dict(zip(zip(*(obs[c] for c in KEY), strict=True), obs["value"], strict=True))
    known_periods: dict[tuple[str, str], set[str]] = {}
    for (measure, variant, _area, period) in current:
        known_periods.setdefault((measure, variant), set()).add(period)
    changes = Changes()
    for row in parsed.rows:
        key = tuple(row[c] for c in KEY)
        old = current.get(key)
        if row["period"] not in known_periods.get(key[:2], set()):
            changes.new_periods.setdefault(key[:2], [])
            if row["period"] not in changes.new_periods[key[:2]]:
                changes.new_periods[key[:2]].append(row["period"])
        if old is None or (old == "" and row["value"] != ""):
            changes.added.append(row)
        elif row["value"] == "":
            changes.kept += old != ""
            changes.unchanged += old == ""
        elif float(old) == float(row["value"]):
            changes.unchanged += 1
        else:
            changes.revised.append((row, old))
    changes.filled = rows_for_absent_councils(parsed, dataset, changes.new_periods)
    return changes


def rows_for_absent_councils(parsed: ParsedImport, dataset: Dataset,
                             new_periods: dict[tuple[str, str], list[str]]) -> list[dict[str, str]]:
    """A new period gets a row for every current council, so a council the file lacks shows why it is blank."""
    present = {(r["measure"], r["variant"], r["area"], r["period"]) for r in parsed.rows}
    rows = []
    for (measure, variant), periods in new_periods.items():
        period_type = dataset.measures.loc[(measure, variant), "period_type"]
        for period in periods:
            for code in dataset.current_codes:
                council = dataset.councils.loc[code]
                if (measure, variant, code, period) in present or not council_exists(council, period, period_type):
                    continue
                rows.append(dict(measure=measure, variant=variant, area=code, period=period, value="",
                                 status="not_published", note=f"No figure for this council in {parsed.path.name}."))
    return rows


def apply_import(parsed: ParsedImport, changes: Changes, layers_dir: Path) -> LayerInfo:
    """Store the rows that change something as a new layer, with the file's provenance as its source."""
    if not changes.has_changes:
        raise DataImportError(f"{parsed.path.name}: nothing would change, so nothing was imported.")
    precise = datetime.now(UTC)
    layer_id = new_layer_id(parsed.sha256, precise)
    now = precise.replace(microsecond=0)
    source_id = source_id_for(layer_id)
    rows = pd.DataFrame(changes.rows_to_store).assign(source_id=source_id)
    source = dict(source_id=source_id, publisher=parsed.publisher, title=parsed.title, url=parsed.url,
                  published="", copy_url="", licence="OGL-UK-3.0" if parsed.url else "",
                  notes=f"Imported {now:%Y-%m-%d %H:%M} UTC from {parsed.path.name} (sha256 {parsed.sha256}).")
    info = dict(layer_id=layer_id, file_name=parsed.path.name, sha256=parsed.sha256,
                imported_at=now.isoformat(), kind=parsed.kind, publisher=parsed.publisher, title=parsed.title,
                url=parsed.url)
    try:
        return write_layer(Path(layers_dir), info, rows, source)
    except OSError as error:
        raise DataImportError(f"Could not save the import in {layers_dir}: {error.strerror or error}. "
                              "Nothing was changed.") from None
