"""Regenerate the bundled dataset in ``data/`` from the source files kept in ``data/raw/``.

Run ``python -m briefing.data.build`` after adding a new release to ``data/raw/``; changed tables need a new
``DATA_VERSION`` and its row in ``data/raw/releases.csv`` (the build says so). The build is the only
place that knows the quirks of each source file (column names, sign conventions, mis-keyed rows); what it
writes is a small set of tidy tables that the app reads without knowing where they came from.

Every value written keeps a ``source_id`` (see ``sources.csv``); every council × period that a measure
covers but has no value gets a row with a ``status`` saying why. Nothing is estimated: the only computed
figures are labelled ``derived`` and their note states the formula and inputs.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from briefing.data.catalogue import MEASURE_BY_KEY, MEASURES, OGL, SOURCES, STATUSES
from briefing.data.dataset import format_number
from briefing.data.periods import council_exists, financial_year, period_bounds, period_sort_key

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
RAW = DATA_DIR / "raw"
ENGLAND = "england"
DATA_VERSION = "2026.12.1"
RELEASES = RAW / "releases.csv"      # every data version: its date, the fingerprint of its tables, what changed

# Sources for single-council figures (council papers and DfE online pages) are made from their URL.
SINGLE_SOURCE_PUBLISHER = {"skillsfunding.service.gov.uk": "Department for Education (ESFA online DSG allocations)"}


# ---------------------------------------------------------------------------------------------------------
# Councils and reorganisations
# ---------------------------------------------------------------------------------------------------------

# Reorganisations since 2019, written out so a series is never joined across them silently.
# kind: merger / split / abolished_into (area passes to successors) / same_code (new body, same DfE code).
COUNCIL_CHANGES = [
    ("2019-04-01", "835", "838", "split", "Dorset County Council abolished; Dorset Council (838) took the county less Christchurch."),
    ("2019-04-01", "835", "839", "split", "Christchurch (from Dorset County Council) joined Bournemouth, Christchurch and Poole (839)."),
    ("2019-04-01", "836", "839", "merger", "Poole merged into Bournemouth, Christchurch and Poole (839)."),
    ("2019-04-01", "837", "839", "merger", "Bournemouth merged into Bournemouth, Christchurch and Poole (839)."),
    ("2020-04-01", "825", "825", "same_code", "Buckinghamshire County Council replaced by the Buckinghamshire Council unitary (same area; ONS code E10000002 became E06000060; DfE code unchanged)."),
    ("2021-04-01", "928", "940", "split", "Northamptonshire split; North Northamptonshire (940) created."),
    ("2021-04-01", "928", "941", "split", "Northamptonshire split; West Northamptonshire (941) created."),
    ("2023-04-01", "909", "942", "split", "Cumbria split; Cumberland (942) created."),
    ("2023-04-01", "909", "943", "split", "Cumbria split; Westmorland and Furness (943) created."),
    ("2023-04-01", "815", "815", "same_code", "North Yorkshire County Council became the North Yorkshire unitary (same area for education; ONS code E10000023 became E06000065; DfE code unchanged)."),
    ("2023-04-01", "933", "933", "same_code", "Somerset County Council became the Somerset unitary (same area for education; ONS code E10000027 became E06000066; DfE code unchanged)."),
]

# Rows that a source files under a code that did not exist at the time; re-keyed here, openly.
REKEY = [
    # (table, from_code, to_code, first_year, last_year, why)
    ("tribunal", "838", "835", 2014, 2018,
     "The tribunal table files pre-2019 Dorset figures under 838; they belong to the former county council (835)."),
]


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def build_councils() -> pd.DataFrame:
    raw = read_csv(RAW / "la_finance" / "local_authorities.csv")
    councils = pd.DataFrame({
        "la_code": raw["la_code"], "ons_code": raw["ons_code"], "name": raw["la_name"],
        "region": raw["region"], "la_type": raw["la_type"].str.replace(r" \(.*\)$", "", regex=True),
        "status": raw["status"], "in_use_from": raw["in_use_from"], "in_use_to": raw["in_use_to"],
        "notes": raw["notes"], "source_id": "dfe_geography",
    })
    return councils.sort_values("la_code").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------
# Observations
# ---------------------------------------------------------------------------------------------------------

class Observations:
    """Collects observation rows; refuses a second value for the same key."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, str, str], dict[str, str]] = {}

    def add(self, measure: str, variant: str, area: str, period: str, value: float | int | None,
            source_id: str, status: str = "published", note: str = "") -> None:
        key = (measure, variant, area, period)
        if key in self.rows:
            raise ValueError(f"duplicate observation {key}")
        if value is None and status in ("published", "derived"):
            raise ValueError(f"value missing for a {status} row {key}")
        text = "" if value is None else format_number(value)
        self.rows[key] = dict(measure=measure, variant=variant, area=area, period=period, value=text,
                              status=status, source_id=source_id, note=note)


def number(text: str) -> float | None:
    text = text.strip().replace(",", "")
    if text == "":
        return None
    return float(text)


