"""Drive the real main window: find and select councils, compare, click the map, remember settings."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from briefing.analysis.compare import latest_broad_period
from briefing.analysis.format import format_value
from briefing.ui.main_window import MainWindow


def test_search_and_select_shows_the_datasets_headline_figures(qtbot, window, dataset):
    qtbot.keyClicks(window.workspace.search, "hackney")
    assert window.workspace.council_filter.rowCount() == 1
    qtbot.keyClick(window.workspace.search, Qt.Key.Key_Return)
    assert window.workspace.selection.la_code == "204"
    window.workspace.show_view("overview")
    cards = {card.label.text(): card.value.text() for card in window.workspace.overview.cards}
    for label, measure, variant, unit in (("EHC plans", "ehc_plans", "", "count"),
                                          ("DSG balance as % of DSG", "dsg_balance_pct_of_dsg", "", "pct"),
                                          ("High needs block (before deductions)", "high_needs_block_gbp",
                                           "before_deductions", "gbp")):
        period = latest_broad_period(dataset, measure, variant)
        expected = dataset.grid(measure, variant).values.at["204", period]
        assert cards[label] == format_value(float(expected), unit)
    assert window.workspace.overview.title.text() == "Hackney"


def test_search_by_code_and_arrow_keys_move_through_the_list(qtbot, window):
    qtbot.keyClicks(window.workspace.search, "886")
    qtbot.keyClick(window.workspace.search, Qt.Key.Key_Return)
    assert window.workspace.selection.la_code == "886"
    window.workspace.search.clear()
    window.workspace.council_list.setFocus()
    qtbot.keyClick(window.workspace.council_list, Qt.Key.Key_Down)
    following = window.workspace.council_model.rows[window.workspace.council_model.row_of("886") + 1][1]
    assert window.workspace.selection.la_code == following


def test_missing_figures_show_their_reason(qtbot, window):
    window.workspace.select_council("201")                 # City of London: not in DfE's DSG tables
    window.workspace.show_view("overview")
    card = next(c for c in window.workspace.overview.cards if c.label.text() == "Cumulative DSG balance")
    assert card.value.text() == "n/a"
    assert "Dedicated Schools Grant tables do not include the City of London" in card.missing.text()
    assert card.missing.font().italic() and card.missing.isVisible()
    assert not card.details.font().italic()


def test_headline_cards_keep_equal_columns_whatever_the_texts(window):
    """Widths come from the grid, not from each council's longest line: the cards do not shift on a switch."""
    window.workspace.show_view("overview")
    cards = window.workspace.overview.cards
    for code in ("201", "886", "204"):               # City of London's long notes, Kent, Hackney
        window.workspace.select_council(code)
        QApplication.processEvents()
        widths = {card.width() for card in cards}
        assert max(widths) - min(widths) <= 1, (code, widths)
        plans = cards[3]                                  # EHC plans: every council has sources for it
        assert plans.label.text() == "EHC plans" and plans.sources.isVisible()
        assert plans.sources.text() == "Sources…"
        link = plans.palette().color(QPalette.ColorRole.Link)
        assert plans.sources.palette().color(plans.sources.foregroundRole()) == link


def test_filters_by_region_type_and_programme(window, dataset):
    window.workspace.region.setCurrentIndex(window.workspace.region.findData("North East"))
    expected = sum(1 for c in dataset.current_codes if dataset.councils.at[c, "region"] == "North East")
    assert window.workspace.council_filter.rowCount() == expected
    window.workspace.region.setCurrentIndex(0)
    window.workspace.programme.setCurrentIndex(window.workspace.programme.findData("safety valve"))
    in_programme = set(dataset.safety_valve.index) & set(dataset.current_codes)
    assert window.workspace.council_filter.rowCount() == len(in_programme)
    window.workspace.programme.setCurrentIndex(window.workspace.programme.findData("neither"))
    shown = {window.workspace.council_filter.index(r, 0).data(Qt.ItemDataRole.UserRole)
             for r in range(window.workspace.council_filter.rowCount())}
    assert not shown & (set(dataset.safety_valve.index) | set(dataset.dbv.index))


