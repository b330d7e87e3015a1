"""The page furniture of every briefing: styles, running header, 'Page n of N' footer, outline entries and
document metadata. Section content lives in ``sections.py``; this module only turns a story into bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from briefing.report.files import ExportCancelled
from briefing.report.fonts import BOLD, ITALIC, REGULAR, prepare_reportlab, printable

INK = HexColor("#1A1A1A")
MUTED_INK = HexColor("#555555")
RULE = HexColor("#BBBBBB")
LINK = HexColor("#0B5A8E")
MARGIN = 17 * mm


def styles() -> dict[str, ParagraphStyle]:
    prepare_reportlab()   # paragraphs resolve their fonts when created
    base = ParagraphStyle("body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=8.5, leading=11.5, textColor=INK,
                          spaceAfter=4)

    def style(name: str, **changes) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return {
        "body": base,
        "title": style("title", fontName=BOLD, fontSize=20, leading=24, spaceAfter=2),
        "subtitle": style("subtitle", fontSize=10, leading=13, textColor=MUTED_INK, spaceAfter=8),
        "h2": style("h2", fontName=BOLD, fontSize=13, leading=16, spaceBefore=10, spaceAfter=6, keepWithNext=1),
        "h3": style("h3", fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=8, spaceAfter=2, keepWithNext=1),
        "caption": style("caption", fontSize=7.5, leading=9.5, textColor=MUTED_INK, spaceAfter=3),
        "note": style("note", fontName=ITALIC, fontSize=7.2, leading=9.2, textColor=MUTED_INK, spaceAfter=3),
        "small": style("small", fontSize=7.2, leading=9.2, spaceAfter=0),
        "cell": style("cell", fontSize=7, leading=8.6, spaceAfter=0),
        "cell_bold": style("cell_bold", fontName=BOLD, fontSize=7, leading=8.6, spaceAfter=0),
        "bullet": style("bullet", leftIndent=10, bulletIndent=0, spaceAfter=3),
        "card_label": style("card_label", fontSize=7.2, leading=9, textColor=MUTED_INK, spaceAfter=1),
        "card_value": style("card_value", fontName=BOLD, fontSize=15, leading=18, spaceAfter=1),
        "card_small": style("card_small", fontSize=7, leading=8.8, spaceAfter=0),
        "badge": style("badge", fontSize=8.5, leading=11.5, spaceAfter=0),
        "user": style("user", fontSize=8.5, leading=11.5, spaceAfter=4),
        "source": style("source", fontSize=7, leading=8.8, leftIndent=8, bulletIndent=0, spaceAfter=1.5),
    }


def text(value: object) -> str:
    """Plain text made safe for Paragraph markup: escaped (never interpreted) and drawable by the font."""
    return escape(printable(str(value)))


def link(url: str, label: str | None = None) -> str:
    """A clickable link in Paragraph markup; both the address and the label are escaped. Only web addresses
    become links (never javascript: or file: ones)."""
    if not url.lower().startswith(("https://", "http://")):
        return text(label or url)
    href = escape(url, {'"': "&quot;"})
    return f'<a href="{href}" color="#0B5A8E"><u>{text(label or url)}</u></a>'


def paragraph(value: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped), for anything that did not come from this module's own markup."""
    return Paragraph(text(value), style)


class Heading(Paragraph):
    """A heading that becomes a PDF outline entry (bookmark) at ``level``."""

    def __init__(self, title: str, style: ParagraphStyle, level: int):
        super().__init__(text(title), style)
        self.outline_title = printable(title)
        self.outline_level = level


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    header_left: str
    header_right: str
    keywords: tuple[str, ...] = ()
    letter: bool = False
    invariant: bool = False


class BriefingCanvas(Canvas):
    """Writes 'of N' through a form defined once the page count is known, so one pass suffices; opens with
    the outline (bookmarks) panel shown."""

    def save(self) -> None:
        self.showOutline()
        self.beginForm("page_total")
        self.setFont(REGULAR, 7)
        self.setFillColor(MUTED_INK)
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()


class BriefingDocument(BaseDocTemplate):
    def __init__(self, target: io.BytesIO, info: DocumentInfo, cancelled: Callable[[], bool] = lambda: False):
        self.info = info
        self.cancelled = cancelled
        self.bookmarks = 0
        super().__init__(
            target, pagesize=LETTER if info.letter else A4, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + 5 * mm, bottomMargin=MARGIN, title=printable(info.title),
            author=printable(info.author), subject=printable(info.subject), creator="High Needs Briefing",
            keywords=list(info.keywords), lang="en-GB", invariant=1 if info.invariant else 0, displayDocTitle=1,
            initialFontName=REGULAR, initialFontSize=8.5,   # else every page also references unembedded Helvetica
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self.furniture)])

    def furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.setFillColor(MUTED_INK)
        top = height - MARGIN + 2 * mm
        canvas.drawString(MARGIN, top, printable(self.info.header_left))
        canvas.drawRightString(width - MARGIN, top, printable(self.info.header_right))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 2.5, width - MARGIN, top - 2.5)
        bottom = MARGIN - 7 * mm
        canvas.drawString(MARGIN, bottom, "Figures and sources: see 'Sources and method'. Missing figures are shown "
                                          "as n/a with the reason.")
        label = f"Page {canvas.getPageNumber()} of "
        total_width = canvas.stringWidth("000", REGULAR, 7)
        right = width - MARGIN - total_width
        canvas.drawRightString(right, bottom, label)
        canvas.translate(right, bottom)
        canvas.doForm("page_total")
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if self.cancelled():        # a cancel stops a long layout within one flowable, not at its end
            raise ExportCancelled()
        if isinstance(flowable, Heading):
            self.bookmarks += 1
            key = f"section{self.bookmarks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, level=flowable.outline_level, closed=False)


def render(story: list[Flowable], info: DocumentInfo, cancelled: Callable[[], bool] = lambda: False) -> bytes:
    """The finished PDF as bytes (written to disk separately, atomically). ``cancelled`` is asked after each
    flowable; when it says yes, ``ExportCancelled`` is raised."""
    return render_counted(story, info, cancelled)[0]


def render_counted(story: list[Flowable], info: DocumentInfo, cancelled: Callable[[], bool] = lambda: False
                   ) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    prepare_reportlab()
    buffer = io.BytesIO()
    document = BriefingDocument(buffer, info, cancelled)
    document.build(story, canvasmaker=BriefingCanvas)
    return buffer.getvalue(), document.page
