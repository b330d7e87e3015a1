"""The map works from the keyboard (issue 10, accessibility): it takes focus, the arrow keys move an outline to
the neighbouring council and say its figure, and Enter selects that council."""

from PySide6.QtCore import Qt


def test_arrow_keys_move_between_councils_and_enter_selects(window, qtbot, dataset):
    window.workspace.show_view("map")
    hexes = window.workspace.map_view.map
    assert hexes.focusPolicy() == Qt.FocusPolicy.StrongFocus
    hexes.setFocus()
    qtbot.waitUntil(lambda: hexes.cursor_code == window.workspace.selection.la_code)   # starts on the selected one
    start = hexes.cursor_code
    qtbot.keyClick(hexes, Qt.Key.Key_Right)
    moved = hexes.cursor_code
    assert moved != start
    here = hexes.items[start].polygon().boundingRect().center()
    there = hexes.items[moved].polygon().boundingRect().center()
    assert there.x() > here.x() and abs(there.y() - here.y()) <= abs(there.x() - here.x()) * 1.8
    name = dataset.council_name(moved)
    assert window.workspace.map_view.hover.text().startswith(name)                      # its figure, as on hover
    assert hexes.accessibleDescription().startswith(name)
    qtbot.keyClick(hexes, Qt.Key.Key_Up)
    assert hexes.items[hexes.cursor_code].polygon().boundingRect().center().y() < there.y()   # north is up
    qtbot.keyClick(hexes, Qt.Key.Key_Return)
    assert window.workspace.selection.la_code == hexes.cursor_code != start
    assert hexes.selected == hexes.cursor_code
