"""The export dialog driven like a user: export to a file, batch to a folder, cancel, errors, notes kept."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget
from reportlab.platypus import Flowable

from briefing.analysis.briefing import Selection
from briefing.ui.app import application
from briefing.ui.errors import install_exception_hook
from briefing.ui.export_dialog import BATCH, COMPARISON, FOLDER_KEY, NOTES_KEY, ExportDialog, open_export_dialog
from briefing.userdirs import log_dir


def make_dialog(qtbot, dataset, settings, code="886"):
    application()
    dialog = ExportDialog(dataset, Selection(code), settings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def run_export(qtbot, dialog):
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.isFinished() and dialog.export_button.isEnabled(),
                    timeout=60000)


def test_export_one_council_writes_the_pdf_and_opens_it(qtbot, dataset, settings, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.section_boxes["charts"].setChecked(False)
    qtbot.keyClicks(dialog.org, "Parents Forum")
    dialog.target.setText(str(tmp_path / "kent.pdf"))
    run_export(qtbot, dialog)
    reader = PdfReader(tmp_path / "kent.pdf")
    assert reader.metadata.author == "Parents Forum"
    assert "Kent" in reader.pages[0].extract_text()
    assert (tmp_path / "kent-figures.csv").exists()
    assert opened == [str(tmp_path / "kent.pdf")]
    assert "Saved 1 briefing" in dialog.status.text()


def test_notes_draft_survives_closing_the_dialog(qtbot, dataset, settings):
    dialog = make_dialog(qtbot, dataset, settings)
    qtbot.keyClicks(dialog.notes, "Ask about <b>transport</b>")
    assert settings.value(NOTES_KEY) == "Ask about <b>transport</b>"     # saved while typing, not on close
    dialog.reject()
    again = make_dialog(qtbot, dataset, settings)
    assert again.notes.toPlainText() == "Ask about <b>transport</b>"


def test_batch_export_of_chosen_councils_to_a_folder(qtbot, dataset, settings, tmp_path):
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.mode_buttons[BATCH].setChecked(True)
    dialog.picker.set_chosen({"886", "204"})
    for key in ("charts", "comparison", "programmes"):
        dialog.section_boxes[key].setChecked(False)
    dialog.target.setText(str(tmp_path / "out"))
    run_export(qtbot, dialog)
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["204-hackney-briefing.pdf",
                                                                        "886-kent-briefing.pdf"]
    assert "Saved 2 briefings" in dialog.status.text()


def test_cancel_stops_a_batch_after_the_current_council(qtbot, dataset, settings, tmp_path):
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.mode_buttons[BATCH].setChecked(True)
    dialog.picker.set_chosen({"886", "204", "201", "351", "314"})
    dialog.target.setText(str(tmp_path / "out"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.close_button.text() == "Cancel"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job.isFinished() and dialog.export_button.isEnabled(), timeout=60000)
    assert "cancelled" in dialog.status.text()
    assert len(list((tmp_path / "out").glob("*.pdf"))) <= 1


def test_problems_are_shown_in_the_dialog(qtbot, dataset, settings, tmp_path):
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.mode_buttons[COMPARISON].setChecked(True)
    dialog.picker.set_chosen({"886"})
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "between 2 and" in dialog.status.text()
    dialog.mode_buttons[COMPARISON].setChecked(False)
    dialog.mode_buttons["single"].setChecked(True)
    dialog.section_boxes["charts"].setChecked(False)
    dialog.target.setText(str(tmp_path / "missing" / "kent.pdf"))
    run_export(qtbot, dialog)
    assert "does not exist" in dialog.status.text()
    assert not (tmp_path / "missing").exists()


def test_open_export_dialog_shows_a_dialog_over_the_window(qtbot, dataset, settings):
    application()
    parent = QWidget()
    qtbot.addWidget(parent)
    assert open_export_dialog(parent, dataset, Selection("204", "region"), settings) is None
    dialog = parent.findChild(ExportDialog)
    assert dialog.isVisible()
    assert dialog.comparators.currentData() == "region"
    dialog.reject()


def test_file_menu_export_opens_the_dialog_for_the_current_council(qtbot, window):
    window.workspace.export_briefing()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.selection == window.workspace.selection
    assert dialog.settings is window.settings
    dialog.reject()


class SlowFlowable(Flowable):
    """Takes a while to draw, so the test can act while an export is running."""

    def wrap(self, available_width, available_height):
        return available_width, 300

    def draw(self):
        time.sleep(0.05)


def slow_story(*args, **kwargs):
    return [SlowFlowable() for _ in range(400)]          # 20 s to draw in full


def empty_folder(tmp_path: Path) -> Path:
    """Where the briefings go: beside the test's settings file, so the test can see nothing was written."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def start_slow_export(qtbot, dialog, monkeypatch, target):
    from briefing.report import pdf

    monkeypatch.setattr(pdf, "briefing_story", slow_story)
    dialog.section_boxes["charts"].setChecked(False)
    dialog.target.setText(str(target))
    threads = threading.active_count()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job.isRunning(), timeout=5000)
    qtbot.wait(300)
    return threads


