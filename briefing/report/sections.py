"""The sections of a briefing as lists of ReportLab flowables. Every figure comes from the ``Briefing`` or
the ``Dataset``; every piece of text that did not come from this module is escaped before it meets markup.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from reportlab.lib.colors import HexColor, white
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from briefing.analysis import compare
from briefing.analysis.briefing import Briefing, Headline
from briefing.analysis.charts import SUBJECT, ChartSpec
from briefing.analysis.format import format_stored_gbp, format_value
from briefing.data.dataset import ENGLAND, Dataset
from briefing.data.provenance import safety_valve_status, url_label
from briefing.report.charts import chart_drawing, suggested_height
from briefing.report.document import MUTED_INK, RULE, Heading, link, paragraph, text
from briefing.report.fonts import BOLD, REGULAR, printable, text_width

HEADER_FILL = HexColor("#EDEDED")
SUBJECT_FILL = HexColor("#FBE6DA")
BADGES = {
    "safety_valve": ("#FBE6DA", "#D55E00"),
    "dbv": ("#DDEBF6", "#0072B2"),
    "neither": ("#F0F0F0", "#8A8A8A"),
}


def table_style(header_rows: int = 1, font_size: float = 7) -> list[tuple]:
    return [
        ("FONT", (0, 0), (-1, -1), REGULAR, font_size, font_size + 1.8),
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, font_size, font_size + 1.8),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]


def data_table(rows: list[list], widths: list[float] | None = None, extra: Iterable[tuple] = (),
               align_numbers_from: int = 1) -> Table:
    """A plain table that splits across pages repeating its header; numbers right-aligned."""
    cells = [[printable(c) if isinstance(c, str) else c for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([*table_style(), ("ALIGN", (align_numbers_from, 0), (-1, -1), "RIGHT"), *extra]))
    return table


def source_line(dataset: Dataset, source_ids: Iterable[str], styles: dict) -> Paragraph:
    parts = []
    for source_id in dict.fromkeys(source_ids):
        if source_id in dataset.sources.index:
            s = dataset.sources.loc[source_id]
            date = f" ({text(s['published'])})" if s["published"] else ""
            parts.append(f"{text(s['publisher'])}, {link(s['url'], s['title'])}{date}")
    body = "; ".join(parts) if parts else "not recorded for this chart"
    return Paragraph(f"<b>Source:</b> {body}", styles["caption"])


def subheading(title: str, styles: dict, room: float = 100) -> list[Flowable]:
    """A sub-heading that never sits alone at the foot of a page: it starts a new page when less than ``room``
    points are left (enough for the heading and the first lines of what follows)."""
    return [CondPageBreak(room), Heading(title, styles["h3"], 2)]


# --- 1 At a glance -------------------------------------------------------------------------------------------

def programme_badge(briefing: Briefing, styles: dict) -> Table:
    """Safety valve (status and DfE funding), Delivering Better Value, or neither, in neutral words."""
    sv, dbv = briefing.safety_valve, briefing.dbv
    if sv:
        kind = "safety_valve"
        funding = format_money(sv.get("total_funding_gbp", ""))
        ended = f", to {text(sv['agreement_end_fy'])}" if sv.get("agreement_end_fy") else ""
        body = (f"<b>Safety valve agreement</b> from {text(sv['agreement_first_fy'])}{ended}. "
                f"DfE funding: {text(funding)}. Status in the sources read: {text(safety_valve_status(sv['status']))}.")
        if sv.get("capital_funding_gbp"):
            body += f" Capital top-up: {text(format_money(sv['capital_funding_gbp']))}."
    elif dbv:
        kind = "dbv"
        grant = f" Grant: {text(format_money(dbv['grant_gbp']))}." if dbv.get("grant_gbp") else ""
        body = f"<b>Delivering Better Value</b> programme, tranche {text(dbv['dbv_tranche'])}.{grant}"
    else:
        kind = "neither"
        body = "<b>Not in the safety valve or Delivering Better Value programmes</b> (as recorded in this dataset)."
    fill, edge = BADGES[kind]
    badge = Table([[Paragraph(body, styles["badge"])]], hAlign="LEFT")
    badge.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), ("BACKGROUND", (0, 0), (-1, -1), HexColor(fill)),
                               ("LINEBEFORE", (0, 0), (0, -1), 3, HexColor(edge)),
                               ("BOX", (0, 0), (-1, -1), 0.4, HexColor(edge)),
                               ("LEFTPADDING", (0, 0), (-1, -1), 7), ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return badge


def format_money(raw: str) -> str:
    return format_stored_gbp(raw, "not recorded")


def rank_text(h: Headline) -> str:
    parts = []
    if h.rank_all:
        parts.append(f"rank {h.rank_all.describe()} councils")
    if h.rank_group:
        parts.append(f"{h.rank_group.describe()} among comparators and this council")
    return "; ".join(parts)


def headline_card(h: Headline, styles: dict) -> list[Flowable]:
    cell = [paragraph(h.label, styles["card_label"])]
    if h.missing:
        cell += [Paragraph("n/a", styles["card_value"]),
                 paragraph(f"{h.period_text}: {h.note or 'no figure'}", styles["card_small"])]
        return cell
    cell.append(paragraph(h.text, styles["card_value"]))
    cell.append(paragraph(h.period_text + (f" · {h.change_text}" if h.change_text else ""), styles["card_small"]))
    for extra in (rank_text(h), h.england_text):
        if extra:
            cell.append(paragraph(extra, styles["card_small"]))
    return cell


def headline_grid(briefing: Briefing, width: float, styles: dict) -> Table:
    cards = [headline_card(h, styles) for h in briefing.headlines]
    columns = 3
    rows = [cards[i:i + columns] + [[]] * (columns - len(cards[i:i + columns])) for i in range(0, len(cards), columns)]
    grid = Table(rows, colWidths=[width / columns] * columns, hAlign="LEFT")
    grid.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BOX", (0, 0), (-1, -1), 0.4, RULE), ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
                              ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 5),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return grid


def at_a_glance(briefing: Briefing, options, width: float, styles: dict) -> list[Flowable]:
    c = briefing.council
    title = options.title or f"{c['name']}: high needs funding, deficits and demand"
    story: list[Flowable] = [Heading(title, styles["title"], 0)]
    former = " · former council" if c["status"] != "current" else ""
    story.append(paragraph(f"{c['region']} · {c['la_type']} · DfE code {c['la_code']} · ONS code {c['ons_code']}"
                           f"{former}", styles["subtitle"]))
    if options.org:
        story.append(paragraph(f"Prepared by {options.org}", styles["subtitle"]))
    story += [programme_badge(briefing, styles), Spacer(0, 8), Heading("At a glance", styles["h2"], 1)]
    story.append(headline_grid(briefing, width, styles))
    story.append(Paragraph(f"Ranks: 1 = highest value among councils with a figure. Comparators: "
                           f"{text(briefing.comparator_label)} ({len(briefing.comparators)} councils: "
                           f"{text(', '.join(n for _, n in briefing.comparators))}).", styles["note"]))
    if briefing.summary:
        story.append(Heading("Summary", styles["h3"], 2))
        story += [Paragraph(text(s.text), styles["bullet"], bulletText="•") for s in briefing.summary]
    if options.notes.strip():
        story += notes_block(options, styles)
    return story


def notes_block(options, styles: dict) -> list[Flowable]:
    """The user's own notes: plain text, escaped line by line (markup in them appears literally)."""
    title = f"Notes from {options.org}" if options.org else "Notes"
    story = subheading(title, styles)
    for block in options.notes.strip().split("\n\n"):
        story.append(Paragraph("<br/>".join(text(line) for line in block.splitlines()), styles["user"]))
    return story


