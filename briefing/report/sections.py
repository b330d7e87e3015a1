"""The sections of a briefing as lists of ReportLab flowables. Every figure, word about a programme, source
and caveat comes from the ``Briefing``; this module only lays them out. Every piece of text that did not come
from this module is escaped before it meets markup.
"""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.colors import HexColor, white
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from briefing.analysis.briefing import Briefing, Headline
from briefing.analysis.charts import SUBJECT, ChartSpec
from briefing.analysis.programmes import TimelineEvent
from briefing.analysis.readings import reading
from briefing.data.provenance import Citation
from briefing.report.charts import chart_drawing, suggested_height
from briefing.report.document import MUTED_INK, RULE, Heading, link, paragraph, text
from briefing.report.fonts import BOLD, REGULAR, printable, text_width
from briefing.report.notes import notes_paragraphs

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


def cited(citation: Citation) -> str:
    """A citation as markup: the document linked to the original's address (a copy's never)."""
    title = citation.document
    date = f" ({text(citation.published)})" if citation.published else ""
    if not title:
        return (link(citation.url, citation.publisher) if citation.url else text(citation.publisher)) + date
    document = link(citation.url, title) if citation.url else text(title)
    return f"{text(citation.publisher)}, {document}{date}"


def source_line(citations: Iterable[Citation], styles: dict) -> Paragraph:
    body = "; ".join(cited(c) for c in dict.fromkeys(citations)) or "not recorded for this chart"
    return Paragraph(f"<b>Source:</b> {body}", styles["caption"])


def subheading(title: str, styles: dict, room: float = 100) -> list[Flowable]:
    """A sub-heading that never sits alone at the foot of a page: it starts a new page when less than ``room``
    points are left (enough for the heading and the first lines of what follows)."""
    return [CondPageBreak(room), Heading(title, styles["h3"], 2)]


# --- 1 At a glance -------------------------------------------------------------------------------------------

def programme_badge(briefing: Briefing, styles: dict) -> Table:
    """Safety valve (status and DfE funding), Delivering Better Value, or neither, in neutral words."""
    kind = "safety_valve" if briefing.safety_valve else "dbv" if briefing.dbv else "neither"
    body = text(briefing.programme_summary)
    fill, edge = BADGES[kind]
    badge = Table([[Paragraph(body, styles["badge"])]], hAlign="LEFT")
    badge.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR), ("BACKGROUND", (0, 0), (-1, -1), HexColor(fill)),
                               ("LINEBEFORE", (0, 0), (0, -1), 3, HexColor(edge)),
                               ("BOX", (0, 0), (-1, -1), 0.4, HexColor(edge)),
                               ("LEFTPADDING", (0, 0), (-1, -1), 7), ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return badge


def headline_card(h: Headline, styles: dict) -> list[Flowable]:
    cell = [paragraph(h.label, styles["card_label"])]
    if h.missing:
        cell += [Paragraph("n/a", styles["card_value"]),
                 paragraph(f"{h.period_text}: {h.note or 'no figure'}", styles["card_small"])]
        return cell
    cell.append(paragraph(h.text, styles["card_value"]))
    if h.basis:
        cell.append(paragraph(h.basis, styles["card_small"]))
    cell.append(paragraph(f"Figures to {h.period_text}" + (f" · {h.change_text}" if h.change_text else ""),
                          styles["card_small"]))
    for extra in ("; ".join(h.rank_lines("comparators")), h.england_text, *h.also_held):
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


def at_a_glance(briefing: Briefing, options, produced: str, width: float, styles: dict) -> list[Flowable]:
    """Page 1: who and when, the key points, the headline figures with what they are figures to, and the
    national context that applies now."""
    title = options.title or f"{briefing.council.name}: high needs funding, deficits and demand"
    story: list[Flowable] = [Heading(title, styles["title"], 0)]
    story.append(paragraph(briefing.council.description, styles["subtitle"]))
    who = f"Prepared by {options.org} · " if options.org else ""
    story.append(paragraph(f"{who}{produced} Data version {briefing.data_version}.", styles["subtitle"]))
    story += [programme_badge(briefing, styles), Spacer(0, 6)]
    if briefing.summary:
        story.append(Heading("Key points", styles["h2"], 1))
        story += [Paragraph(text(s.text), styles["bullet"], bulletText="•") for s in briefing.summary]
    story += [Heading("At a glance", styles["h2"], 1), headline_grid(briefing, width, styles)]
    story.append(Paragraph(f"Ranks: 1 = highest value among councils with a figure. Comparators: "
                           f"{text(briefing.comparator_label)} ({len(briefing.comparators)} councils: "
                           f"{text(', '.join(n for _, n in briefing.comparators))}).", styles["note"]))
    if briefing.national_now:
        story.append(Heading("National context now", styles["h3"], 2))
        for point in briefing.national_now:
            sources = "; ".join(link(c.url, c.publisher) if c.url else text(c.publisher) for c in point.sources)
            story.append(Paragraph(f"{text(point.text)} <font size='6.5'>({sources})</font>", styles["bullet"],
                                   bulletText="•"))
        story.append(Paragraph(text(briefing.grant_note), styles["bullet"], bulletText="•"))
    if options.notes.strip():
        story += notes_block(options, styles)
    return story


