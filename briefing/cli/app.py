"""`briefing` (the desktop app) and `briefing snapshot` (its window drawn offscreen to a PNG)."""

from __future__ import annotations

import argparse
import sys

from briefing.cli.common import (
    BASIS_WORDS,
    EXIT_EXPORT,
    EXIT_USAGE,
    MAX_CUSTOM,
    PER_WORDS,
    comparator_choice,
    load_dataset,
    resolve,
)


def cmd_snapshot(args: argparse.Namespace) -> int:
    from pathlib import Path

    from briefing.report.files import ExportError
    from briefing.ui.snapshot import parse_size, snapshot

    try:
        size = parse_size(args.size)
    except ValueError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_USAGE
    from briefing.analysis.briefing import Selection

    dataset = load_dataset()
    code = resolve(dataset, args.council)
    group, custom = comparator_choice(dataset, args.compare)
    if len(custom) > MAX_CUSTOM:
        print(f"briefing: --compare lists at most {MAX_CUSTOM} councils", file=sys.stderr)
        return EXIT_USAGE
    selection = Selection(code, group, custom, real_terms=args.real, per=PER_WORDS.get(args.per or "", ""),
                          hnb_basis=BASIS_WORDS[args.basis])
    try:
        out = snapshot(dataset, selection, Path(args.out), args.view, size)
    except ExportError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_EXPORT
    print(out)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from briefing.ui.app import main as gui_main

    return gui_main([])
