"""The selection changes only when the user picks a council: typing, filtering and tabbing never switch it."""

from PySide6.QtCore import Qt

from briefing.ui.models import SAFETY_VALVE


def test_typing_letter_by_letter_never_switches_council(qtbot, window):
    window.workspace.select_council("204")                       # Hackney
    seen = []
    window.workspace.session.changed.connect(lambda: seen.append(window.workspace.selection.la_code))
    for letter in "bris":
        qtbot.keyClick(window.workspace.search, letter)
        assert window.workspace.selection.la_code == "204"
    assert not seen
    assert window.workspace.overview.title.text() == "Hackney"
    assert "Hackney (selected) is not in the list" in window.workspace.shown_count.text()
    assert not window.workspace.council_list.currentIndex().isValid()      # nothing else is highlighted as if chosen
    qtbot.keyClick(window.workspace.search, Qt.Key.Key_Down)               # into the list: still nothing chosen
    assert window.workspace.council_list.hasFocus() and window.workspace.selection.la_code == "204"
    qtbot.keyClick(window.workspace.council_list, Qt.Key.Key_Down)         # an arrow key in the list is a choice
    assert window.dataset.council_name(window.workspace.selection.la_code).startswith("Bristol")


def test_no_match_keeps_the_council_and_suggests_like_the_cli(qtbot, window, dataset):
    from briefing.data.councils import CouncilNotFound, find_council

    window.workspace.select_council("204")
    qtbot.keyClicks(window.workspace.search, "Nowhereshire")
    assert window.workspace.council_filter.rowCount() == 0
    assert window.workspace.selection.la_code == "204"
    assert "No council matches “Nowhereshire”" in window.workspace.shown_count.text()
    qtbot.keyClick(window.workspace.search, Qt.Key.Key_Return)
    assert window.workspace.selection.la_code == "204"
    window.workspace.search.clear()
    qtbot.keyClicks(window.workspace.search, "Hampshir")        # a typo the list cannot show: the CLI's suggestions
    qtbot.keyClicks(window.workspace.search, "z")
    try:
        find_council(dataset, "Hampshirz")
        raise AssertionError("expected no match")
    except CouncilNotFound as error:
        suggested = [name for name in error.suggestions if name in
                     {dataset.council_name(c) for c in dataset.current_codes}]    # the list holds today's councils
    assert suggested
    for name in suggested:
        assert name in window.workspace.shown_count.text()
    code = next(c for c in dataset.current_codes if dataset.council_name(c) == suggested[0])
    window.workspace.shown_count.linkActivated.emit(code)          # clicking a suggestion picks it
    assert window.workspace.selection.la_code == code


def test_enter_picks_an_exact_or_word_match_before_a_prefix(qtbot, window, dataset):
    qtbot.keyClicks(window.workspace.search, "york")           # York, not North Yorkshire (first alphabetically)
    qtbot.keyClick(window.workspace.search, Qt.Key.Key_Return)
    assert window.dataset.council_name(window.workspace.selection.la_code) == "York"
    window.workspace.search.clear()
    qtbot.keyClicks(window.workspace.search, "bris")
    qtbot.keyClick(window.workspace.search, Qt.Key.Key_Return)
    assert window.dataset.council_name(window.workspace.selection.la_code).startswith("Bristol")
    window.workspace.search.clear()
    window.workspace.search.setFocus()
    qtbot.keyClick(window.workspace.search, Qt.Key.Key_Return)      # nothing typed: Enter picks nothing
    assert window.dataset.council_name(window.workspace.selection.la_code).startswith("Bristol")


def test_a_filtered_out_council_stays_selected_and_the_list_says_so(qtbot, window, dataset):
    oldham = next(c for c in dataset.current_codes if dataset.council_name(c) == "Oldham")
    assert oldham not in dataset.safety_valve.index
    window.workspace.select_council(oldham)
    window.workspace.programme.setCurrentIndex(window.workspace.programme.findData(SAFETY_VALVE))
    assert window.workspace.selection.la_code == oldham
    assert "Oldham (selected) is not in the list" in window.workspace.shown_count.text()
    window.workspace.council_list.setFocus(Qt.FocusReason.TabFocusReason)      # tabbing into the list picks nothing
    assert window.workspace.selection.la_code == oldham
    qtbot.keyClick(window.workspace.council_list, Qt.Key.Key_Down)             # an arrow key in the list is a choice
    assert window.workspace.selection.la_code in dataset.safety_valve.index
    window.workspace.programme.setCurrentIndex(0)
    assert "(selected)" not in window.workspace.shown_count.text()
    highlighted = window.workspace.council_list.currentIndex().data(Qt.ItemDataRole.UserRole)
    assert highlighted == window.workspace.selection.la_code
