"""Import layers damaged or hand-edited on disk (the checksum recomputed, so only the content can tell): each is
refused by name. The command line stops with the message; the app starts without that layer and says why."""

import json
from pathlib import Path

import pandas as pd
import pytest

from briefing.cli import main
from briefing.data import layers
from briefing.data.layers import LAYER_FILE, OBSERVATIONS_FILE, SOURCES_FILE, file_sha256, list_layers
from briefing.data.loader import load_with_imports
from briefing.userdirs import layers_dir

TIDY_HEADER = "measure,variant,la_code,period,value,note\n"


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path / "user"))
    return tmp_path / "user"


def imported(tmp_path: Path, name: str = "kent.csv", row: str = "ehc_plans,,886,2026,21000,") -> Path:
    path = tmp_path / name
    path.write_text(TIDY_HEADER + row + "\n", encoding="utf-8")
    assert main(["data", "import", str(path), "--yes"]) == 0
    return max(info.folder for info in list_layers(layers_dir()))


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def hand_edit(folder: Path, rows=None, source=None, record=None) -> None:
    """Change a layer's files as a user with a text editor might, then fix the checksum as a careful one would."""
    if rows:
        frame = rows(read(folder / OBSERVATIONS_FILE))
        frame.to_csv(folder / OBSERVATIONS_FILE, index=False, lineterminator="\n")
    if source:
        source(folder / SOURCES_FILE)
    saved = json.loads((folder / LAYER_FILE).read_text("utf-8"))
    saved["observations_sha256"] = file_sha256(folder / OBSERVATIONS_FILE)
    if rows:
        saved["rows"] = len(read(folder / OBSERVATIONS_FILE))
    (folder / LAYER_FILE).write_text(json.dumps(record(saved) if record else saved), encoding="utf-8")


def cell(column: str, value: str):
    return lambda frame: frame.assign(**{column: value})


def source_cell(column: str, value: str):
    def edit(path: Path) -> None:
        read(path).assign(**{column: value}).to_csv(path, index=False, lineterminator="\n")
    return edit


def assert_refused(folder: Path, dataset, expected: str, capsys) -> None:
    merged, problem = load_with_imports(layers_dir())
    assert merged.version == dataset.version and merged.layers == ()
    assert "Skipped an import" in problem and folder.name in problem and expected in problem
    capsys.readouterr()
    assert main(["show", "kent"]) == 1
    err = capsys.readouterr().err
    assert expected in err and f"briefing data remove {folder.name}" in err and "Traceback" not in err


@pytest.mark.parametrize("edit, expected", [
    (cell("value", "lots"), "'lots' is not a number"),
    (cell("value", "inf"), "'inf' is not a number"),
    (cell("value", "1e400"), "'1e400' is not a number"),
    (cell("value", "２１０００"), "is not a number"),                    # full-width digits
    (cell("value", "1000000000"), "implausible value 1,000,000,000"),
    (cell("value", "-3"), "negative value -3"),
    (cell("value", "2.5"), "a count must be a whole number"),
    (cell("value", ""), "status published contradicts the value ''"),
    (cell("measure", "ehc_plan"), "does not fit data version"),
    (cell("variant", "after_deductions"), "unknown measure 'ehc_plans' variant 'after_deductions'"),
    (cell("area", "999"), "unknown council '999'"),
    (cell("area", "E10000016"), "unknown council"),
    (cell("area", "836"), "a value for council 836, which did not exist in 2026"),      # Poole, until 2019
    (cell("period", "2025-26"), "period '2025-26' is not a January census"),
    (cell("period", "٢٠٢٦"), "is not a January census"),                 # Arabic-Indic digits
    (cell("status", "official"), "unknown status 'official'"),
    (cell("source_id", "dfe_ehcp_2026"), "cites the source 'dfe_ehcp_2026'"),
    (cell("note", "bell\x07"), "control characters"),
    (lambda frame: pd.concat([frame, frame]), "a second row for the same measure"),
    (lambda frame: frame.assign(extra="x"), "observations.csv has the columns"),
    (lambda frame: frame.drop(columns="note"), "observations.csv has the columns"),
])
def test_hand_edited_rows_are_refused_by_name(dataset, tmp_path, capsys, edit, expected):
    folder = imported(tmp_path)
    hand_edit(folder, rows=edit)
    assert_refused(folder, dataset, expected, capsys)


