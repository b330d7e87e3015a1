"""PDF test helpers: briefings rendered once per session (ReportLab work is the slow part)."""

import io

import pytest
from pypdf import PdfReader

from briefing.report.pdf import ExportOptions, render_briefing

NOTES = "Meeting on 3 March <img src='http://example.com/x.png'/> & <font color=red>urgent</font>\n=SUM(A1)"


def pdf_text(data: bytes) -> str:
    """All pages' text with runs of white space (line breaks inside paragraphs) made single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


@pytest.fixture(scope="session")
def kent_pdf(dataset):
    data, briefing = render_briefing(dataset, "886", ExportOptions(org="Test Org", notes=NOTES, invariant=True))
    return data, briefing


@pytest.fixture(scope="session")
def kent_text(kent_pdf):
    return pdf_text(kent_pdf[0])
