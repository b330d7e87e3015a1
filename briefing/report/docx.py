"""The briefing as a Word document: the accessible, editable companion of the PDF. Officers paste its sections
into committee reports; screen-reader users get real headings (Title, Heading 1, Heading 2), tables whose header
rows are marked as such (and repeat across pages), every chart as an image with alternative text saying what it
shows and the council's latest figures, and the document language set to en-GB.

Built from the core ``Briefing`` only, in the PDF's section order (at a glance, charts, comparison, programmes,
sources and method). The charts are the PDF's own drawings (``charts.chart_drawing``) as PNG. Citations use
``Citation.url``, the original's address, never a copy's.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from briefing.analysis.briefing import Briefing, Comparison, cite
from briefing.analysis.charts import COMPARATOR, PREDECESSOR, REFERENCE, SUBJECT, ChartSpec
from briefing.data.provenance import Citation
from briefing.report.charts import chart_drawing, suggested_height
from briefing.report.png import drawing_png

LANGUAGE = "en-GB"
SECTIONS = ("glance", "charts", "comparison", "programmes", "sources")   # the PDF's sections, in its order
IMAGE_WIDTH_CM = 16.0
LINK_BLUE = RGBColor(0x00, 0x56, 0x9E)
MAX_COLUMNS = 7   # columns of figures a portrait page holds at 9 pt
KIND_WORDS = {"line": "Line chart", "bar": "Horizontal bar chart", "caterpillar": "Bar chart of every council"}


# characters XML (and so Word) cannot hold: page and line feeds become line breaks, any other is shown as U+FFFD
# so the reader sees that something was there (never silently dropped)
XML_UNSAFE = {**{c: "\ufffd" for c in range(32) if c not in (9, 10, 13)}, 0x0B: "\n", 0x0C: "\n", 0xFFFE: "\ufffd",
              0xFFFF: "\ufffd"}


def word_safe(text: str) -> str:
    """The user's own text (title, organisation, notes) as Word can store it."""
    return text.translate(XML_UNSAFE)


# --- document set-up -------------------------------------------------------------------------------------------

def set_language(document: WordDocument, language: str = LANGUAGE) -> None:
    """The proofing and reading language of all text (document defaults and theme) and of the core properties:
    what Word's checker and a screen reader's voice follow."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)
    document.core_properties.language = language


def set_page(document: WordDocument, letter: bool) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = (Cm(21.59), Cm(27.94)) if letter else (Cm(21.0), Cm(29.7))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))


def set_properties(document: WordDocument, title: str, subject: str, org: str, generated: dt.datetime | None,
                   data_version: str) -> None:
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = org or "High Needs Briefing"
    props.last_modified_by = org or "High Needs Briefing"
    props.keywords = "SEND; high needs; DSG; safety valve"
    props.comments = f"Data version {data_version}. Every figure comes from the bundled dataset, with its source."
    props.category = "Briefing"
    props.revision = 1
    when = (generated or dt.datetime.now()).astimezone(dt.UTC)   # stored with a 'Z': it must be UTC
    props.created = props.modified = when


# --- building blocks -------------------------------------------------------------------------------------------

def add_link(paragraph: Paragraph, url: str, words: str) -> None:
    """A real hyperlink (the link text is what a screen reader announces), underlined in blue."""
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = paragraph.add_run(words)
    run.font.underline = True
    run.font.color.rgb = LINK_BLUE
    link.append(run._r)
    paragraph._p.append(link)


def add_citation(paragraph: Paragraph, citation: Citation) -> None:
    """'Publisher, Title (date)', the title linked to the original's address when there is one."""
    title = citation.document
    date = f" ({citation.published})" if citation.published else ""
    if not citation.url:
        paragraph.add_run(cite(citation))
        return
    if title:
        paragraph.add_run(f"{citation.publisher}, ")
        add_link(paragraph, citation.url, title)
    else:
        add_link(paragraph, citation.url, citation.publisher)
    if date:
        paragraph.add_run(date)


