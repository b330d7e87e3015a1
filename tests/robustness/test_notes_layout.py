"""Long notes: laid out in time linear in their length, every line kept, markup shown literally."""

import io
import time

from pypdf import PdfReader

from briefing.report.document import DocumentInfo, render, styles
from briefing.report.files import MAX_NOTES_CHARS
from briefing.report.notes import LINES_PER_PARAGRAPH, notes_paragraphs

INFO = DocumentInfo("Notes", "Test", "Notes", "Test", "Test", invariant=True)


def test_twenty_thousand_characters_of_one_word_lines_lay_out_quickly():
    notes = ("x\n" * MAX_NOTES_CHARS)[:MAX_NOTES_CHARS]       # 10,000 lines in one block: 35 s as one Paragraph
    started = time.perf_counter()
    pdf = render(notes_paragraphs(notes, styles()["user"]), INFO)
    assert time.perf_counter() - started < 10
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 100


def test_blocks_are_cut_into_short_paragraphs_and_keep_every_line():
    lines = [f"line {n} <b>&amp;" for n in range(1, 46)]
    story = notes_paragraphs("\n".join(lines) + "\n\nSecond block", styles()["user"])
    assert len(story) == 4 and all(p.text.count("<br/>") < LINES_PER_PARAGRAPH for p in story)
    assert (story[0].style.spaceAfter, story[1].style.spaceBefore, story[1].style.spaceAfter) == (0, 0, 0)
    assert story[2].style.spaceAfter == story[3].style.spaceAfter == styles()["user"].spaceAfter
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render(story, INFO))).pages)
    assert "line 1 <b>&amp;" in text and "line 45 <b>&amp;" in text and "Second block" in text
