"""Make the fonts in resources/fonts/ that are not copied unchanged, so notes in any common script print.

    PYTHONPATH=<fontTools> python packaging/make_fonts.py

Needs fontTools (build time only) and Debian's fonts-noto-core and fonts-droid-fallback. Outputs (committed, so a
build does not need to run this):

- NotoSans-*.ttf gain U+2212 MINUS SIGN, drawn as the plus sign's own bar (Noto Sans 2's minus is exactly that),
  so negative figures print a real minus instead of an en dash.
- NotoSansArabic-Regular.ttf: Noto Sans Arabic cut to the Arabic blocks (Arabic, Persian, Urdu) and their
  presentation forms, which the app's own shaping (briefing/report/scripts.py) uses; ReportLab ignores OpenType
  layout tables, so they are dropped.
- DroidSansFallback-Subset.ttf: Droid Sans Fallback (TrueType; Noto Sans CJK is CFF, which ReportLab cannot
  embed) cut to GB 2312 (simplified Chinese), Big5 level 1 (common traditional Chinese), kana, CJK punctuation
  and full-width forms: 1.3 MB instead of 4 MB. Rarer characters are reported as not printable.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from fontTools import subset
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"
SYSTEM = Path("/usr/share/fonts/truetype")
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
MINUS = 0x2212
ARABIC = [*range(0x0600, 0x0700), *range(0x0750, 0x0780), *range(0x08A0, 0x0900), *range(0xFB50, 0xFE00),
          *range(0xFE70, 0xFF00), 0x0020, 0x00A0, *range(0x200C, 0x2010)]


def add_minus(path: Path) -> None:
    """Give ``path`` a minus glyph: the horizontal bar of its plus sign, with the plus sign's advance."""
    font = TTFont(path)
    if any(MINUS in table.cmap for table in font["cmap"].tables if table.isUnicode()):
        return
    glyf, hmtx = font["glyf"], font["hmtx"]
    points = list(glyf["plus"].getCoordinates(glyf)[0])
    left, right = min(x for x, _ in points), max(x for x, _ in points)
    bar = sorted({y for x, y in points if x == left})       # the bar's bottom and top edges, at its left end
    bottom, top = bar[0], bar[-1]
    pen = TTGlyphPen(None)
    pen.moveTo((left, top))                                   # clockwise, as TrueType outer contours are
    for point in ((right, top), (right, bottom), (left, bottom)):
        pen.lineTo(point)
    pen.closePath()
    order = font.getGlyphOrder() + ["minus"]
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    glyf["minus"] = pen.glyph()
    hmtx["minus"] = (hmtx["plus"][0], left)
    font["maxp"].numGlyphs = len(order)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[MINUS] = "minus"
    if "DSIG" in font:
        del font["DSIG"]               # a signature over the old tables would no longer match
    font.save(path)


def cut(source: Path, target: Path, unicodes: set[int]) -> None:
    options = subset.Options()
    options.layout_features = []           # ReportLab draws glyphs by character; it never reads GSUB/GPOS
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]               # keep the copyright and licence entries
    options.name_languages = ["*"]
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.save(target)


def codec_chars(codec: str, leads: range, trails: list[int]) -> set[int]:
    """Every character a double-byte legacy code page defines in the given rows: a ready list of the characters
    in everyday use, which the standard library already carries."""
    found: set[int] = set()
    for lead in leads:
        for trail in trails:
            with contextlib.suppress(UnicodeDecodeError):
                found.update(map(ord, bytes((lead, trail)).decode(codec)))
    return found


def cjk() -> set[int]:
    simplified = codec_chars("gb2312", range(0xA1, 0xF8), list(range(0xA1, 0xFF)))
    traditional = codec_chars("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return simplified | traditional | set(range(0x3000, 0x3100)) | set(range(0xFF00, 0xFFF0)) | {0x20, 0xA0}


def main() -> None:
    for style in STYLES:
        add_minus(FONTS / f"NotoSans-{style}.ttf")
    cut(SYSTEM / "noto" / "NotoSansArabic-Regular.ttf", FONTS / "NotoSansArabic-Regular.ttf", set(ARABIC))
    cut(SYSTEM / "droid" / "DroidSansFallbackFull.ttf", FONTS / "DroidSansFallback-Subset.ttf", cjk())


if __name__ == "__main__":
    main()
