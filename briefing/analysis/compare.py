"""Comparator groups, ranks and quartile bands, and the region and England reference figures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from briefing.data.dataset import ENGLAND, Dataset

GROUPS = {
    "neighbours": "statistical neighbours (DfE, May 2025)",
    "neighbours_2021": "statistical neighbours (DfE, April 2021 list)",
    "region": "councils in the same region",
    "safety_valve": "safety valve councils",
    "dbv": "Delivering Better Value councils",
    "f40": "f40 member councils (April 2024)",
    "custom": "chosen councils",
}
MAX_CUSTOM = 20


def comparator_codes(dataset: Dataset, group: str, la_code: str, custom: tuple[str, ...] = ()) -> list[str]:
    """The comparator councils for ``la_code`` (never including it), in the group's own order."""
    current = set(dataset.current_codes)
    if group in ("neighbours", "neighbours_2021"):
        codes = neighbour_lists(dataset).get((la_code, "May 2025" if group == "neighbours" else "April 2021"), [])
    elif group == "region":
        codes = dataset.region_codes(dataset.regions[la_code])
    elif group == "safety_valve":
        codes = list(dataset.safety_valve.index)
    elif group == "dbv":
        codes = list(dataset.dbv.index)
    elif group == "f40":
        codes = list(dataset.f40["la_code"])
    elif group == "custom":
        if len(custom) > MAX_CUSTOM:
            raise ValueError(f"choose at most {MAX_CUSTOM} comparator councils (got {len(custom)})")
        codes = list(custom)
    else:
        raise ValueError(f"unknown comparator group {group!r}; choose one of {', '.join(GROUPS)}")
    if group != "neighbours_2021":
        codes = [c for c in codes if c in current]
    return [c for c in dict.fromkeys(codes) if c != la_code]


@lru_cache(maxsize=8)
def neighbour_lists(dataset: Dataset) -> dict[tuple[str, str], list[str]]:
    """(council, list version) -> its statistical neighbours, closest first."""
    ordered = dataset.neighbours.assign(rank=dataset.neighbours["rank"].astype(int)).sort_values(
        ["la_code", "list_version", "rank"])
    lists: dict[tuple[str, str], list[str]] = {}
    for code, version, neighbour in zip(ordered["la_code"], ordered["list_version"], ordered["neighbour_code"],
                                        strict=True):
        lists.setdefault((code, version), []).append(neighbour)
    return lists


@lru_cache(maxsize=512)
def all_councils_column(dataset: Dataset, measure: str, variant: str, period: str) -> pd.Series:
    """One period of a measure for every council that had a figure then (today's councils, or the ones of that
    time for a former council's years): what ranks 'among all councils' are taken over."""
    return dataset.grid(measure, variant).values[period].drop(index=ENGLAND, errors="ignore").dropna()


@dataclass(frozen=True)
class Rank:
    rank: int              # 1 = highest value
    out_of: int
    quartile: int          # 1 = highest quarter of values .. 4 = lowest
    direction: str         # higher_is_better | lower_is_better | neutral

    def describe(self) -> str:
        return f"{self.rank} of {self.out_of}"

    @property
    def band(self) -> str:
        """The quarter in words, the same on screen and paper; 'best' and 'worst' only where the measure has a
        better direction (a higher DSG balance, a higher share of plans on time), else 'highest' and 'lowest'."""
        words = BAND_WORDS[self.direction if self.direction in BAND_WORDS else "neutral"]
        return words[self.quartile - 1]


BAND_WORDS = {
    "neutral": ("highest quarter", "second-highest quarter", "second-lowest quarter", "lowest quarter"),
    "higher_is_better": ("best quarter", "second-best quarter", "second-worst quarter", "worst quarter"),
    "lower_is_better": ("worst quarter", "second-worst quarter", "second-best quarter", "best quarter"),
}


class Ranking:
    """Areas' figures, the missing left out, sorted once: each rank is then a lookup (a comparison table ranks a
    dozen councils on six measures; every briefing ranks its council among all councils and its comparators)."""

    def __init__(self, values: dict[str, float]) -> None:
        self.values = {area: value for area, value in values.items() if not math.isnan(value)}
        self.ordered = np.sort(np.fromiter(self.values.values(), dtype=float, count=len(self.values)))

    @classmethod
    def of(cls, values: pd.Series) -> Ranking:
        return cls(dict(zip(values.index, values.to_numpy(dtype=float).tolist(), strict=True)))

    def among(self, areas: list[str]) -> Ranking:
        """The ranking of ``areas`` alone (a council among its comparators)."""
        return Ranking({area: self.values[area] for area in areas if area in self.values})

    def rank(self, area: str, direction: str) -> Rank | None:
        """Rank 1 = highest; ties share the better rank. None when ``area`` has no figure or fewer than four
        areas have one."""
        count = len(self.ordered)
        if area not in self.values or count < 4:
            return None
        rank = count - int(np.searchsorted(self.ordered, self.values[area], side="right")) + 1
        return Rank(rank, count, min(4, 1 + (rank - 1) * 4 // count), direction)


def rank_among(values: pd.Series, area: str, direction: str) -> Rank | None:
    """Rank of ``area`` among the non-missing ``values`` (index = area). Ties share the better rank."""
    return Ranking.of(values).rank(area, direction)


def ranks_among(values: pd.Series, areas: list[str], direction: str) -> dict[str, Rank | None]:
    """The rank of each of ``areas`` among the non-missing ``values``, sorting once."""
    ranking = Ranking.of(values)
    return {area: ranking.rank(area, direction) for area in areas}


@lru_cache(maxsize=128)
def broad_periods(dataset: Dataset, measure: str, variant: str) -> tuple[str, ...]:
    """Periods in which at least half of today's councils have a figure: the ones fit for comparison."""
    values = dataset.grid(measure, variant).values.reindex(dataset.current_codes)
    counts = values.notna().sum()
    return tuple(p for p in values.columns if counts[p] >= len(dataset.current_codes) / 2)


@lru_cache(maxsize=4096)
def lifetime_periods(dataset: Dataset, measure: str, variant: str, code: str) -> tuple[str, ...]:
    """The broad periods in which ``code`` existed: a former council is shown at its own last periods. Remembered:
    every briefing asks for each headline measure."""
    status = dataset.grid(measure, variant).status
    periods = broad_periods(dataset, measure, variant)
    if code not in status.index:
        return periods
    return tuple(p for p in periods if status.at[code, p] != "council_did_not_exist")


def latest_broad_period(dataset: Dataset, measure: str, variant: str) -> str | None:
    periods = broad_periods(dataset, measure, variant)
    return periods[-1] if periods else None


@lru_cache(maxsize=256)
def england_published(dataset: Dataset, measure: str, variant: str) -> pd.Series | None:
    """England's own published row of a measure (None when it has none); the same for every council."""
    values = dataset.grid(measure, variant).values
    if ENGLAND not in values.index:
        return None
    row = values.loc[ENGLAND]
    return row if row.notna().any() else None
