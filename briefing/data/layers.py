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
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pandas as pd

from briefing.data.dataset import DataError, Dataset, read_table

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


def read_info(folder: Path) -> LayerInfo:
    path = folder / LAYER_FILE
    try:
        record = json.loads(path.read_text("utf-8"))
        return LayerInfo(layer_id=record["layer_id"], file_name=record["file_name"], sha256=record["sha256"],
                         imported_at=record["imported_at"], kind=record["kind"], publisher=record["publisher"],
                         title=record["title"], url=record["url"], rows=int(record["rows"]), folder=folder)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DataError(f"Imported data unreadable: {path} ({error}). Remove it with "
                        f"`briefing data remove {folder.name}`.") from None


def layer_folders(layers_dir: Path | None) -> list[Path]:
    """One folder per import, in the order they apply (oldest first); half-written (hidden) folders are ignored."""
    if layers_dir is None or not Path(layers_dir).is_dir():
        return []
    return sorted(p for p in Path(layers_dir).iterdir() if p.is_dir() and not p.name.startswith("."))


def list_layers(layers_dir: Path | None) -> list[LayerInfo]:
    return [read_info(folder) for folder in layer_folders(layers_dir)]


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


def read_layer_rows(info: LayerInfo) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The layer's observations and source, after checking the rows against the checksum in layer.json."""
    rows_path = info.folder / OBSERVATIONS_FILE
    recorded = json.loads((info.folder / LAYER_FILE).read_text("utf-8")).get("observations_sha256")
    if not rows_path.is_file() or file_sha256(rows_path) != recorded:
        raise DataError(f"Imported data corrupt or missing: {rows_path}. Remove it with "
                        f"`briefing data remove {info.layer_id}`.")
    return read_table(rows_path), read_table(info.folder / SOURCES_FILE)


def merge_layers(dataset: Dataset, layers_dir: Path | None) -> Dataset:
    """The bundled dataset with every import applied over it; the version says how many."""
    layers = list_layers(layers_dir)
    if not layers:
        return dataset
    observations, sources = [dataset.observations], [dataset.sources.reset_index(drop=True)]
    known_series = set(dataset.measures.index)
    known_areas = set(dataset.councils.index) | {"england"}
    for info in layers:
        rows, source = read_layer_rows(info)
        unknown = {(m, v) for m, v in zip(rows["measure"], rows["variant"], strict=True)} - known_series
        if unknown or not set(rows["area"]) <= known_areas:
            raise DataError(f"Imported data {info.folder} does not fit data version {dataset.version} (unknown "
                            f"measures or councils). Remove it with `briefing data remove {info.layer_id}`.")
        observations.append(rows[OBSERVATION_COLUMNS])
        sources.append(source)
    merged = pd.concat(observations, ignore_index=True).drop_duplicates(KEY, keep="last").reset_index(drop=True)
    all_sources = pd.concat(sources, ignore_index=True).drop_duplicates("source_id", keep="last")
    count = len(layers)
    return replace(dataset, observations=merged, sources=all_sources.set_index("source_id", drop=False),
                   version=f"{dataset.version} + {count} import{'s' if count > 1 else ''}",
                   layers=tuple(info.layer_id for info in layers))
