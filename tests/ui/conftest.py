"""GUI fixtures: bundled fonts registered, settings kept in a temporary folder, a main window per test."""

import pytest
from PySide6.QtCore import QSettings

from briefing.ui.app import application


@pytest.fixture
def settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    return QSettings(str(tmp_path / "briefing-test.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, dataset, settings):
    from briefing.ui.main_window import MainWindow

    application()
    win = MainWindow(dataset, settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win
