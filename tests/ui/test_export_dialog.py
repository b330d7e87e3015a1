"""The export dialog driven like a user: export to a file, batch to a folder, cancel, errors, notes kept."""

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from briefing.analysis.briefing import Selection
from briefing.ui.app import application
from briefing.ui.export_dialog import BATCH, COMPARISON, NOTES_KEY, ExportDialog, open_export_dialog


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
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
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
    window.export_briefing()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.selection == window.selection
    assert dialog.settings is window.settings
    dialog.reject()
