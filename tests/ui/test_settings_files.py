"""Saved settings that are damaged, hand-edited or from elsewhere never stop the app starting."""

import pytest
from PySide6.QtCore import QByteArray

from briefing.ui.app import open_settings
from briefing.ui.main_window import MainWindow


@pytest.fixture()
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_USER_DIR", str(tmp_path))
    (tmp_path / "config").mkdir()
    return tmp_path


def test_settings_live_in_the_user_folder(user_dir):
    settings, problem = open_settings()
    settings.setValue("council", "204")
    settings.sync()
    assert problem == "" and "council=204" in (user_dir / "config" / "settings.ini").read_text()


@pytest.mark.parametrize("content", [
    "[General]\ngeometry=not a byte array\ncouncil=204\n",
    "[General]\ngeometry=@ByteArray(\\x1\\xd9\\xd0\\xcb\\0\\x3\\0\\0\\0\\0",      # cut mid-line
    "[General]\ngeometry=12\ncouncil=204\nreal_terms=maybe\nview=nowhere\n",
    "\xff\xfe garbage \x00\x01 [[[\n=\n",
])
def test_damaged_settings_start_the_window_with_defaults(qtbot, dataset, user_dir, content):
    (user_dir / "config" / "settings.ini").write_bytes(content.encode("latin-1"))
    settings, _ = open_settings()
    window = MainWindow(dataset, settings)
    qtbot.addWidget(window)
    assert window.selection.la_code in dataset.councils.index
    assert window.current_view() in ("overview", "funding", "deficit", "demand", "compare", "map", "safety-valve")
    geometry = settings.value("geometry")
    assert geometry is None or isinstance(geometry, QByteArray)
