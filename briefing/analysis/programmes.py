"""The DfE's deficit programmes as typed records, each worded once: the overview card, the programmes tab,
the PDF badge and tables and the plain-English summary all read these, never the programme tables' columns.

Amounts the sources do not give stay missing (NaN) and are written "not stated in the sources read".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from briefing.analysis.format import format_value
from briefing.data.dataset import Dataset
from briefing.data.provenance import Citation, safety_valve_status

NOT_STATED = "not stated in the sources read"


def amount(raw: object) -> float:
    try:
        return float(raw)
    except (TypeError, ValueError):
        return float("nan")


def money(value: float) -> str:
    return NOT_STATED if math.isnan(value) else format_value(value, "gbp")


@dataclass(frozen=True)
class SafetyValvePayment:
    financial_year: str
    amount: float
    source: Citation

    @property
    def amount_text(self) -> str:
        return money(self.amount)


@dataclass(frozen=True)
class SafetyValveAgreement:
    code: str
    council: str
    first_year: str
    end_year: str                   # "" when the sources read do not state it
    funding: float                  # DfE revenue funding over the agreement, NaN if not stated
    capital: float                  # capital top-up, NaN if none recorded
    status: str                     # as recorded: active | under_review | completed
    history: str                    # status history and notes, in the curators' words
    sources: tuple[Citation, ...]
    payments: tuple[SafetyValvePayment, ...] = ()

    @property
    def status_text(self) -> str:
        return safety_valve_status(self.status)

    @property
    def years_text(self) -> str:
        return f"{self.first_year} to {self.end_year}" if self.end_year else \
            f"{self.first_year} (end year not stated in the sources read)"

    @property
    def summary(self) -> str:
        """The one sentence every view uses."""
        capital = "" if math.isnan(self.capital) else f" Capital top-up: {money(self.capital)}."
        return (f"Safety valve agreement from {self.years_text}. DfE funding: {money(self.funding)}. "
                f"Status: {self.status_text}.{capital}")

    def terms(self) -> list[tuple[str, str]]:
        return [("First year", self.first_year), ("Final year", self.end_year or NOT_STATED),
                ("DfE funding (total)", money(self.funding)),
                ("Capital top-up", "none recorded" if math.isnan(self.capital) else money(self.capital)),
                ("Status", self.status_text), ("Status history and notes", self.history or "none recorded")]


@dataclass(frozen=True)
class DeliveringBetterValue:
    code: str
    council: str
    tranche: str
    grant: float                    # NaN if the sources read give none
    moved_to_safety_valve: bool
    sources: tuple[Citation, ...]

    @property
    def summary(self) -> str:
        grant = "" if math.isnan(self.grant) else f" Grant: {money(self.grant)}."
        moved = " Later moved to a safety valve agreement." if self.moved_to_safety_valve else ""
        return f"Delivering Better Value programme, tranche {self.tranche or 'not stated'}.{grant}{moved}"

    def terms(self) -> list[tuple[str, str]]:
        return [("Tranche", self.tranche or NOT_STATED), ("Grant", money(self.grant)),
                ("Later moved to a safety valve agreement", "yes" if self.moved_to_safety_valve else "no")]


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    event: str
    figure: str
    source: Citation


NEITHER = "Not in the safety valve or Delivering Better Value programmes (as recorded in the bundled sources)."


def citations(dataset: Dataset, urls: str) -> tuple[Citation, ...]:
    return tuple(dataset.citation(u) for u in str(urls).split() if u)


def payments(dataset: Dataset, code: str) -> tuple[SafetyValvePayment, ...]:
    table = dataset.safety_valve_payments
    return tuple(SafetyValvePayment(p["financial_year"], amount(p["amount_gbp"]), dataset.citation(p["source_url"]))
                 for p in table[table["la_code"] == code].to_dict("records"))


def agreement(dataset: Dataset, code: str) -> SafetyValveAgreement | None:
    if code not in dataset.safety_valve.index:
        return None
    a = dataset.safety_valve.loc[code]
    return SafetyValveAgreement(
        code=code, council=a["la_name"], first_year=a["agreement_first_fy"], end_year=a["agreement_end_fy"],
        funding=amount(a["total_funding_gbp"]), capital=amount(a["capital_funding_gbp"]), status=a["status"],
        history=a["status_note"], sources=citations(dataset, a["source_urls"]), payments=payments(dataset, code))


def dbv(dataset: Dataset, code: str) -> DeliveringBetterValue | None:
    if code not in dataset.dbv.index:
        return None
    d = dataset.dbv.loc[code]
    return DeliveringBetterValue(code, d["la_name"], d["dbv_tranche"], amount(d["grant_gbp"]),
                                 d["moved_to_safety_valve"] == "yes", citations(dataset, d["source_urls"]))


def all_agreements(dataset: Dataset) -> list[SafetyValveAgreement]:
    """Every agreement, oldest first, then by council name."""
    found = [agreement(dataset, code) for code in dataset.safety_valve.index]
    return sorted((a for a in found if a), key=lambda a: (a.first_year, a.council))


def all_dbv(dataset: Dataset) -> list[DeliveringBetterValue]:
    found = [dbv(dataset, code) for code in dataset.dbv.index]
    return sorted((d for d in found if d), key=lambda d: d.council)


def timeline(dataset: Dataset) -> tuple[TimelineEvent, ...]:
    return tuple(TimelineEvent(e["date"], e["event"], e["figure"], dataset.citation(e["source_url"]))
                 for e in dataset.timeline.to_dict("records"))
