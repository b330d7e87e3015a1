"""`briefing councils` and `briefing show`: what the dataset holds for each council."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from briefing.cli.common import load_dataset, resolve


def programme_of(dataset, code: str) -> str:
    if code in dataset.safety_valve.index:
        return "safety valve"
    if code in dataset.dbv.index:
        return "DBV"
    return ""


def cmd_councils(args: argparse.Namespace) -> int:
    dataset = load_dataset()
    rows = []
    for code, council in dataset.councils.iterrows():
        rows.append({"la_code": code, "ons_code": council["ons_code"], "name": council["name"],
                     "region": council["region"], "type": council["la_type"], "status": council["status"],
                     "programme": programme_of(dataset, code)})
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    print(f"{'code':<5} {'ONS code':<10} {'name':<38} {'region':<26} {'type':<24} programme")
    for r in rows:
        name = r["name"] + (" (former)" if r["status"] != "current" else "")
        print(f"{r['la_code']:<5} {r['ons_code']:<10} {name:<38} {r['region']:<26} {r['type']:<24} {r['programme']}")
    print(f"\n{sum(r['status'] == 'current' for r in rows)} current councils, "
          f"{sum(r['status'] != 'current' for r in rows)} former (kept for their history).")
    return 0


def source_text(dataset, source_ids: Sequence[str]) -> str:
    parts = []
    for source_id in source_ids:
        if source_id in dataset.sources.index:
            s = dataset.sources.loc[source_id]
            date = f", {s['published']}" if s["published"] else ""
            parts.append(f"{s['publisher']}: {s['title']}{date} <{s['url']}>")
    return "; ".join(parts)


def show_payload(dataset, code: str) -> dict:
    """The JSON of ``briefing show``: council, programmes, and every measure's series with sources."""
    from briefing.analysis.series import series

    council = dataset.councils.loc[code]
    measures: dict[str, list[dict]] = {}
    for measure, variant in dataset.measures.index:
        if not dataset.has_figures(measure, variant):
            continue  # declared in the catalogue, not in the bundle until its file is imported (s251 outturn)
        for point in series(dataset, measure, variant, code):
            entry = {"period": point.period, "value": None if point.missing else clean_number(point.value),
                     "status": point.status, "source": source_text(dataset, point.source_ids)}
            if variant:
                entry["variant"] = variant
            if point.note:
                entry["note"] = point.note
            measures.setdefault(measure, []).append(entry)

    def record(table):
        return {k: v for k, v in table.loc[code].items()} if code in table.index else None

    return {
        "council": {"la_code": code, "ons_code": council["ons_code"], "name": council["name"],
                    "region": council["region"], "type": council["la_type"], "status": council["status"]},
        "programmes": {"safety_valve": record(dataset.safety_valve), "dbv": record(dataset.dbv)},
        "measures": measures,
        "data_version": dataset.version,
    }


def clean_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def cmd_show(args: argparse.Namespace) -> int:
    from briefing.analysis.briefing import Selection, build_briefing

    dataset = load_dataset()
    code = resolve(dataset, args.council)
    if args.json:
        print(json.dumps(show_payload(dataset, code), indent=1, ensure_ascii=False))
        return 0
    briefing = build_briefing(dataset, Selection(code), with_charts=False)
    c = briefing.council
    print(f"{c.name} ({c.code}, {c.ons_code}) - {c.kind}, {c.region}" + (" - former council" if not c.current else ""))
    print(f"Comparators: {briefing.comparator_label}: " + ", ".join(n for _, n in briefing.comparators))
    print()
    for h in briefing.headlines:
        value = h.text if not h.missing else f"n/a ({h.note})"
        extra = "; ".join(x for x in (h.change_text, *h.rank_lines(briefing.comparator_label), h.england_text) if x)
        print(f"  {h.label}, {h.period_text}: {value}" + (f"  [{extra}]" if extra else ""))
        if h.source_ids:
            print(f"      source: {source_text(dataset, h.source_ids)}")
    print()
    for sentence in briefing.summary:
        print(f"  {sentence.text}")
    print(f"\nRank 1 = highest value among councils with figures. Data version {dataset.version}.")
    return 0
