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
            text = (f"{name} maintained {format_value(latest.value, 'count')} EHC plans in January {end}, "
                    f"{'up' if growth >= 0 else 'down'} {format_percent_change(abs(growth)).lstrip('+')} from "
                    f"{format_value(first.value, 'count')} in January {base}")
            _, england_growth = change_between(series(dataset, "ehc_plans", "", ENGLAND), base, end)
            if not pd.isna(england_growth):
                text += f"; across England the number rose {format_percent_change(england_growth).lstrip('+')}"
            sentences.append(Sentence(text + ".", (f"ehc_plans {base}", f"ehc_plans {end}")))

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
                    f"{format_value(latest.value, 'gbp')} in {end}, "
                    f"{'up' if growth >= 0 else 'down'} {format_percent_change(abs(growth)).lstrip('+')} in cash terms "
                    f"from {format_value(first.value, 'gbp')} in {base}")
            deflators = dataset.deflators["index"].astype(float)
            if base in deflators.index and end in deflators.index:
                real_growth = (latest.value / deflators[end]) / (first.value / deflators[base]) - 1
                text += (f" ({'up' if real_growth >= 0 else 'down'} "
                         f"{format_percent_change(abs(real_growth)).lstrip('+')} in real terms)")
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
    for change in briefing.reorganisations:
        sentences.append(Sentence(f"Reorganisation: {change.split(': ', 1)[1]}", ("council_changes",)))
    return sentences