def source_paragraph(document: WordDocument, citations: Iterable[Citation], label: str = "Source") -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    unique = list(dict.fromkeys(citations))
    if not unique:
        paragraph.add_run("not recorded")
    for index, citation in enumerate(unique):
        if index:
            paragraph.add_run("; ")
        add_citation(paragraph, citation)


def mark_header_row(table: Table) -> None:
    """The first row is the table's header: read as such by screen readers and repeated on every page."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    no_split = OxmlElement("w:cantSplit")
    properties.append(no_split)


def add_table(document: WordDocument, header: list[str], rows: Iterable[list[str]], bold_rows: Iterable[int] = (),
              numeric_from: int = 1) -> Table:
    """A table with a marked header row; numbers right-aligned from column ``numeric_from``; ``bold_rows``
    (0 = first data row) in bold, for the council the briefing is about."""
    rows = list(rows)
    bold = set(bold_rows)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for r, (row, values) in enumerate(zip(table.rows, [header, *rows], strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):   # row.cells: fast (row-local)
            cell.text = str(value)
            paragraph = cell.paragraphs[0]
            if c >= numeric_from and r > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in paragraph.runs:
                run.font.size = Pt(9)
                run.bold = r == 0 or (r - 1) in bold
    mark_header_row(table)
    return table


def bullets(document: WordDocument, lines: Iterable[str]) -> None:
    for line in lines:
        document.add_paragraph(line, style="List Bullet")


# --- alternative text --------------------------------------------------------------------------------------------

def latest(points) -> tuple[str, str] | None:
    """(period, value) of the last point with a figure."""
    present = [p for p in points if not p.missing]
    return (present[-1].x, present[-1]) if present else None


def lines(count: int, what: str) -> str:
    return f"{count} line{'' if count == 1 else 's'} for {what}"


def alt_text(spec: ChartSpec, council: str) -> str:
    """What the chart shows, in words: its title, what is plotted, and the council's latest figures (with the
    reference lines' or bars' for context). The figures behind every chart are in the tables and figures file."""
    kind = KIND_WORDS.get(spec.kind, "Chart")
    unit = f" ({spec.value_label})" if spec.value_label else ""
    parts = [f"{kind}: {spec.title}{unit}."]
    if spec.kind == "line":
        roles = [s.role for s in spec.series]
        plotted = [lines(roles.count(SUBJECT), council)]
        comparators = {s.area for s in spec.series if s.role == COMPARATOR}
        if comparators:
            each = ", one line per method each" if roles.count(COMPARATOR) > len(comparators) else ""
            plotted.append(f"{len(comparators)} comparator councils{each}")
        if PREDECESSOR in roles:
            plotted.append(lines(roles.count(PREDECESSOR), "former councils, drawn apart"))
        references = [s.label for s in spec.series if s.role == REFERENCE]
        if references:
            plotted.append("reference lines for " + ", ".join(references))
        first, last = (spec.categories[0], spec.categories[-1]) if spec.categories else ("", "")
        parts.append(f"Axis from {first} to {last}: " + "; ".join(plotted) + ".")
        figures = []
        for s in spec.series:
            if s.role not in (SUBJECT, REFERENCE):
                continue
            found = latest(s.points)
            figures.append(f"{s.label}: {spec.cell(found[1])} in {found[0]}" if found else f"{s.label}: no figure")
        parts.append("Latest figures: " + "; ".join(figures) + ".")
    else:
        points = [p for s in spec.series for p in s.points]
        councils = [p for p in points if p.role != REFERENCE]
        present = [p for p in councils if not p.missing]
        group = "every council with a figure" if spec.kind == "caterpillar" else f"{council} and its comparators"
        parts.append(f"One bar per council, largest first: {group} ({len(present)} with figures).")
        subject = next((p for p in points if p.role == SUBJECT), None)
        if subject is None or subject.missing:
            reason = f" ({subject.note.rstrip('.')})" if subject is not None and subject.note else ""
            parts.append(f"{council}: no figure{reason}.")
        else:
            position = present.index(subject) + 1
            parts.append(f"{council}: {spec.cell(subject)}, bar {position} of {len(present)}.")
        references = [f"{p.x}: {spec.cell(p)}" for p in points if p.role == REFERENCE and not p.missing]
        if references:
            parts.append("Reference bars: " + "; ".join(references) + ".")
    return " ".join(parts)


def add_chart_image(document: WordDocument, spec: ChartSpec, council: str) -> None:
    """The PDF's drawing of ``spec`` as a PNG with alternative text (title and description)."""
    width = IMAGE_WIDTH_CM / 2.54 * 72
    png = drawing_png(chart_drawing(spec, width, suggested_height(spec, width)))
    shape = document.add_picture(io.BytesIO(png), width=Cm(IMAGE_WIDTH_CM))
    properties = shape._inline.docPr
    properties.set("title", spec.title)
    properties.set("descr", alt_text(spec, council))


