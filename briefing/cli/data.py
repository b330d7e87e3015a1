"""`briefing data check|import|imports|remove`: validating the bundle and managing the user's imports."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from briefing.cli.common import EXIT_DATA, EXIT_USAGE, load_dataset


def cmd_data_check(args: argparse.Namespace) -> int:
    from briefing.data.validate import coverage, latest_periods, problems

    dataset = load_dataset(with_imports=False)
    tables = coverage(dataset)
    with_values = (dataset.observations["value"] != "").sum()
    print(f"Data version {dataset.version}: {len(dataset.observations):,} observations "
          f"({with_values:,} figures, the rest record why a figure is missing), "
          f"{len(dataset.current_codes)} current councils.\n")
    print("Latest period of each measure:\n")
    print(latest_periods(dataset).to_string() + "\n")
    for kind, table in tables.items():
        print(f"Councils with a figure, by measure and {kind[:-1]}:\n")
        print(table.astype(object).where(table.notna(), "-").to_string(max_cols=None) + "\n")
    found = problems(dataset)
    if found:
        print("\nProblems:")
        for problem in found:
            print(f"  - {problem}")
        return EXIT_DATA
    print("\nChecks passed: checksums, unique keys, known councils and sources, statuses, council lifetimes, "
          "and council sums equal to England for EHC plans and the high needs block (short only where DfE "
          "suppressed a council).")
    return 0


def cmd_data_import(args: argparse.Namespace) -> int:
    """Validate every file first; show what would change; apply only when confirmed (or --yes)."""
    from briefing.data.imports import apply_import, plan_imports
    from briefing.userdirs import ensure, layers_dir

    dataset = load_dataset()
    plan = plan_imports([Path(name) for name in args.files], dataset)
    if plan.refused:
        for file in plan.refused:
            print(f"briefing: {file.refusal}", file=sys.stderr)
        print("Nothing was imported.", file=sys.stderr)
        return EXIT_DATA
    for file in plan.files:
        print("\n".join(file.lines(dataset)))
    plans = plan.ready
    if not plans:
        print("Nothing to import: the data already loaded has these figures.")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print("Not applied: there is no terminal to confirm on. Run again with --yes to apply.", file=sys.stderr)
            return EXIT_USAGE
        try:
            answer = input("Apply these changes? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was imported.")
            return 0
    folder = ensure(layers_dir())
    for item, changes in plans:
        info = apply_import(item, changes, folder)
        print(f"Imported {item.path.name} as {info.layer_id} (undo: briefing data remove {info.layer_id}).")
    print(f"Data version now {load_dataset().version}.")
    return 0


def cmd_data_imports(args: argparse.Namespace) -> int:
    from briefing.data.layers import list_layers
    from briefing.userdirs import layers_dir

    layers = list_layers(layers_dir())
    if args.json:
        print(json.dumps([{**vars(info), "folder": str(info.folder)} for info in layers], indent=1, ensure_ascii=False))
        return 0
    if not layers:
        print(f"No imports: the bundled data is used ({layers_dir()}).")
    for info in layers:
        print(info.describe())
        print(f"    {info.publisher}: {info.title}" + (f" <{info.url}>" if info.url else ""))
    return 0


def cmd_data_remove(args: argparse.Namespace) -> int:
    from briefing.data.layers import remove_layer
    from briefing.userdirs import layers_dir

    info = remove_layer(layers_dir(), args.id)
    print(f"Removed import {args.id} ({info.file_name}). Data version now {load_dataset().version}.")
    return 0
