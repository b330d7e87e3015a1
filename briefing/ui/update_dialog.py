"""Data > Update…: the official files the app can take, what it holds of each now, where the publisher puts the
newer file and what importing it adds (``briefing.data.releases``, shared with ``briefing data sources``); and the
drop handler that sends files dropped on the main window to the import check.

The app never goes online: an address is shown to read or copy into a browser, never opened from here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing.data.dataset import Dataset
from briefing.data.releases import RELEASES, Release, describe, holdings, period_coverage
from briefing.ui.screens import fit_on_screen

INTRO = ("The official files the app can take, what it holds of each now, and where the publisher puts the newer "
         "file. The app never goes online: copy the address into your browser, download the file, then press "
         "Import downloaded files… (or drop the files onto the main window).")


class UpdateDialog(QDialog):
    """Lists ``RELEASES`` with the dataset's holdings; ``import_files`` is the main window's import, after which
    the list is redrawn from ``current_dataset`` (the reloaded data)."""

    def __init__(self, current_dataset: Callable[[], Dataset], import_files: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_dataset = current_dataset
        self.import_files = import_files
        self.setWindowTitle("Update data")
        fit_on_screen(self, 900, 560)

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.releases = QTreeWidget()
        self.releases.setColumnCount(2)
        self.releases.setHeaderLabels(["Official file", "Held now"])
        self.releases.setAccessibleName("Official files and what the app holds of each")
        self.releases.currentItemChanged.connect(lambda *_: self.show_details())

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setAccessibleName("The publisher's page for this file (copy it into a browser)")
        self.copy_button = QPushButton("&Copy address")
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.address.text()))
        self.download = QLabel()
        self.adds = QLabel()
        for label in (self.download, self.adds):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setTextFormat(Qt.TextFormat.PlainText)
        details = QGroupBox("Where to get it")
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.title)
        address_row = QHBoxLayout()
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.copy_button)
        details_layout.addLayout(address_row)
        details_layout.addWidget(self.download)
        details_layout.addWidget(self.adds)
        details_layout.addStretch(1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.releases)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = buttons.addButton("&Import downloaded files…", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.run_import)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.show_releases()

    def show_releases(self) -> None:
        """One row per release with a row per measure under it: the latest period held, from the loaded data."""
        dataset = self.current_dataset()
        current = self.releases.currentItem()
        chosen = current.data(0, Qt.ItemDataRole.UserRole) if current else RELEASES[0].key
        self.releases.clear()
        for release in RELEASES:
            item = QTreeWidgetItem([release.title, ""])
            item.setData(0, Qt.ItemDataRole.UserRole, release.key)
            item.setToolTip(0, "\n".join(describe(dataset, release)))
            for held in holdings(dataset, release):
                label, _, rest = held.text().partition(": ")
                child = QTreeWidgetItem([label, rest])
                child.setData(0, Qt.ItemDataRole.UserRole, release.key)
                item.addChild(child)
            if release.period:
                covered = f"a figure for {period_coverage(dataset, release)} of {len(dataset.current_codes)} councils"
                item.addChild(QTreeWidgetItem([f"In {release.period}", covered]))
            self.releases.addTopLevelItem(item)
            item.setExpanded(True)
            if release.key == chosen:
                self.releases.setCurrentItem(item)
        self.releases.resizeColumnToContents(0)

    def release(self) -> Release:
        item = self.releases.currentItem()
        key = item.data(0, Qt.ItemDataRole.UserRole) if item else RELEASES[0].key
        return next(r for r in RELEASES if r.key == key)

    def show_details(self) -> None:
        release = self.release()
        self.title.setText(f"{release.title} — {release.publisher}")
        self.address.setText(release.page_url)
        self.address.setCursorPosition(0)
        self.download.setText(f"What to download: {release.download}")
        self.adds.setText(f"Importing it adds: {release.adds}")

    def run_import(self) -> None:
        self.import_files()
        self.show_releases()


def open_update_dialog(window: QWidget) -> None:
    """Data > Update… for the main window: its ``dataset`` is listed and its ``import_data`` imports."""
    dialog = UpdateDialog(lambda: window.dataset, window.import_data, window)
    dialog.exec()


# ---------------------------------------------------------------------------------------------------------
# Files dropped on a window go to the import check
# ---------------------------------------------------------------------------------------------------------

def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (web links and text are not files to import)."""
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class FileDrop(QObject):
    """Lets a window take files dragged onto it and hands their paths to ``on_files``: the import, which checks
    them and shows what they would change.

    Qt hands a drag from the native window to the widget under the cursor, and a chart or the search box would
    refuse the files or paste their names; so once the window exists its native window is watched too, and files
    dropped anywhere on it are taken. Other drags (text, web links) pass on untouched."""

    def __init__(self, widget: QWidget, on_files: Callable[[list[Path]], object]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.on_files = on_files
        self.native: QObject | None = None
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)
        self.watch_native_window()

    def watch_native_window(self) -> None:
        native = self.widget.windowHandle()
        if native is not None and native is not self.native:
            native.installEventFilter(self)
            self.native = native

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if watched is self.widget and kind in (QEvent.Type.Show, QEvent.Type.WinIdChange):
            self.watch_native_window()
        if kind not in DRAG_EVENTS:
            return False
        paths = dropped_paths(event.mimeData())
        if not paths:
            return False
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self.on_files(paths)
        return True


def install_file_drop(widget: QWidget, on_files: Callable[[list[Path]], object]) -> FileDrop:
    """Files dropped on ``widget`` go to ``on_files`` (kept alive as the widget's child)."""
    return FileDrop(widget, on_files)
