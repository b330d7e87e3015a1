"""Names and version shared by the PyInstaller spec, the build script and the installer scripts.

One place, so the Windows version resource, the macOS Info.plist, the Inno Setup script and the Linux
.desktop file cannot disagree about what the app is called or which version it is.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

APP_NAME = "High Needs Briefing"
GUI_EXE = "HighNeedsBriefing"  # the desktop app's executable (no spaces: friendlier in shells and scripts)
CLI_EXE = "briefing"  # the console command line, beside it in the same folder
BUNDLE_ID = "org.highneedsbriefing.app"
PUBLISHER = "High Needs Briefing contributors"
COPYRIGHT = "Copyright (c) 2026 High Needs Briefing contributors. Data: Open Government Licence v3.0."
# The oldest macOS the bundled wheels run on: PySide6-Essentials 6.11.3 ships only macosx_13_0_universal2 wheels.
# tests/test_platform_wheels.py checks every pinned runtime dependency against it.
MINIMUM_MACOS = "13.0"


def app_version() -> str:
    """``briefing.__version__`` read from the source, so building does not need the package importable."""
    text = (ROOT / "briefing" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise RuntimeError("briefing/__init__.py has no __version__")
    return match.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Windows wants four numbers: '0.1.0' -> (0, 1, 0, 0); a suffix such as 'rc1' is dropped."""
    numbers = [int(re.match(r"\d*", part).group() or 0) for part in version.split(".")[:4]]
    return (*numbers, 0, 0, 0, 0)[:4]


def macos_info_plist(version: str) -> dict:
    """Info.plist entries for the .app, on top of the ones PyInstaller writes (executable, icon, package type)."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHighResolutionCapable": True,  # sharp text on Retina screens
        "LSMinimumSystemVersion": MINIMUM_MACOS,
        "LSBackgroundOnly": False,  # a normal app with a Dock icon (PyInstaller sets True for console executables)
        "LSApplicationCategoryType": "public.app-category.education",
        "NSHumanReadableCopyright": COPYRIGHT,
    }


def windows_version_info(version: str):
    """The version resource PyInstaller writes into the Windows .exe files (shown in Explorer > Properties)."""
    from PyInstaller.utils.win32 import versioninfo as vi

    numbers = version_tuple(version)
    strings = [
        vi.StringStruct("CompanyName", PUBLISHER),
        vi.StringStruct("FileDescription", APP_NAME),
        vi.StringStruct("FileVersion", version),
        vi.StringStruct("InternalName", GUI_EXE),
        vi.StringStruct("LegalCopyright", COPYRIGHT),
        vi.StringStruct("OriginalFilename", f"{GUI_EXE}.exe"),
        vi.StringStruct("ProductName", APP_NAME),
        vi.StringStruct("ProductVersion", version),
    ]
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            vi.StringFileInfo([vi.StringTable("080904B0", strings)]),  # English (United Kingdom), Unicode
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0809, 1200])]),
        ],
    )
