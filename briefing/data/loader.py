"""The one way the command line, the app, export workers and dialogs get their data: the bundled package,
with the user's imported layers merged over it. Kept apart from ``dataset`` (the bundle) and ``layers`` (the
user's imports) so that each of those stays ignorant of the other.
"""

from __future__ import annotations

from pathlib import Path

from briefing.data.dataset import Dataset, load
from briefing.data.layers import apply_layers, checked_layers, merge_layers


def load_dataset(layers_dir: Path | None = None, data_dir: Path | None = None, verify: bool = True) -> Dataset:
    """The bundle, with the layers in ``layers_dir`` (none when it is None). A bad bundle or layer raises
    ``DataError`` naming the file."""
    bundle = load(data_dir, verify=verify)
    return merge_layers(bundle, Path(layers_dir)) if layers_dir is not None else bundle


def load_with_imports(layers_dir: Path | None) -> tuple[Dataset, str]:
    """For the app: the bundle with every import that passes its checks, and what was skipped and why (or "").
    The app so starts even when an import is damaged or hand-edited, and says which one to remove. A damaged
    bundle still raises."""
    bundle = load()
    layers, problems = checked_layers(bundle, layers_dir)
    skipped = "\n\n".join(f"Skipped an import: {problem}" for problem in problems)
    return apply_layers(bundle, layers), skipped