# --- 2 Charts -------------------------------------------------------------------------------------------------

def chart_block(dataset: Dataset, spec: ChartSpec, width: float, styles: dict,
                lead: Iterable[Flowable] = ()) -> list[Flowable]:
    """Title, caption, vector chart and source kept on one page (with ``lead``, a section heading, if given),
    then the table of the chart's figures and the reasons for missing ones."""
    drawing = chart_drawing(spec, width, suggested_height(spec, width))
    top = [*lead, Heading(spec.title, styles["h3"], 2), paragraph(spec.caption, styles["caption"]), drawing,
           source_line(dataset, spec.source_ids, styles)]
    story: list[Flowable] = [KeepTogether(top), *figures_table(spec, width)]
    story += [paragraph(f"Missing: {note}", styles["note"]) for note in spec.missing_notes()]
    story += [paragraph(f"Note: {note}", styles["note"]) for note in spec.notes if note]
    return [*story, Spacer(0, 6)]


def subject_rows(spec: ChartSpec) -> list[int]:
    """Table rows (0 = first data row) that belong to the subject council, for bold type."""
    if spec.kind == "line":
        return [i for i, s in enumerate(spec.series) if s.role == SUBJECT]
    return [i for i, p in enumerate(p for s in spec.series for p in s.points) if p.role == SUBJECT]


