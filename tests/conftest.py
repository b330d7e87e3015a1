"""Shared fixtures. Qt runs offscreen (set before any Qt import) and the dataset is loaded once."""

import os
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
