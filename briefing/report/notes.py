"""The user's notes as flowables whose layout time grows linearly with the text.

One ReportLab Paragraph holding a block of many ``<br/>`` lines is re-wrapped from its split point at every page
break, so a long block costs time quadratic in its lines (10,000 one-word lines took 35 s for 20,000 characters).
Cutting each block into paragraphs of a few lines keeps every split small; the page looks the same, because a
line break inside a paragraph and the start of a zero-spaced paragraph advance by the same leading.
"""

from __future__ import annotations

from itertools import groupby

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from briefing.report.document import text
from briefing.report.fonts import markup, width
from briefing.report.scripts import RTL, base_is_rtl, shape, visual

LINES_PER_PARAGRAPH = 20


def notes_paragraphs(notes: str, style: ParagraphStyle) -> list[Flowable]:
    """``notes`` as plain text (escaped, so markup appears literally): blank lines separate blocks, spaced by
    ``style``; the lines of a block follow one another with no extra space. Lines with right-to-left text are
    broken and ordered by ``BidiLines``; a line whose first letter is Arabic or Hebrew is set flush right."""
    inner = ParagraphStyle(f"{style.name}_inner", parent=style, spaceBefore=0, spaceAfter=0)
    first = ParagraphStyle(f"{style.name}_first", parent=style, spaceAfter=0)
    last = ParagraphStyle(f"{style.name}_last", parent=style, spaceBefore=0)
    story: list[Flowable] = []
    for block in notes.strip().split("\n\n"):
        lines = block.splitlines() or [""]
        chunks: list[tuple[str | None, list[str]]] = []
        for direction, grouped in groupby(lines, key=direction_of):
            group = list(grouped)
            chunks += [(direction, group[start:start + LINES_PER_PARAGRAPH])
                       for start in range(0, len(group), LINES_PER_PARAGRAPH)]
        for index, (direction, chunk) in enumerate(chunks):
            if len(chunks) == 1:
                chunk_style = style
            else:
                chunk_style = first if index == 0 else last if index == len(chunks) - 1 else inner
            if direction is None:
                story.append(Paragraph("<br/>".join(text(line) for line in chunk), chunk_style))
            else:
                story.append(BidiLines(chunk, chunk_style, rtl=direction == "rtl"))
    return story


def direction_of(line: str) -> str | None:
    """None for a line with no right-to-left letters, else the direction its first letter gives it."""
    if not RTL.search(line):
        return None
    return "rtl" if base_is_rtl(line) else "ltr"


def break_line(line: str, available: float, style: ParagraphStyle) -> list[str]:
    """``line`` in logical order, cut at spaces into pieces that each fit ``available`` points (a word longer
    than that stays whole), measured as printed: shaped, and in the fonts that will draw it."""
    words = line.split(" ")
    measure = [width(shape(word), style.fontName, style.fontSize) for word in words]
    space = width(" ", style.fontName, style.fontSize)
    pieces: list[str] = []
    current: list[str] = []
    used = 0.0
    for word, size in zip(words, measure, strict=True):
        if current and used + space + size > available - 1:     # a point spare for rounding in the paragraph
            pieces.append(" ".join(current))
            current, used = [], 0.0
        used += (space if current else 0) + size
        current.append(word)
    pieces.append(" ".join(current))
    return pieces


class BidiLines(Flowable):
    """Lines holding right-to-left text. ReportLab breaks a paragraph into lines after it is in visual order, which
    would send the end of a long Arabic sentence to its first line; here each line is broken in reading order for
    the width the frame offers, and only then put in visual order, one printed line at a time."""

    def __init__(self, lines: list[str], style: ParagraphStyle, rtl: bool):
        super().__init__()
        self.lines, self.rtl = lines, rtl
        self.style = ParagraphStyle(f"{style.name}_{'rtl' if rtl else 'ltr'}", parent=style,
                                    alignment=TA_RIGHT if rtl else TA_LEFT)
        self.paragraph: Paragraph | None = None
        self.laid_out_for: float | None = None

    def laid_out(self, available: float) -> Paragraph:
        if self.paragraph is None or self.laid_out_for != available:
            shown = [markup(visual(piece, self.rtl)) for line in self.lines
                     for piece in break_line(line, available, self.style)]
            self.paragraph = Paragraph("<br/>".join(shown), self.style)
            self.laid_out_for = available
        return self.paragraph

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.laid_out(availWidth).wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return self.laid_out(availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter
