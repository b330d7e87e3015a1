"""Unexpected exceptions in the desktop app: log them, tell the user where the log is, keep running.

Qt calls ``sys.excepthook`` for an exception raised in a slot and then carries on, so replacing the hook is
enough for the app to survive: the window, its selection and any unsaved notes stay as they were.
"""

from __future__ import annotations

import platform
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from briefing import __version__
from briefing.userdirs import UserDirError, ensure, log_dir


def write_log(details: str, data_version: str = "") -> Path | None:
    """A crash log in the user's log folder, or None when even that cannot be written."""
    try:
        folder = ensure(log_dir())
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
        header = (f"High Needs Briefing {__version__}, data {data_version or 'unknown'}\n"
                  f"Python {platform.python_version()} on {platform.platform()}\n"
                  f"{datetime.now().isoformat(timespec='seconds')}\n\n")
        path.write_text(header + details, encoding="utf-8")
        return path
    except (OSError, UserDirError):
        return None


def error_message(error: BaseException, log: Path | None) -> str:
    where = f"A report was saved to:\n{log}" if log else "The report could not be saved (no writable log folder)."
    return (f"Something went wrong: {type(error).__name__}: {str(error)[:300]}\n\n"
            "The app is still running and your selection and notes are kept. If it happens again, please send "
            f"the report to whoever supports the app.\n\n{where}")


def show_error_dialog(parent: QWidget | None, error: BaseException, details: str, log: Path | None) -> QMessageBox:
    """Window-modal but not blocking, so the event loop (and the test driving it) keeps going."""
    box = QMessageBox(QMessageBox.Icon.Warning, "High Needs Briefing: unexpected error",
                      error_message(error, log), QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(details)
    box.setObjectName("unexpected_error_dialog")
    box.open()
    return box


def install_exception_hook(window: QWidget, save_work: Callable[[], object] | None = None) -> Callable[[], None]:
    """Route uncaught exceptions to a log and a dialog over ``window``; ``save_work`` (optional) is called
    first so unsaved work is written somewhere safe. Returns a function that restores the previous hook."""
    previous = sys.excepthook
    busy = False

    def hook(kind: type[BaseException], error: BaseException, trace) -> None:
        nonlocal busy
        if issubclass(kind, KeyboardInterrupt) or busy:
            previous(kind, error, trace)
            return
        busy = True
        try:
            details = "".join(traceback.format_exception(kind, error, trace))
            if sys.stderr is not None:          # None in a windowed (frozen) app
                sys.stderr.write(details)
            if save_work is not None:
                try:
                    save_work()
                except Exception as failure:  # noqa: BLE001 - saving is best effort; the crash is reported anyway
                    details += f"\nSaving unsaved work also failed: {failure!r}\n"
            dataset = getattr(window, "dataset", None)
            log = write_log(details, getattr(dataset, "version", ""))
            show_error_dialog(window, error, details, log)
        finally:
            busy = False

    sys.excepthook = hook

    def uninstall() -> None:
        sys.excepthook = previous

    return uninstall
