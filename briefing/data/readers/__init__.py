"""File readers: one module per kind of file users download, each turning it into checked observation rows.

``read_import`` recognises a file by its content (a workbook, or a CSV by its header), runs the shared safety
checks (``checks``) and hands it to its reader: ``ees`` (DfE's EHC plans CSVs), ``dsg`` (DfE's DSG allocations
workbook), ``mye`` (ONS mid-year population estimates, MYE2), ``s251`` (DfE's section 251 outturn, streamed) or
``tidy`` (a tidy CSV for any measure). Readers change nothing; ``briefing.data.imports`` compares and stores what
they read.
"""

from __future__ import annotations

import csv
from pathlib import Path

from briefing.data.dataset import Dataset
from briefing.data.layers import file_sha256
from briefing.data.readers import dsg, ees, mye, s251, tidy
from briefing.data.readers.checks import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    WORKBOOK_SUFFIXES,
    DataImportError,
    check_size,
    check_workbook,
    count_lines,
    csv_rows,
    mixed_encodings,
    read_workbook,
    text_encodings,
    visible,
)
from briefing.data.readers.rows import ParsedImport


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
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        check_size(path, size, max_bytes)
        check_workbook(path)
        book = read_workbook(path)
        if mye.recognise(book):
            return mye.read_mye(path, sha256, dataset, book)
        return dsg.read_dsg_workbook(path, sha256, dataset, book)
    whole_release = s251.recognise(header_columns(path))   # the one file read in full, however large
    check_size(path, size, max(max_bytes, s251.MAX_BYTES) if whole_release else max_bytes)
    return read_csv_file(path, sha256, dataset, s251.MAX_ROWS if whole_release else MAX_ROWS)


def header_columns(path: Path) -> set[str]:
    """The first line's column names, from at most 64 KB, without reading the file; empty if it is not text."""
    try:
        encoding = text_encodings(path)[0]
    except DataImportError:
        return set()
    with path.open("rb") as stream:
        head = stream.read(65536).decode(encoding, errors="replace")
    first = next(csv.reader(head.splitlines()[:1]), [])
    return {cell.strip().lower() for cell in first}


def read_csv_file(path: Path, sha256: str, dataset: Dataset, max_rows: int = MAX_ROWS) -> ParsedImport:
    if count_lines(path) > max_rows:
        raise DataImportError(f"{path.name} has more than {max_rows:,} rows, far more than any file the importer "
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
    ees_file = ees.recognise(columns)
    if ees_file:
        return ees.parse_ees(path, sha256, dataset, ees_file, header, rows)
    if s251.recognise(columns):
        return s251.parse_s251(path, sha256, dataset, header, rows)
    if tidy.recognise(columns):
        return tidy.parse_tidy(path, sha256, dataset, header, rows)
    shown = ", ".join(visible(h) for h in header[:12] if h) + (", ..." if len(header) > 12 else "")
    raise DataImportError(
        f"{path.name}: columns not recognised ({shown or 'none'}). Expected an EES caseload.csv, requests.csv or "
        f"timeliness_20_week.csv, DfE's s251_alleducation_la_regional_national.csv, or a tidy CSV with columns "
        f"{', '.join(tidy.TIDY_COLUMNS)}[, note].")


__all__ = ["DataImportError", "ParsedImport", "read_import"]
