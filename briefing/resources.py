"""Where bundled files live, in a source checkout and in a frozen (PyInstaller) app alike."""

from __future__ import annotations

import sys
from pathlib import Path

FONT_FAMILY = "Noto Sans"
FONT_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
    "bold_italic": "NotoSans-BoldItalic.ttf",
}
# for the PDF only (ReportLab draws no character its font lacks): notes in Arabic script, and in Chinese
FALLBACK_FONT_FILES = {"arabic": "NotoSansArabic-Regular.ttf", "cjk": "DroidSansFallback-Subset.ttf"}


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def font_path(style: str = "regular") -> Path:
    return resource_path("fonts", FONT_FILES.get(style) or FALLBACK_FONT_FILES[style])
