"""The official releases the app can import, described once for ``briefing data sources`` and Data > Update….

Each release says where its publisher puts the file (the publisher's own page, never a copy), which file to take
there, which measures it brings and what importing it adds. ``holdings`` reads from the dataset as loaded what
the app holds of those measures now (latest period, councils covered), so a user can see whether the file on the
publisher's page is newer. Nothing here touches the network: the addresses are for the user to open.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from briefing.data import catalogue
from briefing.data.dataset import ENGLAND, Dataset
from briefing.data.periods import describe_period, financial_year

ONS_MYE_PAGE = next(s["url"] for s in catalogue.SOURCES if s["source_id"] == "ons_mye_2020")
ANY_VARIANT = "*"     # in a release's measures: every variant of the measure, taken together


@dataclass(frozen=True)
class Release:
    """One official file users can download and import."""

    key: str
    title: str
    publisher: str
    page_url: str                       # the publisher's page for the release
    download: str                       # what to take there
    measures: tuple[tuple[str, str], ...]
    adds: str                           # what importing it adds
    period: str = ""                    # the one period the file covers, for a year's file


@dataclass(frozen=True)
class Holding:
    """What the dataset as loaded holds of one measure: the latest period of its all-council table (the latest
    with England's figure, else the latest with any figure) and any later period held for a few councils only."""

    label: str
    latest: str = ""        # described ('January 2026', '2023-24'); empty when there is no figure at all
    councils: int = 0
    england: bool = False
    later: str = ""         # a later period with figures for some councils only (their own published figures)
    later_councils: int = 0

    def text(self) -> str:
        if not self.latest:
            return f"{self.label}: none yet"
        shown = f"{self.label}: to {self.latest} ({councils(self.councils)}{', England' if self.england else ''})"
        return shown + (f"; {self.later} for {councils(self.later_councils)} only" if self.later else "")


def councils(count: int) -> str:
    return f"{count} council{'' if count == 1 else 's'}"


def dsg_release(start_year: int) -> Release:
    year = financial_year(start_year)
    span = (start_year, start_year + 1)
    return Release(
        f"dsg_{year}", f"DSG allocations {year}", "Department for Education", catalogue.DSG_PAGE.format(*span),
        f"The page leads to DfE's 'view latest funding' service, {catalogue.DSG_SERVICE_PAGE.format(*span)}: "
        "'Download DSG allocations for all local authorities and regions' (an .ods workbook; DfE updates it "
        "several times a year, take the latest).",
        (("high_needs_block_gbp", "before_deductions"), ("high_needs_block_gbp", "after_deductions"),
         ("dsg_allocation_gbp", "")),
        f"The high needs block before and after deductions and the total Dedicated Schools Grant of every council "
        f"and England for {year}.", year)


RELEASES: tuple[Release, ...] = (
    dsg_release(2024),
    dsg_release(2025),
    dsg_release(2026),
    Release("s251_outturn", "Section 251 outturn (LA and school expenditure)", "Department for Education",
            catalogue.S251_PAGE,
            "'Download all data (ZIP)', then the file data/s251_alleducation_la_regional_national.csv from it "
            "(several GB: import the CSV itself, not the ZIP).",
            (("high_needs_outturn_gbp", ""), ("high_needs_outturn_line_gbp", ANY_VARIANT), ("dsg_balance_gbp", "")),
            "What each council spent on high needs, in total and line by line, and its DSG balance carried forward "
            "at 31 March (from 2019-20), for every year the file holds."),
    Release("ons_mye", "ONS mid-year population estimates (MYE2)", "Office for National Statistics", ONS_MYE_PAGE,
            "The workbook of estimates for local authorities by single year of age (.xlsx, with the sheet "
            "'MYE2 - Persons').",
            (("population_0_25", ""), ("population_2_18", "")),
            "Population aged 0-25 and 2-18 of every council and England at the mid-year the workbook estimates."),
    Release("ehc_plans", "Education, health and care plans (SEN2)", "Department for Education", catalogue.EHCP_PAGE,
            "'Download all data (ZIP)', then caseload.csv, requests.csv and timeliness_20_week.csv from it "
            "(import the three CSV files).",
            (("ehc_plans", ""), ("assessment_requests", ""), ("assessment_refusals", ""),
             ("pct_issued_within_20_weeks", "")),
            "EHC plans at January, requests for an assessment and refusals, and new plans issued within 20 weeks, "
            "for every council and England in every year the files hold."),
    Release("sen_in_england", "Special educational needs in England", "Department for Education", catalogue.SEN_PAGE,
            "'Download all data (ZIP)', then sen_phase_type_.csv ('Pupils in all schools, by type of SEN "
            "provision'), or the same data set in DfE's 2026 format.",
            (("pct_pupils_with_ehc_plan", ""), ("pct_pupils_sen_support", ""), ("pupils_with_ehc_plan", ""),
             ("pupils_sen_support", "")),
            "Pupils with an EHC plan and on SEN support at the January school census, as numbers and percentages "
            "of all pupils, for every council and England in every year the file holds."),
)


def held(dataset: Dataset, measure: str, variant: str) -> pd.DataFrame | None:
    """Which areas have a figure in which periods (any variant counts for ``ANY_VARIANT``); None if none held."""
    keys = [k for k in dataset.measure_rows if k[0] == measure and (variant == ANY_VARIANT or k[1] == variant)]
    if not keys:
        return None
    present = pd.concat([dataset.grid(*k).values.notna() for k in keys], axis=1).fillna(False).astype(bool)
    return present.T.groupby(level=0).any().T


def holding(dataset: Dataset, measure: str, variant: str) -> Holding:
    if variant == ANY_VARIANT:
        info = next(m for m in catalogue.MEASURES if m.measure == measure)
        label = info.label
    else:
        info = catalogue.measure(measure, variant)
        label = info.full_label
    present = held(dataset, measure, variant)
    if present is None or not present.to_numpy().any():
        return Holding(label)
    periods = sorted((p for p in present.columns if present[p].any()), key=lambda p: int(p[:4]))
    national = [p for p in periods if bool(present[p].get(ENGLAND, False))]
    latest, last = (national or periods)[-1], periods[-1]

    def count(period: str) -> int:
        return int(present[period].drop(index=ENGLAND, errors="ignore").sum())

    later = describe_period(last, info.period_type) if last != latest else ""
    return Holding(label, describe_period(latest, info.period_type), count(latest), bool(national), later,
                   count(last) if later else 0)


def holdings(dataset: Dataset, release: Release) -> list[Holding]:
    """What the dataset as loaded holds of each of the release's measures."""
    return [holding(dataset, measure, variant) for measure, variant in release.measures]


def period_coverage(dataset: Dataset, release: Release) -> int:
    """For a year's file: how many councils already have a figure for that year (its first measure)."""
    present = held(dataset, *release.measures[0])
    if present is None or release.period not in present.columns:
        return 0
    return int(present[release.period].drop(index=ENGLAND, errors="ignore").sum())


def describe(dataset: Dataset, release: Release) -> list[str]:
    """The release in lines a user reads: what is held now, where to get the file, what importing it adds."""
    lines = [f"    {h.text()}" for h in holdings(dataset, release)]
    if release.period:
        covered = period_coverage(dataset, release)
        lines.append(f"    {release.period}: a figure for {covered} of {len(dataset.current_codes)} councils")
    return [f"{release.title} ({release.publisher})", "  Held now:", *lines,
            f"  Get the file: {release.page_url}", f"    {release.download}", f"  Importing it adds: {release.adds}"]


def release_for(measure: str, variant: str) -> Release | None:
    """The official file that brings a measure's figures (the s251 outturn file for the spending lines)."""
    return next((r for r in RELEASES for m, v in r.measures if m == measure and v in (variant, ANY_VARIANT)), None)


def not_held_text(measure: str, variant: str) -> str:
    """'Not in the bundle: import DfE's s251 outturn file …': what a view says for a measure with no figures,
    never a zero."""
    release = release_for(measure, variant)
    where = f"import {release.publisher}'s file '{release.title}' (Data > Update… lists where to get it)" \
        if release else "no official file for it is known to the app"
    return f"Not in the bundle: {where}."
