"""File > Export briefing: choose what to export and where, then draw the PDF(s) off the UI thread with
progress and cancel. The notes draft is saved to QSettings as the user types, so nothing typed is lost."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from briefing.analysis.briefing import Selection
from briefing.analysis.compare import GROUPS, MAX_CUSTOM
from briefing.data.dataset import Dataset
from briefing.report.files import MAX_NOTES_CHARS, MAX_TITLE_CHARS, pdf_name
from briefing.ui.dialogs import CouncilPicker
from briefing.ui.screens import fit_on_screen

SINGLE, COMPARISON, BATCH = "single", "comparison", "batch"
SECTION_NAMES = {
    "glance": "At a glance",
    "charts": "Charts: funding, deficit, demand",
    "comparison": "Comparison table",
    "programmes": "Safety valve and DBV",
    "sources": "Sources and method",
}
NOTES_KEY, TITLE_KEY, ORG_KEY, FOLDER_KEY = "export/notes_draft", "export/title", "export/org", "export/folder"


class ExportJob(QThread):
    """Runs one export (single, comparison or batch) away from the UI thread. Whatever goes wrong reaches the UI
    thread as a signal: an expected failure as its message, an unexpected one as the exception itself."""

    progressed = Signal(int, int, str)         # done, total, council name
    succeeded = Signal(list, list)             # written paths (str), failures [(code, message)]
    failed = Signal(str)
    crashed = Signal(object)                   # an unexpected exception, raised again on the UI thread

    def __init__(self, dataset: Dataset, mode: str, codes: list[str], target: Path, options, parent=None,
                 docx: bool = False, xlsx: bool = False) -> None:
        super().__init__(parent)
        self.dataset, self.mode, self.codes, self.target, self.options = dataset, mode, codes, target, options
        self.docx, self.xlsx = docx, xlsx
        self.cancel_requested = threading.Event()

    def run(self) -> None:
        from briefing.report.batch import export_many
        from briefing.report.companions import render_companions
        from briefing.report.pdf import ExportCancelled, ExportError, export

        try:
            if self.mode == BATCH:
                result = export_many(self.dataset, self.codes, self.target, self.options, workers=1,
                                     progress=self.report, cancelled=self.cancel_requested.is_set)
                self.succeeded.emit([str(p) for p in result.written], result.failures)
            else:
                self.progressed.emit(0, 1, "")
                companions = render_companions(self.dataset, self.codes, self.target, self.options, self.docx,
                                               self.xlsx) if self.docx or self.xlsx else {}
                written = export(self.dataset, self.codes, self.target, self.options, self.cancel_requested.is_set,
                                 companions=companions)
                self.progressed.emit(1, 1, "")
                self.succeeded.emit([str(p) for p in written], [])
        except ExportCancelled:
            self.failed.emit("Export cancelled; nothing more was written.")
        except (ExportError, ValueError, OSError) as error:
            self.failed.emit(str(error))
        except Exception as error:  # noqa: BLE001 - handed to the UI thread's crash dialog and log
            self.crashed.emit(error)

    def report(self, done: int, total: int, code: str, error: str) -> None:
        self.progressed.emit(done, total, self.dataset.council_name(code))

    def stop(self) -> None:
        """Cancel and wait: the briefing being drawn stops at its next flowable and is not written."""
        self.cancel_requested.set()
        self.wait()


class ExportDialog(QDialog):
    def __init__(self, dataset: Dataset, selection: Selection, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset, self.selection = dataset, selection
        self.settings = settings if settings is not None else QSettings()
        self.job: ExportJob | None = None
        self.written: list[str] = []
        self.warning = ""              # characters no bundled font can print, named after the export
        name = dataset.council_name(selection.la_code)
        self.setWindowTitle("Export briefing")

        self.modes = QButtonGroup(self)
        self.mode_buttons = {}
        mode_box = QGroupBox("What to export")
        mode_layout = QVBoxLayout(mode_box)
        for mode, label in ((SINGLE, f"A briefing for {name}"),
                            (COMPARISON, "One comparison briefing: the ticked councils side by side"),
                            (BATCH, "One briefing per ticked council, into a folder")):
            button = QRadioButton(label)
            self.modes.addButton(button)
            self.mode_buttons[mode] = button
            mode_layout.addWidget(button)
        self.mode_buttons[SINGLE].setChecked(True)
        self.picker = CouncilPicker(dataset, {selection.la_code}, "Councils to export", bulk_buttons=True)
        mode_layout.addWidget(self.picker)
        self.modes.buttonToggled.connect(self.mode_changed)

        self.comparators = QComboBox()
        for key, label in GROUPS.items():
            if key != "custom" or selection.custom:
                self.comparators.addItem(label[0].upper() + label[1:], key)
        self.comparators.setCurrentIndex(max(0, self.comparators.findData(selection.comparator_group)))
        self.real_terms = QCheckBox("Money in real terms (GDP deflator)")
        self.real_terms.setChecked(selection.real_terms)
        self.letter = QCheckBox("US Letter paper (default A4)")
        self.section_boxes = {}
        sections_box = QGroupBox("Sections")
        sections_layout = QGridLayout(sections_box)
        for index, (key, label) in enumerate(SECTION_NAMES.items()):
            box = QCheckBox(label)
            box.setChecked(True)
            self.section_boxes[key] = box
            sections_layout.addWidget(box, index // 2, index % 2)
        self.appendix = QCheckBox("Appendix: every chart with its figures")
        self.appendix.setToolTip("The briefing itself is at most 4 pages; the appendix adds the full tables and "
                                 "the national timeline")
        sections_layout.addWidget(self.appendix, (len(SECTION_NAMES) + 1) // 2, 0, 1, 2)
        self.word = QCheckBox("Word version (accessible)")
        self.word.setToolTip("The same briefing with real headings, table headers and chart descriptions for screen "
                             "readers; written beside the PDF (not for a batch)")
        self.excel = QCheckBox("Excel workbook of the figures")
        self.excel.setToolTip("The figures file as a workbook, written beside the PDF (not for a batch)")
        for box in (self.word, self.excel):
            sections_layout.addWidget(box, sections_layout.rowCount(), 0, 1, 2)

        self.title = QLineEdit(str(self.settings.value(TITLE_KEY, "")), placeholderText="Default: council name",
                               maxLength=MAX_TITLE_CHARS)
        self.org = QLineEdit(str(self.settings.value(ORG_KEY, "")), placeholderText="Shown as author and in headers",
                             maxLength=MAX_TITLE_CHARS)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Your notes, printed as plain text in the briefing (saved as you type).")
        self.notes.setPlainText(str(self.settings.value(NOTES_KEY, "")))
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)      # Tab moves on towards Export; notes never need a tab character
        self.notes.textChanged.connect(self.save_draft)
        self.title.textChanged.connect(lambda text: self.settings.setValue(TITLE_KEY, text))
        self.org.textChanged.connect(lambda text: self.settings.setValue(ORG_KEY, text))

        self.target = QLineEdit()
        self.target.setAccessibleName("Save to")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(browse)
        self.open_when_done = QCheckBox("Open the PDF when done")
        self.open_when_done.setChecked(True)

        form = QFormLayout()
        form.addRow("Comparators:", self.comparators)
        form.addRow("Title:", self.title)
        form.addRow("Organisation:", self.org)
        form.addRow("Notes:", self.notes)
        form.addRow("Save to:", target_row)
        left = QVBoxLayout()
        left.addWidget(mode_box)
        left.addWidget(sections_box)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.real_terms)
        right.addWidget(self.letter)
        right.addWidget(self.open_when_done)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        body = QWidget()
        body.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        fit_on_screen(self, 860, 460)   # 1366x768 at 150% is 910x512 logical; at 200% the form scrolls
        self.mode_changed()
        QCoreApplication.instance().aboutToQuit.connect(self.stop_job)   # quitting never kills a running export
        self.show_status(self.folder_note())

    # --- choices ---------------------------------------------------------------------------------------------

    def mode(self) -> str:
        return next(mode for mode, button in self.mode_buttons.items() if button.isChecked())

    def folder(self) -> Path:
        """The folder last saved to, else Documents, else home: the first one that is a folder this user can
        write to (a folder since removed, or now on a read-only or missing drive, is passed over)."""
        saved = str(self.settings.value(FOLDER_KEY, "") or "")
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        candidates = [Path(p) for p in (saved, documents, str(Path.home())) if p]
        return next((p for p in candidates if p.is_dir() and os.access(p, os.W_OK)), candidates[0])

    def folder_note(self) -> str:
        saved = str(self.settings.value(FOLDER_KEY, "") or "")
        if saved and self.folder() != Path(saved):
            return f"The folder last used, {saved}, cannot be written to now; saving to {self.folder()} instead."
        return ""

    def mode_changed(self, *_args) -> None:
        from briefing.report.pdf import default_file_name

        mode = self.mode()
        self.picker.setEnabled(mode != SINGLE)
        codes = self.codes() or [self.selection.la_code]
        if mode == BATCH:
            self.target.setText(str(self.folder() / "briefings"))
        else:
            self.target.setText(str(self.folder() / default_file_name(self.dataset, codes)))
        self.open_when_done.setEnabled(mode != BATCH)

    def codes(self) -> list[str]:
        if self.mode() == SINGLE:
            return [self.selection.la_code]
        chosen = self.picker.chosen()
        # the council on screen leads a comparison (it is the one highlighted in its charts)
        return sorted(chosen, key=lambda c: c != self.selection.la_code)

    def options(self):
        from briefing.report.pdf import ExportOptions

        group = self.comparators.currentData()
        return ExportOptions(comparator_group=group, custom=self.selection.custom if group == "custom" else (),
                             sections=tuple(k for k, box in self.section_boxes.items() if box.isChecked()),
                             real_terms=self.real_terms.isChecked(), hnb_basis=self.selection.hnb_basis,
                             org=self.org.text().strip(),
                             title=self.title.text().strip(), notes=self.notes.toPlainText(),
                             letter=self.letter.isChecked(), appendix=self.appendix.isChecked())

    def save_draft(self) -> None:
        self.settings.setValue(NOTES_KEY, self.notes.toPlainText())

    def browse(self) -> None:
        if self.mode() == BATCH:
            chosen = QFileDialog.getExistingDirectory(self, "Folder for the briefings", self.target.text())
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save briefing as", self.target.text(), "PDF files (*.pdf)")
            if chosen and not chosen.lower().endswith(".pdf"):
                chosen += ".pdf"
        if chosen:
            self.target.setText(chosen)

    # --- running -----------------------------------------------------------------------------------------------

    def problem(self) -> str:
        codes, mode = self.codes(), self.mode()
        if not self.target.text().strip():
            return "Choose where to save."
        if not any(box.isChecked() for box in self.section_boxes.values()):
            return "Tick at least one section."
        if len(self.notes.toPlainText()) > MAX_NOTES_CHARS:
            return (f"The notes are {len(self.notes.toPlainText()):,} characters long; at most "
                    f"{MAX_NOTES_CHARS:,} are printed. Shorten them.")
        if mode == COMPARISON and not 2 <= len(codes) <= MAX_CUSTOM + 1:
            return f"Tick between 2 and {MAX_CUSTOM + 1} councils for a comparison briefing."
        if mode == BATCH and not codes:
            return "Tick at least one council."
        return ""

    def start(self) -> None:
        from briefing.report.fonts import undrawable_message

        message = self.problem()
        if message:
            self.show_status(message, error=True)
            return
        target = Path(self.target.text().strip())
        if self.mode() != BATCH:
            target = pdf_name(target)
            self.target.setText(str(target))
        self.settings.setValue(FOLDER_KEY, str(target if self.mode() == BATCH else target.parent))
        options = self.options()
        self.warning = " ".join(filter(None, (undrawable_message(options.notes), undrawable_message(options.title,
                                "the title"), undrawable_message(options.org, "the organisation"))))
        batch = self.mode() == BATCH
        self.job = ExportJob(self.dataset, self.mode(), self.codes(), target, options, self,
                             docx=self.word.isChecked() and not batch, xlsx=self.excel.isChecked() and not batch)
        self.job.progressed.connect(self.on_progress)
        self.job.succeeded.connect(self.on_success)
        self.job.failed.connect(self.on_failure)
        self.job.crashed.connect(self.on_crash)
        self.job.finished.connect(self.on_finished)
        self.export_button.setEnabled(False)
        self.close_button.setText("Cancel")
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.show_status("Drawing the briefing…")
        self.job.start()

    def cancel_or_close(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.job.cancel_requested.set()
            self.show_status("Cancelling after the current briefing…")
        else:
            self.reject()

    def on_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if name:
            self.show_status(f"{done} of {total}: {name}")

    def on_success(self, written: list[str], failures: list) -> None:
        self.written = written
        pdfs = [p for p in written if p.endswith(".pdf")]
        if failures:
            details = "; ".join(f"{self.dataset.council_name(code)}: {message}" for code, message in failures)
            self.show_status(f"{len(pdfs)} written; {len(failures)} failed: {details}", error=True)
        else:
            self.show_status(f"Saved {len(pdfs)} briefing{'s' if len(pdfs) != 1 else ''}: "
                             f"{pdfs[0] if len(pdfs) == 1 else Path(pdfs[0]).parent if pdfs else ''}"
                             + (f" {self.warning}" if self.warning else ""))
        if pdfs and self.mode() != BATCH and self.open_when_done.isChecked() \
                and not QDesktopServices.openUrl(QUrl.fromLocalFile(pdfs[0])):
            self.show_status(f"{self.status.text()} No PDF viewer was found to open it: open the file from its "
                             "folder, or install a PDF viewer.")

    def on_failure(self, message: str) -> None:
        self.show_status(message, error=True)

    def on_crash(self, error: BaseException) -> None:
        self.show_status(f"The export stopped on an unexpected error ({type(error).__name__}); no half-written "
                         "file was left. Details are in the error report.", error=True)
        raise error                 # on the UI thread: the app's crash dialog and log take it

    def on_finished(self) -> None:
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")
        self.progress.setVisible(False)

    def show_status(self, message: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #B00020;" if error else "")
        self.status.setText(message)

    def done(self, result: int) -> None:
        """Closing never abandons a running export half-way: it is cancelled (the briefing being drawn stops
        within a flowable and is not written) and waited for."""
        self.stop_job()
        self.save_draft()
        super().done(result)

    def stop_job(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.job.stop()


def open_export_dialog(parent: QWidget | None, dataset: Dataset, selection: Selection,
                       settings: QSettings | None = None) -> None:
    """File > Export briefing (Ctrl+E). Window-modal and non-blocking; the dialog deletes itself when closed.
    Drafts go to ``settings``, else to the main window's settings, else to the app's default QSettings."""
    if settings is None:
        settings = getattr(parent, "settings", None)
    dialog = ExportDialog(dataset, selection, settings, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
