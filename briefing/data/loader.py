"""The one way the command line, the app, export workers and dialogs get their data: the bundled package,
with the user's imported layers merged over it. Kept apart from ``dataset`` (the bundle) and ``layers`` (the
user's imports) so that each of those stays ignorant of the other.
"""

from __future__ import annotations

from pathlib import Path

from briefing.data.dataset import DataError, Dataset, load
from briefing.data.layers import merge_layers


def load_dataset(layers_dir: Path | None = None, data_dir: Path | None = None, verify: bool = True) -> Dataset:
    """The bundle, with the layers in ``layers_dir`` (none when it is None). A bad bundle or layer raises
    ``DataError`` naming the file."""
    bundle = load(data_dir, verify=verify)
    return merge_layers(bundle, Path(layers_dir)) if layers_dir is not None else bundle


def load_with_imports(layers_dir: Path | None) -> tuple[Dataset, str]:
    """For the app: the bundle with the user's imports, or, when an import is unreadable, the bundle alone and
    the reason, so the app still starts and the bad import can be removed. A damaged bundle still raises."""
    bundle = load()
    try:
        return merge_layers(bundle, layers_dir), ""
    except DataError as error:
        return bundle, str(error)
