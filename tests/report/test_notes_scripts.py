"""Notes in any script: Welsh, Polish, Arabic (shaped, right to left), Chinese; what no font has is named."""

import io
import re
import unicodedata

from pypdf import PdfReader

from briefing import cli
from briefing.report.document import styles
from briefing.report.files import read_notes
from briefing.report.fonts import undrawable, undrawable_message
from briefing.report.notes import BidiLines
from briefing.report.pdf import ExportOptions, render_briefing
from briefing.report.scripts import visual

ARABIC = "مرحبا بالعالم"
LONG_ARABIC = ("هذا نص عربي طويل لاختبار التفاف الأسطر في ملاحظات الإحاطة، ويجب أن يظهر بالترتيب الصحيح من اليمين "
               "إلى اليسار عند الطباعة على أكثر من سطر واحد في الصفحة")
CHINESE = "特殊教育需要的高需求资金。繁體中文：特殊教育需要。"
WELSH_POLISH = "Mae'r ŵyr yn ŷd. Zażółć gęślą jaźń."


def logical(printed: str) -> str:
    """What a printed right-to-left line says, read back: presentation forms to letters, right to left."""
    return unicodedata.normalize("NFKC", re.sub("<[^>]+>", "", printed)[::-1])


def notes_pdf(dataset, notes: str) -> tuple[str, set[str]]:
    data, _ = render_briefing(dataset, "886", ExportOptions(sections=("glance",), notes=notes, invariant=True))
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = {str(font["/BaseFont"]).split("+")[-1].split("-")[0] for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    return text, fonts


def test_notes_in_arabic_chinese_welsh_and_polish_print(dataset):
    text, fonts = notes_pdf(dataset, f"{WELSH_POLISH}\n\n{ARABIC}\n\n{CHINESE}")
    assert {"NotoSansArabic", "DroidSansFallback"} <= fonts
    assert WELSH_POLISH in text and CHINESE in text
    assert ARABIC in unicodedata.normalize("NFKC", text)      # pypdf reads right-to-left runs back to front
    assert "\ufffd" not in text


def test_arabic_is_shaped_and_put_in_visual_order():
    printed = visual(ARABIC)
    names = [unicodedata.name(char) for char in printed]
    assert names[:2] == ["ARABIC LETTER MEEM FINAL FORM", "ARABIC LETTER LAM INITIAL FORM"]   # the last word first
    assert names[-1] == "ARABIC LETTER MEEM INITIAL FORM"
    assert visual("لا") == "\ufefb"                                            # lam-alef is one ligature
    assert visual("Meeting: مرحبا (2024) today") == "Meeting: (2024) ﺎﺒﺣﺮﻣ today"   # numbers and brackets whole
    assert visual("العجز 67.2") == "67.2 ﺰﺠﻌﻟﺍ"


def test_a_long_arabic_line_is_broken_in_reading_order():
    lines = BidiLines([LONG_ARABIC], styles()["user"], rtl=True)
    lines.wrap(200, 1000)
    printed = [logical(line).strip() for line in lines.paragraph.text.split("<br/>")]
    assert len(printed) >= 3
    assert " ".join(printed) == LONG_ARABIC                 # the first printed line holds the sentence's start
    assert lines.paragraph.style.alignment == 2             # flush right


def test_characters_no_font_has_are_named_and_marked(dataset):
    assert undrawable("Plan 😀 한") == ["한", "😀"]
    assert "U+1F600 grinning face" in undrawable_message("Plan 😀")
    assert undrawable_message(f"{ARABIC} {CHINESE} −£5m {WELSH_POLISH}") == ""
    text, _ = notes_pdf(dataset, "Plan 😀 agreed")
    assert "Plan \ufffd agreed" in text                      # a visible mark, never a silent gap


def test_the_cli_warns_about_characters_it_cannot_print(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("Plan 😀 agreed", encoding="utf-8")
    assert cli.main(["export", "886", "--out", str(tmp_path / "k.pdf"), "--sections", "glance", "--no-csv",
                     "--notes", str(tmp_path / "notes.txt")]) == 0
    err = capsys.readouterr().err
    assert "warning: 1 character in the notes cannot be printed" in err and "U+1F600" in err


def test_notes_saved_as_windows_1252_or_utf16_are_read(tmp_path):
    (tmp_path / "ansi.txt").write_bytes("Budget £5m – café".encode("cp1252"))
    assert read_notes(tmp_path / "ansi.txt") == "Budget £5m – café"
    (tmp_path / "unicode.txt").write_bytes("ملاحظة £5m".encode("utf-16"))
    assert read_notes(tmp_path / "unicode.txt") == "ملاحظة £5m"
    (tmp_path / "utf8.txt").write_bytes("\ufeffZażółć".encode())
    assert read_notes(tmp_path / "utf8.txt") == "Zażółć"


def test_an_organisation_in_arabic_prints_in_the_page_header(dataset):
    data, _ = render_briefing(dataset, "886", ExportOptions(sections=("glance",), org="منتدى الآباء 😀",
                                                            invariant=True))
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    fonts = {str(font["/BaseFont"]).split("+")[-1] for font in page["/Resources"]["/Font"].values()}
    assert any(name.startswith("NotoSansArabic") for name in fonts)
    header = unicodedata.normalize("NFKC", page.extract_text().split("Figures and sources:")[0])
    assert "منتدى الآباء" in header and "\ufffd" in header
    assert reader.metadata.author == "منتدى الآباء 😀"                  # the viewer draws metadata itself


def test_a_single_font_label_marks_what_noto_sans_lacks():
    from briefing.report.fonts import printable

    assert printable("Kent −£5m · café") == "Kent −£5m · café"
    assert printable("Plan 😀 中") == "Plan \ufffd \ufffd"
