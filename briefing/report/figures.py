"""The CSV companion: every figure in a briefing, one per row, with its period, status and source. Raw
numbers for re-use, plus the text as printed; text cells are guarded against spreadsheet formula injection."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

from briefing.analysis.briefing import Briefing
from briefing.analysis.format import format_value
from briefing.analysis.programmes import NOT_STATED
from briefing.data.provenance import Citation

COLUMNS = ["section", "item", "council_code", "council", "period", "value", "as_printed", "unit", "status_or_note",
           "sources"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Numbers stay numbers; text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    cell = str(value)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def briefing_rows(briefing: Briefing) -> list[list[object]]:
    code, name = briefing.selection.la_code, briefing.council.name
    rows: list[list[object]] = []
    for h in briefing.headlines:
        rows.append(["at a glance", h.label, code, name, h.period_text, h.value, h.text, h.unit,
                     h.note if h.missing else h.status, " ".join(h.source_ids)])
        rows += [["at a glance", f"{h.label}: also held", code, name, "", float("nan"), later, h.unit,
                  "published for this council only", ""] for later in h.also_held]
    rows += programme_rows(briefing)
    rows.append(["spending", "High needs outturn (s251)", code, name, "", float("nan"), briefing.spending, "gbp",
                 "", ""])
    table = briefing.comparison
    for row in table.rows:
        for column, cell, rank in zip(table.columns, row.cells, row.ranks, strict=True):
            ranked = f"rank {rank.describe()} councils, {rank.band}" if rank else ""
            rows.append(["comparison", column, row.area, row.label, "", float("nan"), cell, "", ranked,
                         " ".join(table.source_ids)])
    for spec in briefing.charts:
        sources = " ".join(spec.source_ids)
        for s in spec.series:
            for p in s.points:
                council = s.label if spec.kind == "line" else p.x
                area = s.area if spec.kind == "line" else p.area
                period = p.x if spec.kind == "line" else spec.title.rsplit(", ", 1)[-1]
                rows.append([f"chart: {spec.title}", spec.value_label, area, council, period, p.value,
                             spec.cell(p), spec.unit, p.note, sources])
    return rows


def provenance(citations: Iterable[Citation]) -> str:
    """Where each figure was read: the original's address, and the copy's where only a copy was read (the
    figures file keeps it; the PDF and the screen cite the original only)."""
    parts = []
    for c in citations:
        original = c.url or f"original not identified ({c.publisher})"
        parts.append(f"{original} (copy read: {c.copy_url})" if c.copy_url else original)
    return " ".join(parts)


def money_row(section: str, item: str, briefing: Briefing, period: str, value: float, note: str,
              citations: Iterable[Citation]) -> list[object]:
    """A recorded amount; a missing one stays blank with its reason (never a guess)."""
    printed = NOT_STATED if math.isnan(value) else format_value(value, "gbp")
    return [section, item, briefing.selection.la_code, briefing.council.name, period, value, printed, "gbp", note,
            provenance(citations)]


def programme_rows(briefing: Briefing) -> list[list[object]]:
    """Safety valve and DBV amounts as recorded."""
    sv, dbv = briefing.safety_valve, briefing.dbv
    rows: list[list[object]] = []
    if sv:
        rows.append(money_row("safety valve", "DfE funding (total)", briefing, sv.first_year, sv.funding,
                              f"status: {sv.status}", sv.sources))
        rows.append(money_row("safety valve", "Capital top-up", briefing, "", sv.capital, "", sv.sources))
        for payment in sv.payments:
            rows.append(money_row("safety valve", "Payment", briefing, payment.financial_year, payment.amount, "",
                                  [payment.source]))
    if dbv:
        rows.append(money_row("DBV", f"Grant (tranche {dbv.tranche})", briefing, "", dbv.grant, "", dbv.sources))
    return rows


def to_csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return buffer.getvalue().encode("utf-8-sig")   # the BOM lets Excel read £ and en dashes correctly
