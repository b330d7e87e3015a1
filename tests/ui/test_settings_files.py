"""Saved settings that are damaged, hand-edited or from elsewhere never stop the app starting."""

import pytest
from PySide6.QtCore import QByteArray

from briefing.ui.app import open_settings
from briefing.ui.main_window import MainWindow


@pytest.fixture()
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path))
    (tmp_path / "config").mkdir()
    return tmp_path


def test_settings_live_in_the_user_folder(user_dir):
    settings, problem = open_settings()
    settings.setValue("council", "204")
    settings.sync()
    assert problem == "" and "council=204" in (user_dir / "config" / "settings.ini").read_text()


@pytest.mark.parametrize("content", [
    "[General]\ngeometry=not a byte array\ncouncil=204\n",
    "[General]\ngeometry=@ByteArray(\\x1\\xd9\\xd0\\xcb\\0\\x3\\0\\0\\0\\0",      # cut mid-line
    "[General]\ngeometry=12\ncouncil=204\nreal_terms=maybe\nview=nowhere\n",
    "\xff\xfe garbage \x00\x01 [[[\n=\n",
])
def test_damaged_settings_start_the_window_with_defaults(qtbot, dataset, user_dir, content):
    (user_dir / "config" / "settings.ini").write_bytes(content.encode("latin-1"))
    settings, _ = open_settings()
    window = MainWindow(dataset, settings)
    qtbot.addWidget(window)
    assert window.workspace.selection.la_code in dataset.councils.index
    assert window.workspace.current_view() in ("overview", "funding", "deficit", "demand", "compare", "map",
                                               "safety-valve")
    geometry = settings.value("geometry")
    assert geometry is None or isinstance(geometry, QByteArray)


def test_every_setting_is_declared_and_invalid_values_fall_back_to_its_default(qtbot, dataset, tmp_path):
    from PySide6.QtCore import QSettings

    from briefing.ui.main_window import MainWindow
    from briefing.ui.session import SETTINGS, read_setting

    stored = QSettings(str(tmp_path / "hand-edited.ini"), QSettings.Format.IniFormat)
    for key, value in {"council": "999", "comparator_group": "friends", "custom": "886,nonsense",
                       "real_terms": "maybe", "per": "per_goat", "view": "attic",
                       "map_measure": "no_such_measure,", "compare_measure": "ehc_plans,"}.items():
        stored.setValue(key, value)
    assert {key: read_setting(stored, key, dataset) for key in SETTINGS if key != "view"} == {
        **{key: s.default for key, s in SETTINGS.items() if key != "view"},
        "custom": "886,nonsense", "compare_measure": "ehc_plans,"}      # custom codes are checked one by one
    window = MainWindow(dataset, stored)
    qtbot.addWidget(window)
    selection = window.workspace.selection
    assert (selection.la_code, selection.comparator_group, selection.custom) == (
        "886", "neighbours", ("886",))                               # the unknown code dropped
    assert not window.workspace.selection.real_terms and window.workspace.selection.per == ""
    assert window.workspace.current_view() == "overview" and window.workspace.compare.current() == ("ehc_plans", "")
    window.close()
    written = QSettings(str(tmp_path / "hand-edited.ini"), QSettings.Format.IniFormat)
    assert set(SETTINGS) <= set(written.allKeys())                    # nothing is saved that is not declared
    assert set(written.allKeys()) - set(SETTINGS) <= {"geometry"}


def test_the_session_signals_only_real_changes(dataset, qtbot):
    from briefing.ui.session import Session

    session = Session(dataset)
    with qtbot.waitSignal(session.changed, timeout=1000):
        assert session.update(la_code="204")
    with qtbot.assertNotEmitted(session.changed):
        assert not session.update(la_code="204")
    session.update(comparator_group="custom", custom=("204", "886"))
    assert session.selection.custom == ("886",)                        # never its own comparator
    assert session.briefing() is session.briefing()                   # built once per selection


@pytest.mark.parametrize("blocker", ["config", "config/settings.ini"])
def test_an_unwritable_settings_place_is_said_and_the_window_starts(qtbot, dataset, user_dir, blocker):
    (user_dir / "config").rmdir()
    if blocker == "config":
        (user_dir / "config").write_text("a file where the folder should be", encoding="utf-8")
    else:
        (user_dir / "config" / "settings.ini").mkdir(parents=True)
    settings, problem = open_settings()
    assert "Your settings cannot be saved" in problem and "will not be remembered" in problem
    assert str(user_dir / "config") in problem
    window = MainWindow(dataset, settings)
    qtbot.addWidget(window)
    assert window.workspace.selection.la_code in dataset.councils.index


def test_the_app_starts_on_the_bundle_and_names_a_bad_import_and_unsaved_settings(qtbot, dataset, user_dir, tmp_path,
                                                                                   monkeypatch):
    import sys

    from PySide6.QtWidgets import QApplication, QMessageBox

    from briefing.cli import main as cli
    from briefing.ui import app

    kent = tmp_path / "kent.csv"
    kent.write_text("measure,variant,la_code,period,value,note\nehc_plans,,886,2026,21000,\n", encoding="utf-8")
    assert cli(["data", "import", str(kent), "--yes"]) == 0
    [layer] = (user_dir / "data" / "imports").glob("2*")
    (layer / "sources.csv").write_text("", encoding="utf-8")
    (user_dir / "config").rmdir()
    (user_dir / "config").write_text("a file", encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((parent, title, text)))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append((parent, title, text)))
    monkeypatch.setattr(QApplication, "exec", lambda self: qtbot.waitUntil(lambda: len(shown) == 2) or 0)
    monkeypatch.setattr("gc.freeze", lambda: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)        # main installs the app's hook: undone after
    assert app.main([]) == 0      # the window paints, then loads the data, then names the problems
    window = shown[0][0]
    qtbot.addWidget(window)
    assert window.dataset.version == dataset.version
    [(_, _, settings_note), (_, title, import_note)] = shown
    assert "settings cannot be saved" in settings_note
    assert title == "Imported data not used" and layer.name in import_note and "sources.csv" in import_note
    assert "The bundled data is shown" in import_note