def add_ehcp(obs: Observations) -> None:
    """EHC plan caseload, flows, pupils and tribunals: DfE's SEN2 releases and supporting files."""
    def release(row: dict[str, str]) -> str:
        return "dfe_ehcp_2025" if "2025" in row["source_url"].rsplit("/", 1)[-1] else "dfe_ehcp_2022"

    for row in read_csv(RAW / "ehcp" / "ehcp_caseload_january.csv").to_dict("records"):
        obs.add("ehc_plans", "", row["la_code"], row["year"], number(row["ehc_plans_and_statements"]), release(row))

    for row in read_csv(RAW / "ehcp" / "ehcp_new_plans_timeliness.csv").to_dict("records"):
        src = release(row)
        add_if_value(obs, "new_ehc_plans", "", row["la_code"], row["year"], row["new_ehc_plans"], src)
        key = ("pct_issued_within_20_weeks", row["la_code"], row["year"])
        if key in DFE_2026_SUPPRESSED:  # printed by DfE, but its later guidance says the figure is wrong
            obs.add(key[0], "", key[1], key[2], None, "dfe_ehcp_2026", "suppressed", note=DFE_2026_SUPPRESSED[key])
            continue
        note = ""
        if row["plans_issued_excl_exceptions"] == "0":
            note = "The council classed every plan issued this year as an exception case."
        add_if_value(obs, "pct_issued_within_20_weeks", "", row["la_code"], row["year"],
                     row["pct_within_20wks_excl_exceptions"], src, note)

    for row in read_csv(RAW / "ehcp" / "ehcp_requests_assessments.csv").to_dict("records"):
        src = release(row)
        add_if_value(obs, "assessment_requests", "", row["la_code"], row["year"], row["requests_received"], src)
        add_if_value(obs, "assessment_refusals", "", row["la_code"], row["year"], row["requests_refused"], src)

    for row in read_csv(RAW / "ehcp" / "send_tribunal_appeals.csv").to_dict("records"):
        variant = "new_method" if row["appealable_decisions_method"].startswith("new") else "old_method"
        src = "moj_dfe_tribunal_2024_2025" if variant == "new_method" else "moj_dfe_tribunal_2014_2024"
        code, note = rekey("tribunal", row["la_code"], int(row["year"]))
        note = "; ".join(x for x in (note, row["note"]) if x)
        if row["appeal_rate_pct"]:
            obs.add("tribunal_appeal_rate_pct", variant, code, row["year"], number(row["appeal_rate_pct"]), src,
                    note=note)
        elif "rate:" in row["flags"]:
            obs.add("tribunal_appeal_rate_pct", variant, code, row["year"], None, src, "suppressed",
                    note=tribunal_gap_note(row["flags"]))

    for row in read_csv(RAW / "ehcp" / "sen_pupils_percent_lait.csv").to_dict("records"):
        add_if_value(obs, "pct_pupils_with_ehc_plan", "", row["la_code"], row["year"], row["pct_pupils_ehc_plan"],
                     "dfe_lait_sen_pupils")
        add_if_value(obs, "pct_pupils_sen_support", "", row["la_code"], row["year"], row["pct_pupils_sen_support"],
                     "dfe_lait_sen_pupils")

    for row in read_csv(RAW / "ehcp" / "population_mye.csv").to_dict("records"):
        src = f"ons_mye_{row['year']}"
        obs.add("population_0_25", "", row["la_code"], row["year"], number(row["pop_0_25"]), src)
        obs.add("population_2_18", "", row["la_code"], row["year"], number(row["pop_2_18"]), src)

    national = {
        "ehc_plans_and_statements_january": ("ehc_plans", ""),
        "new_ehc_plans": ("new_ehc_plans", ""),
        "pct_within_20wks_excl_exceptions": ("pct_issued_within_20_weeks", ""),
        "requests_received": ("assessment_requests", ""),
        "requests_refused": ("assessment_refusals", ""),
        "tribunal_appeal_rate_old_method_pct": ("tribunal_appeal_rate_pct", "old_method"),
        "tribunal_appeal_rate_new_method_pct": ("tribunal_appeal_rate_pct", "new_method"),
        "pct_pupils_ehc_plan": ("pct_pupils_with_ehc_plan", ""),
        "pct_pupils_sen_support": ("pct_pupils_sen_support", ""),
    }
    for row in read_csv(RAW / "ehcp" / "national_totals.csv").to_dict("records"):
        if row["measure"] not in national:
            continue
        measure, variant = national[row["measure"]]
        url = row["source_url"] + " " + row["source_copy_url"]
        if measure == "tribunal_appeal_rate_pct":
            src = "moj_dfe_tribunal_2024_2025" if variant == "new_method" else "moj_dfe_tribunal_2014_2024"
        elif measure.startswith("pct_pupils"):
            src = "dfe_lait_sen_pupils"
        else:
            src = "dfe_ehcp_2025" if "plans_2025" in url or "/2025" in url else "dfe_ehcp_2022"
        obs.add(measure, variant, ENGLAND, row["year"], number(row["value"]), src, note=row["note"])


EHCP_2026 = RAW / "ehcp" / "ehcp_2026"

# DfE's reasons (data guidance of the reporting year 2026 release) for figures it does not show.
ISLE_OF_WIGHT_2025 = ("Suppressed by DfE: 'Figures for the Isle of Wight for the 2025 calendar year and 2025/26 "
                      "academic year are suppressed due to issues with data quality.'")
DFE_2026_SUPPRESSED = {
    ("ehc_plans", "921", "2026"): ISLE_OF_WIGHT_2025,
    ("assessment_requests", "921", "2025"): ISLE_OF_WIGHT_2025,
    ("assessment_refusals", "921", "2025"): ISLE_OF_WIGHT_2025,
    ("new_ehc_plans", "921", "2025"): ISLE_OF_WIGHT_2025,
    ("pct_issued_within_20_weeks", "921", "2025"): ISLE_OF_WIGHT_2025,
    ("pct_issued_within_20_weeks", "876", "2025"): "Suppressed by DfE: Halton identified issues with its 2025 "
                                                   "timeliness data after publication.",
    ("pct_issued_within_20_weeks", "926", "2025"): "Suppressed by DfE: for 2025 Norfolk classed all newly issued EHC "
                                                   "plans as having permitted exceptions to the 20-week timeframe.",
    ("pct_issued_within_20_weeks", "209", "2024"): "Suppressed by DfE: 'For 2024, Lewisham have informed us that data "
                                                   "is incorrect, therefore timeliness figures for Lewisham are "
                                                   "suppressed.' (data guidance, reporting year 2026)",
}
LEICESTER_2025 = ("DfE: 'Leicester were unable to provide request or assessment dates in the 2026 data collection', "
                  "which affects its 2025 requests, assessments and plans issued within 20 weeks: treat as unreliable.")
