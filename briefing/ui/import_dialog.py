"""File > Import data…: choose files, see what they would change, import them as layers, or remove imports.

Nothing is written until the user presses Import after reading the check; a file with any invalid row is
refused whole. The main window reloads its dataset when ``open_import_dialog`` returns True.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
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
from briefing.data.imports import Changes, DataImportError, ParsedImport, apply_import, compare, read_import
from briefing.data.layers import LayerNotFound, layer_folders, read_info, remove_layer
from briefing.data.loader import load_with_imports
from briefing.userdirs import UserDirError, ensure, layers_dir

FILE_FILTER = "Data files (*.csv *.ods *.xlsx);;All files (*)"
INTRO = ("Bring in newer official figures: the Explore Education Statistics files of DfE's EHC plans release "
         "(caseload.csv, requests.csv, timeliness_20_week.csv), DfE's DSG allocations workbook (.ods), or a tidy "
         "CSV (measure, variant, la_code, period, value, note). The bundled data is never changed: each import "
         "is kept separately and can be removed.")


class ImportDialog(QDialog):
    def __init__(self, dataset: Dataset, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.folder = folder
        self.plans: list[tuple[ParsedImport, Changes]] = []
        self.changed = False
        self.setWindowTitle("Import data")
        self.resize(720, 460)

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.choose_button = QPushButton("&Choose files…")
        self.choose_button.clicked.connect(self.choose_files)
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
        choose_row.addStretch(1)
        layout.addLayout(choose_row)
        layout.addWidget(self.report, 3)
        layout.addWidget(imports_box, 1)
        layout.addWidget(self.buttons)
        self.refresh_layers()

    def refresh_layers(self) -> None:
        self.layer_list.clear()
        for folder in layer_folders(self.folder):
            try:
                info = read_info(folder)
                item = QListWidgetItem(f"{info.file_name} — imported {info.imported_at[:16].replace('T', ' ')} "
                                       f"UTC, {info.rows:,} rows ({info.layer_id})")
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

    def check_files(self, paths: list[Path]) -> None:
        """Validate every file and show what would change; Import is enabled only if all are valid."""
        lines, refused, self.plans = [], 0, []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for path in paths:
                try:
                    parsed = read_import(path, self.dataset)
                except DataImportError as error:
                    refused += 1
                    lines += [str(error), ""]
                    continue
                changes = compare(parsed, self.dataset)
                lines.append(f"{path.name}: {parsed.kind}, {len(parsed.rows):,} rows")
                lines += [f"  {line}" for line in [parsed.source_text(), *parsed.notices,
                                                   *changes.describe(self.dataset)]] + [""]
                if changes.has_changes:
                    self.plans.append((parsed, changes))
        finally:
            QApplication.restoreOverrideCursor()
        if refused:
            self.plans = []
            lines.append("Nothing will be imported until every chosen file is valid. Fix or remove the refused "
                         "file and choose again.")
        elif self.plans:
            lines.append("Press Import to apply these changes.")
        self.report.setPlainText("\n".join(lines))
        self.import_button.setEnabled(bool(self.plans))

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


def open_import_dialog(parent: QWidget | None) -> bool:
    """Run the dialog; True when imports were added or removed, so the caller reloads its dataset."""
    folder = layers_dir()
    dataset = getattr(parent, "dataset", None) or load_with_imports(folder)[0]
    dialog = ImportDialog(dataset, folder, parent)
    dialog.exec()
    return dialog.changed
