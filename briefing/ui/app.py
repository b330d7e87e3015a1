"""Start the desktop app: Qt application and bundled fonts, the main window painted, then the dataset loaded into it."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

import briefing.ui  # noqa: F401  (sets PYQTGRAPH_QT_LIB before pyqtgraph is imported)
from briefing import __version__
from briefing.resources import FONT_FAMILY, FONT_FILES, font_path, resource_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from briefing.data.dataset import Dataset

ORGANISATION, APPLICATION = "High Needs Briefing", "High Needs Briefing"
FONT_POINT_SIZE = 10      # only when the platform states no size


def application(argv: list[str] | None = None):
    """The one QApplication, created with the names QSettings uses and the bundled fonts as app font."""
    from PySide6.QtGui import QFont, QFontDatabase, QIcon
    from PySide6.QtWidgets import QApplication

    # Qt splits each fill taller than ~96 lines across a thread pool, and waiting for its threads costs more than
    # the fill: a council switch on the Overview painted in 9.6 ms with it and 4.2 ms without (2 cores), a full
    # window repaint in 8.4 and 1.5 ms (9.8 and 2.2 ms at 2560x1440). Read when Qt first paints; a user's own
    # setting wins.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "briefing", *(argv or [])])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    if FONT_FAMILY not in QFontDatabase.families():   # offscreen Qt loads no system fonts: ship our own
        for style in FONT_FILES:
            QFontDatabase.addApplicationFont(str(font_path(style)))
    font = QFont(FONT_FAMILY)
    size = app.font().pointSizeF()            # the user's (system) font size, never a fixed one
    font.setPointSizeF(size if size > 0 else FONT_POINT_SIZE)
    app.setFont(font)
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(resource_path("icons", f"briefing-{size}.png")))
    app.setWindowIcon(icon)
    return app


NO_DISPLAY = ("briefing: there is no display to show the window on (no DISPLAY or WAYLAND_DISPLAY is set, as over "
              "SSH).\nThe command line works without one, for example:\n"
              "  briefing show kent            headline figures with their sources\n"
              "  briefing export kent          a PDF briefing\n"
              "  briefing snapshot kent --out kent.png   the window drawn offscreen\n"
              "See `briefing --help` for every command.")


def missing_display(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """On Linux and other X11/Wayland systems Qt aborts with a misleading message when there is no display."""
    if platform.startswith(("win", "darwin")) or environ.get("QT_QPA_PLATFORM"):
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def open_settings():
    """The app's settings, in the user's config folder (``BRIEFING_USER_DIR`` included) as an INI file on every
    platform. A file that cannot be parsed is reset, and the returned note says so; a folder that cannot be
    written leaves the settings in memory for this session, and the note says that. Nothing else fails."""
    from PySide6.QtCore import QSettings

    from briefing.userdirs import UserDirError, config_dir, ensure

    path = config_dir() / "settings.ini"
    try:
        ensure(path.parent)
        unwritable = f"{path} is a folder, not a file" if path.is_dir() else ""
    except UserDirError as error:
        unwritable = str(error)
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    if settings.status() == QSettings.Status.FormatError:
        settings.clear()
        settings.sync()
        return settings, (f"Your saved settings ({path}) could not be read and were reset to the defaults: the "
                          "council, comparators and window size start afresh.")
    if unwritable or not settings.isWritable():
        return settings, (f"Your settings cannot be saved: {unwritable or f'{path} cannot be written'}. The app "
                          "works, but the council, comparators, window size and the export notes draft will not "
                          "be remembered after it closes.")
    return settings, ""


def show_first_time(window: QWidget) -> None:
    """No stored size yet: use the screen. Small laptop screens (1366x768, or more at 150% scaling) get the
    whole screen; larger ones most of it, centred."""
    screen = window.screen().availableGeometry()
    if screen.width() <= 1600 or screen.height() <= 900:
        window.setGeometry(screen)      # also where no window manager honours "maximised"
        window.showMaximized()
        return
    window.resize(int(screen.width() * 0.85), int(screen.height() * 0.85))
    window.move(screen.center() - window.rect().center())
    window.show()


def load_data(window: QWidget, settings_problem: str) -> Dataset | None:
    """The bundled data with the user's imports, loaded once the window is painted; None (and the window says
    why) when the bundled data cannot be read."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from briefing.data.dataset import DataError
    from briefing.data.loader import load_with_imports
    from briefing.userdirs import layers_dir

    try:
        dataset, import_problem = load_with_imports(layers_dir())
    except DataError as error:
        QMessageBox.critical(window, "High Needs Briefing: data problem",
                             f"The bundled data could not be loaded.\n\n{error}\n\n"
                             "Reinstall the app, or check the folder named above.")
        return None                  # the window closes, and with it the app
    gc.collect()
    gc.freeze()   # the dataset lives as long as the app: spare it from every later garbage collection
    if settings_problem:
        QTimer.singleShot(0, lambda: QMessageBox.information(window, "Saved settings", settings_problem))
    if import_problem:
        others = " with your other imports" if dataset.layers else ""
        QTimer.singleShot(0, lambda: QMessageBox.warning(
            window, "Imported data not used", f"{import_problem}\n\nThe bundled data is shown{others}; the "
            "skipped import stays in its folder until you remove it."))
    return dataset


def main(argv: list[str] | None = None) -> int:
    if missing_display(os.environ):
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from briefing.ui.errors import install_exception_hook
    from briefing.ui.main_window import MainWindow

    app = application(argv)
    settings, settings_problem = open_settings()
    window = MainWindow(settings=settings, load=lambda: load_data(window, settings_problem))
    install_exception_hook(window)
    if settings.value("geometry") is None:
        show_first_time(window)
    else:
        window.show()
    code = app.exec()
    return code if window.workspace is not None else 1     # 1: the bundled data could not be loaded


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
