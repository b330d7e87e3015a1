"""`briefing` (the desktop app) and `briefing snapshot` (its window drawn offscreen to a PNG)."""

from __future__ import annotations

import argparse
import sys

from briefing.cli.common import EXIT_EXPORT, EXIT_USAGE, load_dataset, resolve


def cmd_snapshot(args: argparse.Namespace) -> int:
    from pathlib import Path

    from briefing.report.files import ExportError
    from briefing.ui.snapshot import parse_size, snapshot

    try:
        size = parse_size(args.size)
    except ValueError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_USAGE
    dataset = load_dataset()
    try:
        out = snapshot(dataset, resolve(dataset, args.council), Path(args.out), args.view, size)
    except ExportError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_EXPORT
    print(out)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from briefing.ui.app import main as gui_main

    return gui_main([])