DFE_2026_NOTES = {
    ("assessment_requests", "856", "2025"): LEICESTER_2025,
    ("assessment_refusals", "856", "2025"): LEICESTER_2025,
    ("new_ehc_plans", "856", "2025"): LEICESTER_2025,
    ("pct_issued_within_20_weeks", "856", "2025"): "Not published: DfE prints no 2025 timeliness row for Leicester, "
                                                   "which could not provide request or assessment dates.",
    ("ehc_plans", "209", "2026"): "DfE shows x for Lewisham in phase_transfers.csv; this is its 'All EHC plans' "
                                  "row of caseload.csv for 2025/26, which DfE publishes.",
}
# The bundle's measures and DfE's 2026 columns: the 20-week figure is the one excluding exception cases.
FLOWS_2025 = {("assessment_requests", ""), ("assessment_refusals", ""), ("new_ehc_plans", ""),
              ("pct_issued_within_20_weeks", "excl_exceptions")}


def add_ehcp_2026(obs: Observations) -> None:
    """January 2026 caseload and calendar-year 2025 flows (DfE, reporting year 2026), keyed by DfE's three-digit
    code: DfE still prints old ONS codes for five councils (Buckinghamshire E10000002 among them)."""
    rows = read_csv(EHCP_2026 / "ehcp_caseload_jan2026.csv").to_dict("records")
    flows = read_csv(EHCP_2026 / "flows_2025.csv").to_dict("records")
    rows += [row for row in flows if (row["measure"], row["variant"]) in FLOWS_2025]
    for row in rows:
        if row["la_code"] == ENGLAND:
            continue  # England's figures come from national_totals_2026.csv
        add_2026_row(obs, row["measure"], row["la_code"], row["period"], row["value"])
    national = {("ehc_plans", ""), *FLOWS_2025}
    for row in read_csv(EHCP_2026 / "national_totals_2026.csv").to_dict("records"):
        if (row["measure"], row["variant"]) in national:
            add_2026_row(obs, row["measure"], ENGLAND, row["period"], row["value"])


def add_2026_row(obs: Observations, measure: str, area: str, period: str, text: str) -> None:
    key = (measure, area, period)
    if key in DFE_2026_SUPPRESSED:
        if text not in ("", "x"):
            raise ValueError(f"{key} is suppressed by DfE but the source file holds {text!r}")
        obs.add(measure, "", area, period, None, "dfe_ehcp_2026", "suppressed", note=DFE_2026_SUPPRESSED[key])
    elif text == "":
        obs.add(measure, "", area, period, None, "dfe_ehcp_2026", "not_published", note=DFE_2026_NOTES[key])
    else:
        obs.add(measure, "", area, period, number(text), "dfe_ehcp_2026", note=DFE_2026_NOTES.get(key, ""))


def add_if_value(obs: Observations, measure: str, variant: str, area: str, period: str, text: str,
                 source_id: str, note: str = "") -> None:
    value = number(text)
    if value is not None:
        obs.add(measure, variant, area, period, value, source_id, note=note)


def tribunal_gap_note(flags: str) -> str:
    """Why a tribunal rate is blank, in words: the table's markers ('decisions:x;rate:x') say which figures DfE
    withheld."""
    markers = sorted({part.split(":", 1)[1] for part in flags.split(";") if ":" in part})
    shown = " or ".join(f"'{m}'" for m in markers)
    return (f"DfE's tribunal table has no figure for this council for this year (it shows {shown}, not available, "
            "for the number of decisions that could be appealed), so no rate is shown.")


def rekey(table: str, code: str, year: int) -> tuple[str, str]:
    for rule_table, old, new, first, last, why in REKEY:
        if rule_table == table and code == old and first <= year <= last:
            return new, why
    return code, ""


