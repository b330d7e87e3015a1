"""ReportLab set-up shared by charts and documents: the app's Noto Sans fonts, and no network access."""

from __future__ import annotations

from functools import cache

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
        path = font_path(style)
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as error:  # ReportLab raises several types for a bad file (TTFError, OSError, struct.error)
            raise DataError(f"Bundled font missing or damaged: {path} ({type(error).__name__}: {error}). "
                            "Reinstall the app.") from None
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(REGULAR, bold, italic, [[REGULAR, ITALIC], [BOLD, BOLD_ITALIC]][bold][italic])


# characters the core writes that Noto Sans (as bundled) lacks: without this a minus sign would silently vanish
FALLBACKS = str.maketrans({"\u2212": "\u2013"})


def printable(text: str) -> str:
    """``text`` with every character the embedded font can draw (the minus sign becomes an en dash)."""
    return str(text).translate(FALLBACKS)


def text_width(text: str, size: float, font: str = REGULAR) -> float:
    prepare_reportlab()
    return pdfmetrics.stringWidth(printable(text), font, size)
