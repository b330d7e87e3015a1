"""The import plan, used by both ``briefing data import`` and File > Import data…: read → diff → describe → apply.

Each chosen file is read and validated whole by its reader (``briefing.data.readers``), compared with the dataset
as loaded (``compare``: which figures are new, revised, unchanged or kept), described in words a user can check
(``Changes.describe``), and only then, when the user confirms, stored as a layer (``apply_import``; see
``layers``). If any chosen file is refused, nothing is applied.

Every problem a user can cause surfaces as ``DataImportError`` with a message fit to show them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from briefing.data.dataset import Dataset
from briefing.data.layers import KEY, LayerInfo, new_layer_id, source_id_for, write_layer
from briefing.data.periods import council_exists
from briefing.data.readers import DataImportError, ParsedImport, read_import

Reader = Callable[[Path, Dataset], ParsedImport]


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
# Diff
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


# ---------------------------------------------------------------------------------------------------------
# The plan: every file read and compared before anything is applied
# ---------------------------------------------------------------------------------------------------------

@dataclass
class FileCheck:
    """One chosen file: what it would change, or why it was refused."""

    path: Path
    parsed: ParsedImport | None = None
    changes: Changes | None = None
    refusal: str = ""

    def lines(self, dataset: Dataset) -> list[str]:
        """The file's kind and size, then (indented) its source, notices and what would change."""
        if self.parsed is None or self.changes is None:
            return [self.refusal]
        details = [self.parsed.source_text(), *self.parsed.notices, *self.changes.describe(dataset)]
        return [f"{self.path.name}: {self.parsed.kind}, {len(self.parsed.rows):,} rows",
                *(f"  {line}" for line in details)]


@dataclass
class ImportPlan:
    """Every chosen file checked; ``ready`` is what applying would store (nothing if any file was refused)."""

    files: list[FileCheck]

    @property
    def refused(self) -> list[FileCheck]:
        return [f for f in self.files if f.parsed is None]

    @property
    def ready(self) -> list[tuple[ParsedImport, Changes]]:
        if self.refused:
            return []
        return [(f.parsed, f.changes) for f in self.files if f.parsed and f.changes and f.changes.has_changes]


def check_file(path: Path, dataset: Dataset, read: Reader = read_import) -> FileCheck:
    """Read and compare one file; a refusal is recorded, not raised."""
    try:
        parsed = read(path, dataset)
    except DataImportError as error:
        return FileCheck(Path(path), refusal=str(error))
    return FileCheck(Path(path), parsed, compare(parsed, dataset))


def plan_imports(paths: Sequence[Path], dataset: Dataset, progress: Callable[[str], None] | None = None,
                 cancelled: Callable[[], bool] | None = None, read: Reader = read_import) -> ImportPlan | None:
    """Check every file (None if cancelled between files); ``read`` is the reader the caller resolves, so the
    dialog's worker and the command line read through one path."""
    files = []
    for number, path in enumerate(paths, 1):
        if cancelled and cancelled():
            return None
        if progress:
            progress(f"Checking {number} of {len(paths)}: {Path(path).name}…")
        files.append(check_file(Path(path), dataset, read))
    return ImportPlan(files)


# ---------------------------------------------------------------------------------------------------------
# Apply
# ---------------------------------------------------------------------------------------------------------

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