def add_finance(obs: Observations, sources: list[dict[str, str]]) -> None:
    """High needs block, DSG totals and DSG balances."""
    fy_source = {"2019-20": "dfe_dsg_2019_20", "2020-21": "dfe_dsg_2020_21", "2021-22": "dfe_dsg_2021_22",
                 "2022-23": "dfe_dsg_2022_23", "2023-24": "dfe_dsg_2023_24"}
    seen_single: dict[str, str] = {}
    for name in ("high_needs_allocations.csv", "high_needs_allocations_2024_26.csv",
                 "high_needs_allocations_additions_2025_26.csv"):
        for row in read_csv(RAW / "la_finance" / name).to_dict("records"):
            variant = hnb_variant(row["basis"])
            if not variant:
                continue  # basis not stated (e.g. indicative council figures): left out, listed in data/README.md
            fy = row["financial_year"]
            if fy in fy_source:
                src = fy_source[fy]
                note = ""
            else:
                src = single_source(row["source_url"], row["original_publication"], row["publication_date"],
                                    f"{row['la_name']} {fy}: {row['basis']}", sources, seen_single)
                note = row["notes"]
            key = ("high_needs_block_gbp", variant, row["la_code"], fy)
            if key in obs.rows:
                continue  # the 2024-26 file repeats the single-council rows of the main file
            obs.add("high_needs_block_gbp", variant, row["la_code"], fy, number(row["high_needs_block_gbp"]), src,
                    note=note)

    for fy, source_id, column_before, column_after in england_hnb_totals():
        obs.add("high_needs_block_gbp", "before_deductions", ENGLAND, fy, column_before, source_id,
                note="ENGLAND row of the allocations summary")
        obs.add("high_needs_block_gbp", "after_deductions", ENGLAND, fy, column_after, source_id,
                note="ENGLAND row of the allocations summary")

    dsg_totals = read_dsg_totals()
    for (area, fy), (value, version) in dsg_totals.items():
        obs.add("dsg_allocation_gbp", "", area, fy, round(value), "dfe_send_dashboard_dsg",
                note=f"DfE DSG allocation version of {version}")

    # DfE's published percentages (balance at 31 March 2020-2022) and the cash figure they imply.
    for row in read_csv(RAW / "la_finance" / "dsg_deficits.csv").to_dict("records"):
        pct = number(row["cumulative_dsg_balance_pct_of_total_dsg"])
        if pct is None or not row["reported_by"].startswith("Department for Education"):
            continue
        fy = fy_ending(row["as_at"])
        obs.add("dsg_balance_pct_of_dsg", "", row["la_code"], fy, pct, "dfe_send_dashboard_dsg")
        divisor = number(row["pct_denominator_total_dsg_gbp"])
        balance = round(pct / 100 * divisor, -3)
        obs.add("dsg_balance_gbp", "", row["la_code"], fy, balance, "dfe_send_dashboard_dsg", "derived",
                note=f"derived: {pct}% x total DSG GBP {divisor:,.0f} / 100, rounded to GBP 1,000; "
                     f"the percentage is rounded to 2 dp, so this is accurate to about GBP {divisor * 0.00005:,.0f}")

    # s251 outturn line 1.9.3 at 31 March 2024, and the percentage DfE's method gives.
    for row in read_csv(RAW / "la_finance" / "dsg_balances_gbp.csv").to_dict("records"):
        if row["as_at"] != "2024-03-31" or "s251" not in (row["sign_note"] + row["notes"]).lower():
            continue
        fy = "2023-24"
        balance = number(row["cumulative_dsg_balance_gbp"])
        if balance is None:
            for measure in ("dsg_balance_gbp", "dsg_balance_pct_of_dsg"):
                obs.add(measure, "", row["la_code"], fy, None, "dfe_s251_outturn_2023_24", "not_in_sources",
                        note=S251_GAPS.get(row["la_code"], "No figure in the s251 extract used."))
            continue
        obs.add("dsg_balance_gbp", "", row["la_code"], fy, balance, "dfe_s251_outturn_2023_24")
        total = dsg_totals.get((row["la_code"], fy))
        if total:
            pct = round(balance / total[0] * 100, 2)
            obs.add("dsg_balance_pct_of_dsg", "", row["la_code"], fy, pct,
                    "dfe_s251_outturn_2023_24+dfe_send_dashboard_dsg", "derived",
                    note=f"derived with DfE's method: balance GBP {balance:,.0f} / total DSG GBP {total[0]:,.0f} "
                         f"(version of {total[1]}) x 100, rounded to 2 dp")


S251_UNMATCHED = ("The copy of DfE's table used has no usable figure for this council for this year (it shows 0 where "
                  "it could not match the council), so none is shown.")
S251_GAPS = {
    "825": "The copy of DfE's table used lists Buckinghamshire under its council code from before 2020, so its "
           "figure could not be matched and none is shown.",
    "942": S251_UNMATCHED,
    "943": S251_UNMATCHED,
}


def hnb_variant(basis: str) -> str:
    """The basis as the source states it; '' when the source does not say (such figures are not used)."""
    basis = basis.lower()
    if re.match(r"(dsg )?high needs block (allocation )?before (academy recoupment|deductions)", basis):
        return "before_deductions"
    if re.match(r"(dsg )?high needs block (allocation )?after (academy recoupment|deductions)", basis):
        return "after_deductions"
    return ""


def fy_ending(as_at: str) -> str:
    """The financial year that ends on a 31 March date: 2024-03-31 -> 2023-24."""
    year = int(as_at[:4])
    return f"{year - 1}-{str(year)[2:]}"


def single_source(url: str, publication: str, published: str, title: str, sources: list[dict[str, str]],
                  seen: dict[str, str]) -> str:
    if url in seen:
        return seen[url]
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
    publisher = SINGLE_SOURCE_PUBLISHER.get(host, f"Council papers ({host})")
    source_id = f"single_{len(seen) + 1:02d}"
    sources.append(dict(source_id=source_id, publisher=publisher, title=title, url=url, published=published,
                        copy_url=publication, licence=OGL, notes="Single-council figure; other councils not covered."))
    seen[url] = source_id
    return source_id


def england_hnb_totals() -> list[tuple[str, str, int, int]]:
    """ENGLAND rows of the allocation summaries: columns [C] and [H]."""
    folder = RAW / "la_finance" / "dfe"
    totals = []
    for path in sorted(folder.glob("*dedicated-schools-grant_20*-*_published_*.ods")):
        fy = re.search(r"grant_(\d{4}-\d{2})_published", path.name).group(1)
        sheet = pd.read_excel(path, sheet_name="Allocations_summary", engine="odf", header=None)
        england = sheet[sheet[0].astype(str).str.strip().str.upper() == "ENGLAND"].iloc[0]
        totals.append((fy, f"dfe_dsg_{fy.replace('-', '_')}", int(england[4]), int(england[9])))
    amalgamated = next(folder.glob("*amalgamated*.ods"))
    sheet = pd.read_excel(amalgamated, sheet_name="Allocations_1920", engine="odf", header=None)
    england = sheet[sheet[0].astype(str).str.strip().str.upper() == "ENGLAND"].iloc[0]
    totals.append(("2019-20", "dfe_dsg_2019_20", round(england[4] * 1e6), round(england[9] * 1e6)))
    return sorted(totals)