def notes_block(options, styles: dict) -> list[Flowable]:
    """The user's own notes: plain text, escaped line by line (markup in them appears literally)."""
    title = f"Notes from {options.org}" if options.org else "Notes"
    return subheading(title, styles) + notes_paragraphs(options.notes, styles["user"])


# --- 2 Charts -------------------------------------------------------------------------------------------------

def chart_block(spec: ChartSpec, citations: list[Citation], width: float, styles: dict,
                lead: Iterable[Flowable] = (), with_table: bool = True) -> list[Flowable]:
    """Title, the one-line reading, vector chart and source kept on one page (with ``lead``, a section heading,
    if given), then (``with_table``) the table of the chart's figures, and the reasons for missing ones. Without
    the table (the briefing itself) line charts are drawn shorter."""
    height = suggested_height(spec, width) - (0 if with_table or spec.kind != "line" else 50)
    drawing = chart_drawing(spec, width, height)
    top = [*lead, Heading(spec.title, styles["h3"], 2), paragraph(reading(spec), styles["body"]), drawing,
           paragraph(spec.caption, styles["caption"]), source_line(citations, styles)]
    story: list[Flowable] = [KeepTogether(top), *(figures_table(spec, width) if with_table else ())]
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


FRESH_PAGE = 680     # points: a section that must start a page breaks unless the page is (nearly) empty
KEY_CHARTS = ("trend.high_needs_block_gbp", "bar.dsg_balance_gbp", "trend.ehc_plans",
              "trend.pct_issued_within_20_weeks")   # the briefing's charts; every chart is in the appendix


def charts_section(briefing: Briefing, width: float, styles: dict, key_charts: tuple[str, ...] = KEY_CHARTS
                   ) -> list[Flowable]:
    basis = "real terms" if briefing.selection.real_terms else "cash terms"
    lead = [CondPageBreak(FRESH_PAGE), Heading("Funding, deficit and demand", styles["h2"], 1),
            paragraph(f"Money is shown in {basis}. A missing figure is a gap in a line, never a zero; the figures "
                      "behind every chart are in the figures file (and in the appendix, if printed).", styles["note"])]
    story: list[Flowable] = []
    charts = [c for c in briefing.charts if c.chart_id in key_charts]
    for index, spec in enumerate(charts):
        story += chart_block(spec, briefing.cite(spec.source_ids), width, styles, lead if index == 0 else (),
                             with_table=False)
    return story if charts else lead


def appendix(briefing: Briefing, width: float, styles: dict) -> list[Flowable]:
    """On request: every chart with its table of figures, and the national timeline in full. Tables of every
    council are left to the figures file."""
    story: list[Flowable] = [CondPageBreak(FRESH_PAGE), Heading("Appendix: the figures", styles["h2"], 1)]
    for spec in briefing.charts:
        story += chart_block(spec, briefing.cite(spec.source_ids), width, styles,
                             with_table=spec.kind != "caterpillar")
    return story + national_context(briefing.timeline, width, styles)


# --- 3 Comparison --------------------------------------------------------------------------------------------

def comparison_rows(briefing: Briefing) -> tuple[list[str], list[list[str]]]:
    """Header and rows of figures, with each council's rank and band under its figure."""
    table = briefing.comparison
    rows = []
    for row in table.rows:
        cells = [cell + (f"\n{rank.describe()}\n{rank.band}" if rank and row.kind == SUBJECT
                         else "") for cell, rank in zip(row.cells, row.ranks, strict=True)]
        rows.append([row.label, *cells])
    return ["Council", *table.columns], rows


def comparison_section(briefing: Briefing, width: float, styles: dict) -> list[Flowable]:
    header, rows = comparison_rows(briefing)
    story: list[Flowable] = [CondPageBreak(160), Heading("Comparison", styles["h2"], 1)]
    story.append(paragraph(f"{briefing.council.name} against its comparators ({briefing.comparator_label}), the "
                           f"median council in its region and in England, and England's published rate. Under "
                           f"{briefing.council.possessive} figures: its rank among all councils with a figure (1 = "
                           f"highest) and its quarter (every council's rank is in the figures file). Money in cash "
                           f"terms.", styles["note"]))
    head = [Paragraph(text(h), styles["cell_bold"]) for h in header]
    name_width = width * 0.2
    widths = [name_width] + [(width - name_width) / (len(header) - 1)] * (len(header) - 1)
    extra = [("BACKGROUND", (0, 1), (-1, 1), SUBJECT_FILL), ("FONT", (0, 1), (-1, 1), BOLD, 7, 8.8),
             ("LINEABOVE", (0, len(rows) - 2), (-1, len(rows) - 2), 0.8, MUTED_INK)]
    cells = wrap_long([head, *rows], 0, name_width, [0])
    for column in range(1, len(header)):
        cells = wrap_long(cells, column, widths[column], [0])
    table = data_table(cells, widths, extra=extra)
    story.append(table)
    story.append(paragraph("– = England's total is not comparable with one council; see the median rows. "
                           "n/a = no figure (reasons in the chart notes).", styles["note"]))
    names = "; ".join(dict.fromkeys(c.publisher for c in briefing.cite(briefing.comparison.source_ids)))
    story.append(Paragraph(f"<b>Source:</b> {text(names)}: the releases listed under Sources and method.",
                           styles["caption"]))
    return story


