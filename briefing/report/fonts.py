"""ReportLab set-up shared by charts and documents: the app's Noto Sans fonts, and no network access."""

from __future__ import annotations

import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.data.dataset import DataError
from briefing.resources import font_path

REGULAR, BOLD, ITALIC, BOLD_ITALIC = "NotoSans", "NotoSans-Bold", "NotoSans-Italic", "NotoSans-BoldItalic"


@cache
def prepare_reportlab() -> None:
    """Register the bundled fonts once (embedded and subset in every PDF) and forbid fetching any URL, so a
    stray ``<img src=...>`` can never reach the network (trustedHosts None = no host is trusted)."""
    rl_config.trustedHosts = None
    rl_config.trustedSchemes = []
    rl_config.useA85 = 0          # binary (still compressed) streams: smaller files, no slow ASCII85 pass
    for name, style in ((REGULAR, "regular"), (BOLD, "bold"), (ITALIC, "italic"), (BOLD_ITALIC, "bold_italic")):
        register(name, style)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(REGULAR, bold, italic, [[REGULAR, ITALIC], [BOLD, BOLD_ITALIC]][bold][italic])


def register(name: str, style: str) -> TTFont:
    path = font_path(style)
    try:
        font = TTFont(name, str(path))
    except Exception as error:  # ReportLab raises several types for a bad file (TTFError, OSError, struct.error)
        raise DataError(f"Bundled font missing or damaged: {path} ({type(error).__name__}: {error}). "
                        "Reinstall the app.") from None
    pdfmetrics.registerFont(font)
    return font


def printable(text: str) -> str:
    """``text`` for a drawing call in Noto Sans alone (chart labels, table cells): a character it lacks becomes
    the replacement mark, so it never vanishes unseen (Paragraph text switches to a fallback font instead)."""
    text = str(text)
    if text.isascii() or main_coverage().issuperset(map(ord, text)):
        return text
    return "".join(char if ord(char) in main_coverage() or not needs_glyph(char) else REPLACEMENT for char in text)


def text_width(text: str, size: float, font: str = REGULAR) -> float:
    prepare_reportlab()
    return pdfmetrics.stringWidth(printable(text), font, size)


# --- other scripts -----------------------------------------------------------------------------------------------
# Noto Sans covers Latin (Welsh, Polish, ...), Greek and Cyrillic. Text in Paragraphs switches, per run of
# characters, to the first of these fonts that has them; what none has is reported (never dropped silently).

ARABIC, CJK = "NotoSansArabic", "DroidSansFallback"
FALLBACKS = ((ARABIC, "arabic"), (CJK, "cjk"))


@cache
def main_coverage() -> frozenset[int]:
    """The characters Noto Sans draws: nearly every string the app prints, answered without the fallbacks."""
    prepare_reportlab()
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


@cache
def coverage() -> tuple[tuple[str, frozenset[int]], ...]:
    """(font, characters it draws) for Noto Sans and then each fallback, registered on first use: a briefing
    with no such characters never loads them."""
    fonts = [(REGULAR, main_coverage())]
    for name, style in FALLBACKS:
        font = register(name, style)
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)     # one weight: bold and italic text use it as it is
        fonts.append((name, frozenset(font.face.charToGlyph)))
    return tuple(fonts)


def font_for(char: str) -> str | None:
    """The first bundled font that draws ``char``, or None."""
    code = ord(char)
    return next((name for name, chars in coverage() if code in chars), None)


REPLACEMENT = "\ufffd"       # printed where no bundled font has a character, so nothing vanishes unseen


def runs(value: str) -> list[tuple[str, str]]:
    """``value`` cut into (font, text) runs: REGULAR for what Noto Sans draws, a fallback font's name for the
    rest; a character no font draws becomes the replacement character (and ``undrawable`` names it). Spaces
    stay in the run they fall in."""
    if value.isascii() or main_coverage().issuperset(map(ord, value)):
        return [(REGULAR, value)] if value else []
    found: list[tuple[str, str]] = []
    for char in value:
        font = None if char.isspace() else font_for(char)
        if font is None and needs_glyph(char):
            char, font = REPLACEMENT, REGULAR
        if found and (font is None or found[-1][0] == font):
            found[-1] = (found[-1][0], found[-1][1] + char)
        else:
            found.append((font or REGULAR, char))
    return found


def markup(value: str) -> str:
    """Paragraph markup for plain text: escaped, with each run the main font cannot draw set in a fallback."""
    return "".join(escape(run) if font == REGULAR else f'<font name="{font}">{escape(run)}</font>'
                   for font, run in runs(value))


def width(value: str, font: str, size: float) -> float:
    """How wide ``value`` prints in a paragraph whose font is ``font`` (fallback runs in their own fonts)."""
    return sum(pdfmetrics.stringWidth(run, font if name == REGULAR else name, size) for name, run in runs(value))


def needs_glyph(char: str) -> bool:
    """False for spaces, line breaks and invisible format characters (a zero width joiner), which draw nothing."""
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")


def undrawable(value: str) -> list[str]:
    """The characters of ``value`` that no bundled font can draw, by code point."""
    if value.isascii() or main_coverage().issuperset(map(ord, value)):
        return []
    return sorted({char for char in value if needs_glyph(char) and font_for(char) is None})


def undrawable_message(value: str, what: str = "the notes") -> str:
    """A sentence naming the characters of ``value`` no bundled font has, or "" when every one can print."""
    missing = undrawable(value)
    if not missing:
        return ""
    shown = ", ".join(f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed').lower()}" for char in missing[:10])
    more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
    return (f"{len(missing)} character{'s' if len(missing) != 1 else ''} in {what} cannot be printed with the "
            f"bundled fonts; each prints as a replacement mark (a question mark in a diamond): {shown}{more}.")