def read_dsg_totals() -> dict[tuple[str, str], tuple[float, str]]:
    """Total DSG before recoupment per council and year, from DfE's dashboard workbook (sheet per version)."""
    book = pd.read_excel(RAW / "la_finance" / "dfe" / "dfe-send-dashboard_DSG_by_year_dr.xlsx", sheet_name=None,
                         dtype={"la_code": str})
    totals = {}
    for sheet_name, sheet in book.items():
        version = "unstated" if sheet_name == "dsg_budget_20" else "-".join(reversed(sheet_name.split("_")[2:]))
        for row in sheet.to_dict("records"):
            period = str(row["time_period"])
            fy = f"{period[:4]}-{period[4:]}"
            code = str(row["la_code"])
            if not code.isdigit() and code.upper() != "ENGLAND":
                continue  # regional subtotals
            area = ENGLAND if code.upper() == "ENGLAND" else code
            totals[(area, fy)] = (float(row["Total DSG allocation (£s)"]), version)
    return totals


def fill_missing(obs: Observations, councils: pd.DataFrame) -> None:
    """Give every council × period a measure covers a row: a value, or the reason there is none."""
    by_measure: dict[tuple[str, str], set[str]] = {}
    for measure, variant, _area, period in obs.rows:
        by_measure.setdefault((measure, variant), set()).add(period)
    not_collected = {("assessment_requests", "", "2014"), ("assessment_requests", "", "2015")}
    no_dsg = {"201", "420"}
    for (measure, variant), periods in by_measure.items():
        period_type = MEASURE_BY_KEY[(measure, variant)].period_type
        for period in contiguous(periods):
            for council in councils.to_dict("records"):
                code = council["la_code"]
                if (measure, variant, code, period) in obs.rows:
                    continue
                if not council_exists(council, period, period_type):
                    obs.add(measure, variant, code, period, None, "dfe_geography", "council_did_not_exist")
                elif (measure, variant, period) in not_collected:
                    obs.add(measure, variant, code, period, None, "", "not_collected",
                            note="Requests were first collected in 2016.")
                elif code in no_dsg and measure.startswith(("high_needs", "dsg_")):
                    obs.add(measure, variant, code, period, None, "", "not_published",
                            note="DfE's Dedicated Schools Grant tables do not include the City of London or the "
                                 "Isles of Scilly, so no figure is shown.")
                elif is_partial_year(council, period, period_type):
                    obs.add(measure, variant, code, period, None, "", "not_published",
                            note="This council existed for only part of this year; DfE counts the year under the councils "
                                 "that replaced it, so no figure is shown here.")
                elif measure.startswith(("high_needs", "dsg_")) and period >= "2022-23":
                    obs.add(measure, variant, code, period, None, "", "not_in_sources",
                            note="DfE's table of every council for this year was not available when the app's data "
                                 "was built, so no figure is shown; it can be added from DfE's file (Data > Update…).")
                else:
                    obs.add(measure, variant, code, period, None, "", "not_published")


def contiguous(periods: set[str]) -> list[str]:
    """Every period from the first to the last, so a year no source covers is a visible gap, not a silent join."""
    years = [period_sort_key(p) for p in periods]
    if any("-" in p for p in periods):
        return [financial_year(y) for y in range(min(years), max(years) + 1)]
    return [str(y) for y in range(min(years), max(years) + 1)]


def is_partial_year(council: dict[str, str], period: str, period_type: str) -> bool:
    start, end = period_bounds(period, period_type)
    return bool((council["in_use_to"] and council["in_use_to"] < end)
                or (council["in_use_from"] and council["in_use_from"] > start))


def check_existence(obs: Observations, councils: pd.DataFrame) -> None:
    """A value for a council that did not exist in its period means two councils would be joined: refuse it."""
    index = councils.set_index("la_code")
    for (measure, variant, area, period), row in obs.rows.items():
        if area == ENGLAND:
            continue
        if area not in index.index:
            raise ValueError(f"unknown council code {area} in {measure}")
        if row["value"] and not council_exists(index.loc[area], period, MEASURE_BY_KEY[(measure, variant)].period_type):
            raise ValueError(f"{measure} {period} has a value for {area}, which did not exist then")


# ---------------------------------------------------------------------------------------------------------
# Programmes, groups and reference tables
# ---------------------------------------------------------------------------------------------------------

def code_by_name(councils: pd.DataFrame) -> dict[str, str]:
    current = councils[councils["status"] == "current"]
    names = {normalise(n): c for n, c in zip(current["name"], current["la_code"], strict=True)}
    names.update({normalise("Bristol"): "801", normalise("Herefordshire"): "884",
                  normalise("Kingston upon Hull"): "810", normalise("Durham"): "840",
                  normalise("St Helens"): "342"})
    return names


def normalise(name: str) -> str:
    name = name.lower().replace("&", "and").replace(".", "")
    name = re.sub(r"\b(council|county council|city council|borough council|city of|county of|the)\b", " ", name)
    return re.sub(r"[^a-z]+", " ", name).strip()


