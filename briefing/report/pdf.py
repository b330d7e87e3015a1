"""Build and save PDF briefings: one council, or several councils side by side (a comparison briefing).

    render_briefing(dataset, code, options) -> bytes
    export(dataset, codes, out_path, options) -> [written paths]   (PDF plus its CSV companion)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from briefing.analysis import compare
from briefing.analysis.briefing import Briefing, Comparison, Selection, build_briefing, build_comparison
from briefing.data.dataset import Dataset
from briefing.report import sections
from briefing.report.document import MARGIN, DocumentInfo, Heading, paragraph, render, render_counted, styles, text
from briefing.report.figures import briefing_rows, to_csv
from briefing.report.files import ExportCancelled, ExportError, write_atomic

SECTIONS = {
    "glance": "At a glance",
    "charts": "Funding, deficit and demand",
    "comparison": "Comparison",
    "programmes": "Safety valve and DBV",
    "sources": "Sources and method",
}
MAX_SIDE_BY_SIDE = compare.MAX_CUSTOM + 1
COLUMNS_PER_TABLE = 5


@dataclass(frozen=True)
class ExportOptions:
    comparator_group: str = "neighbours"
    custom: tuple[str, ...] = ()
    sections: tuple[str, ...] = tuple(SECTIONS)
    real_terms: bool = False
    hnb_basis: str = "before_deductions"   # or "after_deductions": the high needs block basis printed
    org: str = ""
    title: str = ""
    notes: str = ""                # the user's plain text; escaped, never interpreted as markup
    letter: bool = False
    invariant: bool = False        # identical bytes for identical input (no dates, fixed document id)
    csv: bool = True
    appendix: bool = False         # every chart with its figures and the full national timeline, after the briefing
    generated: dt.datetime | None = field(default=None, compare=False)

    def selection(self, code: str) -> Selection:
        return Selection(code, self.comparator_group, self.custom, real_terms=self.real_terms,
                         hnb_basis=self.hnb_basis)


def frame_width(options: ExportOptions) -> float:
    return (LETTER if options.letter else A4)[0] - 2 * MARGIN


def generated_text(options: ExportOptions) -> str:
    if options.invariant:
        return "Generated in reproducible mode (no date recorded, so identical input gives identical files)."
    when = options.generated or dt.datetime.now()
    return f"Generated {when:%d %B %Y, %H:%M}."


def document_info(title: str, subject: str, header_left: str, options: ExportOptions) -> DocumentInfo:
    org = options.org.strip()
    return DocumentInfo(title=title, author=org or "High Needs Briefing", subject=subject,
                        header_left=header_left, header_right=org or "High Needs Briefing",
                        keywords=("SEND", "high needs", "DSG", "safety valve"), letter=options.letter,
                        invariant=options.invariant)


MAX_BRIEFING_PAGES = 4


def briefing_story(briefing: Briefing, options: ExportOptions, key_charts: tuple[str, ...] = sections.KEY_CHARTS
                   ) -> list[Flowable]:
    width = frame_width(options)
    style = styles()
    story: list[Flowable] = []
    if "glance" in options.sections:
        story += sections.at_a_glance(briefing, options, generated_text(options), width, style)
    else:
        story.append(Heading(options.title or f"{briefing.council.name}: briefing", style["title"], 0))
        if options.notes.strip():
            story += sections.notes_block(options, style)
    if "charts" in options.sections:
        story += sections.charts_section(briefing, width, style, key_charts)
    if "comparison" in options.sections:
        story += sections.comparison_section(briefing, width, style)
    if "programmes" in options.sections:
        story += sections.programmes_section(briefing, width, style)
    if "sources" in options.sections:
        story += sections.sources_section(briefing, generated_text(options), width, style)
    if options.appendix:
        story += sections.appendix(briefing, width, style)
    return story


def make_briefing(dataset: Dataset, code: str, options: ExportOptions) -> Briefing:
    return build_briefing(dataset, options.selection(code), with_charts="charts" in options.sections)


def render_briefing(dataset: Dataset, code: str, options: ExportOptions,
                    cancelled: Callable[[], bool] = lambda: False) -> tuple[bytes, Briefing]:
    """The PDF of one council's briefing, and the Briefing it was drawn from (for the CSV)."""
    unknown = set(options.sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    briefing = make_briefing(dataset, code, options)
    name = briefing.council.name
    title = options.title or f"{name}: high needs funding, deficits and demand"
    info = document_info(title, f"SEND high needs briefing for {name} (data version {briefing.data_version})",
                         f"High Needs Briefing · {name}", options)
    # at most four pages before the appendix: a council with a long programme history or reorganisation notes
    # gives up its last key chart (every chart stays in the appendix and the figures file)
    for key_charts in (sections.KEY_CHARTS, sections.KEY_CHARTS[:-1]):
        short = replace(options, appendix=False)
        pdf, pages = render_counted(briefing_story(briefing, short, key_charts), info, cancelled)
        if pages <= MAX_BRIEFING_PAGES:
            break
    if options.appendix:
        pdf = render(briefing_story(briefing, options, key_charts), info, cancelled)
    return pdf, briefing


# --- several councils side by side ------------------------------------------------------------------------------

def side_by_side_tables(briefings: list[Briefing], width: float, style: dict) -> list[Flowable]:
    """Headline figures with rows = measures and columns = councils, five councils per table."""
    story: list[Flowable] = []
    label_width = width * 0.24
    for start in range(0, len(briefings), COLUMNS_PER_TABLE):
        group = briefings[start:start + COLUMNS_PER_TABLE]
        header = [paragraph("Measure (latest period)", style["cell_bold"])]
        header += [paragraph(b.council.name, style["cell_bold"]) for b in group]
        rows = [header]
        for index, first in enumerate(group[0].headlines):
            row = [paragraph(f"{first.label}, {first.period_text}", style["cell"])]
            for b in group:
                h = b.headlines[index]
                value = f"n/a: {h.note}" if h.missing else h.text
                rank = f"\nrank {h.rank_all.describe()}" if h.rank_all else ""
                row.append(paragraph(value + rank, style["cell"]) if h.missing else value + rank)
            rows.append(row)
        rows.append([paragraph("Programme", style["cell"]), *(programme_name(b) for b in group)])
        cell_width = min(110.0, (width - label_width) / len(group))
        story += [sections.data_table(rows, [label_width] + [cell_width] * len(group)), Spacer(0, 8)]
    return story


def programme_name(briefing: Briefing) -> str:
    if briefing.safety_valve:
        return f"Safety valve ({briefing.safety_valve.first_year})"
    if briefing.dbv:
        return f"DBV tranche {briefing.dbv.tranche or 'not stated'}"
    return "neither"


def comparison_story(comparison: Comparison, options: ExportOptions) -> list[Flowable]:
    width = frame_width(options)
    style = styles()
    briefings = list(comparison.briefings)
    names = [b.council.name for b in briefings]
    title = options.title or "Comparison briefing: " + ", ".join(names)
    story: list[Flowable] = [Heading(title, style["title"], 0)]
    if options.org:
        story.append(paragraph(f"Prepared by {options.org}", style["subtitle"]))
    story.append(paragraph(f"{len(briefings)} councils side by side. Ranks: 1 = highest value among all councils "
                           f"with a figure. Money in cash terms.", style["subtitle"]))
    story.append(Heading("Headline figures", style["h2"], 1))
    story += side_by_side_tables(briefings, width, style)
    if options.notes.strip():
        story += sections.notes_block(options, style)
    for index, b in enumerate(briefings):
        block: list[Flowable] = [Heading("Summaries", style["h2"], 1)] if index == 0 else []
        block.append(Heading(b.council.name, style["h3"], 2))
        block += [Paragraph(text(s.text), style["bullet"], bulletText="•") for s in b.summary]
        story.append(KeepTogether(block))
    combined = comparison.combined
    lead = [Heading("Charts", style["h2"], 1)]
    for index, spec in enumerate(comparison.charts):
        story += sections.chart_block(spec, combined.cite(spec.source_ids), width, style, lead if index == 0 else ())
    if "sources" in options.sections:
        story += sections.sources_section(combined, generated_text(options), width, style)
    return story


def render_comparison(dataset: Dataset, codes: list[str], options: ExportOptions,
                      cancelled: Callable[[], bool] = lambda: False) -> tuple[bytes, list[Briefing]]:
    if len(codes) > MAX_SIDE_BY_SIDE:
        raise ValueError(f"a comparison briefing covers at most {MAX_SIDE_BY_SIDE} councils (got {len(codes)}); "
                         f"use --all or a batch export for more")
    comparison = build_comparison(dataset, [options.selection(code) for code in codes],
                                  with_charts="charts" in options.sections)
    briefings = list(comparison.briefings)
    title = options.title or "Comparison briefing: " + ", ".join(b.council.name for b in briefings)
    info = document_info(title, "SEND high needs comparison briefing for " + ", ".join(
        b.council.name for b in briefings), "High Needs Briefing · comparison", options)
    return render(comparison_story(comparison, options), info, cancelled), briefings


# --- saving ---------------------------------------------------------------------------------------------------

def csv_path(pdf_path: Path) -> Path:
    return pdf_path.with_name(pdf_path.stem + "-figures.csv")


def export(dataset: Dataset, codes: list[str], out_path: Path, options: ExportOptions,
           cancelled: Callable[[], bool] = lambda: False) -> list[Path]:
    """Write the briefing for ``codes`` (one council, or a comparison of several) and its CSV companion.
    Raises ``ExportError`` with a plain message if a file cannot be written; nothing partial is left.
    ``cancelled`` is asked while the PDF is drawn and once it is: if it says yes, nothing is written."""
    out_path = Path(out_path)
    if not codes:
        raise ValueError("choose at least one council")
    if len(codes) == 1:
        pdf, briefing = render_briefing(dataset, codes[0], options, cancelled)
        briefings = [briefing]
    else:
        pdf, briefings = render_comparison(dataset, codes, options, cancelled)
    if out_path.is_dir():
        raise ExportError(f"{out_path} is a folder; give a file name ending in .pdf")
    if cancelled():
        raise ExportCancelled()
    write_atomic(out_path, pdf)
    written = [out_path]
    if options.csv:
        rows = [row for b in briefings for row in briefing_rows(b)]
        write_atomic(csv_path(out_path), to_csv(rows))
        written.append(csv_path(out_path))
    return written


def default_file_name(dataset: Dataset, codes: list[str]) -> str:
    """'kent-briefing.pdf' or 'comparison-kent-medway.pdf': safe on every file system."""
    slugs = ["".join(ch if ch.isalnum() else "-" for ch in dataset.council_name(c).lower()).strip("-") for c in codes]
    slugs = ["-".join(filter(None, s.split("-"))) for s in slugs]
    if len(codes) == 1:
        return f"{slugs[0]}-briefing.pdf"
    return "comparison-" + "-".join(slugs)[:80].rstrip("-") + ".pdf"


__all__ = ["SECTIONS", "ExportCancelled", "ExportError", "ExportOptions", "csv_path", "default_file_name", "export",
           "render_briefing", "render_comparison"]
