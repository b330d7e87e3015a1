"""Load the bundled data package into one immutable ``Dataset``.

The observations are pivoted once at load time into an area × period grid per measure, so every later
question (a council's series, a rank, a caterpillar of all councils) is a lookup, not a scan.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from briefing.data.periods import period_sort_key
from briefing.data.provenance import Citation, cite_address

ENGLAND = "england"


class DataError(Exception):
    """The bundled data is missing, corrupt or inconsistent; the message names the file."""


def format_number(value: float | int) -> str:
    """How a figure is written in observations.csv (and in import layers): whole numbers without a decimal point."""
    if float(value).is_integer():
        return str(int(value))
    return repr(round(float(value), 4))


def bundled_data_dir() -> Path:
    """``data/`` beside the package, or inside a frozen (PyInstaller) bundle."""
    override = os.environ.get("BRIEFING_DATA_DIR")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "data"
    return Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Grid:
    """One measure and variant: values, statuses, notes and sources as area × period frames."""

    values: pd.DataFrame
    status: pd.DataFrame
    note: pd.DataFrame
    source: pd.DataFrame

    @property
    def periods(self) -> list[str]:
        return list(self.values.columns)

    @cached_property
    def rows(self) -> dict[str, tuple[list, list, list, list]]:
        """Each area's values, statuses, notes and sources as plain lists: one conversion, then every series
        lookup is a dictionary access instead of four DataFrame row selections."""
        frames = [self.values, self.status, self.note, self.source]
        columns = [frame.to_numpy().tolist() for frame in frames]
        return {area: tuple(column[i] for column in columns) for i, area in enumerate(self.values.index)}


@dataclass(frozen=True, eq=False)
class Dataset:
    """Compared and hashed by identity, so analysis results can be cached per loaded dataset."""

    version: str
    councils: pd.DataFrame          # index la_code
    changes: pd.DataFrame
    measures: pd.DataFrame          # index (measure, variant)
    observations: pd.DataFrame
    statuses: dict[str, str]
    sources: pd.DataFrame           # index source_id
    neighbours: pd.DataFrame
    f40: pd.DataFrame
    safety_valve: pd.DataFrame      # index la_code
    safety_valve_payments: pd.DataFrame
    dbv: pd.DataFrame               # index la_code
    timeline: pd.DataFrame
    deflators: pd.DataFrame         # index financial_year
    hex_layout: pd.DataFrame
    citations: pd.DataFrame         # index address_read
    data_dir: Path
    layers: tuple[str, ...] = field(default=())

    @cached_property
    def measure_rows(self) -> dict[tuple[str, str], pd.DataFrame]:
        """The observations of each measure and variant, split once; each grid is pivoted when first asked for,
        so opening the window does not pivot measures it does not show."""
        observations = self.observations.assign(value=pd.to_numeric(self.observations["value"]))
        return {key: rows for key, rows in observations.groupby(["measure", "variant"], sort=False)}

    @cached_property
    def grid_cache(self) -> dict[tuple[str, str], Grid]:
        return {}

    @property
    def grids(self) -> dict[tuple[str, str], Grid]:
        """Every measure's grid (the data checks walk them all)."""
        return {key: self.grid(*key) for key in self.measure_rows}

    def has_figures(self, measure: str, variant: str = "") -> bool:
        """Whether the measure has any rows (the s251 spending lines come only by import)."""
        return (measure, variant) in self.measure_rows

    def grid(self, measure: str, variant: str = "") -> Grid:
        key = (measure, variant)
        if key not in self.grid_cache:
            if key not in self.measure_rows:
                raise KeyError(f"no measure {measure!r} with variant {variant!r}")
            wide = self.measure_rows[key].set_index(["area", "period"])[["value", "status", "note", "source_id"]] \
                .unstack("period")
            periods = sorted(wide["value"].columns, key=period_sort_key)
            self.grid_cache[key] = Grid(*(wide[column].reindex(columns=periods) for column in ("value", "status",
                                                                                             "note", "source_id")))
        return self.grid_cache[key]

    @cached_property
    def current_codes(self) -> list[str]:
        return list(self.councils.index[self.councils["status"] == "current"])

    @cached_property
    def names(self) -> dict[str, str]:
        return {ENGLAND: "England", **dict(zip(self.councils.index, self.councils["name"], strict=True))}

    @cached_property
    def regions(self) -> dict[str, str]:
        return dict(zip(self.councils.index, self.councils["region"], strict=True))

    def council_name(self, code: str) -> str:
        return self.names[code]

    def region_codes(self, region: str) -> list[str]:
        """Today's councils in a region."""
        return [c for c in self.current_codes if self.regions[c] == region]

    def source_ids(self, joined: str) -> list[str]:
        return [s for s in str(joined).split("+") if s and s != "nan"]

    @cached_property
    def source_citations(self) -> dict[str, Citation]:
        """Every dataset release as its Citation, by source id, made once: a briefing cites dozens. The
        publisher's own page is the citation; the copy read is provenance."""
        return {source_id: Citation(s.publisher, s.title, s.url, s.published, s.licence, s.copy_url)
                for source_id, s in zip(self.sources.index, self.sources.itertuples(index=False), strict=True)}

    def source_citation(self, source_id: str) -> Citation:
        return self.source_citations[source_id]

    @cached_property
    def curated_citations(self) -> dict[str, Citation]:
        """citations.csv as Citations by the address read, made once: a briefing cites dozens of addresses."""
        return {url: Citation(c.publisher, c.title, c.original_url, c.published, c.licence,
                              url if c.is_copy == "yes" else "")
                for url, c in zip(self.citations.index, self.citations.itertuples(index=False), strict=True)}

    def citation(self, url: str) -> Citation:
        """A programme or timeline address (as recorded in the programme tables) as its curated citation
        (citations.csv): the original's publisher, title and address, with a copy read kept as ``copy_url``.
        An address the table does not know is named by its site, or by the publication a known copy holds."""
        known = self.curated_citations.get(url)
        return known if known is not None else cite_address(url)