# --- 4 Safety valve and DBV ------------------------------------------------------------------------------------

def citation_list(citations: Iterable[Citation]) -> str:
    return "<br/>".join(cited(c) for c in citations)


def terms_table(terms: list[tuple[str, str]], citations: Iterable[Citation], width: float, styles: dict) -> Table:
    label_width = width * 0.26
    rows = [[paragraph(k, styles["cell_bold"]), paragraph(v, styles["cell"])] for k, v in terms]
    rows.append([paragraph("Sources", styles["cell_bold"]), Paragraph(citation_list(citations), styles["cell"])])
    return key_value_table(rows, [label_width, width - label_width])


def programmes_section(briefing: Briefing, width: float, styles: dict) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(160), Heading("Safety valve and Delivering Better Value", styles["h2"], 1)]
    sv, dbv = briefing.safety_valve, briefing.dbv
    if sv:
        story += subheading("Safety valve agreement", styles)
        story.append(terms_table(sv.terms(), sv.sources, width, styles))
        if sv.payments:
            story += subheading("Payments recorded", styles)
            rows = [["Financial year", "Amount", "Source"]]
            rows += [[p.financial_year, p.amount_text, Paragraph(cited(p.source), styles["cell"])] for p in sv.payments]
            story.append(data_table(rows, [width * 0.18, width * 0.16, width * 0.66], align_numbers_from=1,
                                    extra=[("ALIGN", (2, 0), (2, -1), "LEFT")]))
            story.append(paragraph("Only the payments found in the sources are listed; the list may be incomplete.",
                                   styles["note"]))
    if dbv:
        story += subheading("Delivering Better Value", styles)
        story.append(terms_table(dbv.terms(), dbv.sources, width, styles))
    if not sv and not dbv:
        story.append(paragraph(briefing.programme_summary, styles["body"]))
    return story


def key_value_table(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle(table_style(header_rows=0) + [("BACKGROUND", (0, 0), (0, -1), HEADER_FILL)]))
    return table


def national_context(timeline: Iterable[TimelineEvent], width: float, styles: dict) -> list[Flowable]:
    story: list[Flowable] = [*subheading("National timeline", styles),
                             paragraph("Programme size, deficits, the statutory override and the announced write-off "
                                       "of historic deficits, in date order, each with its source.", styles["caption"])]
    rows: list[list] = [["Date", "Event", "Figure", "Source"]]
    for event in timeline:
        rows.append([event.date, fold(event.event, width * 0.56 - 6), fold(event.figure, width * 0.13 - 6),
                     Paragraph(cited(event.source), styles["cell"])])
    story.append(data_table(rows, [width * 0.1, width * 0.56, width * 0.13, width * 0.21], align_numbers_from=9))
    return story


# --- 5 Sources and method ---------------------------------------------------------------------------------------

def sources_section(briefing: Briefing, generated: str, width: float, styles: dict) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(160), Heading("Sources and method", styles["h2"], 1)]
    story.append(paragraph(f"{generated} High Needs Briefing {briefing.app_version}, data version "
                           f"{briefing.data_version}. Every figure is from the bundled dataset, which records its "
                           "source and, for a missing figure, why it is missing; the figures file beside this PDF "
                           "lists each one. An accessible version of this briefing, with headings, table headers "
                           "and chart descriptions for screen readers, is the Word document (export with --docx, "
                           "or tick Word in the export dialog). Typeface: Noto Sans (SIL Open Font License 1.1). "
                           "Releases used:",
                           styles["body"]))
    by_publisher: dict[str, list[Citation]] = {}
    for c in briefing.sources_used:
        by_publisher.setdefault(c.publisher, []).append(c)
    for publisher, releases in by_publisher.items():
        documents = "; ".join((link(c.url, c.title) if c.url else text(c.title))
                              + (f" ({text(c.published)})" if c.published else "") for c in releases)
        licences = ", ".join(dict.fromkeys(c.licence or "not recorded" for c in releases))
        story.append(Paragraph(f"<b>{text(publisher)}</b>: {documents}. Licence: {text(licences)}.", styles["source"],
                               bulletText="•"))
    story += subheading("Caveats", styles, room=60)
    story += [Paragraph(text(c), styles["source"], bulletText="•") for c in briefing.caveats]
    return story
