"""Checks shared by every reader: what a file must pass before any of its rows is read.

A file users download can be cut short, saved in another encoding, or built to exhaust memory (a zip bomb, a
repeated ODS cell). These checks refuse such files cheaply, with a message fit to show the user, before a
spreadsheet or CSV reader runs.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

MAX_FILE_BYTES = 200 * 1024 * 1024   # a whole EES release CSV is under 10 MB
MAX_ROWS = 500_000                    # the whole 2025 caseload.csv has 25,340 lines
MAX_WORKBOOK_BYTES = 25 * 1024 * 1024   # a workbook's parts once decompressed (DfE's are about 2.5 MB)
MAX_REPEAT = 1_000                      # an .ods cell or row with content repeated more often is a bomb
ODS_REPEAT = re.compile(rb'<table:table-(cell|row)\b([^>]*?)number-(?:columns|rows)-repeated="([0-9]+)"([^>]*?)(/?)>')
MAX_WORKBOOK_PARTS = 5_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"     # old-format .xls, and every password-protected Office file
MAX_LISTED = 20                       # invalid rows listed in a refusal
WORKBOOK_SUFFIXES = (".ods", ".xlsx", ".xls")


class DataImportError(Exception):
    """A file cannot be imported; the message says why (and lists the first invalid rows)."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        self.problems = list(problems)
        listed = "".join(f"\n  - {p}" for p in self.problems[:MAX_LISTED])
        more = len(self.problems) - MAX_LISTED
        super().__init__(message + listed + (f"\n  ... and {more} more" if more > 0 else ""))


def require_columns(path: Path, header: list[str], required: list[str], what: str) -> None:
    """Refuse a file recognised as ``what`` that lacks a column the reader needs, naming the columns."""
    missing = [c for c in required if c not in header]
    if missing:
        raise DataImportError(f"{path.name} looks like {what} but lacks column {', '.join(missing)}; it was not "
                              "imported.")


def visible(text: str) -> str:
    """Text from a file as safe to print on a terminal: control characters (escape codes) shown as \\x1b etc."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def check_size(path: Path, size: int, max_bytes: int) -> None:
    """Refuse an empty file, or one far larger than the kind of file it is."""
    if size == 0:
        raise DataImportError(f"{path.name} is empty.")
    if size > max_bytes:
        raise DataImportError(f"{path.name} is too large to import ({size / 1e6:,.0f} MB; the limit is "
                              f"{max_bytes / 1e6:,.0f} MB). Import the data file itself, not a whole archive.")


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


def read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    """Every sheet as text cells (no header row assumed), once the file has passed ``check_workbook``."""
    try:
        return pd.read_excel(path, sheet_name=None, header=None, dtype=str,
                             engine="odf" if path.suffix.lower() == ".ods" else None)
    except ImportError:
        raise DataImportError(f"{path.name}: this installation cannot read {path.suffix} spreadsheets (odfpy or "
                              "openpyxl is missing). Use a tidy CSV instead (see README), or reinstall.") from None
    except Exception as error:  # noqa: BLE001 - spreadsheet readers raise many types for a bad file
        raise DataImportError(f"{path.name} cannot be read as a spreadsheet ({type(error).__name__}: "
                              f"{str(error)[:120]}).") from None


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
    pattern = re.compile(rb"[\xc2-\xf4][\x80-\xbf]{1,3}")
    with path.open("rb") as stream:
        tail = b""
        for block in iter(lambda: stream.read(1 << 20), b""):
            if pattern.search(tail + block):
                return True
            tail = block[-3:]
    return False
