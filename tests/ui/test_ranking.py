"""The Ranking tab (issue 10 item 5): every council ranked on any measure and period, the council and its
comparators highlighted, the first and last councils named, and a table a user can read the answer from."""

from briefing.analysis.chart_style import COMPARATOR_COLOURS, SUBJECT_COLOUR


def test_ranking_tab_answers_the_largest_dsg_deficits_at_march_2024(window, dataset, qtbot):
    window.workspace.show_view("ranking")
    view = window.workspace.ranking
    assert view.current()[:2] == ("dsg_balance_gbp", "")
    view.period.setCurrentIndex(view.period.findData("2023-24"))
    view.order.setCurrentIndex(view.order.findData(True))
    model = view.model
    top = [model.index(r, 1).data() for r in range(5)]
    assert top == ["Hampshire", "Devon", "Norfolk", "Surrey", "Cheshire East"]
    assert model.index(0, 0).data() == "1" and model.index(0, 2).data() == "−£123.9m"
    assert model.rowCount() == len(dataset.current_codes)
    assert view.table.accessibleName() == f"Ranking table: {view.chart.spec.title}"
    assert [text for text, _ in view.chart.rank_labels.drawn][:2] == ["1. Hampshire: −£123.9m", "2. Devon: −£111.5m"]
    colours = {b.opts["brush"].color().name().upper() for b in view.chart.bar_sets if b.isVisible()}
    assert {SUBJECT_COLOUR, COMPARATOR_COLOURS[0]} <= colours       # the council and its comparators highlighted
    gaps = view.chart.notes.text()
    assert "City of London, Isles of Scilly: " in gaps and "shown. Buckinghamshire: " in gaps and ".;" not in gaps


def test_ranking_follows_the_measure_period_and_council(window, dataset):
    window.workspace.show_view("ranking")
    view = window.workspace.ranking
    view.measure.setCurrentIndex(view.measure.findData("dsg_balance_pct_of_dsg|"))
    view.order.setCurrentIndex(view.order.findData(False))
    assert view.chart.spec.unit == "pct" and view.chart.spec.title.endswith("highest first")
    assert view.period.currentData() == "2023-24"
    window.workspace.select_council("204")                                      # Hackney
    rows = [[view.model.index(r, c).data() for c in range(4)] for r in range(view.model.rowCount())]
    assert next(r for r in rows if r[1] == "Hackney")[3] == "selected council"
    assert all(r[3] != "selected council" for r in rows if r[1] == "Kent")
    view.on_row_chosen(view.model.index(0, 0))
    assert window.workspace.selection.la_code == view.codes[0]


def test_every_control_of_the_ranking_tab_and_its_chart_has_an_accessible_name(window):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QWidget

    window.workspace.show_view("ranking")
    controls = [w for w in window.workspace.ranking.findChildren(QWidget)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.inherits("QComboBoxListView")]
    assert len(controls) >= 8
    nameless = [type(w).__name__ for w in controls if not QAccessible.queryAccessibleInterface(w).text(
        QAccessible.Text.Name)]
    assert not nameless
    assert window.workspace.ranking.chart.accessibleDescription().startswith("Ranked bars of every council")
