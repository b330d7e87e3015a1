"""The DfE's deficit programmes as typed records, each worded once: the overview card, the programmes tab,
the PDF badge and tables and the plain-English summary all read these, never the programme tables' columns.

Amounts the sources do not give stay missing (NaN) and are written "not stated in the sources read".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

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
    return payments_by_council(dataset).get(code, ())


@lru_cache(maxsize=8)
def payments_by_council(dataset: Dataset) -> dict[str, tuple[SafetyValvePayment, ...]]:
    found: dict[str, list[SafetyValvePayment]] = {}
    for p in dataset.safety_valve_payments.to_dict("records"):
        found.setdefault(p["la_code"], []).append(
            SafetyValvePayment(p["financial_year"], amount(p["amount_gbp"]), dataset.citation(p["source_url"])))
    return {code: tuple(rows) for code, rows in found.items()}


def agreement_record(dataset: Dataset, a: dict[str, str]) -> SafetyValveAgreement:
    return SafetyValveAgreement(
        code=a["la_code"], council=a["la_name"], first_year=a["agreement_first_fy"], end_year=a["agreement_end_fy"],
        funding=amount(a["total_funding_gbp"]), capital=amount(a["capital_funding_gbp"]), status=a["status"],
        history=a["status_note"], sources=citations(dataset, a["source_urls"]),
        payments=payments(dataset, a["la_code"]))


def dbv_record(dataset: Dataset, d: dict[str, str]) -> DeliveringBetterValue:
    return DeliveringBetterValue(d["la_code"], d["la_name"], d["dbv_tranche"], amount(d["grant_gbp"]),
                                 d["moved_to_safety_valve"] == "yes", citations(dataset, d["source_urls"]))


def agreement(dataset: Dataset, code: str) -> SafetyValveAgreement | None:
    if code not in dataset.safety_valve.index:
        return None
    return agreement_record(dataset, dataset.safety_valve.loc[code].to_dict())


def dbv(dataset: Dataset, code: str) -> DeliveringBetterValue | None:
    if code not in dataset.dbv.index:
        return None
    return dbv_record(dataset, dataset.dbv.loc[code].to_dict())


def all_agreements(dataset: Dataset) -> list[SafetyValveAgreement]:
    """Every agreement, oldest first, then by council name."""
    found = [agreement_record(dataset, a) for a in dataset.safety_valve.to_dict("records")]
    return sorted(found, key=lambda a: (a.first_year, a.council))


def all_dbv(dataset: Dataset) -> list[DeliveringBetterValue]:
    return sorted((dbv_record(dataset, d) for d in dataset.dbv.to_dict("records")), key=lambda d: d.council)


@lru_cache(maxsize=8)
def timeline(dataset: Dataset) -> tuple[TimelineEvent, ...]:
    """The national timeline, made once per dataset: every briefing carries it."""
    return tuple(TimelineEvent(e["date"], e["event"], e["figure"], dataset.citation(e["source_url"]))
                 for e in dataset.timeline.to_dict("records"))


@dataclass(frozen=True)
class ContextPoint:
    """A national fact that applies now, in a line, with the timeline events it rests on."""

    text: str
    sources: tuple[Citation, ...]


# What applies to every council now (December 2026), each resting on timeline events named by date and the
# opening words of the event; a test checks every reference finds exactly one event.
NATIONAL_NOW = (
    ("High Needs Stability Grant: the government will resolve 90% of each council's DSG high needs deficit at the "
     "end of 2025-26, conditional on an approved local SEND reform plan; paid as a Section 31 grant in autumn 2026.",
     (("2026-02-09", "Final local government finance settlement"), ("2026-02-13", "High Needs Stability Grant"))),
    ("The statutory override that keeps DSG deficits off councils' general accounts ends in March 2028; from "
     "2028-29 SEND pressure is to be absorbed within central government budgets.",
     (("2025-06-20", "Fair Funding Review 2.0"), ("2025-11-26", "Autumn Budget 2025"))),
    ("2026-27: the high needs funding formula is suspended and allocations roll over from 2025-26 (£12bn "
     "nationally).", (("2025-12-17", "High needs national funding formula suspended"),)),
    ("No new safety valve agreements have been made since December 2024.",
     (("2024-12-04", "Written statement HCWS282"),)),
    ("Schools White Paper 'Every Child Achieving and Thriving' and the SEND consultation (February 2026): no "
     "immediate change to SEND law.", (("2026-02-23", "Schools White Paper"),)),
)


def matching_events(events: tuple[TimelineEvent, ...], date: str, opening: str) -> list[TimelineEvent]:
    return [e for e in events if e.date == date and e.event.startswith(opening)]


def national_now(events: tuple[TimelineEvent, ...]) -> tuple[ContextPoint, ...]:
    """The points of ``NATIONAL_NOW`` whose events are all in the timeline (an imported or older timeline may
    lack some: the point is then left out, never stated without its source)."""
    points = []
    for text, references in NATIONAL_NOW:
        found = [matching_events(events, date, opening) for date, opening in references]
        if all(len(f) == 1 for f in found):
            points.append(ContextPoint(text, tuple(dict.fromkeys(f[0].source for f in found))))
    return tuple(points)
