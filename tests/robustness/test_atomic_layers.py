"""Imports and removals are all-or-nothing, even when killed half-way, run twice at once or interrupted."""

import multiprocessing
import os
import shutil
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.data.imports import apply_import, compare, read_import
from briefing.data.layers import LOCK_FILE, layer_folders, list_layers, locked, remove_layer, try_lock
from briefing.data.loader import load_dataset

DSG_FILE = Path(__file__).parents[1] / "fixtures" / "imports" / "dsg_allocations_2023-24.ods"


@pytest.fixture()
def layers(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path / "user"))
    from briefing.userdirs import layers_dir

    return layers_dir()


@pytest.fixture()
def imported(dataset, layers):
    parsed = read_import(DSG_FILE, dataset)
    return apply_import(parsed, compare(parsed, dataset), layers)


def test_a_removal_killed_after_its_rename_leaves_no_layer_and_later_commands_work(dataset, layers, imported):
    # the state a kill between "take out of use" and "delete" leaves: a hidden, half-deleted folder
    tombstone = layers / f".{imported.layer_id}.removed-999"
    os.rename(imported.folder, tombstone)
    (tombstone / "observations.csv").unlink()
    assert load_dataset(layers).version == dataset.version
    assert main(["data", "imports"]) == 0
    with locked(layers):                          # the next writer clears the remains
        pass
    assert not tombstone.exists()


def test_a_symlinked_layer_can_be_removed_without_touching_its_target(dataset, layers, imported, tmp_path):
    elsewhere = tmp_path / "kept"
    shutil.move(str(imported.folder), elsewhere)
    imported.folder.symlink_to(elsewhere, target_is_directory=True)
    assert [f.name for f in layer_folders(layers)] == [imported.layer_id]
    remove_layer(layers, imported.layer_id)
    assert list_layers(layers) == [] and (elsewhere / "layer.json").is_file()


def import_in_child(user_dir: str, results) -> None:
    os.environ["BRIEFING_USER_DIR"] = user_dir
    results.put(main(["data", "import", "--yes", str(DSG_FILE)]))


def test_two_imports_of_the_same_file_at_once_both_succeed_and_leave_one_layer(layers):
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [context.Process(target=import_in_child, args=(os.environ["BRIEFING_USER_DIR"], results))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert sorted(results.get(timeout=5) for _ in workers) == [0, 0, 0]
    assert len(list_layers(layers)) in (1, 2, 3)          # one per second at most: ids carry the time
    assert all((info.folder / "observations.csv").is_file() for info in list_layers(layers))
    assert not [p for p in layers.iterdir() if p.name.startswith(".") and p.name != LOCK_FILE]


def test_the_lock_is_exclusive(layers):
    with locked(layers), open(layers / LOCK_FILE, "a+b") as other:
        assert not try_lock(other)


def test_ctrl_c_at_the_confirmation_prompt_applies_nothing_and_exits_130(layers, monkeypatch, capsys):
    def interrupt(prompt=""):
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", interrupt)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    assert main(["data", "import", str(DSG_FILE)]) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err
    assert list_layers(layers) == []
