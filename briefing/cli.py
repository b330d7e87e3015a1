"""The command line: a stable, scripted interface to the same core the desktop app uses.

    briefing                          launch the desktop app
    briefing councils [--json]        every council with codes, region, type and programme
    briefing show COUNCIL [--json]    headline figures with periods and sources
    briefing data check               validate the bundled data and print its coverage
    briefing snapshot COUNCIL --out FILE.png [--view NAME] [--size WxH]   the app window as a PNG
    briefing data import FILE... [--yes]  import newer official figures as a layer over the bundled data
    briefing data imports [--json]    list imports;  briefing data remove ID  undoes one

    briefing export COUNCIL... [--out FILE.pdf] | --all --out DIR   PDF briefings (several councils = one comparison)

Exit codes: 0 success, 1 bad data, 2 bad usage or an unknown/ambiguous council, 3 a briefing could not be written.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

EXIT_DATA, EXIT_USAGE = 1, 2


def load_dataset(with_imports: bool = True):
    """The bundled data with the user's imported layers over it (the bundle alone for ``data check``)."""
    from briefing.data.dataset import load
    from briefing.userdirs import layers_dir

    return load(layers_dir=layers_dir() if with_imports else None)


def resolve(dataset, query: str) -> str:
    from briefing.data.councils import find_council

    return find_council(dataset, query)


def programme_of(dataset, code: str) -> str:
    if code in dataset.safety_valve.index:
        return "safety valve"
    if code in dataset.dbv.index:
        return "DBV"
    return ""


def cmd_councils(args: argparse.Namespace) -> int:
    dataset = load_dataset()
    rows = []
    for code, council in dataset.councils.iterrows():
        rows.append({"la_code": code, "ons_code": council["ons_code"], "name": council["name"],
                     "region": council["region"], "type": council["la_type"], "status": council["status"],
                     "programme": programme_of(dataset, code)})
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    print(f"{'code':<5} {'ONS code':<10} {'name':<38} {'region':<26} {'type':<24} programme")
    for r in rows:
        name = r["name"] + (" (former)" if r["status"] != "current" else "")
        print(f"{r['la_code']:<5} {r['ons_code']:<10} {name:<38} {r['region']:<26} {r['type']:<24} {r['programme']}")
    print(f"\n{sum(r['status'] == 'current' for r in rows)} current councils, "
          f"{sum(r['status'] != 'current' for r in rows)} former (kept for their history).")
    return 0


def source_text(dataset, source_ids: Sequence[str]) -> str:
    parts = []
    for source_id in source_ids:
        if source_id in dataset.sources.index:
            s = dataset.sources.loc[source_id]
            date = f", {s['published']}" if s["published"] else ""
            parts.append(f"{s['publisher']}: {s['title']}{date} <{s['url']}>")
    return "; ".join(parts)


def show_payload(dataset, code: str) -> dict:
    """The JSON of ``briefing show``: council, programmes, and every measure's series with sources."""
    from briefing.analysis.series import series

    council = dataset.councils.loc[code]
    measures: dict[str, list[dict]] = {}
    for measure, variant in dataset.measures.index:
        for point in series(dataset, measure, variant, code):
            entry = {"period": point.period, "value": None if point.missing else clean_number(point.value),
                     "status": point.status, "source": source_text(dataset, point.source_ids)}
            if variant:
                entry["variant"] = variant
            if point.note:
                entry["note"] = point.note
            measures.setdefault(measure, []).append(entry)

    def record(table):
        return {k: v for k, v in table.loc[code].items()} if code in table.index else None

    return {
        "council": {"la_code": code, "ons_code": council["ons_code"], "name": council["name"],
                    "region": council["region"], "type": council["la_type"], "status": council["status"]},
        "programmes": {"safety_valve": record(dataset.safety_valve), "dbv": record(dataset.dbv)},
        "measures": measures,
        "data_version": dataset.version,
    }


def clean_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def cmd_show(args: argparse.Namespace) -> int:
    from briefing.analysis.briefing import Selection, build_briefing

    dataset = load_dataset()
    code = resolve(dataset, args.council)
    if args.json:
        print(json.dumps(show_payload(dataset, code), indent=1, ensure_ascii=False))
        return 0
    briefing = build_briefing(dataset, Selection(code), with_charts=False)
    c = briefing.council
    print(f"{c['name']} ({c['la_code']}, {c['ons_code']}) - {c['la_type']}, {c['region']}"
          + (" - former council" if c["status"] != "current" else ""))
    print(f"Comparators: {briefing.comparator_label}: " + ", ".join(n for _, n in briefing.comparators))
    print()
    for h in briefing.headlines:
        value = h.text if not h.missing else f"n/a ({h.note})"
        rank = f"rank {h.rank_all.describe()}" if h.rank_all else ""
        extra = "; ".join(x for x in (h.change_text, rank, h.england_text) if x)
        print(f"  {h.label}, {h.period_text}: {value}" + (f"  [{extra}]" if extra else ""))
        if h.source_ids:
            print(f"      source: {source_text(dataset, h.source_ids)}")
    print()
    for sentence in briefing.summary:
        print(f"  {sentence.text}")
    print(f"\nRank 1 = highest value among councils with figures. Data version {dataset.version}.")
    return 0


