"""The plain-English factual summary. Neutral wording; each sentence names the figures it rests on, and a
sentence whose figures are missing is left out rather than guessed."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from briefing.analysis import compare
from briefing.analysis.format import format_percent_change, format_value, ordinal
from briefing.analysis.programmes import money
from briefing.analysis.series import change_between, series, value_at
from briefing.data.dataset import ENGLAND, Dataset


@dataclass(frozen=True)
class Sentence:
    text: str
    figures: tuple[str, ...]       # the measure ids and periods it rests on, for tracing


SMALL_COUNT = 100    # fewer EHC plans than this and a few more or fewer swing every percentage


def up_down(change: float) -> str:
    return f"{'up' if change >= 0 else 'down'} {format_percent_change(abs(change)).lstrip('+')}"


def year_on_year(points, periods: tuple[str, ...], unit: str) -> str:
    """' (+5% on 2025)': the change on the year before, when both years have a figure."""
    if len(periods) < 2:
        return ""
    _, change = change_between(points, periods[-2], periods[-1])
    return "" if pd.isna(change) else f" ({format_percent_change(change)} on {periods[-2]})"


POSITION_HEADLINES = {"hnb": "high needs block", "dsg_balance": "DSG balance", "ehc_plans": "number of EHC plans"}


def standing(briefing) -> list[Sentence]:
    """'Among itself and its 10 comparators, Kent has the highest high needs block (£311.7m; South East median
    council £43.8m; England median council £54.6m), …': its place, its region's and England's, from the
    comparison table."""
    table = briefing.comparison
    keys = [h.key for h in briefing.headlines]
    subject = next((row for row in table.rows if row.kind == "subject"), None)
    medians = [row for row in table.rows if row.kind == "reference" and "median" in row.label]
    parts = []
    for key, noun in POSITION_HEADLINES.items():
        h = briefing.headline(key)
        if h.missing or not h.rank_group or subject is None:
            continue
        column = keys.index(key)
        place = "the highest" if h.rank_group.rank == 1 else f"the {ordinal(h.rank_group.rank)} highest"
        references = "".join(f"; {row.label} {row.cells[column]}" for row in medians if row.cells[column] != "n/a")
        parts.append(f"{place} {noun} ({subject.cells[column]}{references})")
    if not parts:
        return []
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return [Sentence(f"Among itself and its {len(briefing.comparators)} comparators, {briefing.council.name} has "
                     f"{listed}.", tuple(f"{key} comparison" for key in POSITION_HEADLINES))]


def summarise(dataset: Dataset, briefing) -> list[Sentence]:
    """``briefing`` is the Briefing being built (headlines, programmes and reorganisations already set)."""
    code = briefing.selection.la_code
    name = briefing.council.name
    sentences: list[Sentence] = []

    # EHC plans: growth over five years against England's.
    plans = series(dataset, "ehc_plans", "", code)
    periods = compare.lifetime_periods(dataset, "ehc_plans", "", code)
    if periods:
        end = periods[-1]
        base = next((p for p in periods if int(p) == int(end) - 5), periods[0])
        latest = value_at(plans, end)
        _, growth = change_between(plans, base, end)
        if latest and not latest.missing and not pd.isna(growth):
            first = value_at(plans, base)
            text = (f"{name} maintained {format_value(latest.value, 'count')} EHC plans in January {end}"
                    f"{year_on_year(plans, periods, 'count')}, {up_down(growth)} from "
                    f"{format_value(first.value, 'count')} in January {base}")
            england = series(dataset, "ehc_plans", "", ENGLAND)
            _, england_growth = change_between(england, base, end)
            if not pd.isna(england_growth):
                was, now = (format_value(value_at(england, p).value, "count") for p in (base, end))
                text += f"; across England the number went from {was} to {now} ({up_down(england_growth)})"
            sentences.append(Sentence(text + ".", (f"ehc_plans {base}", f"ehc_plans {end}")))
            if latest.value < SMALL_COUNT:
                sentences.append(Sentence(
                    f"These are small numbers: with {format_value(latest.value, 'count')} plans, a handful more or "
                    "fewer moves the percentages a lot.", (f"ehc_plans {end}",)))

    # High needs block: change over the bundled years, cash and real.
    basis = briefing.selection.hnb_basis
    hnb = series(dataset, "high_needs_block_gbp", basis, code)
    periods = compare.lifetime_periods(dataset, "high_needs_block_gbp", basis, code)
    if len(periods) > 1:
        base, end = periods[0], periods[-1]
        latest, first = value_at(hnb, end), value_at(hnb, base)
        _, growth = change_between(hnb, base, end)
        if latest and first and not pd.isna(growth):
            text = (f"Its high needs block ({'before' if basis.startswith('before') else 'after'} deductions) was "
                    f"{format_value(latest.value, 'gbp')} in {end}{year_on_year(hnb, periods, 'gbp')}, "
                    f"{up_down(growth)} in cash terms from {format_value(first.value, 'gbp')} in {base}")
            deflators = dataset.deflators["index"].astype(float)
            if base in deflators.index and end in deflators.index:
                real_growth = (latest.value / deflators[end]) / (first.value / deflators[base]) - 1
                text += (f" ({'up' if real_growth >= 0 else 'down'} "
                         f"{format_percent_change(abs(real_growth)).lstrip('+')} in real terms)")
            england = series(dataset, "high_needs_block_gbp", basis, ENGLAND)
            england_end, england_base = value_at(england, end), value_at(england, base)
            if england_end and england_base and not england_end.missing and not england_base.missing:
                text += (f"; England's total went from {format_value(england_base.value, 'gbp')} to "
                         f"{format_value(england_end.value, 'gbp')}")
            other = "after_deductions" if basis == "before_deductions" else "before_deductions"
            other_latest = value_at(series(dataset, "high_needs_block_gbp", other, code), end)
            if other_latest and not other_latest.missing:
                text += (f". {other.replace('_', ' ').capitalize()} (the other published basis) it was "
                         f"{format_value(other_latest.value, 'gbp', compact=False)} in {end}")
            sentences.append(Sentence(text + ".", (f"high_needs_block_gbp {base}", f"high_needs_block_gbp {end}")))

    # DSG balance: the latest cash balance, as a share of DSG, and its rank among councils in deficit.
    balance = briefing.headline("dsg_balance")
    share = briefing.headline("dsg_balance_pct")
    if not balance.missing:
        state = "deficit" if balance.value < 0 else "surplus"
        text = (f"At {balance.period_text} it carried a cumulative DSG {state} of "
                f"{format_value(abs(balance.value), 'gbp')}")
        if not share.missing and share.period == balance.period:
            text += f", {format_value(abs(share.value), 'pct')} of its DSG"
        column = compare.all_councils_column(dataset, "dsg_balance_gbp", "", balance.period)
        if balance.value < 0:
            deficits = column[column < 0]
            position = int((deficits < balance.value).sum()) + 1
            text += (f"; {len(deficits)} of the {len(column)} councils with figures were in deficit, and its deficit "
                     f"was the {ordinal(position)} largest")
        sentences.append(Sentence(text + ".", (f"dsg_balance_gbp {balance.period}",
                                               f"dsg_balance_pct_of_dsg {share.period}")))

    # Timeliness against England.
    timely = briefing.headline("timeliness")
    if not timely.missing:
        text = (f"In {timely.period}, {format_value(timely.value, 'pct')} of its new EHC plans (excluding exception "
                f"cases) were issued within 20 weeks")
        if timely.england_text:
            text += f", against {timely.england_text.replace('England ', '')} across England"
        sentences.append(Sentence(text + ".", (f"pct_issued_within_20_weeks {timely.period}",)))

    # Position against the comparators, the region and England, from the comparison table.
    sentences += standing(briefing)

    # Programme status.
    sv, dbv = briefing.safety_valve, briefing.dbv
    if sv:
        worth = f" worth {money(sv.funding)} from DfE" if not math.isnan(sv.funding) else \
            " (DfE's total funding for it is not in the bundled sources)"
        sentences.append(Sentence(f"It entered a safety valve agreement in {sv.first_year}{worth}; status: "
                                  f"{sv.status_text}.", ("safety_valve",)))
    elif dbv:
        sentences.append(Sentence(
            f"It took part in the Delivering Better Value programme (tranche {dbv.tranche or 'not stated'}) "
            "and has no safety valve agreement.", ("dbv",)))
    else:
        sentences.append(Sentence("It has no safety valve agreement and is not listed among Delivering Better Value "
                                  "councils in the bundled sources.", ("safety_valve", "dbv")))
    if briefing.reorganisations:
        by_date: dict[str, list[str]] = {}
        for change in briefing.reorganisations:
            when, note = change.split(": ", 1)
            by_date.setdefault(when, []).append(note.rstrip("."))
        changes = "; ".join(f"{when}: {'; '.join(notes)}" for when, notes in by_date.items())
        sentences.append(Sentence(f"Reorganisation, {changes}.", ("council_changes",)))
    return sentences

