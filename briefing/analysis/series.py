"""A council's series of one measure, and the ways to restate it: change, per head, per EHC plan, real terms.

Every function returns ``Point`` values that carry the status and note of the figure, so a missing value
travels with its reason and a derived value with its formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from briefing.data.catalogue import Measure
from briefing.data.dataset import Dataset
from briefing.data.periods import describe_period, period_start_year

MISSING = float("nan")


@dataclass(frozen=True)
class Point:
    period: str
    value: float          # NaN when missing
    status: str
    note: str = ""
    source_ids: tuple[str, ...] = ()

    @property
    def missing(self) -> bool:
        return math.isnan(self.value)


@lru_cache(maxsize=256)
def measure_info(dataset: Dataset, measure: str, variant: str = "") -> Measure:
    """The catalogue's record of a measure, as the loaded data package describes it."""
    row = dataset.measures.loc[(measure, variant)]
    return Measure(**{k: str(row[k]) for k in Measure.__dataclass_fields__})


def series(dataset: Dataset, measure: str, variant: str, area: str) -> list[Point]:
    return list(area_series(dataset, measure, variant, area))


@lru_cache(maxsize=8192)
def area_series(dataset: Dataset, measure: str, variant: str, area: str) -> tuple[Point, ...]:
    """Made once per area and measure: each briefing reads a dozen series, and the same ones recur."""
    grid = dataset.grid(measure, variant)
    if area not in grid.rows:
        return ()
    values, statuses, notes, sources = grid.rows[area]
    return tuple(Point(period, float(value), status, note if isinstance(note, str) else "",
                       tuple(dataset.source_ids(source)))
                 for period, value, status, note, source in zip(grid.periods, values, statuses, notes, sources,
                                                                strict=True)
                 if isinstance(status, str))  # no row at all: England for a council-only period


def value_at(points: list[Point], period: str) -> Point | None:
    return next((p for p in points if p.period == period), None)


def latest(points: list[Point]) -> Point | None:
    present = [p for p in points if not p.missing]
    return present[-1] if present else None


def change_between(points: list[Point], base: str, end: str) -> tuple[float, float]:
    """Absolute and relative change from ``base`` to ``end``; NaN when either is missing."""
    first, last = value_at(points, base), value_at(points, end)
    if first is None or last is None or first.missing or last.missing:
        return MISSING, MISSING
    relative = (last.value - first.value) / abs(first.value) if first.value else MISSING
    return last.value - first.value, relative


# --- normalisation --------------------------------------------------------------------------------------

DENOMINATORS = {
    "per_head_0_25": ("population_0_25", "", "per head aged 0-25"),
    "per_head_2_18": ("population_2_18", "", "per head aged 2-18"),
    "per_ehc_plan": ("ehc_plans", "", "per EHC plan"),
}


def denominator_period(dataset: Dataset, numerator_period: str, denominator: str) -> str | None:
    """The denominator figure paired with a numerator period, chosen by a stated rule:
    EHC plans: the January inside the financial year (2023-24 -> January 2024), or the same year;
    population: the same year if bundled, otherwise the nearest earlier mid-year estimate."""
    measure, variant, _ = DENOMINATORS[denominator]
    periods = dataset.grid(measure, variant).periods
    year = period_start_year(numerator_period)
    if measure == "ehc_plans":
        wanted = str(year + 1) if "-" in numerator_period else str(year)
        return wanted if wanted in periods else None
    earlier = [p for p in periods if period_start_year(p) <= year]
    return earlier[-1] if earlier else None


DENOMINATOR_NAMES = {"per_head_0_25": "population aged 0-25", "per_head_2_18": "population aged 2-18",
                     "per_ehc_plan": "EHC plans"}
PER_THOUSAND = 1000.0


def per_scale(unit: str, denominator: str) -> float:
    """Counts per head are tiny (0.02 EHC plans per child reads '0.0'): they are given per 1,000 people."""
    return PER_THOUSAND if unit == "count" and DENOMINATORS[denominator][0].startswith("population_") else 1.0


def per_label(unit: str, denominator: str) -> str:
    """'per head aged 0-25' for money, 'per 1,000 aged 0-25' for counts, 'per EHC plan'."""
    label = DENOMINATORS[denominator][2]
    return label.replace("per head", "per 1,000") if per_scale(unit, denominator) != 1 else label


def normalise(dataset: Dataset, points: list[Point], area: str, denominator: str, unit: str = "") -> list[Point]:
    """Divide each point by the denominator for the same area (per 1,000 people for counts of ``unit``); the note
    names the denominator's period, and a missing denominator says why."""
    measure, variant, _ = DENOMINATORS[denominator]
    scale = per_scale(unit, denominator) if unit else 1.0
    label = per_label(unit, denominator) if unit else DENOMINATORS[denominator][2]
    den_type = measure_info(dataset, measure, variant).period_type
    base = {p.period: p for p in series(dataset, measure, variant, area)}
    out = []
    for point in points:
        period = denominator_period(dataset, point.period, denominator)
        divisor = base.get(period) if period else None
        if point.missing:
            out.append(point)
        elif divisor is None or divisor.missing or divisor.value == 0:
            out.append(replace(point, value=MISSING, status="not_in_sources",
                               note=missing_denominator(dataset, denominator, period, divisor)))
        else:
            out.append(replace(point, value=point.value / divisor.value * scale, status="derived",
                               note=f"{label} using the {describe_period(period, den_type)} figure "
                                    f"({divisor.value:,.0f})",
                               source_ids=point.source_ids + divisor.source_ids))
    return out


def missing_denominator(dataset: Dataset, denominator: str, period: str | None, divisor: Point | None) -> str:
    """Why a per-head or per-plan figure cannot be given (a council created after the bundled estimates, say)."""
    measure, variant, _ = DENOMINATORS[denominator]
    name = DENOMINATOR_NAMES[denominator]
    den_type = measure_info(dataset, measure, variant).period_type
    bundled = ", ".join(describe_period(p, den_type) for p in dataset.grid(measure, variant).periods)
    if not period:
        return f"no {name} figure bundled for this period or earlier (bundled: {bundled})"
    when = describe_period(period, den_type)
    if divisor is not None and divisor.status == "council_did_not_exist":
        return (f"no {name} figure for this council's area: the bundled estimates ({bundled}) are for the "
                "councils of that time, before this council was created")
    if divisor is not None and not divisor.missing:
        return f"the {name} figure for {when} is 0"
    status = dataset.statuses.get(divisor.status, "") if divisor is not None else ""
    return f"no {name} figure for {when}" + (f": {status[:1].lower()}{status[1:]}" if status else "")


def real_terms(dataset: Dataset, points: list[Point]) -> list[Point]:
    """Restate financial-year cash figures in prices of the deflators' base year."""
    deflators = dataset.deflators
    out = []
    for point in points:
        if point.missing:
            out.append(point)
        elif point.period not in deflators.index:
            out.append(replace(point, value=MISSING, status="not_in_sources",
                               note=f"no published GDP deflator for {point.period} in the bundled release"))
        else:
            index = float(deflators.at[point.period, "index"])
            out.append(replace(point, value=point.value * 100 / index, status="derived",
                               note=f"real terms: cash x 100 / GDP deflator {index:.4f} ({point.period})",
                               source_ids=point.source_ids + ("hmt_gdp_deflators_2026_03",)))
    return out


def real_terms_label(dataset: Dataset) -> str:
    base = dataset.deflators["base_year"].iloc[0].split(" ")[0]
    return f"real terms, {base} prices (HM Treasury GDP deflators, March 2026)"
