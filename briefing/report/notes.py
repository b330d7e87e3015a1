"""The user's notes as flowables whose layout time grows linearly with the text.

One ReportLab Paragraph holding a block of many ``<br/>`` lines is re-wrapped from its split point at every page
break, so a long block costs time quadratic in its lines (10,000 one-word lines took 35 s for 20,000 characters).
Cutting each block into paragraphs of a few lines keeps every split small; the page looks the same, because a
line break inside a paragraph and the start of a zero-spaced paragraph advance by the same leading.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from briefing.report.document import text

LINES_PER_PARAGRAPH = 20


def notes_paragraphs(notes: str, style: ParagraphStyle) -> list[Flowable]:
    """``notes`` as plain text (escaped, so markup appears literally): blank lines separate blocks, spaced by
    ``style``; the lines of a block follow one another with no extra space."""
    inner = ParagraphStyle(f"{style.name}_inner", parent=style, spaceBefore=0, spaceAfter=0)
    first = ParagraphStyle(f"{style.name}_first", parent=style, spaceAfter=0)
    last = ParagraphStyle(f"{style.name}_last", parent=style, spaceBefore=0)
    story: list[Flowable] = []
    for block in notes.strip().split("\n\n"):
        lines = block.splitlines() or [""]
        chunks = [lines[start:start + LINES_PER_PARAGRAPH] for start in range(0, len(lines), LINES_PER_PARAGRAPH)]
        for index, chunk in enumerate(chunks):
            if len(chunks) == 1:
                chunk_style = style
            else:
                chunk_style = first if index == 0 else last if index == len(chunks) - 1 else inner
            story.append(Paragraph("<br/>".join(text(line) for line in chunk), chunk_style))
    return story