def fold(value: str, width: float, font: str = REGULAR, size: float = 7) -> str:
    """Plain text broken into lines that fit ``width``: a table cell that wraps without the cost of a Paragraph."""
    return "\n".join(simpleSplit(printable(value), font, size, width)) or value


def wrap_long(cells: list[list], column: int, width: float, bold_rows: Iterable[int] = ()) -> list[list]:
    """Text in ``column`` too long for ``width`` is folded onto several lines instead of running over."""
    bold = {r + 1 for r in bold_rows}
    out = []
    for r, line in enumerate(cells):
        line = list(line)
        value = line[column]
        font = BOLD if r in bold or r == 0 else REGULAR
        if isinstance(value, str) and text_width(value, 7, font) > width - 6:
            line[column] = fold(value, width - 6, font)
        out.append(line)
    return out


def figures_table(spec: ChartSpec, width: float) -> list[Flowable]:
    """The chart's figures as text. Long period runs are split into balanced tables; long council lists into
    three side-by-side columns, so every figure stays readable without a tiny font. Short tables are kept
    whole (never one stray row on the next page)."""
    header, rows = spec.table()
    bold = subject_rows(spec)
    bold_rows = [("FONT", (0, r + 1), (-1, r + 1), BOLD, 7, 8.8) for r in bold]
    if spec.kind == "line":
        periods = len(header) - 1
        per_table = -(-periods // -(-periods // 9))
        label_width = min(150.0, width * 0.3)
        cell_width = (width - label_width) / 9
        tables = []
        for start in range(1, len(header), per_table):
            columns = list(range(start, min(len(header), start + per_table)))
            cells = [[header[0], *(header[i] for i in columns)]] + [[r[0], *(r[i] for i in columns)] for r in rows]
            widths = [label_width] + [cell_width] * len(columns)
            tables.append(KeepTogether(data_table(wrap_long(cells, 0, label_width, bold), widths, extra=bold_rows)))
        return tables
    if len(rows) <= 24:
        cells = wrap_long([header, *rows], 0, width * 0.45, bold)
        return [KeepTogether(data_table(cells, [width * 0.45, width * 0.25], extra=bold_rows))]
    groups = 3
    per_group = -(-len(rows) // groups)
    cells = [[*header, ""] * groups]
    for i in range(per_group):
        line = []
        for g in range(groups):
            index = g * per_group + i
            line += [*(rows[index] if index < len(rows) else ["", ""]), ""]
        cells.append(line)
    gap = 8.0
    column = (width - gap * groups) / groups
    widths = [column * 0.66, column * 0.34, gap] * groups
    extra = [("ALIGN", (g * 3, 0), (g * 3, -1), "LEFT") for g in range(groups)]
    extra += [("LINEBELOW", (g * 3 + 2, 0), (g * 3 + 2, -1), 0, white) for g in range(groups)]
    extra += [("FONT", (3 * (r // per_group), 1 + r % per_group), (3 * (r // per_group) + 1, 1 + r % per_group),
               BOLD, 7, 8.8) for r in bold]
    for g in range(groups):
        cells = wrap_long(cells, g * 3, widths[0], [r % per_group for r in bold if r // per_group == g])
    return [data_table(cells, widths, extra=extra)]


def charts_section(dataset: Dataset, briefing: Briefing, width: float, styles: dict) -> list[Flowable]:
    basis = "real terms" if briefing.selection.real_terms else "cash terms"
    lead = [Heading("Funding, deficit and demand", styles["h2"], 1),
            paragraph(f"Money is shown in {basis}. Each chart is followed by its figures; 'n/a' marks a missing "
                      "figure, drawn as a gap, never as zero.", styles["body"])]
    story: list[Flowable] = []
    for index, spec in enumerate(briefing.charts):
        story += chart_block(dataset, spec, width, styles, lead if index == 0 else ())
    return story if briefing.charts else lead


# --- 3 Comparison --------------------------------------------------------------------------------------------

def median(values: pd.Series, minimum: int) -> float:
    """The median council, only when at least ``minimum`` councils have a figure (else missing)."""
    return float(values.median()) if values.notna().sum() >= minimum else float("nan")


def comparison_rows(dataset: Dataset, briefing: Briefing) -> tuple[list[str], list[list[str]]]:
    """Header and rows of figures: the council, its comparators, the region and England."""
    code = briefing.selection.la_code
    region = briefing.council["region"]
    region_codes = [c for c in dataset.current_codes if dataset.councils.at[c, "region"] == region]
    codes = [code, *(c for c, _ in briefing.comparators)]
    header = ["Council"]
    columns = []
    for h in briefing.headlines:
        header.append(f"{h.label}, {h.period_text}")
        direction = dataset.measures.at[(h.measure, h.variant), "direction"]
        values = dataset.grid(h.measure, h.variant).values[h.period]
        all_values = values.reindex(dataset.current_codes)
        cells = []
        for other in codes:
            value = values.get(other, float("nan"))
            rank = compare.rank_among(all_values, other, direction)
            cells.append(format_value(value, h.unit) + (f"\n{rank.describe()} · Q{rank.quartile}" if rank else ""))
        cells.append(format_value(median(values.reindex(region_codes), 3), h.unit))
        cells.append(format_value(median(all_values, 10), h.unit))
        published = values.get(ENGLAND, float("nan"))
        cells.append(format_value(published, h.unit) if h.unit == "pct" else "–")
        columns.append(cells)
    names = [dataset.council_name(c) for c in codes] + [f"{region} median council", "England median council",
                                                        "England (published rate)"]
    rows = [[name, *(col[i] for col in columns)] for i, name in enumerate(names)]
    return header, rows


def comparison_source_ids(dataset: Dataset, briefing: Briefing) -> list[str]:
    """Where every council's figure in the comparison table comes from."""
    codes = [briefing.selection.la_code, *(c for c, _ in briefing.comparators)]
    ids = []
    for h in briefing.headlines:
        for joined in dataset.grid(h.measure, h.variant).source[h.period].reindex(codes).dropna():
            ids += dataset.source_ids(joined)
    return list(dict.fromkeys(ids))


def comparison_section(dataset: Dataset, briefing: Briefing, width: float, styles: dict) -> list[Flowable]:
    header, rows = comparison_rows(dataset, briefing)
    story: list[Flowable] = [CondPageBreak(160), Heading("Comparison", styles["h2"], 1)]
    story.append(paragraph(f"{briefing.council['name']} against its comparators ({briefing.comparator_label}), the "
                           f"median council in its region and in England, and England's published rate. Under each "
                           f"council's figure: its rank among all councils with a figure (1 = highest) and its "
                           f"quarter (Q1 = highest quarter of values). Money in cash terms.", styles["body"]))
    head = [Paragraph(text(h), styles["cell_bold"]) for h in header]
    name_width = width * 0.2
    widths = [name_width] + [(width - name_width) / (len(header) - 1)] * (len(header) - 1)
    extra = [("BACKGROUND", (0, 1), (-1, 1), SUBJECT_FILL), ("FONT", (0, 1), (-1, 1), BOLD, 7, 8.8),
             ("LINEABOVE", (0, len(rows) - 2), (-1, len(rows) - 2), 0.8, MUTED_INK)]
    table = data_table(wrap_long([head, *rows], 0, name_width, [0]), widths, extra=extra)
    story.append(table)
    story.append(paragraph("– = England's total is not comparable with one council; see the median rows. "
                           "n/a = no figure (reasons in the chart notes).", styles["note"]))
    story.append(source_line(dataset, comparison_source_ids(dataset, briefing), styles))
    return story


# --- 4 Safety valve and DBV ------------------------------------------------------------------------------------

def url_list(urls: str) -> str:
    return "<br/>".join(link(u, url_label(u)) for u in urls.split() if u)


def programmes_section(dataset: Dataset, briefing: Briefing, width: float, styles: dict) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(160), Heading("Safety valve and Delivering Better Value", styles["h2"], 1)]
    sv, dbv, name = briefing.safety_valve, briefing.dbv, briefing.council["name"]
    label_width = width * 0.26
    if sv:
        story += subheading("Safety valve agreement", styles)
        terms = [
            ("First year", sv["agreement_first_fy"]),
            ("DfE funding (total)", format_money(sv["total_funding_gbp"])),
            ("Final year", sv["agreement_end_fy"] or "not recorded"),
            ("Capital top-up", format_money(sv["capital_funding_gbp"])),
            ("Status in the sources read", safety_valve_status(sv["status"])),
            ("Status history and notes", sv["status_note"] or "none recorded"),
        ]
        rows = [[paragraph(k, styles["cell_bold"]), paragraph(v, styles["cell"])] for k, v in terms]
        rows.append([paragraph("Sources", styles["cell_bold"]), Paragraph(url_list(sv["source_urls"]), styles["cell"])])
        story.append(key_value_table(rows, [label_width, width - label_width]))
        payments = briefing.safety_valve_payments
        if payments:
            story += subheading("Payments recorded", styles)
            rows = [["Financial year", "Amount", "Source"]]
            for p in payments:
                rows.append([p["financial_year"], format_money(p["amount_gbp"]),
                             Paragraph(link(p["source_url"], url_label(p["source_url"])), styles["cell"])])
            story.append(data_table(rows, [width * 0.18, width * 0.16, width * 0.66], align_numbers_from=1,
                                    extra=[("ALIGN", (2, 0), (2, -1), "LEFT")]))
            story.append(paragraph("Only the payments found in the sources are listed; the list may be incomplete.",
                                   styles["note"]))
    if dbv:
        story += subheading("Delivering Better Value", styles)
        rows = [[paragraph(k, styles["cell_bold"]), paragraph(v, styles["cell"])] for k, v in (
            ("Tranche", dbv["dbv_tranche"]), ("Grant", format_money(dbv["grant_gbp"])),
            ("Later moved to a safety valve agreement", dbv["moved_to_safety_valve"]))]
        rows.append([paragraph("Sources", styles["cell_bold"]),
                     Paragraph(url_list(dbv["source_urls"]), styles["cell"])])
        story.append(key_value_table(rows, [label_width, width - label_width]))
    if not sv and not dbv:
        story.append(paragraph(f"{name} has no safety valve agreement and is not recorded as a Delivering Better "
                               f"Value council in this dataset.", styles["body"]))
    story += national_context(dataset, width, styles)
    return story


def key_value_table(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle(table_style(header_rows=0) + [("BACKGROUND", (0, 0), (0, -1), HEADER_FILL)]))
    return table


def national_context(dataset: Dataset, width: float, styles: dict) -> list[Flowable]:
    story: list[Flowable] = [*subheading("National context", styles),
                             paragraph("Programme size, deficits, the statutory override and the announced write-off "
                                       "of historic deficits, in date order, each with its source.", styles["caption"])]
    rows: list[list] = [["Date", "Event", "Figure", "Source"]]
    for event in dataset.timeline.to_dict("records"):
        rows.append([event["date"], fold(event["event"], width * 0.56 - 6), fold(event["figure"], width * 0.13 - 6),
                     Paragraph(link(event["source_url"], url_label(event["source_url"])), styles["cell"])])
    story.append(data_table(rows, [width * 0.1, width * 0.56, width * 0.13, width * 0.21], align_numbers_from=9))
    return story


# --- 5 Sources and method ---------------------------------------------------------------------------------------

def used_source_ids(dataset: Dataset, briefing: Briefing) -> list[str]:
    ids = list(briefing.source_ids) + comparison_source_ids(dataset, briefing)
    ids.append(briefing.council.get("source_id", ""))
    if briefing.selection.real_terms:
        ids += list(dataset.deflators["source_id"])
    return [s for s in dict.fromkeys(ids) if s in dataset.sources.index]


def caveats(dataset: Dataset, briefing: Briefing) -> list[str]:
    deflator_ids = list(dict.fromkeys(dataset.deflators["source_id"]))
    deflator_source = "; ".join(f"{dataset.sources.at[s, 'publisher']}, {dataset.sources.at[s, 'title']}"
                                for s in deflator_ids if s in dataset.sources.index)
    base = dataset.deflators["base_year"].iloc[0] if len(dataset.deflators) else ""
    basis = "real terms" if briefing.selection.real_terms else "cash terms (not adjusted for inflation)"
    items = [
        f"Money is shown in {basis}. Real-terms figures use the GDP deflator ({base}) from {deflator_source}.",
        "EHC plans: DfE's SEN2 collection moved to person-level returns in 2023; DfE advises caution when comparing "
        "figures across that change.",
        "SEND Tribunal appeal rates are published on two methods (old method to 2024, new method from 2024). They "
        "are shown as separate series and never joined; the new method gives roughly double the rate.",
        "The high needs block is published before and after deductions (academy recoupment and places DfE funds "
        f"directly). This briefing uses the '{briefing.selection.hnb_basis.replace('_', ' ')}' basis throughout; "
        "compare councils on one basis only.",
        "Boundary changes: councils that were reorganised have figures only for the years they existed; "
        "predecessors' figures are not added together or carried forward."
        + "".join(f" {change.rstrip('.')}." for change in briefing.reorganisations),
        "Allocations are not spending, and the DSG balance may differ from a council's own accounts.",
    ]
    return items


def sources_section(dataset: Dataset, briefing: Briefing, generated: str, width: float, styles: dict
                    ) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(160), Heading("Sources and method", styles["h2"], 1)]
    story.append(paragraph(f"{generated} High Needs Briefing version {briefing.app_version}; data version "
                           f"{briefing.data_version}. Every figure comes from the bundled dataset, which records the "
                           "source of each figure and, for a missing figure, why it is missing. A CSV of every "
                           "figure in this briefing is written beside the PDF. Typeface: Noto Sans, SIL Open Font "
                           "License 1.1 (the licence ships with the app). The releases used:", styles["body"]))
    rows: list[list] = [["Publisher", "Release", "Published", "Licence"]]
    for source_id in used_source_ids(dataset, briefing):
        s = dataset.sources.loc[source_id]
        rows.append([paragraph(s["publisher"], styles["cell"]), Paragraph(link(s["url"], s["title"]), styles["cell"]),
                     s["published"] or "not recorded", s["licence"] or "not recorded"])
    story.append(data_table(rows, [width * 0.2, width * 0.54, width * 0.12, width * 0.14], align_numbers_from=9))
    story += subheading("Caveats", styles)
    story += [Paragraph(text(c), styles["bullet"], bulletText="•") for c in caveats(dataset, briefing)]
    return story
