"""Keyboard reach and what assistive technology is told: Tab leaves tables, shortcuts work from the search box,
every control has a name, colours come from the palette and the user's font size is kept."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAccessible, QColor, QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from briefing.ui.main_window import MainWindow


def test_ctrl_e_exports_from_the_search_box(qtbot, window, monkeypatch):
    import briefing.ui.export_dialog as export_dialog

    opened = []
    monkeypatch.setattr(export_dialog, "open_export_dialog", lambda *args: opened.append(args[2].la_code))
    window.workspace.search.setFocus()
    qtbot.keyClicks(window.workspace.search, "kent")
    qtbot.keyClick(window.workspace.search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert opened == [window.workspace.selection.la_code]
    assert window.workspace.search.text() == "kent"
    # Under X11 a line edit claims Ctrl+E ("end of line") by accepting the ShortcutOverride event; offscreen it
    # does not, so the window's filter (which runs before the box sees the event) is asked directly.
    claim = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    claim.ignore()
    assert window.workspace.eventFilter(window.workspace.search, claim) and not claim.isAccepted()
    typing = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier)
    assert not window.workspace.eventFilter(window.workspace.search, typing)        # the box's own keys stay the box's


def test_tab_leaves_every_table(qtbot, window):
    for view in ("funding", "deficit", "demand", "compare", "safety-valve"):
        window.workspace.show_view(view)
    tables = window.findChildren(QTableView)
    assert len(tables) >= 14
    for table in tables:
        assert not table.tabKeyNavigation(), table.accessibleName()
    window.workspace.show_view("safety-valve")
    table = window.workspace.programmes.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()


def test_every_control_of_the_window_has_an_accessible_name(window):
    window.workspace.show_view("overview")
    for view in ("funding", "deficit", "demand", "compare", "map", "safety-valve", "overview"):
        window.workspace.show_view(view)
    controls = [w for w in window.findChildren(QWidget)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.inherits("QComboBoxListView")]
    assert len(controls) > 100
    # the charts' and the map's own parts are named by chart_view.py and hex_map.py
    own = [w for w in controls if not any(p.inherits("ChartView") or p.inherits("HexMap") for p in ancestors(w))]
    nameless = [f"{type(w).__name__} {w.objectName()} {getattr(w, 'text', lambda: '')()}" for w in own
                if not QAccessible.queryAccessibleInterface(w).text(QAccessible.Text.Name)]
    assert not nameless
    for card in window.workspace.overview.cards:
        assert card.accessibleName()


def ancestors(widget):
    while widget is not None:
        yield widget
        widget = widget.parentWidget()


def test_dark_palette_text_is_never_white_on_white(qtbot, dataset):
    app = QApplication.instance()
    original = app.palette()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202020"), (QPalette.ColorRole.WindowText, "#f0f0f0"),
                         (QPalette.ColorRole.Base, "#101010"), (QPalette.ColorRole.Text, "#f0f0f0"),
                         (QPalette.ColorRole.Button, "#303030"), (QPalette.ColorRole.ButtonText, "#f0f0f0")):
        dark.setColor(role, QColor(colour))
    app.setPalette(dark)
    try:
        win = MainWindow(dataset, None)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        qtbot.waitExposed(win)
        card = win.workspace.overview.cards[0]
        image = card.grab().toImage()
        background = image.pixelColor(3, 3)       # inside the border
        assert background.lightness() < 80        # the card follows the dark Base, not forced white
        for label in (card.label, card.value, card.details):
            assert label.palette().color(label.foregroundRole()).lightness() > 180
    finally:
        app.setPalette(original)


def test_the_users_font_size_is_kept(qtbot):
    from briefing.ui.app import application

    app = QApplication.instance()
    before = app.font()
    try:
        big = QFont(before)
        big.setPointSizeF(15)
        app.setFont(big)
        application()
        assert app.font().pointSizeF() == 15
    finally:
        app.setFont(before)


def test_last_tab_comes_back_even_when_already_drawn(qtbot, dataset, settings, window):
    window.workspace.show_view("deficit")
    window.workspace.show_view("overview")          # drawn at start: nothing to redraw, the tab is still remembered
    window.workspace.show_view("deficit")
    settings.sync()
    again = MainWindow(dataset, settings)         # as after a crash or a kill: no close event
    qtbot.addWidget(again)
    assert again.workspace.current_view() == "deficit"


def test_overview_scrolls_to_top_on_a_council_change(qtbot, window):
    window.resize(900, 500)
    window.workspace.show_view("overview")
    qtbot.wait(10)
    bar = window.workspace.overview.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    window.workspace.select_council("204")
    assert bar.value() == 0


def test_safety_valve_table_shows_status_and_counts_what_the_filter_shows(qtbot, window, dataset):
    from briefing.ui.programmes import AGREEMENT_HEADER, STATUS_COLUMN

    window.workspace.show_view("safety-valve")
    view = window.workspace.programmes
    table = view.table
    assert AGREEMENT_HEADER[STATUS_COLUMN] == "Status"
    right_edge = table.columnViewportPosition(STATUS_COLUMN) + table.columnWidth(STATUS_COLUMN)
    assert right_edge <= table.viewport().width()          # no horizontal scrolling to read the status
    total = view.agreements.rowCount()
    assert view.count.text().startswith(f"{total} agreements;")
    qtbot.keyClicks(view.filter, "under review")
    shown = view.proxy.rowCount()
    assert 0 < shown < total
    assert view.count.text().startswith(f"{shown} of {total} agreements shown")
    status = view.proxy.index(0, STATUS_COLUMN)
    assert status.data() == "under review"
    assert "withheld" in status.data(Qt.ItemDataRole.ToolTipRole)
