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