# --- sections ---------------------------------------------------------------------------------------------------

def headline_rows(briefing: Briefing) -> list[list[str]]:
    rows = []
    for h in briefing.headlines:
        if h.missing:
            rows.append([h.label, "n/a", h.period_text, h.note or "no figure", "", h.england_text])
            continue
        rows.append([h.label, h.text, h.period_text, h.change_text, "\n".join(h.rank_lines("comparators")),
                     h.england_text])
    return rows


def at_a_glance(document: WordDocument, briefing: Briefing, org: str, notes: str) -> None:
    document.add_paragraph(briefing.council.description)
    if org:
        document.add_paragraph(f"Prepared by {org}")
    document.add_paragraph(briefing.programme_summary)
    document.add_heading("At a glance", 1)
    add_table(document, ["Measure", "Figure", "Period", "Change", "Rank", "England"], headline_rows(briefing),
              numeric_from=1)
    names = ", ".join(n for _, n in briefing.comparators)
    document.add_paragraph(f"Ranks: 1 = highest value among councils with a figure. Comparators: "
                           f"{briefing.comparator_label} ({len(briefing.comparators)} councils: {names}).")
    if briefing.summary:
        document.add_heading("Summary", 2)
        bullets(document, (s.text for s in briefing.summary))
    notes_block(document, org, notes)


def notes_block(document: WordDocument, org: str, notes: str) -> None:
    """The user's own notes, as plain text paragraphs (Word never interprets them)."""
    if not notes.strip():
        return
    document.add_heading(f"Notes from {org}" if org else "Notes", 2)
    for block in notes.strip().split("\n\n"):
        document.add_paragraph(block)


def figures_rows(spec: ChartSpec) -> tuple[list[str], list[list[str]], list[int], bool]:
    """The chart's figures for a Word table: line charts as one row per period with a column per series (the
    council first), bars as one row per council. A line chart with more series than fit a page keeps the
    council's and the reference lines (the comparators are in the comparison table and the figures file).
    Returns header, rows, the rows of the subject council (bold), and whether comparators were left out."""
    header, rows = spec.table()
    if spec.kind != "line":
        bold = [i for i, p in enumerate(p for s in spec.series for p in s.points) if p.role == SUBJECT]
        return header, rows, bold, False
    order = [i for i, s in enumerate(spec.series) if s.role == SUBJECT]
    order += [i for i in range(len(spec.series)) if i not in order]
    trimmed = len(order) + 1 > MAX_COLUMNS
    if trimmed:
        order = [i for i in order if spec.series[i].role != COMPARATOR]
    table = [[period, *(rows[i][c] for i in order)] for c, period in enumerate(header[1:], start=1)]
    return ["Period", *(rows[i][0] for i in order)], table, [], trimmed


def chart_block(document: WordDocument, briefing: Briefing, spec: ChartSpec, council: str) -> None:
    document.add_heading(spec.title, 2)
    document.add_paragraph(spec.caption)
    add_chart_image(document, spec, council)
    source_paragraph(document, briefing.cite(spec.source_ids))
    if spec.kind == "caterpillar":
        document.add_paragraph("Every council's figure is in the figures file (CSV and Excel) beside this document.")
    else:
        header, rows, bold, trimmed = figures_rows(spec)
        if trimmed:
            document.add_paragraph("The comparator councils' figures are in the figures file (CSV and Excel) beside "
                                   "this document, and their latest ones in the comparison table.")
        add_table(document, header, rows, bold)
    for note in spec.missing_notes():
        document.add_paragraph(f"Missing: {note}")
    for note in spec.notes:
        if note:
            document.add_paragraph(f"Note: {note}")


