"""Imported data layers: each import is a folder in the user's data folder, merged over the bundled data.

A layer holds the observation rows it changes (same columns as ``data/observations.csv``), one source row
describing the file it came from, and ``layer.json`` with the provenance and a checksum of its rows. The
bundle is never modified; removing the folder undoes the import. Later layers win over earlier ones, and every
layer wins over the bundle for the same measure, variant, area and period.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pandas as pd

from briefing.data.dataset import ENGLAND, DataError, Dataset, read_table
from briefing.data.periods import PERIOD_TYPE_LABELS, existed_during, financial_year
from briefing.data.plausible import value_problem

KEY = ["measure", "variant", "area", "period"]
OBSERVATION_COLUMNS = [*KEY, "value", "status", "source_id", "note"]
SOURCE_COLUMNS = ["source_id", "publisher", "title", "url", "published", "copy_url", "licence", "notes"]
LAYER_FILE, OBSERVATIONS_FILE, SOURCES_FILE = "layer.json", "observations.csv", "sources.csv"
LOCK_FILE = ".lock"
LOCK_WAIT_SECONDS = 30


class LayerNotFound(LookupError):
    """No import with that id."""


@dataclass(frozen=True)
class LayerInfo:
    """Provenance of one import, as recorded in its ``layer.json``."""

    layer_id: str
    file_name: str
    sha256: str
    imported_at: str
    kind: str
    publisher: str
    title: str
    url: str
    rows: int
    folder: Path

    @property
    def source_id(self) -> str:
        return source_id_for(self.layer_id)

    def describe(self) -> str:
        return f"{self.layer_id}  {self.imported_at}  {self.file_name} ({self.kind}, {self.rows:,} rows changed)"


def source_id_for(layer_id: str) -> str:
    return f"import_{layer_id}"


def new_layer_id(sha256: str, now: datetime) -> str:
    """Sortable by time (later layers win, even two imports within one second), unique per file."""
    return f"{now:%Y%m%d-%H%M%S-%f}-{sha256[:8]}"


@contextlib.contextmanager
def locked(layers_dir: Path) -> Iterator[None]:
    """One writer at a time in the user's layers folder (two imports at once, an import during a removal). The
    operating system drops the lock when its process dies, so a killed import never blocks the next one."""
    layers_dir.mkdir(parents=True, exist_ok=True)
    with open(layers_dir / LOCK_FILE, "a+b") as handle:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while not try_lock(handle):
            if time.monotonic() > deadline:
                raise DataError(f"Another High Needs Briefing is changing the imports in {layers_dir}; "
                                "try again when it has finished.")
            time.sleep(0.05)
        try:
            clear_leftovers(layers_dir)
            yield
        finally:
            unlock(handle)


def try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def unlock(handle) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def clear_leftovers(layers_dir: Path) -> None:
    """Hidden folders left by a write or a removal that was killed half-way (only ever seen under the lock, so
    nobody is still using them). Layer folders never start with a dot, so they are ignored when loading."""
    for leftover in layers_dir.glob(".*"):
        if leftover.name != LOCK_FILE:
            discard(leftover)


def discard(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def write_layer(layers_dir: Path, info: dict, observations: pd.DataFrame, source: dict) -> LayerInfo:
    """Write into a hidden folder of this process's own and rename it into place under the lock, so a failed or
    interrupted write never leaves a half layer behind and two imports never touch each other's files."""
    layer_id = info["layer_id"]
    final = layers_dir / layer_id
    with locked(layers_dir):
        if final.is_dir():          # the same file imported at the same moment by another process
            return read_info(final)
        partial = Path(tempfile.mkdtemp(prefix=f".{layer_id}.", suffix=".partial", dir=layers_dir))
        try:
            rows_path = partial / OBSERVATIONS_FILE
            observations[OBSERVATION_COLUMNS].to_csv(rows_path, index=False, lineterminator="\n", encoding="utf-8")
            pd.DataFrame([source])[SOURCE_COLUMNS].to_csv(partial / SOURCES_FILE, index=False, lineterminator="\n",
                                                           encoding="utf-8")
            record = {**info, "rows": len(observations), "observations_sha256": file_sha256(rows_path)}
            (partial / LAYER_FILE).write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n",
                                              encoding="utf-8")
            partial.rename(final)
        except BaseException:
            discard(partial)
            raise
    return read_info(final)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