def build_safety_valve(councils: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = code_by_name(councils)
    agreements = read_csv(RAW / "safety_valve" / "safety_valve_agreements.csv")
    agreements.insert(0, "la_code", [names[normalise(n)] for n in agreements["la_name"]])
    agreements["total_funding_source"] = [("agreement sources" if v else "") for v in agreements["total_funding_gbp"]]
    additions = read_csv(RAW / "safety_valve" / "safety_valve_additions.csv")
    for row in additions[additions["item"] == "total_revenue_funding"].to_dict("records"):
        match = agreements["la_code"] == row["la_code"]
        if agreements.loc[match, "total_funding_gbp"].iloc[0]:
            continue
        agreements.loc[match, "total_funding_gbp"] = row["amount_gbp"]
        agreements.loc[match, "total_funding_source"] = f"{row['source_type']}: {row['source_urls']}"
        agreements.loc[match, "status_note"] += f" Total from {row['source_type']} ({row['as_of']}): {row['notes']}"
    agreements["status_note"] = agreements["status_note"].map(pounds)
    payments = read_csv(RAW / "safety_valve" / "safety_valve_payments.csv")
    payments.insert(0, "la_code", [names[normalise(n)] for n in payments["la_name"]])
    return agreements.sort_values(["agreement_first_fy", "la_name"]), payments


def pounds(text: str) -> str:
    """The research notes write 'GBP20m' to stay ASCII; readers see '£20m'."""
    return re.sub(r"GBP ?(?=[\d~])", "£", text)


def build_dbv(councils: pd.DataFrame) -> pd.DataFrame:
    names = code_by_name(councils)
    dbv = read_csv(RAW / "safety_valve" / "dbv_participants.csv")
    dbv.insert(0, "la_code", [names[normalise(n)] for n in dbv["la_name"]])
    return dbv


# The 2024-2026 national facts (raw/ehcp/ehcp_2026/national_timeline_2024_2026.csv, columns date, fact,
# source_url, source_title) join the timeline, except those already in it; keyed by (date, source_url).
TIMELINE_2026_ALREADY_PRESENT = {
    ("2024-03-21", "https://schoolsweek.co.uk/ministers-withold-17m-from-five-safety-valve-councils/"):
        "same Schools Week report of the withheld payments",
    ("2024-03-21", "https://tes.com/magazine/news/general/four-councils-agree-new-safety-valve-funding-deals-send-"
                   "support-high-needs"): "the four new agreements (their totals are in safety_valve_agreements.csv)",
    ("2024-10-24", "https://nasen.org.uk/index.php/news/national-audit-office-report-special-educational-needs-system-"
                   "financially-unsustainable"): "same NAO report, same summary",
    ("2024-10-24", "https://www.challengingbehaviour.org.uk/news/nao-report/"): "same NAO report and deficit estimate",
    ("2024-12-04", "https://www.localgov.co.uk/No-more-safety-valve-agreements-DfE-says/61591"):
        "written statement HCWS282 of the same day",
    ("2025-01-15", "https://publications.parliament.uk/pa/cm5901/cmselect/cmpubacc/353/report.html"): "same report",
    ("2026-02-09", "https://schoolsweek.co.uk/government-to-write-off-90-of-councils-send-deficits"):
        "same settlement, same Schools Week report",
}
# The headline figure each added fact states (empty where it states none).
TIMELINE_2026_FIGURES = {
    ("2025-11-26", "https://schoolsweek.co.uk/government-faces-6bn-send-shortfall-once-override-ends"): "£6.3bn (2028-29)",
    ("2025-12-02", "https://www.parliamenttoday.com/free/viewnews.html?id=170103"): "+13% real terms",
    ("2025-12-12", "https://www.parallelparliament.co.uk/debate/2025-12-17/commons/written-statements/dedicated-"
                   "schools-grant"): "£3bn+; 50,000 places",
    ("2025-12-17", "https://www.parallelparliament.co.uk/debate/2025-12-17/commons/written-statements/dedicated-"
                   "schools-grant"): "£67bn core schools",
    ("2025-12-17", "https://www.nasuwt.org.uk/advice/leadership/budgets-funding/england.html"): "£12bn",
    ("2026-02-16", "https://www.lossofbraintrust.com/post/england-what-will-happen-when-govt-covers-5-2b-special-ed-"
                   "debt-of-local-councils"): "£3.8bn (March 2025)",
    ("2026-02-23", "https://dsga.org.uk/2026/02/23/every-child-achieving-and-thriving"): "£4bn",
    ("2026-06", "https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans"):
        "718,838 EHC plans",
    ("2026-06", "https://nasen.org.uk/index.php/news/latest-sen-stats-released-dfe"): "538,547 pupils with a plan",
}


def timeline_order(date: str) -> str:
    """'2024-11' (a month, no day) sorts after the dated facts of that month; '2020' after that year's."""
    return (date + "-99-99")[:10]


def build_timeline() -> pd.DataFrame:
    """The national timeline with the 2024-2026 facts that are not in it yet, in date order."""
    timeline = read_csv(RAW / "safety_valve" / "national_timeline.csv")
    recent = read_csv(EHCP_2026 / "national_timeline_2024_2026.csv")
    keys = list(zip(recent["date"], recent["source_url"], strict=True))
    if unknown := (set(TIMELINE_2026_ALREADY_PRESENT) | set(TIMELINE_2026_FIGURES)) - set(keys):
        raise ValueError(f"timeline keys not in national_timeline_2024_2026.csv: {sorted(unknown)}")
    new = [key not in TIMELINE_2026_ALREADY_PRESENT for key in keys]
    added = pd.DataFrame({"date": recent["date"][new], "event": recent["fact"][new],
                          "figure": [TIMELINE_2026_FIGURES.get(key, "") for key, keep in zip(keys, new, strict=True)
                                     if keep],
                          "source_url": recent["source_url"][new]})
    timeline = pd.concat([timeline, added], ignore_index=True)
    timeline = timeline.iloc[timeline["date"].map(timeline_order).to_numpy().argsort(kind="stable")]
    timeline[["event", "figure"]] = timeline[["event", "figure"]].map(pounds)
    return timeline


def cited_addresses(tables: list[pd.DataFrame]) -> set[str]:
    """Every address the programme tables cite, including those inside the agreements' total_funding_source."""
    addresses = set()
    for table in tables:
        for column in ("source_urls", "source_url", "total_funding_source"):
            if column in table:
                addresses |= {word for text in table[column] for word in text.split() if word.startswith("http")}
    return addresses


def build_citations(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """The curated citation of every programme address (raw/safety_valve/citations.csv): the original publisher,
    document and address, the copy read kept as provenance. Refuses an address without a row, a row no table
    uses, and a citation that would name a copy's site."""
    citations = read_csv(RAW / "safety_valve" / "citations.csv")
    used, listed = cited_addresses(tables), set(citations["address_read"])
    if used != listed or citations["address_read"].duplicated().any():
        raise ValueError(f"citations.csv: no row for {sorted(used - listed)}; unused rows {sorted(listed - used)}")
    if not citations["is_copy"].isin(["yes", "no"]).all():
        raise ValueError("citations.csv: is_copy must be yes or no")
    copy_sites = {urlsplit(a).netloc.removeprefix("www.") for a in citations.loc[citations["is_copy"] == "yes",
                                                                                  "address_read"]}
    for row in citations.to_dict("records"):
        shown = " ".join((row["publisher"], row["title"], row["original_url"]))
        if leaked := [site for site in copy_sites if site in shown]:
            raise ValueError(f"citations.csv: the citation of {row['address_read']} names a copy's site {leaked}")
        if row["is_copy"] == "no" and not row["original_url"]:
            raise ValueError(f"citations.csv: original {row['address_read']} has no original_url")
    return citations


def build_neighbours() -> pd.DataFrame:
    raw = read_csv(RAW / "la_finance" / "statistical_neighbours.csv")
    return pd.DataFrame({"la_code": raw["la_code"], "list_version": raw["list_version"],
                         "rank": raw["neighbour_rank"], "neighbour_code": raw["neighbour_la_code"],
                         "closeness": raw["neighbour_closeness"], "source_id": "dfe_lait_statistical_neighbours"})


def build_f40() -> pd.DataFrame:
    raw = read_csv(RAW / "reference" / "f40_members.csv")
    return pd.DataFrame({"la_code": raw["la_code"], "name_in_source": raw["la_name"], "as_of": raw["as_of"],
                         "source_id": "f40_lga_2024"})


def build_deflators() -> pd.DataFrame:
    raw = read_csv(RAW / "reference" / "gdp_deflators.csv")
    raw = raw[raw["deflator_index"] != ""]
    return pd.DataFrame({"financial_year": raw["financial_year"], "index": raw["deflator_index"],
                         "base_year": raw["base_year"], "source_id": "hmt_gdp_deflators_2026_03"})


def build_hex_layout(councils: pd.DataFrame) -> pd.DataFrame:
    """One hex per current council. Councils created since 2020 share out their predecessor's hex and the
    free cell beside it, so every current council can be seen and clicked."""
    hexjson = json.loads((RAW / "la_finance" / "uk-upper-tier-local-authorities.hexjson").read_text("utf-8"))
    crosswalk = read_csv(RAW / "la_finance" / "hexjson_crosswalk.csv")
    taken = {(int(h["q"]), int(h["r"])) for h in hexjson["hexes"].values()}
    rows = []
    for hexrow in crosswalk.to_dict("records"):
        q, r = int(hexrow["q"]), int(hexrow["r"])
        codes = hexrow["dfe_la_codes"].split(";")
        for i, code in enumerate(codes):
            if i == 0:
                cell, note = (q, r), ""
            else:
                cell = free_neighbour(q, r, taken)
                taken.add(cell)
                note = f"placed in the free cell nearest the 2020 hex of its predecessor ({hexrow['hex_name']})"
            rows.append(dict(la_code=code, q=cell[0], r=cell[1], hex_id_2020=hexrow["hex_id"], note=note))
    layout = pd.DataFrame(rows)
    current = set(councils.loc[councils["status"] == "current", "la_code"])
    missing = current - set(layout["la_code"])
    if missing or layout["la_code"].duplicated().any():
        raise ValueError(f"hex layout does not cover every current council once: missing {sorted(missing)}")
    return layout.sort_values("la_code")


def free_neighbour(q: int, r: int, taken: set[tuple[int, int]]) -> tuple[int, int]:
    """Nearest free cell, searching outwards ring by ring (odd-r offset layout, the hexjson's own)."""
    queue, seen = [(q, r)], {(q, r)}
    while queue:
        cq, cr = queue.pop(0)
        offsets = [(1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1)] if cr % 2 else \
                  [(1, 0), (-1, 0), (-1, -1), (-1, 1), (0, -1), (0, 1)]
        for dq, dr in offsets:
            cell = (cq + dq, cr + dr)
            if cell not in taken:
                return cell
            if cell not in seen:
                seen.add(cell)
                queue.append(cell)
    raise ValueError(f"no free cell near hex {q},{r}")


# ---------------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------------

def write_table(frame: pd.DataFrame, out_dir: Path, name: str) -> Path:
    path = out_dir / name
    frame.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path


FIELD_DOCS = {
    "la_code": "DfE three-digit local authority code", "ons_code": "ONS nine-character code (current)",
    "area": "DfE council code, or 'england' for the national figure",
    "measure": "measure id (see measures.csv)", "variant": "basis or method of the measure; empty when it has one",
    "period": "'2025' for a January or calendar/mid year; '2023-24' for a financial year",
    "value": "the figure; empty when missing", "status": "published, derived, or why the figure is missing",
    "source_id": "key into sources.csv; '+' joins several", "note": "row-level caveat or the formula of a derived figure",
    "address_read": "the address a programme table cites: where the fact was read (perhaps a copy)",
    "original_url": "the original document's address; empty when a copy's original was not identified",
    "is_copy": "yes when the address read is a copy of another publisher's document",
    "publisher": "who published the document", "title": "the document's title",
    "published": "date of publication (ISO; a month or year when no day is known)", "licence": "licence of the text",
}


def datapackage(resources: list[tuple[Path, str, pd.DataFrame]]) -> dict:
    def field_type(series: pd.Series, name: str) -> str:
        if name in ("value", "index", "total_funding_gbp", "capital_funding_gbp", "amount_gbp", "grant_gbp", "q", "r",
                    "rank"):
            return "number"
        return "string"

    package = {
        "profile": "tabular-data-package", "name": "high-needs-briefing-data", "version": DATA_VERSION,
        "title": "High Needs Briefing: SEND funding, deficits and demand for English councils",
        "licenses": [{"name": OGL, "title": "Open Government Licence v3.0",
                      "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}],
        "sources": [{"title": s["title"], "path": s["url"]} for s in SOURCES],
        "resources": [],
    }
    for path, description, frame in resources:
        resource = {
            "name": path.stem.replace("_", "-"), "path": path.name, "format": path.suffix.lstrip("."),
            "description": description, "hash": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),
            "bytes": path.stat().st_size,
        }
        if frame is not None:
            resource["profile"] = "tabular-data-resource"
            resource["schema"] = {"fields": [
                {"name": c, "type": field_type(frame[c], c), "description": FIELD_DOCS.get(c, "")} for c in frame.columns
            ]}
        if path.name.endswith(".hexjson"):
            resource["licenses"] = [{"name": "MIT", "path": "uk-upper-tier-local-authorities.hexjson.LICENSE"}]
        package["resources"].append(resource)
    return package


def fingerprint(package: dict) -> str:
    """One checksum of every table the package lists (each file's own is in it): what a data version names."""
    files = "\n".join(f"{r['path']} {r['hash']}" for r in sorted(package["resources"], key=lambda r: r["path"]))
    return "sha256:" + hashlib.sha256(files.encode()).hexdigest()


def check_release(version: str, found: str, releases: Path = RELEASES) -> None:
    """A data version names one set of tables, so the screen's and the PDFs' "Data version" says which figures
    they show: changed tables need a new version, recorded in ``data/raw/releases.csv``."""
    with releases.open(encoding="utf-8", newline="") as handle:
        recorded = {row["version"]: row["fingerprint"] for row in csv.DictReader(handle)}
    row = f"{version},<date>,{found},<what changed>"
    if version not in recorded:
        raise ValueError(f"data version {version} is not in {releases.name}: add the row {row}")
    if recorded[version] != found:
        raise ValueError(f"the tables differ from data version {version} as released ({releases.name}): set "
                         f"DATA_VERSION in briefing/data/build.py to a new version and add the row {row}")


def build(out_dir: Path = DATA_DIR) -> dict[str, int]:
    """Write every table, the hex map and datapackage.json into ``out_dir``; the output depends only on
    data/raw/, so two builds give identical files."""
    councils = build_councils()
    sources = [dict(s) for s in SOURCES]
    obs = Observations()
    add_ehcp(obs)
    add_ehcp_2026(obs)
    add_finance(obs, sources)
    check_existence(obs, councils)
    fill_missing(obs, councils)
    measures = pd.DataFrame([m.__dict__ for m in MEASURES])
    observations = pd.DataFrame(obs.rows.values())
    observations = observations.assign(_k=observations["period"].map(period_sort_key)).sort_values(
        ["measure", "variant", "area", "_k"]).drop(columns="_k")
    changes = pd.DataFrame(COUNCIL_CHANGES, columns=["date", "predecessor", "successor", "kind", "note"])
    agreements, payments = build_safety_valve(councils)
    statuses = pd.DataFrame(list(STATUSES.items()), columns=["status", "meaning"])
    timeline = build_timeline()
    dbv = build_dbv(councils)
    tables = [
        (councils, "councils.csv", "Councils with education duties since 2019: codes, names, regions, type, dates."),
        (changes, "council_changes.csv", "Reorganisations since 2019: predecessor and successor codes."),
        (measures, "measures.csv", "What each measure means: label, unit, period type, direction, caveats."),
        (observations, "observations.csv", "Every figure: measure, variant, area, period, value, status, source."),
        (statuses, "statuses.csv", "What each observation status means."),
        (pd.DataFrame(sources), "sources.csv", "Publications the figures come from: publisher, title, URL, date, licence."),
        (build_neighbours(), "statistical_neighbours.csv", "DfE statistical neighbours, May 2025 and April 2021 lists."),
        (build_f40(), "f40_members.csv", "f40 group members as of 1 April 2024."),
        (agreements, "safety_valve_agreements.csv", "Safety valve agreements, one row per council."),
        (payments, "safety_valve_payments.csv", "Dated safety valve payments found in sources."),
        (dbv, "dbv_participants.csv", "Delivering Better Value participants."),
        (timeline, "national_timeline.csv", "Dated national facts: programme, deficits, statutory override, the "
                                            "2026 write-off, the High Needs Stability Grant and the white paper."),
        (build_citations([agreements, payments, dbv, timeline]), "citations.csv",
         "How each programme and timeline address is cited: original publisher, title and address; the copy read."),
        (build_deflators(), "gdp_deflators.csv", "HM Treasury GDP deflators (March 2026), base 2024-25 = 100."),
        (build_hex_layout(councils), "hex_layout.csv", "Hex map cells (odd-r offset) for every current council."),
    ]
    resources = []
    for frame, name, description in tables:
        resources.append((write_table(frame, out_dir, name), description, frame))
    for name in ("uk-upper-tier-local-authorities.hexjson", "uk-upper-tier-local-authorities.hexjson.LICENSE"):
        shutil.copyfile(RAW / "la_finance" / name, out_dir / name)
    resources.append((out_dir / "uk-upper-tier-local-authorities.hexjson",
                      "Open Innovations hex map of UK upper-tier councils (2020 geography), unchanged.", None))
    package = datapackage(resources)
    check_release(DATA_VERSION, fingerprint(package))
    (out_dir / "datapackage.json").write_text(json.dumps(package, indent=1) + "\n", encoding="utf-8")
    counts = observations["status"].value_counts().to_dict()
    return {"observations": len(observations), **counts}


if __name__ == "__main__":
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    summary = build(out)
    print("built data/:", ", ".join(f"{k} {v}" for k, v in summary.items()))
    sys.exit(0)