@pytest.mark.parametrize("edit, expected", [
    (lambda path: path.unlink(), "Data file missing"),
    (lambda path: path.write_text("", encoding="utf-8"), "unreadable"),
    (lambda path: path.write_text("source_id\nimport_x\n", encoding="utf-8"), "sources.csv has the columns"),
    (lambda path: path.write_text(path.read_text("utf-8") + path.read_text("utf-8").splitlines()[1] + "\n",
                                  encoding="utf-8"), "sources.csv has 2 rows"),
    (source_cell("publisher", "Department for Education"), "publisher differ from layer.json"),
    (source_cell("source_id", "dfe_ehcp_2026"), "source_id differ"),
    (source_cell("title", " "), "title differ"),
])
def test_a_damaged_sources_file_never_drops_provenance_silently(dataset, tmp_path, capsys, edit, expected):
    folder = imported(tmp_path)
    hand_edit(folder, source=edit)
    assert_refused(folder, dataset, expected, capsys)


@pytest.mark.parametrize("edit, expected", [
    (lambda record: [record], "layer.json is not a JSON object"),
    (lambda record: {**record, "rows": "1"}, "rows of the wrong type"),
    (lambda record: {**record, "rows": 5}, "has 1 rows; layer.json says 5"),
    (lambda record: {**record, "title": 7}, "title of the wrong type"),
    (lambda record: {k: v for k, v in record.items() if k != "observations_sha256"}, "missing observations_sha256"),
    (lambda record: {**record, "layer_id": "20990101-000000-000000-deadbeef"}, "names the import"),
])
def test_damaged_layer_metadata_is_refused_by_name(dataset, tmp_path, capsys, edit, expected):
    folder = imported(tmp_path)
    hand_edit(folder, record=edit)
    assert_refused(folder, dataset, expected, capsys)


def test_only_the_bad_layer_is_skipped(dataset, tmp_path):
    good = imported(tmp_path, "kent.csv", "ehc_plans,,886,2026,21000,")
    bad = imported(tmp_path, "medway.csv", "ehc_plans,,887,2026,4000,")
    hand_edit(bad, rows=cell("value", "4e3"))
    merged, problem = load_with_imports(layers_dir())
    assert merged.layers == (good.name,) and merged.version.endswith("+ 1 import")
    assert bad.name in problem and good.name not in problem
    assert merged.grid("ehc_plans").values.at["886", "2026"] == 21000


def test_a_layer_removed_while_loading_is_simply_gone(dataset, tmp_path, monkeypatch):
    folder = imported(tmp_path)
    original = layers.read_record

    def removed_meanwhile(path):
        layers.discard(path)
        return original(path)

    monkeypatch.setattr(layers, "read_record", removed_meanwhile)
    merged, problem = load_with_imports(layers_dir())
    assert (merged.version, problem) == (dataset.version, "") and not folder.exists()
    assert list_layers(layers_dir()) == []


def test_a_file_where_the_imports_folder_should_be(dataset, user_dir, capsys):
    (user_dir / "data").mkdir(parents=True)
    (user_dir / "data" / "imports").write_text("not a folder", encoding="utf-8")
    merged, problem = load_with_imports(layers_dir())
    assert merged.version == dataset.version and "is a file" in problem and str(layers_dir()) in problem
    assert main(["show", "kent"]) == 1 and "Move or rename that file" in capsys.readouterr().err
    assert main(["data", "imports"]) == 1


def test_an_imports_folder_without_permission(dataset, user_dir, monkeypatch, capsys):
    layers_dir().mkdir(parents=True)
    real = Path.iterdir

    def denied(path):
        if path == layers_dir():
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "iterdir", denied)
    merged, problem = load_with_imports(layers_dir())
    assert merged.version == dataset.version and "Permission denied" in problem and "permissions" in problem
    assert main(["show", "kent"]) == 1 and "Traceback" not in capsys.readouterr().err


def test_the_import_dialog_marks_a_skipped_layer_and_survives_an_unreadable_folder(qtbot, dataset, tmp_path,
                                                                                     user_dir):
    from briefing.ui.app import application
    from briefing.ui.import_dialog import ImportDialog

    application()
    folder = imported(tmp_path)
    hand_edit(folder, rows=cell("value", "lots"))
    merged, _ = load_with_imports(layers_dir())
    dialog = ImportDialog(merged, layers_dir())
    qtbot.addWidget(dialog)
    assert dialog.layer_list.item(0).text().endswith("not used: damaged, remove it")
    layers.discard(layers_dir())
    layers_dir().write_text("a file", encoding="utf-8")
    dialog.reload()
    assert "is a file" in dialog.layer_list.item(0).text() and "is a file" in dialog.report.toPlainText()


@pytest.mark.parametrize("name", [OBSERVATIONS_FILE, SOURCES_FILE])
def test_a_layer_file_without_read_permission(dataset, tmp_path, monkeypatch, capsys, name):
    folder = imported(tmp_path)
    real_open = open
    real_path_open = Path.open

    def denied(path, *args, **kwargs):
        if Path(path) == folder / name:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied)
    monkeypatch.setattr(Path, "open", lambda path, *args, **kwargs: denied(path) if path == folder / name
                        else real_path_open(path, *args, **kwargs))
    assert_refused(folder, dataset, "Permission denied", capsys)