def charts_section(document: WordDocument, briefing: Briefing, charts: Iterable[ChartSpec], council: str) -> None:
    basis = "real terms" if briefing.selection.real_terms else "cash terms"
    document.add_heading("Funding, deficit and demand", 1)
    document.add_paragraph(f"Money is shown in {basis}. Each chart has a description for screen readers and is "
                           "followed by its figures; 'n/a' marks a missing figure, drawn as a gap, never as zero.")
    for spec in charts:
        chart_block(document, briefing, spec, council)


def comparison_section(document: WordDocument, briefing: Briefing) -> None:
    table = briefing.comparison
    document.add_heading("Comparison", 1)
    document.add_paragraph(f"{briefing.council.name} against its comparators ({briefing.comparator_label}), the "
                           "median council in its region and in England, and England's published rate. Under each "
                           "council's figure: its rank among all councils with a figure (1 = highest) and its "
                           "quarter. Money in cash terms.")
    rows = []
    for row in table.rows:
        cells = [cell + (f"\n{rank.describe()} · {rank.band}" if rank else "")
                 for cell, rank in zip(row.cells, row.ranks, strict=True)]
        rows.append([row.label, *cells])
    bold = [i for i, row in enumerate(table.rows) if row.kind == SUBJECT]
    add_table(document, ["Council", *table.columns], rows, bold)
    document.add_paragraph("– = England's total is not comparable with one council; see the median rows. "
                           "n/a = no figure (reasons in the chart notes).")
    source_paragraph(document, briefing.cite(table.source_ids))


def terms_block(document: WordDocument, terms: list[tuple[str, str]], citations: Iterable[Citation]) -> None:
    add_table(document, ["Term", "As recorded"], [list(t) for t in terms], numeric_from=2)
    source_paragraph(document, citations, "Sources")


def programmes_section(document: WordDocument, briefing: Briefing) -> None:
    document.add_heading("Safety valve and Delivering Better Value", 1)
    sv, dbv = briefing.safety_valve, briefing.dbv
    if sv:
        document.add_heading("Safety valve agreement", 2)
        terms_block(document, sv.terms(), sv.sources)
        if sv.payments:
            document.add_heading("Payments recorded", 2)
            table = add_table(document, ["Financial year", "Amount", "Source"],
                              [[p.financial_year, p.amount_text, ""] for p in sv.payments])
            for row, payment in zip(table.rows[1:], sv.payments, strict=True):
                add_citation(row.cells[2].paragraphs[0], payment.source)
            document.add_paragraph("Only the payments found in the sources are listed; the list may be incomplete.")
    if dbv:
        document.add_heading("Delivering Better Value", 2)
        terms_block(document, dbv.terms(), dbv.sources)
    if not sv and not dbv:
        document.add_paragraph(briefing.programme_summary)
    document.add_heading("National context", 2)
    document.add_paragraph("Programme size, deficits, the statutory override and the announced write-off of "
                           "historic deficits, in date order, each with its source.")
    table = add_table(document, ["Date", "Event", "Figure", "Source"],
                      [[e.date, e.event, e.figure, ""] for e in briefing.timeline], numeric_from=4)
    for row, event in zip(table.rows[1:], briefing.timeline, strict=True):
        add_citation(row.cells[3].paragraphs[0], event.source)


