"""Shared fixtures. Qt runs offscreen (set before any Qt import) and the dataset is loaded once."""

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# Never read or write the real user's imports, settings-adjacent files or logs (tests may narrow it further).
os.environ["BRIEFING_USER_DIR"] = tempfile.mkdtemp(prefix="briefing-test-user-")

import pytest  # noqa: E402

from briefing.data.dataset import Dataset, load  # noqa: E402


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load()


@pytest.fixture(autouse=True)
def _empty_clipboard_after_test():
    """Qt's offscreen platform crashes at exit if the clipboard still holds data a test copied (seen with
    PySide6 6.11; a real display does not), so each test leaves it empty."""
    yield
    if "PySide6.QtGui" in sys.modules:
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.instance() is not None:
            QGuiApplication.clipboard().clear()
