"""The command line: a stable, scripted interface to the same core the desktop app uses.

    briefing                          launch the desktop app
    briefing councils [--json]        every council with codes, region, type and programme
    briefing show COUNCIL [--json]    headline figures with periods and sources
    briefing data check               validate the bundled data and print its coverage
    briefing data sources [--json]    the official files the app can import: held now, where to get them, what they add
    briefing snapshot COUNCIL --out FILE.png [--view NAME] [--size WxH] [--compare G] [--real] [--per P]
                      [--basis before|after]   the app window as a PNG, showing any selection
    briefing data import FILE... [--yes]  import newer official figures as a layer over the bundled data
    briefing data imports [--json]    list imports;  briefing data remove ID  undoes one

    briefing export COUNCIL... [--out FILE.pdf] | --all --out DIR   PDF briefings (several councils = one comparison)

Exit codes: 0 success, 1 bad data, 2 bad usage or an unknown/ambiguous council, 3 a briefing could not be written,
130 interrupted (Ctrl+C).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Callable, Sequence

from briefing.cli.app import cmd_gui, cmd_snapshot
from briefing.cli.common import EXIT_DATA, EXIT_INTERRUPTED, EXIT_USAGE, add_selection_options
from briefing.cli.data import cmd_data_check, cmd_data_import, cmd_data_imports, cmd_data_remove, cmd_data_sources
from briefing.cli.export import add_export_parser
from briefing.cli.show import cmd_councils, cmd_show
from briefing.ui.views import VIEWS


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
                      "map, safety-valve or ranking", choices=tuple(VIEWS))
    snap.add_argument("--size", default="1366x768", help="window size in pixels (default 1366x768)")
    add_selection_options(snap, per=True)
    snap.set_defaults(run=cmd_snapshot)

    add_export_parser(commands)

    data = commands.add_parser("data", help="work with the dataset")
    data_commands = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    check = data_commands.add_parser("check", help="validate the bundled data and print coverage")
    check.set_defaults(run=cmd_data_check)
    sources = data_commands.add_parser("sources", help="each official file the app can import: what is held now, "
                                       "where to download the newer file, what importing it adds")
    sources.add_argument("--json", action="store_true", help="print JSON")
    sources.set_defaults(run=cmd_data_sources)
    importer = data_commands.add_parser("import", help="import newer official figures (the files `briefing data "
                                        "sources` lists, or a tidy CSV) as a layer")
    importer.add_argument("files", metavar="FILE", nargs="+", help="caseload.csv, requests.csv, "
                          "timeliness_20_week.csv, a DSG allocations .ods/.xlsx, s251_alleducation_la_regional_"
                          "national.csv, an ONS MYE2 workbook, sen_phase_type_.csv, or a tidy CSV")
    importer.add_argument("--yes", action="store_true", help="apply without asking (for scripts)")
    importer.set_defaults(run=cmd_data_import)
    imports = data_commands.add_parser("imports", help="list imported layers, oldest first")
    imports.add_argument("--json", action="store_true", help="print JSON")
    imports.set_defaults(run=cmd_data_imports)
    remove = data_commands.add_parser("remove", help="remove (undo) one import")
    remove.add_argument("id", metavar="ID", help="the import id shown by `briefing data imports`")
    remove.set_defaults(run=cmd_data_remove)
    return parser


def keep_printing_when_piped() -> None:
    """Output piped on Windows is written in the ANSI code page, which has no minus sign (U+2212): a character
    it cannot encode prints as '?' instead of ending the command with a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure") and stream.encoding.lower() not in ("utf-8", "utf8"):
            stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    from briefing.data.councils import AmbiguousCouncil, CouncilNotFound
    from briefing.data.dataset import DataError
    from briefing.data.imports import DataImportError
    from briefing.data.layers import LayerNotFound
    from briefing.userdirs import UserDirError

    multiprocessing.freeze_support()   # a frozen app's `export --all` workers on Windows start here
    keep_printing_when_piped()
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
    except KeyboardInterrupt:
        # Imports and removals commit with one rename, exports with one replace: an interruption leaves
        # either the old state or the new one, never half of either.
        print("\nbriefing: interrupted; nothing further was done.", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