def test_closing_the_dialog_during_an_export_cancels_it_at_once(qtbot, dataset, settings, tmp_path, monkeypatch):
    dialog = make_dialog(qtbot, dataset, settings)
    out = empty_folder(tmp_path)
    threads = start_slow_export(qtbot, dialog, monkeypatch, out / "kent.pdf")
    job = dialog.job
    started = time.perf_counter()
    dialog.reject()
    assert time.perf_counter() - started < 3 and job.isFinished()
    assert list(out.iterdir()) == [] and threading.active_count() == threads


QUIT_DURING_EXPORT = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from briefing.analysis.briefing import Selection
from briefing.data.dataset import load
from briefing.report import pdf
from briefing.ui.app import application, open_settings
from briefing.ui.export_dialog import ExportDialog
from tests.ui.test_export_dialog import slow_story

pdf.briefing_story = slow_story
app = application()
window = QWidget()
dialog = ExportDialog(load(), Selection("886"), open_settings()[0], window)   # settings in BRIEFING_USER_DIR
dialog.target.setText(sys.argv[1])
window.show()
dialog.show()
QTimer.singleShot(0, dialog.start)
QTimer.singleShot(1500, app.quit)          # as when the last window is closed
started = time.perf_counter()
app.exec()
print("running" if dialog.job.isRunning() else "stopped", round(time.perf_counter() - started, 1))
"""


def test_quitting_the_app_during_an_export_cancels_it(tmp_path):
    out = empty_folder(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRIEFING_USER_DIR": str(tmp_path / "user"),
           "PYTHONPATH": str(Path(__file__).parents[2])}
    result = subprocess.run([sys.executable, "-c", QUIT_DURING_EXPORT, str(out / "kent.pdf")], capture_output=True,
                            text=True, env=env, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "stopped" and float(result.stdout.split()[1]) < 5
    assert "Destroyed while thread" not in result.stderr and list(out.iterdir()) == []


def test_cancel_stops_the_briefing_being_drawn(qtbot, dataset, settings, tmp_path, monkeypatch):
    dialog = make_dialog(qtbot, dataset, settings)
    out = empty_folder(tmp_path)
    start_slow_export(qtbot, dialog, monkeypatch, out / "kent.pdf")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job.isFinished() and dialog.export_button.isEnabled(), timeout=3000)
    assert "cancelled" in dialog.status.text() and list(out.iterdir()) == []


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_in_the_export_reaches_the_ui_thread(qtbot, dataset, settings, tmp_path, monkeypatch):
    from briefing.report import pdf

    def broken(*args, **kwargs):
        raise RuntimeError("drawing bug")

    monkeypatch.setattr(pdf, "briefing_story", broken)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ExportDialog(dataset, Selection("886"), settings, parent)
    dialog.show()
    raised_on = []
    uninstall = install_exception_hook(parent)
    monkeypatch.setattr("briefing.ui.errors.show_error_dialog", lambda *args: raised_on.append(
        threading.current_thread()))
    try:
        out = empty_folder(tmp_path)
        dialog.target.setText(str(out / "kent.pdf"))
        run_export(qtbot, dialog)
        qtbot.waitUntil(lambda: bool(raised_on), timeout=5000)
    finally:
        uninstall()
    assert raised_on == [threading.main_thread()]
    assert "unexpected error (RuntimeError)" in dialog.status.text() and dialog.export_button.isEnabled()
    [log] = list(log_dir().glob("crash-*.log"))
    assert "drawing bug" in log.read_text("utf-8")
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("saved", ["missing", "a file"])
def test_an_unusable_last_folder_falls_back_with_a_note(qtbot, dataset, settings, tmp_path, saved):
    (tmp_path / "a file").write_text("x", encoding="utf-8")
    settings.setValue(FOLDER_KEY, str(tmp_path / saved))
    dialog = make_dialog(qtbot, dataset, settings)
    assert not dialog.target.text().startswith(str(tmp_path / saved))
    assert Path(dialog.target.text()).parent.is_dir()
    assert f"The folder last used, {tmp_path / saved}, cannot be written to" in dialog.status.text()


def test_a_batch_into_a_file_is_a_message(qtbot, dataset, settings, tmp_path):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.mode_buttons[BATCH].setChecked(True)
    dialog.target.setText(str(tmp_path / "out"))
    run_export(qtbot, dialog)
    assert "is a file, not a folder" in dialog.status.text()


def test_the_appendix_tick_box_adds_the_full_figures(qtbot, dataset, settings, tmp_path):
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.target.setText(str(tmp_path / "short.pdf"))
    run_export(qtbot, dialog)
    qtbot.mouseClick(dialog.appendix, Qt.MouseButton.LeftButton)
    dialog.target.setText(str(tmp_path / "long.pdf"))
    run_export(qtbot, dialog)
    short, long = PdfReader(tmp_path / "short.pdf"), PdfReader(tmp_path / "long.pdf")
    assert len(short.pages) <= 4 < len(long.pages)
    appendix = " ".join(page.extract_text() for page in long.pages[len(short.pages):])
    assert "Appendix: the figures" in appendix and "National timeline" in appendix
    assert "Appendix" not in " ".join(page.extract_text() for page in short.pages)


def test_open_when_done_says_so_when_no_viewer_is_found(qtbot, dataset, settings, tmp_path, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)     # what Qt returns with no PDF viewer
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.section_boxes["charts"].setChecked(False)
    dialog.target.setText(str(tmp_path / "kent"))                          # typed without .pdf
    run_export(qtbot, dialog)
    assert (tmp_path / "kent.pdf").is_file() and dialog.target.text() == str(tmp_path / "kent.pdf")
    assert f"Saved 1 briefing: {tmp_path / 'kent.pdf'}" in dialog.status.text()
    assert "No PDF viewer was found" in dialog.status.text()


def test_a_missing_documents_folder_falls_back_to_home(qtbot, dataset, settings, tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(tmp_path / "no Documents"))
    monkeypatch.setenv("HOME", str(tmp_path))
    dialog = make_dialog(qtbot, dataset, settings)
    assert Path(dialog.target.text()).parent == Path.home()


def test_characters_no_font_can_print_are_named_after_the_export(qtbot, dataset, settings, tmp_path, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.section_boxes["charts"].setChecked(False)
    dialog.notes.setPlainText("Agreed 😀 مرحبا 中文")
    dialog.target.setText(str(tmp_path / "kent.pdf"))
    run_export(qtbot, dialog)
    status = dialog.status.text()
    assert "Saved 1 briefing" in status
    assert "1 character in the notes cannot be printed" in status and "U+1F600 grinning face" in status


def test_notes_over_the_limit_are_refused_in_the_dialog(qtbot, dataset, settings, tmp_path):
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.notes.setPlainText("n" * 20_001)
    dialog.target.setText(str(tmp_path / "kent.pdf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.job is None and "The notes are 20,001 characters long; at most 20,000" in dialog.status.text()
    assert list(tmp_path.iterdir()) == []


def test_word_and_excel_versions_are_written_beside_the_pdf(qtbot, dataset, settings, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    dialog = make_dialog(qtbot, dataset, settings)
    for box in (dialog.word, dialog.excel):        # below the fold of the dialog's scroll area: by keyboard
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert dialog.word.isChecked() and dialog.excel.isChecked()
    dialog.target.setText(str(tmp_path / "kent.pdf"))
    run_export(qtbot, dialog)
    assert sorted(p.name for p in tmp_path.glob("kent*")) == ["kent-figures.csv", "kent-figures.xlsx", "kent.docx",
                                                          "kent.pdf"]
    assert "Kent" in Document(str(tmp_path / "kent.docx")).paragraphs[0].text
    assert load_workbook(tmp_path / "kent-figures.xlsx")["Figures"].max_row > 100


def test_tab_in_the_notes_box_moves_on_instead_of_typing_a_tab(qtbot, dataset, settings):
    dialog = make_dialog(qtbot, dataset, settings)
    dialog.notes.setFocus()
    qtbot.waitUntil(dialog.notes.hasFocus, timeout=2000)
    qtbot.keyClicks(dialog.notes, "Meeting")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Tab)
    assert dialog.notes.toPlainText() == "Meeting" and not dialog.notes.hasFocus()
    focus, steps = dialog.focusWidget(), 0
    while focus is not dialog.export_button and steps < 40:      # and Export is reachable by Tab alone
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        focus, steps = dialog.focusWidget(), steps + 1
    assert focus is dialog.export_button
