#!/usr/bin/env python3
"""How big is the installed app? Prints the one-folder bundle's size, unpacked and zipped, and what takes the space.

    python benchmarks/bundle_size.py                                # builds into a temporary folder first
    python benchmarks/bundle_size.py --bundle dist/HighNeedsBriefing   # measures an existing build
    python benchmarks/bundle_size.py --bundle "dist/High Needs Briefing.app"   # on macOS

Goals on Linux: at most 200 MB unpacked and 80 MB zipped. Symbolic links (the bundle links a few libraries
to their real copies) are counted once, as the files they point to.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))

GOAL_UNPACKED_MB = 200
GOAL_ZIPPED_MB = 80
MB = 1_000_000
DEBUG_SECTION = re.compile(r"\]\s+\.debug\S*\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)")


def regular_files(bundle: Path) -> list[Path]:
    return sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


def zipped_size(bundle: Path, files: list[Path]) -> int:
    """Size of the folder as a deflate-compressed zip, the way it would be handed out."""
    with tempfile.TemporaryDirectory() as temporary:
        archive = Path(temporary) / "bundle.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in files:
                zf.write(path, path.relative_to(bundle.parent))
        return archive.stat().st_size


def debug_symbols_size(files: list[Path]) -> int:
    """Bytes of DWARF debug sections in the bundled ELF files (Linux, with readelf).

    The spec removes them (packaging/shrink.py), so anything counted here is a file that escaped it.
    """
    if not shutil.which("readelf"):
        return 0
    total = 0
    for path in files:
        if ".so" not in path.name and not os.access(path, os.X_OK):
            continue
        sections = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True).stdout
        total += sum(int(size, 16) for size in DEBUG_SECTION.findall(sections))
    return total


def component(bundle: Path, path: Path) -> str:
    """Group files by what they belong to: a package folder, or a shared library's family name."""
    parts = path.relative_to(bundle).parts
    for folder in (("_internal",), ("Contents", "Frameworks"), ("Contents", "Resources")):  # one folder, or .app
        if parts[:len(folder)] == folder and len(parts) > len(folder):
            parts = parts[len(folder):]
            break
    else:
        return f"executable {path.name}" if os.access(path, os.X_OK) else path.name
    top = parts[0]
    if path.name.startswith("libicu"):
        return "ICU (Unicode tables Qt needs)"
    if top == "PySide6" and "Qt" in parts:
        name = path.name
        return f"PySide6 Qt {name.split('.')[0]}" if name.startswith("libQt6") else "PySide6 Qt plugins and other"
    return top


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, help="an existing one-folder build (default: build one now)")
    parser.add_argument("--top", type=int, default=18, help="how many of the biggest parts to list")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-size-") as scratch:
        bundle = args.bundle
        if bundle is None:
            import build

            bundle = build.build_bundle(Path(scratch) / "dist", Path(scratch) / "work")
        files = regular_files(bundle)
        unpacked = sum(p.stat().st_size for p in files)
        zipped = zipped_size(bundle, files)
        debug = debug_symbols_size(files)
        by_part: Counter[str] = Counter()     # while a bundle built here still exists
        for path in files:
            by_part[component(bundle, path)] += path.stat().st_size
    print(f"bundle: {bundle} ({len(files):,} files)")
    print(f"unpacked: {unpacked / MB:6.1f} MB   (goal <= {GOAL_UNPACKED_MB} MB: "
          f"{'met' if unpacked <= GOAL_UNPACKED_MB * MB else 'NOT met'})")
    if debug:
        print(f"          {debug / MB:6.1f} MB of it is debug symbols (left in: see packaging/shrink.py)")
    print(f"zipped:   {zipped / MB:6.1f} MB   (goal <= {GOAL_ZIPPED_MB} MB: "
          f"{'met' if zipped <= GOAL_ZIPPED_MB * MB else 'NOT met'})")
    print("\nbiggest parts (unpacked):")
    for name, size in by_part.most_common(args.top):
        print(f"  {size / MB:6.1f} MB  {100 * size / unpacked:4.1f}%  {name}")
    rest = unpacked - sum(size for _, size in by_part.most_common(args.top))
    print(f"  {rest / MB:6.1f} MB  {100 * rest / unpacked:4.1f}%  everything else")
    return 0


if __name__ == "__main__":
    sys.exit(main())
