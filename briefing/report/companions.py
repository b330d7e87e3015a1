"""The Word and Excel companions of an export, named after the PDF: ``kent-briefing.docx`` and
``kent-briefing-figures.xlsx`` beside ``kent-briefing.pdf`` and its CSV. Both are drawn before anything is
written, so a failure to build them leaves no new file; each is then written atomically."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.analysis.briefing import build_briefing, build_comparison
from briefing.data.dataset import Dataset
from briefing.report.docx import render_comparison_docx, render_docx
from briefing.report.figures import briefing_rows
from briefing.report.files import write_atomic
from briefing.report.pdf import ExportOptions, csv_path
from briefing.report.xlsx import to_xlsx


def docx_path(pdf_path: Path) -> Path:
    return pdf_path.with_suffix(".docx")


def xlsx_path(pdf_path: Path) -> Path:
    return csv_path(pdf_path).with_suffix(".xlsx")


def render_companions(dataset: Dataset, codes: list[str], pdf_path: Path, options: ExportOptions, docx: bool,
                      xlsx: bool) -> dict[Path, bytes]:
    """The companions asked for, as {path: bytes}, for one council or a comparison of several."""
    selections = [options.selection(code) for code in codes]
    with_charts = "charts" in options.sections
    generated = None if options.invariant else options.generated or dt.datetime.now()
    layout = {"title": options.title, "org": options.org, "notes": options.notes, "letter": options.letter,
              "sections": options.sections, "generated": generated}
    out: dict[Path, bytes] = {}
    if len(codes) == 1:
        briefings = [build_briefing(dataset, selections[0], with_charts=with_charts)]
        if docx:
            out[docx_path(pdf_path)] = render_docx(briefings[0], **layout)
    else:
        comparison = build_comparison(dataset, selections, with_charts=with_charts)
        briefings = list(comparison.briefings)
        if docx:
            out[docx_path(pdf_path)] = render_comparison_docx(comparison, **layout)
    if xlsx:
        out[xlsx_path(pdf_path)] = to_xlsx([row for b in briefings for row in briefing_rows(b)], briefings)
    return out


def write_companions(files: dict[Path, bytes]) -> list[Path]:
    for path, data in files.items():
        write_atomic(path, data)
    return list(files)
