"""File > Import data…: choose files, see what they would change, import them as layers, or remove imports.

Nothing is written until the user presses Import after reading the check; a file with any invalid row is
refused whole. The main window reloads its dataset when ``open_import_dialog`` returns True.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing.data.dataset import DataError, Dataset
from briefing.data.imports import Changes, apply_import, plan_imports
from briefing.data.layers import LayerNotFound, layer_folders, read_info, remove_layer
from briefing.data.loader import load_with_imports
from briefing.data.readers import DataImportError, ParsedImport, read_import
from briefing.ui.screens import fit_on_screen
from briefing.userdirs import UserDirError, ensure, layers_dir

FILE_FILTER = "Data files (*.csv *.ods *.xlsx);;All files (*)"
INTRO = ("Bring in newer official figures: the Explore Education Statistics files of DfE's EHC plans release "
         "(caseload.csv, requests.csv, timeliness_20_week.csv), DfE's DSG allocations workbook (.ods), its s251 "
         "outturn file, its Special educational needs in England file (sen_phase_type_.csv), ONS's MYE2 population "
         "workbook, or a tidy CSV (measure, variant, la_code, period, value, note); Data > Update… says where to get "
         "each. The bundled data is never changed: each import is kept separately and can be removed.")


RUNNING: set[QThread] = set()   # checks still finishing after their dialog closed: kept alive until they end


def check_paths(paths: list[Path], dataset: Dataset, progress: Callable[[str], None],
                cancelled: Callable[[], bool]) -> tuple[list[str], list[tuple[ParsedImport, Changes]]]:
    """The report lines and the imports that would change something; no plans at all if any file is refused."""
    plan = plan_imports(paths, dataset, progress, cancelled, read=read_import)
    if plan is None:
        return [], []
    lines = [line for file in plan.files for line in [*file.lines(dataset), ""]]
    if plan.refused:
        lines.append("Nothing will be imported until every chosen file is valid. Fix or remove the refused file and "
                     "choose again.")
        return lines, []
    if plan.ready:
        lines.append("Press Import to apply these changes.")
    return lines, plan.ready


class CheckWorker(QThread):
    """Runs ``check_paths``; its result (or the unexpected error) is delivered to the UI thread by ``done``."""

    progress = Signal(str)
    done = Signal(object)

    def __init__(self, paths: list[Path], dataset: Dataset) -> None:
        super().__init__()
        self.paths, self.dataset, self.cancelled = paths, dataset, False

    def run(self) -> None:
        try:
            result: object = check_paths(self.paths, self.dataset, self.progress.emit, lambda: self.cancelled)
        except Exception as error:  # any bug: shown by the UI thread's crash dialog, never built here
            result = error
        self.done.emit(result)


class ImportDialog(QDialog):
    checked = Signal()

    def __init__(self, dataset: Dataset, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.folder = folder
        self.worker: CheckWorker | None = None
        self.plans: list[tuple[ParsedImport, Changes]] = []
        self.changed = False
        self.setWindowTitle("Import data")
        fit_on_screen(self, 720, 460)

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.choose_button = QPushButton("&Choose files…")
        self.choose_button.clicked.connect(self.choose_files)
        self.cancel_button = QPushButton("Ca&ncel check")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_check)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Check of the chosen files and what they would change")
        self.report.setPlaceholderText("Choose one or more files to see what they contain and what would change.")

        self.layer_list = QListWidget()
        self.layer_list.setAccessibleName("Imports in use")
        self.remove_button = QPushButton("&Remove selected import")
        self.remove_button.clicked.connect(self.remove_selected)
        self.layer_list.currentItemChanged.connect(lambda *_: self.remove_button.setEnabled(
            self.layer_list.currentItem() is not None))
        imports_box = QGroupBox("Imports in use")
        imports_layout = QVBoxLayout(imports_box)
        imports_layout.addWidget(self.layer_list)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        imports_layout.addLayout(remove_row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose_button)
        choose_row.addWidget(self.cancel_button)
        choose_row.addStretch(1)
        layout.addLayout(choose_row)
        layout.addWidget(self.report, 3)
        layout.addWidget(imports_box, 1)
        layout.addWidget(self.buttons)
        self.refresh_layers()

    def refresh_layers(self) -> None:
        self.layer_list.clear()
        try:
            folders = layer_folders(self.folder)
        except DataError as error:                  # the imports folder itself cannot be read
            folders = []
            self.layer_list.addItem(QListWidgetItem(str(error)))
        for folder in folders:
            try:
                info = read_info(folder)
                unused = "" if info.layer_id in self.dataset.layers else " — not used: damaged, remove it"
                item = QListWidgetItem(f"{info.file_name} — imported {info.imported_at[:16].replace('T', ' ')} "
                                       f"UTC, {info.rows:,} rows ({info.layer_id}){unused}")
                item.setToolTip(f"{info.publisher}: {info.title}\n{info.url}")
            except DataError:
                item = QListWidgetItem(f"{folder.name} — unreadable: remove it")
            item.setData(Qt.ItemDataRole.UserRole, folder.name)
            self.layer_list.addItem(item)
        self.remove_button.setEnabled(False)
        self.layer_list.setMinimumHeight(60)

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Choose data files to import", "", FILE_FILTER)
        if paths:
            self.check_files([Path(p) for p in paths])

    def check_files(self, paths: list[Path]) -> CheckWorker:
        """Validate every file and show what would change, off the UI thread (a large file takes a while); Import
        is enabled only if all are valid. Cancel stops between files and discards the result."""
        self.cancel_check()
        self.plans = []
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.report.setPlainText(f"Checking {len(paths)} file{'s' if len(paths) != 1 else ''}…")
        worker = CheckWorker(paths, self.dataset)
        worker.progress.connect(lambda text, worker=worker: self.show_progress(worker, text))
        worker.done.connect(lambda result, worker=worker: self.show_check(worker, result))
        RUNNING.add(worker)
        worker.finished.connect(lambda worker=worker: RUNNING.discard(worker))
        self.worker = worker
        worker.start()
        return worker

    def show_progress(self, worker: CheckWorker, text: str) -> None:
        if worker is self.worker:       # a cancelled check's last message may arrive after "cancelled"
            self.report.setPlainText(text)

    def cancel_check(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.cancelled = True
            self.report.setPlainText("Check cancelled: nothing was imported. Choose files to start again.")
        self.worker = None
        self.choose_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    @property
    def checking(self) -> bool:
        return self.worker is not None

    def show_check(self, worker: CheckWorker, result: object) -> None:
        if worker is not self.worker:          # cancelled, or superseded by a newer check
            return
        self.worker = None
        self.choose_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if isinstance(result, BaseException):
            raise result                       # on the UI thread: the app's crash dialog and log take it
        lines, self.plans = result
        self.report.setPlainText("\n".join(lines))
        self.import_button.setEnabled(bool(self.plans))
        self.checked.emit()

    def reject(self) -> None:
        self.cancel_check()                    # closing never waits for a check in progress
        super().reject()

    def apply(self) -> None:
        done = []
        try:
            folder = ensure(self.folder)
            for parsed, changes in self.plans:
                info = apply_import(parsed, changes, folder)
                done.append(f"Imported {parsed.path.name} ({info.layer_id}).")
        except (DataImportError, UserDirError) as error:
            done.append(f"Import stopped: {error}")
        self.changed = self.changed or any(line.startswith("Imported") for line in done)
        self.plans = []
        self.import_button.setEnabled(False)
        self.reload()
        self.report.appendPlainText("\n".join(["", *done, f"Data version now {self.dataset.version}."]))

    def remove_selected(self) -> None:
        item = self.layer_list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        layer_id = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(self, "Remove import", f"Remove the import {item.text()}?\n\nIts figures "
                                      "will be replaced by the bundled data (or by earlier imports).")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            remove_layer(self.folder, layer_id)
        except (LayerNotFound, OSError) as error:
            self.report.setPlainText(f"Could not remove {layer_id}: {error}")
            return
        self.changed = True
        self.reload()
        self.report.setPlainText(f"Removed {layer_id}. Data version now {self.dataset.version}.")

    def reload(self) -> None:
        self.dataset, problem = load_with_imports(self.folder)
        if problem:
            self.report.appendPlainText(f"\n{problem}")
        self.refresh_layers()


def open_import_dialog(parent: QWidget | None, paths: Sequence[Path] = ()) -> bool:
    """Run the dialog, checking ``paths`` at once when given (files dropped on the window); True when imports
    were added or removed, so the caller reloads its dataset."""
    folder = layers_dir()
    dataset = getattr(parent, "dataset", None) or load_with_imports(folder)[0]
    dialog = ImportDialog(dataset, folder, parent)
    if paths:
        dialog.check_files(list(paths))
    dialog.exec()
    return dialog.changed
