"""The main window: menus, status bar and size around the ``Workspace`` that shows the data.

The window paints before the data loads: at start-up it shows "Loading…" and the workspace arrives with the
data (``open``), so nothing here imports pandas, the core or the views at module level.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QWidget

from briefing.ui.screens import fit_on_screen
from briefing.ui.views import VIEWS

if TYPE_CHECKING:
    from briefing.data.dataset import Dataset
    from briefing.ui.workspace import Workspace


class LoadingPage(QLabel):
    """What the window shows until the data is loaded; calls ``then`` once it has been painted, so the user
    sees the window before the wait rather than after it."""

    def __init__(self, then: Callable[[], object]) -> None:
        super().__init__("Loading the bundled data…")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName("Loading the bundled data")
        self.then: Callable[[], object] | None = then

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        then, self.then = self.then, None
        if then is not None:
            QTimer.singleShot(0, then)


class MainWindow(QMainWindow):
    def __init__(self, dataset: Dataset | None = None, settings: QSettings | None = None,
                 parent: QWidget | None = None, load: Callable[[], Dataset | None] | None = None) -> None:
        """Show ``dataset`` at once, or (start-up) paint first and then show what ``load`` returns (None: it
        failed and said so). ``settings`` None means nothing is remembered (snapshots, benchmarks)."""
        super().__init__(parent)
        self.settings = settings
        self.workspace: Workspace | None = None
        self.window_shortcuts: set[str] = set()
        self.needs_data: list[QAction] = []       # menu actions that wait for the data
        self.setWindowTitle("High Needs Briefing")
        fit_on_screen(self, 640, 420)
        self.setMinimumSize(self.size())
        self.build_menus()
        self.restore_geometry()
        if dataset is not None:
            self.open(dataset)
        elif load is not None:
            self.setCentralWidget(LoadingPage(lambda: self.open(load())))

    @property
    def dataset(self) -> Dataset:
        return self.workspace.dataset

    def open(self, dataset: Dataset | None) -> None:
        """Lay out the workspace for ``dataset`` (None: loading failed; the window closes)."""
        if dataset is None:
            self.close()
            return
        from briefing.ui.update_dialog import install_file_drop
        from briefing.ui.workspace import Workspace

        self.workspace = Workspace(dataset, self.settings, self.window_shortcuts, self)
        self.setCentralWidget(self.workspace)
        install_file_drop(self, self.import_data)      # files dropped on the window go to the import check
        for action in self.needs_data:
            action.setEnabled(True)
        self.show_status()

    def show_status(self) -> None:
        self.statusBar().showMessage(f"Data version {self.dataset.version} · {len(self.dataset.current_codes)} "
                                     "councils · rank 1 = highest value · click any figure for its sources")

    def build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.add_action(file_menu, "&Export briefing…", lambda: self.workspace.export_briefing(),
                        QKeySequence("Ctrl+E"))
        self.add_action(file_menu, "&Import data…", lambda: self.import_data())
        file_menu.addSeparator()
        self.add_action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, needs_data=False)
        self.add_action(self.menuBar().addMenu("&Data"), "&Update…", self.open_update_dialog)
        view_menu = self.menuBar().addMenu("&View")
        self.add_action(view_menu, "&Find council", lambda: self.workspace.focus_search(),
                        QKeySequence.StandardKey.Find)
        for number, (view, title) in enumerate(VIEWS.items(), start=1):
            self.add_action(view_menu, title, lambda _checked=False, v=view: self.workspace.show_view(v),
                            QKeySequence(f"Ctrl+{number}"))
        help_menu = self.menuBar().addMenu("&Help")
        self.add_action(help_menu, "&Sources of this view…", lambda: self.workspace.show_view_sources(),
                        QKeySequence("F1"))
        self.add_action(help_menu, "&About High Needs Briefing", self.show_about)

    def add_action(self, menu: QMenu, text: str, slot: Callable, shortcut=None, needs_data: bool = True) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        action.setEnabled(not needs_data)
        if needs_data:
            self.needs_data.append(action)
        menu.addAction(action)
        self.window_shortcuts.update(key.toString() for key in action.shortcuts())
        return action

    # The hand-overs to the about box, data import and update features, which load with their menus.

    def show_about(self) -> None:
        from briefing.ui.dialogs import about_html, text_dialog, third_party_notices

        text_dialog(self, "About High Needs Briefing", about_html(self.dataset), third_party_notices()).exec()

    def open_update_dialog(self) -> None:
        from briefing.ui.update_dialog import open_update_dialog

        open_update_dialog(self)

    def import_data(self, paths: list[Path] | None = None) -> None:
        from briefing.ui.import_dialog import open_import_dialog  # the file readers load with it

        if open_import_dialog(self, paths or []):
            from briefing.data.loader import load_with_imports
            from briefing.userdirs import layers_dir

            self.set_dataset(load_with_imports(layers_dir())[0])

    def set_dataset(self, dataset: Dataset) -> None:
        """Show a reloaded dataset (imports change figures and sources, never councils or measures)."""
        self.workspace.set_dataset(dataset)
        self.show_status()

    # --- settings -----------------------------------------------------------------------------------------------

    def restore_geometry(self) -> None:
        geometry = self.settings.value("geometry") if self.settings is not None else None
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        elif geometry is not None:           # hand-edited or from another program: forget it, use the default size
            self.settings.remove("geometry")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.settings is not None:
            if self.workspace is not None:
                self.workspace.save_settings()
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.sync()
        super().closeEvent(event)