def test_changing_comparators_changes_the_series_plotted(window, dataset):
    window.workspace.select_council("886")
    window.workspace.show_view("funding")
    trend = window.workspace.chart_pages["funding"].charts[0]
    first = set(trend.drawn_series)
    window.workspace.comparators.setCurrentIndex(window.workspace.comparators.findData("neighbours_2021"))
    rows = dataset.neighbours[(dataset.neighbours["la_code"] == "886")
                              & (dataset.neighbours["list_version"] == "April 2021")]
    names = {dataset.council_name(c) for c in rows["neighbour_code"]}
    drawn = set(trend.drawn_series)
    assert drawn != first
    assert names <= drawn | {"Kent"}
    bar = window.workspace.chart_pages["funding"].charts[1]
    assert {n for n in names if n in dataset.councils.set_index("name").index} <= set(bar.drawn_series)


def test_real_terms_and_per_head_reach_the_charts(window):
    window.workspace.show_view("funding")
    window.workspace.real_terms.setChecked(True)
    window.workspace.per.setCurrentIndex(window.workspace.per.findData("per_head_2_18"))
    spec = window.workspace.chart_pages["funding"].charts[0].spec
    assert "real terms" in spec.value_label and "per head aged 2-18" in spec.value_label


def test_clicking_a_hex_selects_the_council(qtbot, window, dataset):
    window.workspace.show_view("map")
    hex_map = window.workspace.map_view.map
    qtbot.wait(10)
    item = hex_map.items["942"]                  # Cumberland, created in 2023
    point = hex_map.mapFromScene(item.polygon().boundingRect().center())
    qtbot.mouseClick(hex_map.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.workspace.selection.la_code == "942"
    assert "Cumberland" in item.text
    assert item.pen().widthF() > hex_map.items["886"].pen().widthF()      # only the selection is outlined
    assert len(hex_map.items) == len(dataset.current_codes)


def test_settings_come_back(qtbot, dataset, settings, window):
    window.workspace.select_council("942")
    window.workspace.comparators.setCurrentIndex(window.workspace.comparators.findData("region"))
    window.workspace.real_terms.setChecked(True)
    window.workspace.show_view("deficit")
    window.close()
    again = MainWindow(dataset, settings)
    qtbot.addWidget(again)
    assert again.workspace.selection.la_code == "942"
    assert again.workspace.selection.comparator_group == "region"
    assert again.workspace.selection.real_terms
    assert again.workspace.current_view() == "deficit"
    assert again.workspace.council_list.currentIndex().data(Qt.ItemDataRole.UserRole) == "942"


def test_every_view_renders_for_a_new_council(window):
    window.workspace.select_council("942")
    for view in ("overview", "funding", "deficit", "demand", "compare", "map", "safety-valve"):
        window.workspace.show_view(view)
        assert view not in window.workspace.stale
    assert window.workspace.programmes.council.text().startswith("<h3>Cumberland")


def test_ctrl_f_focuses_search_and_views_have_accessible_names(qtbot, window):
    window.workspace.council_list.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.search.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.current_view() == "deficit"
    ws = window.workspace
    for widget in (ws.search, ws.region, ws.la_type, ws.programme, ws.council_list, ws.comparators, ws.choose_button,
                   ws.real_terms, ws.per, ws.tabs):
        assert widget.accessibleName()


def test_hover_on_a_bar_gives_the_exact_value_and_source(window, dataset):
    from PySide6.QtCore import QPointF

    window.workspace.select_council("886")
    window.workspace.show_view("funding")
    bar = window.workspace.chart_pages["funding"].charts[1]
    kent = next(t for t in bar.targets if t.area == "886")
    scene_pos = bar.plot.getPlotItem().vb.mapViewToScene(kent.rect.center())
    target = bar.target_at(QPointF(scene_pos))
    period = latest_broad_period(dataset, "high_needs_block_gbp", "before_deductions")
    value = dataset.grid("high_needs_block_gbp", "before_deductions").values.at["886", period]
    assert target is kent
    assert format_value(float(value), "gbp", compact=False) in target.text
    assert "Department for Education" in window.workspace.session.source_names(bar.spec.source_ids)


def test_sources_of_the_view_and_about(window, dataset):
    from briefing.ui.dialogs import about_html, source_lines

    window.workspace.show_view("overview")
    ids = window.workspace.view_source_ids()
    assert ids
    html = source_lines(dataset, ids)
    assert dataset.sources.at[ids[0], "title"].split(",")[0] in html
    about = about_html(dataset)
    assert dataset.version in about and "Open Government Licence" in about and "LGPL" in about


def test_custom_comparators_are_capped_at_twenty(qtbot, window, dataset):
    from PySide6.QtWidgets import QDialogButtonBox

    from briefing.ui.dialogs import CustomComparatorsDialog

    dialog = CustomComparatorsDialog(dataset, "886", ("887", "888"), window)
    qtbot.addWidget(dialog)
    assert set(dialog.chosen()) == {"887", "888"}
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    for row in range(21):
        dialog.model.item(row).setCheckState(Qt.CheckState.Checked)
    assert len(dialog.chosen()) >= 21 and not ok.isEnabled()
    window.workspace.update_selection(comparator_group="custom", custom=("887", "888"))
    window.workspace.show_view("funding")
    bar = window.workspace.chart_pages["funding"].charts[1]
    assert set(bar.drawn_series) >= {"Kent", dataset.council_name("887"), dataset.council_name("888")}


def test_programme_sources_on_screen_name_publishers_never_mirror_sites(window, dataset):
    from briefing.data.provenance import COPIES
    from briefing.ui.models import TextTableModel

    mirrors = {prefix.split("/")[0] for prefix in COPIES if not prefix.startswith("github.com")}
    window.workspace.select_council("351")                       # Bury: its agreement was read in a copy
    window.workspace.show_view("safety-valve")
    window.workspace.show_view("overview")
    shown = [window.workspace.programmes.council.text(), window.workspace.overview.programme.text()]
    for model in window.workspace.programmes.findChildren(TextTableModel):
        shown += [cell for row in model.rows for cell in row]
    agreements = window.workspace.programmes.agreements
    shown += [agreements.index(r, 6).data() for r in range(agreements.rowCount())]
    text = "\n".join(shown).lower()
    assert "schools week" in text and "safety valve agreement from 2020-21" in text
    assert not [m for m in mirrors if m in text]


def test_the_grant_rule_stands_beside_the_latest_published_balance(window):
    window.workspace.select_council("886")
    window.workspace.show_view("overview")
    text = window.workspace.overview.programme.text()
    assert "High Needs Stability Grant will be based on Kent's DSG deficit at 31 March 2026" in text
    assert "latest published balance is −£67.2m at 31 March 2024" in text


def test_a_measure_not_in_the_bundle_says_which_file_brings_it(qtbot, window):
    """The s251 spending lines have no figures until DfE's outturn file is imported: the Compare view names the
    file instead of drawing zeros."""
    window.workspace.show_view("compare")
    combo = window.workspace.compare.measure
    index = combo.findData("high_needs_outturn_gbp|")
    assert index >= 0 and combo.itemText(index).endswith("(not in the bundle)")
    combo.setCurrentIndex(index)
    assert window.workspace.compare.notice.isVisible() and not window.workspace.compare_charts.isVisible()
    assert "Not in the bundle: import Department for Education's file 'Section 251 outturn" in \
        window.workspace.compare.notice.text()
    combo.setCurrentIndex(combo.findData("ehc_plans|"))
    assert not window.workspace.compare.notice.isVisible() and window.workspace.compare_charts.isVisible()


def test_a_long_programme_history_scrolls_and_never_clips_the_balance_chart(qtbot, window):
    window.workspace.select_council("801")          # Bristol: agreement, DBV tranche, notes, three sources
    window.workspace.show_view("safety-valve")
    chart = window.workspace.programmes.balance_chart
    qtbot.waitUntil(lambda: chart.isVisible())
    assert chart.height() >= chart.minimumSizeHint().height()   # squeezed, its legend and notes overlap the plot


def test_the_programme_details_start_at_the_top_for_a_new_council(qtbot, window):
    window.workspace.select_council("801")
    window.workspace.show_view("safety-valve")
    details = window.workspace.programmes.details.verticalScrollBar()
    qtbot.waitUntil(lambda: details.maximum() > 0)
    details.setValue(details.maximum())
    window.workspace.update_selection(real_terms=True)       # the same council: where the reader was stays
    assert details.value() == details.maximum()
    window.workspace.select_council("886")
    assert details.value() == 0


def test_the_overview_summary_tells_a_boundary_change_once_with_its_date(window):
    window.workspace.select_council("942")                          # Cumberland, created April 2023
    window.workspace.show_view("overview")
    text = window.workspace.overview.summary.text()
    assert text.count("Cumbria split") == 1 and "Reorganisation, April 2023" in text
