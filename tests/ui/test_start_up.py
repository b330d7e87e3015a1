"""Start-up: the window is painted (saying the data is loading) before the data loads, then shows the data."""

from PySide6.QtGui import QAction

from briefing.ui.app import application
from briefing.ui.main_window import LoadingPage, MainWindow


def test_the_window_paints_first_then_loads_and_shows_the_data(qtbot, dataset):
    application()
    seen_when_loading = []

    def load():
        page = window.centralWidget()
        seen_when_loading.append((window.isVisible(), isinstance(page, LoadingPage) and page.text(),
                                  export.isEnabled(), quit_action.isEnabled()))
        return dataset

    window = MainWindow(load=load)
    qtbot.addWidget(window)
    actions = {action.text(): action for action in window.findChildren(QAction)}
    export, quit_action = actions["&Export briefing…"], actions["&Quit"]
    assert seen_when_loading == []                 # nothing is loaded before the window is shown and painted
    window.resize(1000, 700)
    window.show()
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert seen_when_loading == [(True, "Loading the bundled data…", False, True)]
    assert window.centralWidget() is window.workspace and export.isEnabled()
    assert window.statusBar().currentMessage().startswith(f"Data version {dataset.version}")
    assert window.windowTitle().startswith("High Needs Briefing: ")


def test_a_failed_load_closes_the_window(qtbot):
    application()
    window = MainWindow(load=lambda: None)          # the loader has already said what went wrong
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.workspace is None