TABLES = {
    "councils": "councils.csv", "changes": "council_changes.csv", "measures": "measures.csv",
    "observations": "observations.csv", "statuses": "statuses.csv", "sources": "sources.csv",
    "neighbours": "statistical_neighbours.csv", "f40": "f40_members.csv",
    "safety_valve": "safety_valve_agreements.csv", "safety_valve_payments": "safety_valve_payments.csv",
    "dbv": "dbv_participants.csv", "timeline": "national_timeline.csv", "deflators": "gdp_deflators.csv",
    "hex_layout": "hex_layout.csv", "citations": "citations.csv",
}


def read_table(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"Data file missing: {path}")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DataError(f"Data file unreadable: {path} ({error})") from None
    except OSError as error:                        # no permission, or a read error on the disk
        raise DataError(f"Data file unreadable: {path} ({error.strerror or error})") from None


def check_package_structure(package: object, package_path: Path) -> None:
    """The keys the loader relies on, each of the right type, so a damaged datapackage.json is named, not a
    KeyError or TypeError later."""
    problem = ""
    if not isinstance(package, dict):
        problem = "not a JSON object"
    elif not isinstance(package.get("version"), str) or not package["version"]:
        problem = "no version"
    elif not isinstance(package.get("resources"), list):
        problem = "no list of resources"
    else:
        paths = {r.get("path") for r in package["resources"] if isinstance(r, dict)
                 and isinstance(r.get("path"), str) and isinstance(r.get("hash"), str)}
        if len(paths) != len(package["resources"]):
            problem = "a resource without a path or hash"
        elif missing := sorted(set(TABLES.values()) - paths):
            problem = f"no entry for {', '.join(missing)}"
    if problem:
        raise DataError(f"Data file damaged: {package_path} ({problem}). Reinstall the app.")


def verify_checksums(data_dir: Path) -> dict:
    """Compare each file with the sha256 recorded in datapackage.json; name the first that differs."""
    package_path = data_dir / "datapackage.json"
    try:
        package = json.loads(package_path.read_text("utf-8"))
    except FileNotFoundError:
        raise DataError(f"Data file missing: {package_path}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise DataError(f"Data file unreadable: {package_path} ({error})") from None
    check_package_structure(package, package_path)
    for resource in package["resources"]:
        path = data_dir / resource["path"]
        if not path.is_file():
            raise DataError(f"Data file missing: {path}")
        digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != resource["hash"]:
            raise DataError(f"Data file corrupt (checksum differs from datapackage.json): {path}")
    return package


def load(data_dir: Path | None = None, verify: bool = True) -> Dataset:
    """Read the bundled data package; with ``verify`` the checksums are checked first. The user's imports are
    merged over it by ``briefing.data.loader``."""
    data_dir = Path(data_dir or bundled_data_dir())
    # without ``verify`` (export workers) the parent process has checked the files already
    package = verify_checksums(data_dir) if verify else json.loads((data_dir / "datapackage.json").read_text("utf-8"))
    frames = {name: read_table(data_dir / file) for name, file in TABLES.items()}
    return Dataset(
        version=package["version"],
        councils=frames["councils"].set_index("la_code", drop=False),
        changes=frames["changes"],
        measures=frames["measures"].set_index(["measure", "variant"], drop=False),
        observations=frames["observations"],
        statuses=dict(zip(frames["statuses"]["status"], frames["statuses"]["meaning"], strict=True)),
        sources=frames["sources"].set_index("source_id", drop=False),
        neighbours=frames["neighbours"],
        f40=frames["f40"],
        safety_valve=frames["safety_valve"].set_index("la_code", drop=False),
        safety_valve_payments=frames["safety_valve_payments"],
        dbv=frames["dbv"].set_index("la_code", drop=False),
        timeline=frames["timeline"],
        deflators=frames["deflators"].set_index("financial_year", drop=False),
        hex_layout=frames["hex_layout"],
        citations=frames["citations"].set_index("address_read", drop=False),
        data_dir=data_dir,
    )