def cmd_data_check(args: argparse.Namespace) -> int:
    from briefing.data.validate import coverage, problems

    dataset = load_dataset(with_imports=False)
    tables = coverage(dataset)
    with_values = (dataset.observations["value"] != "").sum()
    print(f"Data version {dataset.version}: {len(dataset.observations):,} observations "
          f"({with_values:,} figures, the rest record why a figure is missing), "
          f"{len(dataset.current_codes)} current councils.\n")
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
          "and council sums equal to England for EHC plans and the high needs block.")
    return 0


def cmd_data_import(args: argparse.Namespace) -> int:
    """Validate every file first; show what would change; apply only when confirmed (or --yes)."""
    from briefing.data.imports import DataImportError, apply_import, compare, read_import
    from briefing.userdirs import ensure, layers_dir

    dataset = load_dataset()
    parsed, refused = [], 0
    for name in args.files:
        try:
            parsed.append(read_import(Path(name), dataset))
        except DataImportError as error:
            print(f"briefing: {error}", file=sys.stderr)
            refused += 1
    if refused:
        print("Nothing was imported.", file=sys.stderr)
        return EXIT_DATA
    plans = []
    for item in parsed:
        changes = compare(item, dataset)
        print(f"{item.path.name}: {item.kind}, {len(item.rows):,} rows")
        for line in [item.source_text(), *item.notices, *changes.describe(dataset)]:
            print(f"  {line}")
        if changes.has_changes:
            plans.append((item, changes))
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


def cmd_snapshot(args: argparse.Namespace) -> int:
    from pathlib import Path

    from briefing.ui.snapshot import parse_size, snapshot

    try:
        size = parse_size(args.size)
    except ValueError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_USAGE
    dataset = load_dataset()
    out = snapshot(dataset, resolve(dataset, args.council), Path(args.out), args.view, size)
    print(out)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from briefing.ui.app import main as gui_main
    except ImportError as error:
        if "briefing.ui" in str(error) or "No module named 'briefing.ui.app'" in str(error):
            print("The desktop app is not built yet; use the commands listed by `briefing --help`.", file=sys.stderr)
            return EXIT_USAGE
        raise
    return gui_main([])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="High Needs Briefing: SEND funding, deficits and "
                                     "demand for English councils, from a bundled, sourced dataset.")
    from briefing import __version__

    parser.add_argument("--version", action="version", version=f"High Needs Briefing {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    councils = commands.add_parser("councils", help="list every council with codes, region, type and programme")
    councils.add_argument("--json", action="store_true", help="print JSON instead of a table")
    councils.set_defaults(run=cmd_councils)

    show = commands.add_parser("show", help="headline figures for one council, with periods and sources")
    show.add_argument("council", metavar="COUNCIL", help="DfE code (886), ONS code (E10000016) or name (kent)")
    show.add_argument("--json", action="store_true", help="print every figure as JSON")
    show.set_defaults(run=cmd_show)

    snap = commands.add_parser("snapshot", help="render the app window for a council to a PNG (offscreen)")
    snap.add_argument("council", metavar="COUNCIL", help="DfE code, ONS code or name")
    snap.add_argument("--out", required=True, metavar="FILE.png", help="where to write the PNG")
    snap.add_argument("--view", default="overview", help="overview (default), funding, deficit, demand, compare, "
                      "map or safety-valve", choices=("overview", "funding", "deficit", "demand", "compare", "map",
                                                      "safety-valve"))
    snap.add_argument("--size", default="1366x768", help="window size in pixels (default 1366x768)")
    snap.set_defaults(run=cmd_snapshot)

    from briefing.report.command import add_export_parser

    add_export_parser(commands)

    data = commands.add_parser("data", help="work with the dataset")
    data_commands = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    check = data_commands.add_parser("check", help="validate the bundled data and print coverage")
    check.set_defaults(run=cmd_data_check)
    importer = data_commands.add_parser("import", help="import newer official figures (EES CSVs of the EHC plans "
                                        "release, DfE DSG allocation workbooks, or a tidy CSV) as a layer")
    importer.add_argument("files", metavar="FILE", nargs="+", help="caseload.csv, requests.csv, "
                          "timeliness_20_week.csv, a DSG allocations .ods/.xlsx, or a tidy CSV")
    importer.add_argument("--yes", action="store_true", help="apply without asking (for scripts)")
    importer.set_defaults(run=cmd_data_import)
    imports = data_commands.add_parser("imports", help="list imported layers, oldest first")
    imports.add_argument("--json", action="store_true", help="print JSON")
    imports.set_defaults(run=cmd_data_imports)
    remove = data_commands.add_parser("remove", help="remove (undo) one import")
    remove.add_argument("id", metavar="ID", help="the import id shown by `briefing data imports`")
    remove.set_defaults(run=cmd_data_remove)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from briefing.data.councils import AmbiguousCouncil, CouncilNotFound
    from briefing.data.dataset import DataError
    from briefing.data.imports import DataImportError
    from briefing.data.layers import LayerNotFound
    from briefing.userdirs import UserDirError

    multiprocessing.freeze_support()   # a frozen app's `export --all` workers on Windows start here
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", cmd_gui)
    try:
        return run(args)
    except (CouncilNotFound, AmbiguousCouncil, LayerNotFound) as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (DataError, DataImportError, UserDirError) as error:
        print(f"briefing: {error}", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
