"""`briefing export`: PDF briefings from the command line. Kept light at import time (the parser is built on
every CLI start); ReportLab is imported only when an export runs."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from briefing.cli.common import (
    BASIS_WORDS,
    EXIT_EXPORT,
    MAX_CUSTOM,
    add_selection_options,
    comparator_choice,
    load_dataset,
    resolve,
)
from briefing.report.files import MAX_TITLE_CHARS

HELP = """Write a PDF briefing (and a CSV of every figure beside it).

  briefing export kent --out kent.pdf          one council
  briefing export kent medway --out cmp.pdf    SEVERAL councils = ONE comparison briefing, side by side
  briefing export --all --out DIR              one briefing per council, in parallel, with a progress bar

Exit codes: 0 written, 1 bad data, 2 bad usage or unknown council, 3 a file could not be written (with --all:
one or more councils failed; the failures are listed at the end)."""


def add_export_parser(commands) -> None:
    export = commands.add_parser("export", help="write PDF briefings (one council, a comparison, or --all)",
                                 description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("councils", metavar="COUNCIL", nargs="*",
                        help="DfE code, ONS code or name; several councils make one comparison briefing")
    export.add_argument("--all", action="store_true", help="one briefing per current council into --out DIR")
    add_selection_options(export)
    export.add_argument("--out", metavar="PATH", help="PDF file (default: <council>-briefing.pdf here); a folder "
                                                      "with --all (default: briefings)")
    export.add_argument("--notes", metavar="FILE", help="a UTF-8 text file of your notes, printed as plain text")
    export.add_argument("--title", default="", help="custom title")
    export.add_argument("--org", default="", help="your organisation's name (author, header, notes heading)")
    export.add_argument("--letter", action="store_true", help="US Letter instead of A4")
    export.add_argument("--sections", metavar="LIST", help="comma-separated: glance,charts,comparison,programmes,"
                                                           "sources (default: all)")
    export.add_argument("--appendix", action="store_true", help="add an appendix: every chart with its figures and "
                        "the full national timeline (the briefing itself is at most 4 pages)")
    export.add_argument("--invariant", action="store_true", help="byte-identical output for identical input")
    export.add_argument("--no-csv", action="store_true", help="do not write the CSV companion")
    export.add_argument("--docx", action="store_true", help="also write the briefing as a Word document "
                                                            "(accessible and editable) beside the PDF")
    export.add_argument("--xlsx", action="store_true", help="also write the figures as an Excel workbook beside "
                                                            "the CSV")
    export.add_argument("--jobs", type=int, default=0, metavar="N", help="processes for --all (default: all cores)")
    export.set_defaults(run=cmd_export)


def usage(message: str) -> int:
    print(f"briefing export: {message}", file=sys.stderr)
    return 2


def progress_bar(done: int, total: int, code: str, error: str) -> None:
    filled = round(30 * done / total)
    line = f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {code:<4}"
    if error:
        line += f"\n  failed {code}: {error}\n"
    sys.stderr.write(line)
    sys.stderr.flush()


def cmd_export(args: argparse.Namespace) -> int:
    from briefing.report.companions import render_companions, write_companions
    from briefing.report.files import ExportError, read_notes
    from briefing.report.pdf import SECTIONS, ExportOptions, default_file_name, export

    if args.all == bool(args.councils):
        return usage("name one or more councils, or use --all (not both)")
    notes = ""
    if args.notes:
        try:
            notes = read_notes(Path(args.notes))
        except (OSError, ValueError) as error:
            return usage(f"cannot read notes file {args.notes}: {error}")
    sections = tuple(s.strip() for s in args.sections.split(",")) if args.sections else tuple(SECTIONS)
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        return usage(f"unknown section {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    for option, text in (("--title", args.title), ("--org", args.org)):
        if len(text) > MAX_TITLE_CHARS:
            return usage(f"{option} is {len(text):,} characters long; at most {MAX_TITLE_CHARS} fit the page")
    dataset = load_dataset()
    group, custom = comparator_choice(dataset, args.compare)
    if len(custom) > MAX_CUSTOM:
        return usage(f"--compare lists at most {MAX_CUSTOM} councils")
    options = ExportOptions(comparator_group=group, custom=custom, sections=sections, real_terms=args.real,
                            hnb_basis=BASIS_WORDS[args.basis],
                            org=args.org, title=args.title, notes=notes, letter=args.letter, invariant=args.invariant,
                            csv=not args.no_csv, appendix=args.appendix)
    if args.all:
        if args.docx or args.xlsx:
            return usage("--docx and --xlsx are for one council or a comparison, not --all")
        return export_all(dataset, Path(args.out or "briefings"), options, args.jobs)
    codes = list(dict.fromkeys(resolve(dataset, c) for c in args.councils))
    out = Path(args.out) if args.out else Path(default_file_name(dataset, codes))
    if out.is_dir():
        out = out / default_file_name(dataset, codes)
    try:
        companions = render_companions(dataset, codes, out, options, args.docx, args.xlsx)
        written = export(dataset, codes, out, options) + write_companions(companions)
    except ExportError as error:
        print(f"briefing export: {error}", file=sys.stderr)
        return EXIT_EXPORT
    except ValueError as error:
        return usage(str(error))
    for path in written:
        print(path)
    return 0


def export_all(dataset, out_dir: Path, options, jobs: int) -> int:
    from briefing.report.batch import export_many
    from briefing.report.files import ExportError
    from briefing.userdirs import layers_dir

    if out_dir.exists() and not out_dir.is_dir():
        return usage(f"--out {out_dir} must be a folder with --all")
    codes = dataset.current_codes
    started = time.perf_counter()
    try:
        result = export_many(dataset, codes, out_dir, options, workers=jobs or None, progress=progress_bar,
                             layers_dir=layers_dir())
    except ExportError as error:
        print(f"\nbriefing export: {error}", file=sys.stderr)
        return EXIT_EXPORT
    except OSError as error:
        print(f"\nbriefing export: cannot use folder {out_dir}: {error.strerror or error}", file=sys.stderr)
        return EXIT_EXPORT
    seconds = time.perf_counter() - started
    sys.stderr.write("\n")
    ok = len(codes) - len(result.failures)
    print(f"{ok} of {len(codes)} briefings written to {out_dir} in {seconds:.1f} s.")
    if result.failures:
        print(f"{len(result.failures)} failed:", file=sys.stderr)
        for code, message in result.failures:
            print(f"  {code} {dataset.council_name(code)}: {message}", file=sys.stderr)
        return EXIT_EXPORT
    return 0
