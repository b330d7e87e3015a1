"""The import dialog and the crash handler, driven through real widgets."""

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from briefing.data.layers import list_layers
from briefing.ui.app import application
from briefing.ui.errors import install_exception_hook
from briefing.ui.import_dialog import ImportDialog, open_import_dialog
from briefing.userdirs import layers_dir, log_dir

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
DSG_FILE = FIXTURES / "dsg_allocations_2023-24.ods"
SHOTS = Path(__file__).parents[2] / "out" / "screenshots"


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path / "user"))
    application()
    return tmp_path / "user"


@pytest.fixture
def dialog(qtbot, dataset):
    widget = ImportDialog(dataset, layers_dir())
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def check(qtbot, dialog: ImportDialog, paths: list[Path]) -> None:
    """Start the check and wait for its result, as a user waits for the report."""
    with qtbot.waitSignal(dialog.checked, timeout=60_000):
        dialog.check_files(paths)


def grab(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_check_shows_the_changes_then_import_applies_them(qtbot, dialog, dataset):
    assert not dialog.import_button.isEnabled() and dialog.layer_list.count() == 0
    check(qtbot, dialog, [DSG_FILE])
    text = dialog.report.toPlainText()
    assert "152 figures revised" in text and "£57,165,623,081 -> £57,135,884,056" in text
    assert dialog.import_button.isEnabled() and not list_layers(layers_dir())
    grab(dialog, "import_dialog_check.png")

    dialog.import_button.click()
    assert dialog.changed and not dialog.import_button.isEnabled()
    [info] = list_layers(layers_dir())
    assert dialog.layer_list.count() == 1 and info.layer_id in dialog.layer_list.item(0).text()
    assert f"Data version now {dataset.version} + 1 import" in dialog.report.toPlainText()
    grab(dialog, "import_dialog_applied.png")


def test_one_refused_file_blocks_the_whole_import(qtbot, dialog, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("measure,variant,la_code,period,value\nehc_plans,,999,2025,1\n", encoding="utf-8")
    check(qtbot, dialog, [DSG_FILE, bad])
    text = dialog.report.toPlainText()
    assert "bad.csv refused: 1 invalid row; nothing was imported" in text
    assert "row 2: unknown council code '999'" in text
    assert "Nothing will be imported" in text and not dialog.import_button.isEnabled()
    grab(dialog, "import_dialog_refused.png")


def test_a_file_that_changes_nothing_cannot_be_imported(qtbot, dialog):
    check(qtbot, dialog, [FIXTURES / "caseload.csv"])
    assert "Nothing would change" in dialog.report.toPlainText() and not dialog.import_button.isEnabled()


def test_remove_an_import_after_confirming(qtbot, dialog, monkeypatch):
    check(qtbot, dialog, [DSG_FILE])
    dialog.import_button.click()
    dialog.layer_list.setCurrentRow(0)
    assert dialog.remove_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog.remove_button.click()
    assert len(list_layers(layers_dir())) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.remove_button.click()
    assert not list_layers(layers_dir()) and dialog.layer_list.count() == 0
    assert "+ 1 import" not in dialog.report.toPlainText() and "Removed" in dialog.report.toPlainText()


def test_open_import_dialog_reports_whether_data_changed(qtbot, dataset, monkeypatch):
    parent = QWidget()
    parent.dataset = dataset
    qtbot.addWidget(parent)
    monkeypatch.setattr(ImportDialog, "exec", lambda self: 0)
    assert open_import_dialog(parent) is False

    def import_and_close(self):
        with qtbot.waitSignal(self.checked, timeout=60_000):
            self.check_files([DSG_FILE])
        self.import_button.click()
        return 1

    monkeypatch.setattr(ImportDialog, "exec", import_and_close)
    assert open_import_dialog(parent) is True
    assert list_layers(layers_dir())


class NotesWindow(QWidget):
    """Stands in for the main window: notes typed by the user and a button whose slot fails."""

    def __init__(self, dataset) -> None:
        super().__init__()
        self.dataset = dataset
        self.notes = QLineEdit()
        self.button = QPushButton("Fail")
        self.button.clicked.connect(self.fail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notes)
        layout.addWidget(self.button)

    def fail(self) -> None:
        raise RuntimeError("boom in a slot")


def error_dialogs(window) -> list[QMessageBox]:
    return [w for w in window.findChildren(QMessageBox) if w.objectName() == "unexpected_error_dialog"]


def test_unexpected_exception_shows_a_dialog_writes_a_log_and_keeps_notes(qtbot, dataset):
    window = NotesWindow(dataset)
    qtbot.addWidget(window)
    window.show()
    window.notes.setText("My unsaved notes")
    saved = []
    uninstall = install_exception_hook(window, save_work=lambda: saved.append(window.notes.text()))
    try:
        try:
            window.fail()
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        uninstall()
    [box] = error_dialogs(window)
    [log] = list(log_dir().glob("crash-*.log"))
    assert "boom in a slot" in log.read_text("utf-8") and dataset.version in log.read_text("utf-8")
    assert str(log) in box.text() and "The app is still running" in box.text()
    assert saved == ["My unsaved notes"] and window.notes.text() == "My unsaved notes" and window.isVisible()
    grab(box, "unexpected_error_dialog.png")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_real_slot_is_caught_by_the_hook(qtbot, dataset):
    window = NotesWindow(dataset)
    qtbot.addWidget(window)
    window.show()
    uninstall = install_exception_hook(window)
    try:
        QTimer.singleShot(0, window.button.click)
        qtbot.waitUntil(lambda: bool(error_dialogs(window)), timeout=3000)
    finally:
        uninstall()
    assert window.isVisible() and list(log_dir().glob("crash-*.log"))


def test_when_the_log_folder_is_unwritable_the_dialog_says_so(qtbot, dataset, monkeypatch, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_USER_DIR", str(blocker))
    window = NotesWindow(dataset)
    qtbot.addWidget(window)
    uninstall = install_exception_hook(window)
    try:
        sys.excepthook(ValueError, ValueError("bad"), None)
    finally:
        uninstall()
    [box] = error_dialogs(window)
    assert "could not be saved" in box.text()


def test_an_unreadable_import_is_listed_and_can_be_removed(qtbot, dialog, monkeypatch, tmp_path):
    kent = tmp_path / "kent.csv"
    kent.write_text("measure,variant,la_code,period,value\nehc_plans,,886,2026,21000\n", encoding="utf-8")
    check(qtbot, dialog, [kent])
    dialog.import_button.click()
    [info] = list_layers(layers_dir())
    (info.folder / "layer.json").write_text("{not json", encoding="utf-8")
    dialog.refresh_layers()
    assert dialog.layer_list.item(0).text() == f"{info.layer_id} — unreadable: remove it"
    dialog.layer_list.setCurrentRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.remove_button.click()
    assert dialog.layer_list.count() == 0 and not info.folder.exists()


def test_the_check_runs_off_the_ui_thread_and_can_be_cancelled(qtbot, dialog, monkeypatch):
    import threading

    from briefing.ui import import_dialog

    release = threading.Event()
    threads = []

    def slow_read(path, dataset):
        threads.append(threading.current_thread())
        release.wait(10)
        return real_read(path, dataset)

    real_read = import_dialog.read_import
    monkeypatch.setattr(import_dialog, "read_import", slow_read)
    worker = dialog.check_files([DSG_FILE, DSG_FILE])
    qtbot.waitUntil(lambda: bool(threads), timeout=10_000)
    assert threads[0] is not threading.main_thread()       # the window stays responsive meanwhile
    assert dialog.cancel_button.isEnabled() and not dialog.choose_button.isEnabled()
    # progress crosses threads as a queued signal: it reaches the window a moment after the worker starts
    qtbot.waitUntil(lambda: "Checking 1 of 2: dsg_allocations_2023-24.ods" in dialog.report.toPlainText(),
                    timeout=10_000)
    dialog.cancel_button.click()
    assert "cancelled" in dialog.report.toPlainText() and dialog.choose_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: worker.isFinished(), timeout=30_000)
    qtbot.wait(50)                                       # let the (discarded) result arrive
    assert "cancelled" in dialog.report.toPlainText() and not dialog.import_button.isEnabled()


def test_an_unexpected_error_in_the_check_reaches_the_ui_thread(qtbot, dialog, monkeypatch):
    import threading

    from briefing.ui import import_dialog

    def broken(path, dataset):
        raise RuntimeError("reader bug")

    monkeypatch.setattr(import_dialog, "read_import", broken)
    raised_on = []
    monkeypatch.setattr("sys.excepthook", lambda kind, error, trace: raised_on.append(
        (threading.current_thread(), str(error))))
    dialog.check_files([DSG_FILE])
    qtbot.waitUntil(lambda: bool(raised_on), timeout=10_000)
    assert raised_on == [(threading.main_thread(), "reader bug")]
    assert dialog.choose_button.isEnabled() and not dialog.checking
