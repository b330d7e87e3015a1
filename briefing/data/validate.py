"""Checks that the loaded data is whole and consistent, and the coverage table ``briefing data check`` prints."""

from __future__ import annotations

import pandas as pd

from briefing.data.dataset import ENGLAND, Dataset
from briefing.data.periods import existed_during

# Council sums that must equal DfE's England figure, and by how much they may differ (source rounding).
RECONCILE = {
    ("ehc_plans", ""): 0,
    ("high_needs_block_gbp", "before_deductions"): 10,   # 2019-20 was published in £m with decimals
    ("high_needs_block_gbp", "after_deductions"): 10,
}
MISSING_STATUSES = {"not_published", "suppressed", "not_collected", "council_did_not_exist", "not_in_sources"}


def reconcile(dataset: Dataset, measure: str, variant: str) -> list[tuple[str, float, float]]:
    """(period, sum of councils, England) for every period with an England figure."""
    values = dataset.grid(measure, variant).values
    if ENGLAND not in values.index:
        return []
    councils = values.drop(index=ENGLAND)
    out = []
    for period in values.columns:
        england = values.at[ENGLAND, period]
        if pd.notna(england):
            out.append((period, float(councils[period].sum()), float(england)))
    return out


def suppressed_councils(dataset: Dataset, measure: str, variant: str, period: str) -> list[str]:
    """Councils whose figure DfE withheld in a period; its England total still counts them."""
    status = dataset.grid(measure, variant).status[period].drop(index=ENGLAND, errors="ignore")
    return sorted(status.index[status == "suppressed"])


def problems(dataset: Dataset) -> list[str]:
    found: list[str] = []
    obs = dataset.observations
    key = ["measure", "variant", "area", "period"]
    duplicates = obs[obs.duplicated(key, keep=False)]
    if len(duplicates):
        found.append(f"{len(duplicates)} duplicate observation keys, e.g. {duplicates.iloc[0][key].tolist()}")
    unknown_areas = set(obs["area"]) - set(dataset.councils.index) - {ENGLAND}
    if unknown_areas:
        found.append(f"observations for unknown areas: {sorted(unknown_areas)[:10]}")
    undefined = set(zip(obs["measure"], obs["variant"], strict=True)) - set(dataset.measures.index)
    if undefined:
        found.append(f"measures without metadata: {sorted(undefined)}")
    bad_status = set(obs["status"]) - set(dataset.statuses)
    if bad_status:
        found.append(f"unknown statuses: {sorted(bad_status)}")
    has_value = obs["value"] != ""
    wrong = obs[has_value & obs["status"].isin(MISSING_STATUSES) | ~has_value & obs["status"].isin(["published",
                                                                                                    "derived"])]
    if len(wrong):
        found.append(f"{len(wrong)} rows whose status contradicts their value, e.g. {wrong.iloc[0].tolist()}")
    unreadable = pd.to_numeric(obs.loc[has_value, "value"], errors="coerce").isna()
    if unreadable.any():
        found.append(f"{int(unreadable.sum())} values that are not numbers")
    known_sources = set(dataset.sources.index)
    cited = {s for joined in obs.loc[has_value, "source_id"].unique() for s in dataset.source_ids(joined)}
    if cited - known_sources:
        found.append(f"unknown source ids: {sorted(cited - known_sources)}")
    found += existence_problems(dataset)
    for (measure, variant), grid in dataset.grids.items():
        absent = set(dataset.current_codes) - set(grid.values.index)
        if absent:
            found.append(f"{measure} {variant}: no rows for current councils {sorted(absent)[:5]}")
    for (measure, variant), tolerance in RECONCILE.items():
        for period, total, england in reconcile(dataset, measure, variant):
            if suppressed_councils(dataset, measure, variant, period) and total < england:
                continue  # the gap is what DfE counted but did not show; tests/data bound it
            if abs(total - england) > tolerance:
                found.append(f"{measure} {variant} {period}: councils sum to {total:,.0f}, England is {england:,.0f}")
    return found


def existence_problems(dataset: Dataset) -> list[str]:
    """A value for a council outside its lifetime would mean two councils' series had been joined."""
    found = []
    councils = dataset.councils
    for (measure, variant), grid in dataset.grids.items():
        period_type = dataset.measures.at[(measure, variant), "period_type"]
        for code in grid.values.index:
            if code == ENGLAND:
                continue
            began, ended = councils.at[code, "in_use_from"], councils.at[code, "in_use_to"]
            for period in grid.values.loc[code].dropna().index:
                if not existed_during(began, ended, period, period_type):
                    found.append(f"{measure} {period}: value for {code}, which did not exist then")
    return found


def coverage(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """Councils with a figure per measure × period (today's and former councils together), one table per kind
    of period so January/calendar years and financial years are not interleaved."""
    tables: dict[str, list[tuple[str, str, int]]] = {}
    for (measure, variant), grid in dataset.grids.items():
        councils = grid.values.drop(index=ENGLAND, errors="ignore")
        label = f"{measure}{' [' + variant + ']' if variant else ''}"
        kind = "financial years" if "-" in grid.periods[0] else "years"
        for period in grid.periods:
            tables.setdefault(kind, []).append((label, period, int(councils[period].notna().sum())))
    return {kind: pd.DataFrame(rows, columns=["measure", "period", "councils"])
            .pivot(index="measure", columns="period", values="councils").astype("Int64")
            for kind, rows in tables.items()}


def latest_periods(dataset: Dataset) -> pd.DataFrame:
    """The newest period with any figure for each measure, and how many councils it covers, so a reader can
    see at once how current the bundle is."""
    rows = []
    for (measure, variant), grid in dataset.grids.items():
        filled = [period for period in grid.periods if grid.values[period].notna().any()]
        latest = filled[-1]
        councils = grid.values[latest].drop(index=ENGLAND, errors="ignore")
        rows.append((f"{measure}{' [' + variant + ']' if variant else ''}", latest, int(councils.notna().sum()),
                     "yes" if ENGLAND in grid.values.index and pd.notna(grid.values.at[ENGLAND, latest]) else "no"))
    return pd.DataFrame(rows, columns=["measure", "latest period", "councils", "England"]).set_index("measure")