def sources_section(document: WordDocument, briefing: Briefing, generated: dt.datetime | None) -> None:
    document.add_heading("Sources and method", 1)
    when = f"Generated {generated:%d %B %Y, %H:%M}. " if generated else ""
    document.add_paragraph(f"{when}High Needs Briefing version {briefing.app_version}; data version "
                           f"{briefing.data_version}. Every figure comes from the bundled dataset, which records the "
                           "source of each figure and, for a missing figure, why it is missing. The figures file "
                           "beside this document lists every figure with its source. The releases used:")
    citations = briefing.sources_used
    table = add_table(document, ["Publisher", "Release", "Published", "Licence"],
                      [[c.publisher, "" if c.url else c.title, c.published or "not recorded",
                        c.licence or "not recorded"] for c in citations], numeric_from=4)
    for row, citation in zip(table.rows[1:], citations, strict=True):
        if citation.url:
            add_link(row.cells[1].paragraphs[0], citation.url, citation.title or citation.publisher)
    document.add_heading("Caveats", 2)
    bullets(document, briefing.caveats)


# --- the documents ------------------------------------------------------------------------------------------------

def new_document(title: str, subject: str, org: str, letter: bool, generated: dt.datetime | None,
                 data_version: str) -> WordDocument:
    document = Document()
    rels = document.part.package.rels
    for key in [k for k, rel in rels.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        del rels[key]   # the template's preview picture would show a blank page, not this briefing
    set_page(document, letter)
    set_language(document)
    set_properties(document, title, subject, org, generated, data_version)
    document.add_heading(title, 0)
    return document


def save(document: WordDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(briefing: Briefing, title: str = "", org: str = "", notes: str = "", letter: bool = False,
                sections: Iterable[str] = SECTIONS, generated: dt.datetime | None = None) -> bytes:
    """One council's briefing as .docx bytes, with the PDF's sections (those in ``sections``), in its order."""
    chosen = set(sections)
    title, org, notes = word_safe(title), word_safe(org), word_safe(notes)
    name = briefing.council.name
    title = title or f"{name}: high needs funding, deficits and demand"
    document = new_document(title, f"SEND high needs briefing for {name} (data version {briefing.data_version})",
                            org, letter, generated, briefing.data_version)
    if "glance" in chosen:
        at_a_glance(document, briefing, org, notes)
    else:
        notes_block(document, org, notes)
    if "charts" in chosen and briefing.charts:
        charts_section(document, briefing, briefing.charts, name)
    if "comparison" in chosen:
        comparison_section(document, briefing)
    if "programmes" in chosen:
        programmes_section(document, briefing)
    if "sources" in chosen:
        sources_section(document, briefing, generated)
    return save(document)


def render_comparison_docx(comparison: Comparison, title: str = "", org: str = "", notes: str = "",
                           letter: bool = False, sections: Iterable[str] = SECTIONS,
                           generated: dt.datetime | None = None) -> bytes:
    """Several councils side by side, as the PDF's comparison briefing: headline figures (a column per council),
    each council's summary, the shared charts, then sources and method."""
    briefings = list(comparison.briefings)
    title, org, notes = word_safe(title), word_safe(org), word_safe(notes)
    names = [b.council.name for b in briefings]
    title = title or "Comparison briefing: " + ", ".join(names)
    combined = comparison.combined
    document = new_document(title, "SEND high needs comparison briefing for " + ", ".join(names), org, letter,
                            generated, combined.data_version)
    if org:
        document.add_paragraph(f"Prepared by {org}")
    document.add_paragraph(f"{len(briefings)} councils side by side. Ranks: 1 = highest value among all councils "
                           "with a figure. Money in cash terms.")
    document.add_heading("Headline figures", 1)
    rows = []
    for index, first in enumerate(briefings[0].headlines):
        row = [f"{first.label}, {first.period_text}"]
        for b in briefings:
            h = b.headlines[index]
            value = f"n/a: {h.note}" if h.missing else h.text
            row.append(value + (f"\nrank {h.rank_all.describe()}" if h.rank_all else ""))
        rows.append(row)
    add_table(document, ["Measure (latest period)", *names], rows)
    notes_block(document, org, notes)
    document.add_heading("Summaries", 1)
    for b in briefings:
        document.add_heading(b.council.name, 2)
        bullets(document, (s.text for s in b.summary))
    if "charts" in set(sections) and comparison.charts:
        charts_section(document, combined, comparison.charts, names[0])
    if "sources" in set(sections):
        sources_section(document, combined, generated)
    return save(document)
