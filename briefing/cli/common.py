"""What every command shares: exit codes, loading the data with the user's imports, finding a council."""

from __future__ import annotations

EXIT_DATA, EXIT_USAGE = 1, 2
EXIT_EXPORT = 3           # a file could not be written
EXIT_INTERRUPTED = 130   # the shell's code for Ctrl+C


def load_dataset(with_imports: bool = True):
    """The bundled data with the user's imported layers over it (the bundle alone for ``data check``)."""
    from briefing.data.loader import load_dataset as load
    from briefing.userdirs import layers_dir

    return load(layers_dir() if with_imports else None)


def resolve(dataset, query: str) -> str:
    from briefing.data.councils import find_council

    return find_council(dataset, query)


GROUP_WORDS = {"neighbours": "neighbours", "neighbours-2021": "neighbours_2021", "region": "region",
               "safety-valve": "safety_valve", "dbv": "dbv", "f40": "f40"}
BASIS_WORDS = {"before": "before_deductions", "after": "after_deductions"}
PER_WORDS = {"head-0-25": "per_head_0_25", "head-2-18": "per_head_2_18", "ehc-plan": "per_ehc_plan"}
MAX_CUSTOM = 20


def add_selection_options(parser, per: bool = False) -> None:
    """The options that say what is shown, the same words for every command that takes them."""
    parser.add_argument("--compare", default="neighbours", metavar="GROUP",
                        help="comparators: neighbours (default), neighbours-2021, region, safety-valve, dbv, f40, "
                             "or a comma-separated list of councils (at most 20)")
    parser.add_argument("--real", action="store_true", help="money in real terms (GDP deflator) instead of cash")
    parser.add_argument("--basis", choices=tuple(BASIS_WORDS), default="before",
                        help="high needs block before (default) or after deductions (academy recoupment and "
                             "places DfE funds directly); both are official")
    if per:
        parser.add_argument("--per", choices=tuple(PER_WORDS), help="per head aged 0-25 or 2-18, or per EHC plan "
                            "(default: totals)")


def comparator_choice(dataset, value: str) -> tuple[str, tuple[str, ...]]:
    """A --compare value as (comparator group, chosen councils)."""
    if value in GROUP_WORDS:
        return GROUP_WORDS[value], ()
    return "custom", tuple(resolve(dataset, part.strip()) for part in value.split(",") if part.strip())