TEXT_FIELDS = ("layer_id", "file_name", "sha256", "imported_at", "kind", "publisher", "title", "url",
               "observations_sha256")


def damaged(folder: Path, what: str, reason: str) -> DataError:
    """The one wording for a layer that cannot be used: what is wrong, where, and how to get rid of it."""
    return DataError(f"Imported data {what}: {folder} ({reason}). Remove it with "
                     f"`briefing data remove {folder.name}`.")


def read_record(folder: Path) -> dict:
    """``layer.json`` with every field the loader relies on, of the right type and naming its own folder."""
    try:
        record = json.loads((folder / LAYER_FILE).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise damaged(folder, "unreadable", f"{LAYER_FILE}: {error}") from None
    if not isinstance(record, dict):
        raise damaged(folder, "unreadable", f"{LAYER_FILE} is not a JSON object")
    missing = [key for key in (*TEXT_FIELDS, "rows") if key not in record]
    wrong = [key for key in TEXT_FIELDS if key in record and not isinstance(record[key], str)]
    if missing or wrong or type(record.get("rows")) is not int or record["rows"] < 0:
        what = f"missing {', '.join(missing)}" if missing else f"{', '.join(wrong) or 'rows'} of the wrong type"
        raise damaged(folder, "unreadable", f"{LAYER_FILE}: {what}")
    if record["layer_id"] != folder.name:
        raise damaged(folder, "unreadable", f"{LAYER_FILE} names the import {record['layer_id'][:40]!r}")
    return record


def read_info(folder: Path) -> LayerInfo:
    return info_from(read_record(folder), folder)


def info_from(record: dict, folder: Path) -> LayerInfo:
    return LayerInfo(layer_id=record["layer_id"], file_name=record["file_name"], sha256=record["sha256"],
                     imported_at=record["imported_at"], kind=record["kind"], publisher=record["publisher"],
                     title=record["title"], url=record["url"], rows=record["rows"], folder=folder)


def layer_folders(layers_dir: Path | None) -> list[Path]:
    """One folder per import, in the order they apply (oldest first); half-written (hidden) folders are ignored."""
    if layers_dir is None:
        return []
    layers_dir = Path(layers_dir)
    try:
        return sorted(p for p in layers_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    except FileNotFoundError:
        return []                   # nothing imported yet
    except NotADirectoryError:
        reason = "it, or a folder above it, is a file. Move or rename that file"
    except OSError as error:
        reason = f"{error.strerror or error}. Check the folder's permissions"
    raise DataError(f"Imported data not readable: cannot open the folder {layers_dir} ({reason}).")


def list_layers(layers_dir: Path | None) -> list[LayerInfo]:
    """Every import, oldest first; one removed while this runs (by another window or command) is left out."""
    layers = []
    for folder in layer_folders(layers_dir):
        try:
            layers.append(read_info(folder))
        except DataError:
            if folder.is_dir():
                raise
    return layers


def remove_layer(layers_dir: Path, layer_id: str) -> LayerInfo:
    """Undo an import. Works even when the layer is corrupt, so a bad layer can always be removed."""
    folder = Path(layers_dir) / layer_id
    if not layer_id or "/" in layer_id or "\\" in layer_id or layer_id.startswith(".") or not folder.is_dir():
        known = [p.name for p in layer_folders(layers_dir)]
        raise LayerNotFound(f"no import with id {layer_id!r}; " + (f"imports: {', '.join(known)}" if known else
                                                                   "there are no imports"))
    try:
        info = read_info(folder)
    except DataError:
        info = None
    with locked(Path(layers_dir)):
        # One rename takes the layer out of use; deleting the hidden remains can then be interrupted safely.
        tombstone = Path(layers_dir) / f".{layer_id}.removed-{os.getpid()}"
        os.rename(folder, tombstone)
        discard(tombstone)
    return info or LayerInfo(layer_id, "?", "", "", "unreadable", "", "", "", 0, folder)


def read_layer_rows(folder: Path, dataset: Dataset) -> tuple[LayerInfo, pd.DataFrame, pd.DataFrame]:
    """A layer's provenance, observations and source, each checked: the rows against the checksum in
    layer.json and, since a checksum can be recomputed after a hand edit, every value against the bundle's
    measures, councils and statuses; the source against layer.json. Raises ``DataError`` naming the layer."""
    record = read_record(folder)
    info = info_from(record, folder)
    rows_path = folder / OBSERVATIONS_FILE
    try:
        intact = rows_path.is_file() and file_sha256(rows_path) == record["observations_sha256"]
    except OSError as error:
        raise damaged(folder, "unreadable", f"{OBSERVATIONS_FILE}: {error.strerror or error}") from None
    if not intact:
        raise DataError(f"Imported data corrupt or missing: {rows_path}. Remove it with "
                        f"`briefing data remove {folder.name}`.")
    try:
        rows, source = read_table(rows_path), read_table(folder / SOURCES_FILE)
    except DataError as error:
        raise damaged(folder, "unreadable", str(error)) from None
    problem = source_problem(info, source)
    if problem:
        raise damaged(folder, "without its provenance", problem)
    problems = row_problems(info, rows, dataset)
    if problems:
        unknown = any(": unknown measure" in p or ": unknown council" in p for p in problems)
        what = f"does not fit data version {dataset.version}" if unknown else "invalid"
        raise damaged(folder, what, "; ".join(problems))
    return info, rows[OBSERVATION_COLUMNS], source[SOURCE_COLUMNS]


def source_problem(info: LayerInfo, source: pd.DataFrame) -> str:
    """A layer's sources.csv must be the one row written with it: the figures' only provenance."""
    if list(source.columns) != SOURCE_COLUMNS:
        return f"{SOURCES_FILE} has the columns {', '.join(map(str, source.columns))[:120]}"
    if len(source) != 1:
        return f"{SOURCES_FILE} has {len(source):,} rows, not one"
    row = source.iloc[0]
    recorded = {"source_id": info.source_id, "publisher": info.publisher, "title": info.title, "url": info.url}
    differs = [key for key, value in recorded.items() if row[key] != value]
    if differs:
        return f"{SOURCES_FILE}: {', '.join(differs)} differ from {LAYER_FILE}"
    if not row["publisher"].strip() or not row["title"].strip():
        return f"{SOURCES_FILE}: no publisher or title"
    if row["url"] and not row["url"].startswith(("https://", "http://")):
        return f"{SOURCES_FILE}: the address {row['url'][:60]!r} is not a web address"
    return ""


NUMBER_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")     # as ``format_number`` writes it: ASCII digits only
YEAR_TEXT, FINANCIAL_YEAR_TEXT = re.compile(r"[0-9]{4}"), re.compile(r"[0-9]{4}-[0-9]{2}")
FINANCIAL = ("financial_year", "financial_year_end")
MAX_LAYER_NOTE_CHARS = 1_000
MAX_LAYER_PROBLEMS = 3


def row_problems(info: LayerInfo, rows: pd.DataFrame, dataset: Dataset) -> list[str]:
    """The first few rows of a layer that the bundle could not hold (line numbers as in the file)."""
    if sorted(map(str, rows.columns)) != sorted(OBSERVATION_COLUMNS):
        return [f"{OBSERVATIONS_FILE} has the columns {', '.join(map(str, rows.columns))[:120]}"]
    if len(rows) != info.rows:
        return [f"{OBSERVATIONS_FILE} has {len(rows):,} rows; {LAYER_FILE} says {info.rows:,}"]
    measures = {key: (m["unit"], m["theme"] == "deficit", m["period_type"]) for key, m in
                zip(dataset.measures.index, dataset.measures.to_dict("records"), strict=True)}
    lifetimes = dict(zip(dataset.councils.index, zip(dataset.councils["in_use_from"], dataset.councils["in_use_to"],
                                                     strict=True), strict=True))
    problems: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for line, row in enumerate(rows[OBSERVATION_COLUMNS].itertuples(index=False), 2):
        problem = row_problem(row, info.source_id, measures, lifetimes, dataset.statuses)
        key = tuple(row[:4])
        if not problem and key in seen:
            problem = "a second row for the same measure, council and period"
        seen.add(key)
        if problem:
            problems.append(f"row {line}: {problem}")
            if len(problems) == MAX_LAYER_PROBLEMS:
                break
    return problems


def row_problem(row: tuple, source_id: str, measures: dict, lifetimes: dict, statuses: dict) -> str:
    measure, variant, area, period, value, status, row_source, note = row
    if (measure, variant) not in measures:
        return f"unknown measure {measure[:40]!r}" + (f" variant {variant[:40]!r}" if variant else "")
    unit, may_be_negative, period_type = measures[(measure, variant)]
    if area != ENGLAND and area not in lifetimes:
        return f"unknown council {area[:20]!r}"
    financial = period_type in FINANCIAL
    if not (FINANCIAL_YEAR_TEXT if financial else YEAR_TEXT).fullmatch(period) or (
            financial and financial_year(int(period[:4])) != period):
        return f"period {period[:20]!r} is not a {PERIOD_TYPE_LABELS[period_type]}"
    if value and area != ENGLAND and not existed_during(*lifetimes[area], period, period_type):
        return f"a value for council {area}, which did not exist in {period}"
    if status not in statuses:
        return f"unknown status {status[:30]!r}"
    if (value != "") != (status in ("published", "derived")):
        return f"status {status} contradicts the value {value[:30]!r}"
    if value:
        if not NUMBER_TEXT.fullmatch(value):
            return f"{value[:30]!r} is not a number"
        problem = value_problem(float(value), unit, may_be_negative, measure)
        if problem:
            return problem
    if row_source != source_id:
        return f"cites the source {row_source[:40]!r}, not its own {source_id}"
    if len(note) > MAX_LAYER_NOTE_CHARS or any(ord(ch) < 32 for ch in note):
        return "a note that is too long or contains control characters"
    return ""


def checked_layers(dataset: Dataset, layers_dir: Path | None) -> tuple[list[tuple[LayerInfo, pd.DataFrame,
                                                                                  pd.DataFrame]], list[str]]:
    """Every layer that passes its checks, oldest first, and why each other one cannot be used."""
    good, problems = [], []
    try:
        folders = layer_folders(layers_dir)
    except DataError as error:
        return [], [str(error)]
    for folder in folders:
        try:
            good.append(read_layer_rows(folder, dataset))
        except DataError as error:
            if folder.is_dir():             # not simply removed while this ran
                problems.append(str(error))
    return good, problems


def apply_layers(dataset: Dataset, layers: list[tuple[LayerInfo, pd.DataFrame, pd.DataFrame]]) -> Dataset:
    """The bundled dataset with these checked layers applied over it; the version says how many."""
    if not layers:
        return dataset
    observations = [dataset.observations, *(rows for _, rows, _ in layers)]
    sources = [dataset.sources.reset_index(drop=True), *(source for _, _, source in layers)]
    merged = pd.concat(observations, ignore_index=True).drop_duplicates(KEY, keep="last").reset_index(drop=True)
    all_sources = pd.concat(sources, ignore_index=True).drop_duplicates("source_id", keep="last")
    count = len(layers)
    return replace(dataset, observations=merged, sources=all_sources.set_index("source_id", drop=False),
                   version=f"{dataset.version} + {count} import{'s' if count > 1 else ''}",
                   layers=tuple(info.layer_id for info, _, _ in layers))


def merge_layers(dataset: Dataset, layers_dir: Path | None) -> Dataset:
    """The bundled dataset with every import applied over it, or ``DataError`` naming the first bad layer."""
    layers, problems = checked_layers(dataset, layers_dir)
    if problems:
        raise DataError(problems[0])
    return apply_layers(dataset, layers)
