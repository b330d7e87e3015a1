"""Draw the app icon and write every size the installers need into resources/icons/.

    python packaging/make_icons.py

The icon is a briefing page with a small bar chart on a blue tile: drawn once large with Pillow, then scaled
down. Outputs (committed, so a build does not need to run this): briefing-<size>.png for 16-1024 px,
briefing.ico (Windows: 16-256 px) and briefing.icns (macOS: 16-1024 px).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
CANVAS = 1024

TILE = "#0B4F6C"  # deep blue, dark enough for white on top to read at 16 px
PAGE = "#FFFFFF"
FOLD = "#C9D6DF"
TEXT_LINE = "#9FB3C2"
BAR = "#0072B2"  # Okabe-Ito blue and orange, as in the app's charts
HIGHLIGHT = "#E69F00"


def draw_icon() -> Image.Image:
    """The 1024 px master: a rounded tile with a margin, as macOS and Windows 11 icons have."""
    image = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((64, 64, 960, 960), radius=190, fill=TILE)

    # The page, with its top-right corner folded over.
    left, top, right, bottom, fold = 262, 168, 762, 856, 130
    draw.polygon([(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)], fill=PAGE)
    draw.polygon([(right - fold, top), (right - fold, top + fold), (right, top + fold)], fill=FOLD)

    # Two lines of "text" under the title area.
    draw.rounded_rectangle((332, 262, 572, 300), radius=19, fill=TEXT_LINE)
    draw.rounded_rectangle((332, 342, 692, 380), radius=19, fill=TEXT_LINE)

    # Three rising bars on a baseline; the last one highlighted like a selected council.
    baseline = 770
    for x, height, colour in ((332, 170, BAR), (458, 260, BAR), (584, 350, HIGHLIGHT)):
        draw.rectangle((x, baseline - height, x + 96, baseline), fill=colour)
    draw.rectangle((312, baseline, 712, baseline + 14), fill=TILE)
    return image


def scaled(master: Image.Image, size: int) -> Image.Image:
    return master.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(folder: Path = ICONS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    master = draw_icon()
    for size in PNG_SIZES:
        scaled(master, size).save(folder / f"briefing-{size}.png", optimize=True)
    master.save(folder / "briefing.ico", sizes=[(s, s) for s in ICO_SIZES])
    master.save(folder / "briefing.icns")
    print(f"wrote {len(PNG_SIZES)} PNGs, briefing.ico and briefing.icns to {folder}")


if __name__ == "__main__":
    write_icons()
