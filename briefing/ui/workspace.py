"""The workspace: the council list on the left, comparison controls on top, one tab per view.

State lives in a ``Session`` (the one ``Selection`` and what is built for it, cached); this module lays out the
workspace and wires controls to the session. Views render what the core builds (``Briefing``, ``ChartSpec``);
only the visible view is rebuilt when the session changes. The window around it (menus, status bar, size) is
``main_window.MainWindow``, which paints before the data is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from xml.sax.saxutils import escape

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefing.analysis import briefing as core
from briefing.analysis import programmes as records
from briefing.analysis.charts import ChartSpec
from briefing.analysis.compare import GROUPS, comparator_codes
from briefing.analysis.series import DENOMINATORS, measure_info
from briefing.data.councils import AmbiguousCouncil, CouncilNotFound, find_council
from briefing.data.dataset import Dataset
from briefing.data.releases import not_held_text
from briefing.ui.chart_view import ChartView
from briefing.ui.dialogs import (
    CustomComparatorsDialog,
    sources_dialog,
)
from briefing.ui.hex_map import MapView
from briefing.ui.labels import WrappedLabel
from briefing.ui.models import ANY, DBV, NEITHER, SAFETY_VALVE, CouncilFilter, CouncilModel
from briefing.ui.overview import OverviewView
from briefing.ui.programmes import ProgrammesView
from briefing.ui.ranking import RankingView
from briefing.ui.session import HNB_BASES, Session, read_setting, store_selection, stored_selection
from briefing.ui.views import VIEWS

CHART_VIEWS = ("funding", "deficit", "demand")
ONE_COLUMN_BELOW = 860     # page width (px) under which charts stack in one column


def release_tab(widget: QWidget) -> None:
    """Tab leaves every table and list inside ``widget`` (arrow keys move within them): no keyboard trap."""
    for view in widget.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


class ChartsPage(QScrollArea):
    """A scrolling grid of charts: two columns when there is room, caterpillars across the full width."""

    def __init__(self, make_chart: Callable[[], ChartView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.make_chart = make_chart
        self.setWidgetResizable(True)
        self.charts: list[ChartView] = []
        self.in_use = 0
        self.shape: tuple = ()
        self.page = QWidget()
        self.grid = QGridLayout(self.page)
        self.grid.setSpacing(10)
        self.setWidget(self.page)
        self.columns = 2

    def set_specs(self, specs: tuple[ChartSpec, ...]) -> None:
        while len(self.charts) < len(specs):
            self.charts.append(self.make_chart())
        for chart, spec in zip(self.charts, specs, strict=False):
            chart.set_spec(spec)
        for chart in self.charts[len(specs):]:
            chart.hide()
        self.in_use = len(specs)
        shape = (self.columns, tuple(spec.kind for spec in specs))
        if shape != self.shape:   # re-laying out costs a second paint: only when the charts change shape
            self.shape = shape
            self.arrange()

    def arrange(self) -> None:
        """Lay charts out row by row; caterpillars, and a chart that would sit alone, take the full width."""
        for chart in self.charts:
            self.grid.removeWidget(chart)
        in_use = self.charts[:self.in_use]
        wide = [self.columns == 1 or c.spec.kind == "caterpillar" for c in in_use]
        row, column = 0, 0
        for i, chart in enumerate(in_use):
            alone = column == 0 and (i + 1 == len(in_use) or wide[i + 1])
            span = self.columns if wide[i] or alone else 1
            self.grid.addWidget(chart, row, column, 1, span)
            chart.show()
            column += span
            if column >= self.columns:
                row, column = row + 1, 0
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if c < self.columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802
        columns = 1 if event.size().width() < ONE_COLUMN_BELOW else 2
        if columns != self.columns:
            self.columns = columns
            self.shape = ()
            self.arrange()
        super().resizeEvent(event)


class LazyPage(QWidget):
    """A tab whose view is made on its first visit: the window opens without building views it may not show."""

    def __init__(self, make: Callable[[], QWidget]) -> None:
        super().__init__()
        self.make = make
        self.made: QWidget | None = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    def view(self) -> QWidget:
        if self.made is None:
            self.made = self.make()
            release_tab(self.made)
            self.layout().addWidget(self.made)
        return self.made


class ControlPage(QWidget):
    """A labelled chooser above the view it controls (the Funding basis, the Compare and Map measures)."""

    def __init__(self, label: str, control: QComboBox, content: QWidget) -> None:
        super().__init__()
        control.setAccessibleName(label)
        top = QHBoxLayout()
        caption = QLabel(label + ":")
        caption.setBuddy(control)
        top.addWidget(caption)
        top.addWidget(control)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(content, 1)


class MeasurePage(ControlPage):
    """A measure chooser above a view that shows that measure (Compare, Map). Measures with no figures yet (the
    s251 spending lines come by import) are listed and say which file brings them, never drawn as zeros."""

    def __init__(self, dataset: Dataset, label: str, content: QWidget) -> None:
        self.measure = QComboBox()
        self.content = content
        self.notice = WrappedLabel()
        self.notice.setAccessibleName(f"{label}: not in the bundle")
        self.notice.hide()
        self.fill(dataset)
        super().__init__(label, self.measure, content)
        self.layout().addWidget(self.notice)

    def fill(self, dataset: Dataset) -> None:
        """(Re)list the measures, keeping the one chosen: an import can bring figures for new ones."""
        chosen = self.measure.currentData()
        self.measure.blockSignals(True)
        self.measure.clear()
        for measure, variant in dataset.measures.index:
            if not measure.startswith("population_"):
                held = "" if dataset.has_figures(measure, variant) else " (not in the bundle)"
                self.measure.addItem(measure_info(dataset, measure, variant).full_label + held, f"{measure}|{variant}")
        self.measure.setCurrentIndex(max(0, self.measure.findData(chosen)))
        self.measure.blockSignals(False)

    def held(self, dataset: Dataset) -> bool:
        """Whether the chosen measure has figures; if not, the view is replaced by what to import."""
        measure, variant = self.current()
        has = dataset.has_figures(measure, variant)
        self.content.setVisible(has)
        self.notice.setText("" if has else not_held_text(measure, variant))
        self.notice.setVisible(not has)
        return has

    def current(self) -> tuple[str, str]:
        measure, _, variant = self.measure.currentData().partition("|")
        return measure, variant

    def set_measure(self, key: tuple[str, str]) -> None:
        index = self.measure.findData("|".join(key))
        if index >= 0:
            self.measure.setCurrentIndex(index)


class Workspace(QSplitter):
    def __init__(self, dataset: Dataset, settings: QSettings | None, window_shortcuts: set[str],
                 parent: QWidget | None = None) -> None:
        """``settings`` None means nothing is remembered (snapshots, benchmarks); ``window_shortcuts`` are the
        window's keys, which the search box must not take for itself."""
        super().__init__(parent)
        self.session = Session(dataset, parent=self)
        self.settings = settings
        self.stale: set[str] = set(VIEWS)
        self.filtering = False      # True while code, not the user, moves the council list's current row
        self.window_shortcuts = window_shortcuts
        self.shown_council = ""      # the council the views were last drawn for
        self.build_council_panel()
        self.build_controls()
        self.build_views()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(self.controls)
        right_layout.addWidget(self.tabs, 1)
        self.addWidget(self.council_panel)
        self.addWidget(right)
        self.setStretchFactor(1, 1)
        self.setSizes([250, 1100])
        self.setChildrenCollapsible(False)
        self.setTabOrder(self.search, self.region)
        self.setTabOrder(self.region, self.la_type)
        self.setTabOrder(self.la_type, self.programme)
        self.setTabOrder(self.programme, self.council_list)
        self.setTabOrder(self.council_list, self.comparators)
        self.setTabOrder(self.comparators, self.choose_button)
        self.setTabOrder(self.choose_button, self.real_terms)
        self.setTabOrder(self.real_terms, self.per)
        self.setTabOrder(self.per, self.tabs)
        self.restore_settings()
        self.session.changed.connect(self.on_session_changed)
        release_tab(self)

    @property
    def dataset(self) -> Dataset:
        return self.session.dataset

    @property
    def selection(self) -> core.Selection:
        return self.session.selection

    # --- construction ----------------------------------------------------------------------------------------

    def build_council_panel(self) -> None:
        self.council_model = CouncilModel(self.dataset, self)
        self.council_filter = CouncilFilter(self)
        self.council_filter.setSourceModel(self.council_model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name or code (Ctrl+F)")
        self.search.setAccessibleName("Search councils by name or code")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.on_search)
        self.search.returnPressed.connect(self.choose_first_match)
        self.search.installEventFilter(self)
        self.region = self.filter_combo("Region filter", "Any region", self.council_model.regions())
        self.la_type = self.filter_combo("Council type filter", "Any type", self.council_model.types())
        self.programme = self.filter_combo("Programme filter", "Any programme", [SAFETY_VALVE, DBV, NEITHER])
        self.council_list = QListView()
        self.council_list.setModel(self.council_filter)
        self.council_list.setModelColumn(0)
        self.council_list.setAccessibleName("Councils")
        self.council_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.council_list.setUniformItemSizes(True)
        self.council_list.selectionModel().currentChanged.connect(self.on_list_current)
        self.shown_count = QLabel()
        self.shown_count.setWordWrap(True)
        self.shown_count.setTextFormat(Qt.TextFormat.RichText)
        self.shown_count.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.shown_count.setAccessibleName("Councils shown")
        self.shown_count.linkActivated.connect(self.select_council)
        self.council_panel = QWidget()
        layout = QVBoxLayout(self.council_panel)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search)
        for combo in (self.region, self.la_type, self.programme):
            layout.addWidget(combo)
        layout.addWidget(self.council_list, 1)
        layout.addWidget(self.shown_count)
        self.council_panel.setMinimumWidth(200)
        self.update_count()

    def filter_combo(self, name: str, anything: str, choices: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.addItem(anything, ANY)
        for choice in choices:
            combo.addItem(choice[0].upper() + choice[1:], choice)
        combo.currentIndexChanged.connect(self.on_filters)
        return combo

    def build_controls(self) -> None:
        self.comparators = QComboBox()
        self.comparators.setAccessibleName("Compare with")
        for key, label in GROUPS.items():
            self.comparators.addItem(label[0].upper() + label[1:], key)
        self.comparators.currentIndexChanged.connect(self.on_comparator_group)
        self.choose_button = QPushButton("Choose councils…")
        self.choose_button.setAccessibleName("Choose up to 20 comparator councils")
        self.choose_button.clicked.connect(self.choose_custom)
        self.real_terms = QCheckBox("Real terms")
        self.real_terms.setToolTip("Restate £ figures in 2024-25 prices with HM Treasury GDP deflators")
        self.real_terms.setAccessibleName("Show money in real terms")
        self.real_terms.toggled.connect(lambda on: self.update_selection(real_terms=on))
        self.per = QComboBox()
        self.per.setAccessibleName("Show totals or per head or per EHC plan")
        self.per.addItem("Totals", "")
        for key, (_, _, label) in DENOMINATORS.items():
            self.per.addItem(label[0].upper() + label[1:], key)
        self.per.currentIndexChanged.connect(lambda _: self.update_selection(per=self.per.currentData()))
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(6, 6, 6, 0)
        label = QLabel("Compare &with:")
        label.setBuddy(self.comparators)
        self.comparators.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.comparators.setMinimumContentsLength(16)
        self.controls.addWidget(label)
        self.controls.addWidget(self.comparators, 1)
        self.controls.addWidget(self.choose_button)
        self.controls.addSpacing(12)
        self.controls.addWidget(self.real_terms)
        self.controls.addWidget(self.per)
        self.controls.addStretch(1)

    def new_chart(self) -> ChartView:
        chart = ChartView(self.session.source_names, settings=self.settings)
        chart.council_clicked.connect(self.select_council)
        chart.sources_requested.connect(lambda ids: self.show_sources(ids, chart.spec.title if chart.spec else ""))
        release_tab(chart)
        return chart

    def build_views(self) -> None:
        self.overview = OverviewView()
        self.overview.sources_requested.connect(lambda ids: self.show_sources(ids, "this figure"))
        self.chart_pages = {view: ChartsPage(self.new_chart) for view in CHART_VIEWS}
        for view, page in self.chart_pages.items():
            page.setAccessibleName(f"{VIEWS[view]} charts")
        self.basis = QComboBox()
        for key, label in HNB_BASES.items():
            self.basis.addItem(label, key)
        self.basis.setToolTip("DfE publishes the high needs block before and after deductions (academy recoupment "
                              "and places it funds directly); both are official. Compare councils on one basis.")
        self.basis.currentIndexChanged.connect(lambda _: self.update_selection(hnb_basis=self.basis.currentData()))
        funding = ControlPage("High needs block basis", self.basis, self.chart_pages["funding"])
        self.compare_charts = ChartsPage(self.new_chart)
        self.compare_charts.setAccessibleName("Comparison charts")
        self.compare = MeasurePage(self.dataset, "Measure to compare", self.compare_charts)
        self.compare.measure.currentIndexChanged.connect(lambda _: self.refresh({"compare"}))
        self.map_view = MapView(core.hex_cells(self.dataset))
        self.map_view.council_clicked.connect(self.select_council)
        self.map_view.sources_requested.connect(lambda ids: self.show_sources(ids, "map"))
        self.map = MeasurePage(self.dataset, "Colour the map by", self.map_view)
        self.map.measure.currentIndexChanged.connect(lambda _: self.refresh({"map"}))
        self.lazy_pages = {"safety-valve": LazyPage(self.make_programmes), "ranking": LazyPage(self.make_ranking)}
        self.pages = {"overview": self.overview, **self.chart_pages, "funding": funding,   # charts under the basis
                      "compare": self.compare, "map": self.map, **self.lazy_pages}
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Views")
        for view, title in VIEWS.items():
            self.tabs.addTab(self.pages[view], title)
        self.tabs.currentChanged.connect(self.on_tab)

    def make_programmes(self) -> ProgrammesView:
        programmes = ProgrammesView(records.all_agreements(self.dataset), records.all_dbv(self.dataset),
                                    records.timeline(self.dataset), self.session.source_names)
        programmes.council_chosen.connect(self.select_council)
        programmes.balance_chart.settings = self.settings      # exports open in the remembered folder
        programmes.sources_requested.connect(lambda ids: self.show_sources(ids, "DSG balance"))
        return programmes

    def make_ranking(self) -> RankingView:
        ranking = RankingView(self.dataset, self.session.source_names, self.settings)
        ranking.council_clicked.connect(self.select_council)
        ranking.sources_requested.connect(lambda ids: self.show_sources(ids, "ranking"))
        ranking.changed.connect(lambda: self.refresh({"ranking"}))
        return ranking

    @property
    def programmes(self) -> ProgrammesView:
        return self.lazy_pages["safety-valve"].view()

    @property
    def ranking(self) -> RankingView:
        return self.lazy_pages["ranking"].view()

    # --- the selection -------------------------------------------------------------------------------------------

    def select_council(self, code: str) -> None:
        if code not in self.dataset.councils.index:
            return
        if code != self.selection.la_code:
            self.update_selection(la_code=code)
        self.sync_list()
        self.update_count()

    def update_selection(self, **changes) -> None:
        self.session.update(**changes)

    def on_session_changed(self) -> None:
        council_changed = self.shown_council != self.selection.la_code
        self.shown_council = self.selection.la_code
        self.save_settings()
        self.refresh(set(VIEWS))
        if council_changed:                 # a new council is read from the top
            self.overview.verticalScrollBar().setValue(0)

    def refresh(self, views: set[str]) -> None:
        self.stale |= views
        self.window().setWindowTitle(f"High Needs Briefing: {self.dataset.council_name(self.selection.la_code)}")
        self.render_current()

    def current_view(self) -> str:
        return list(VIEWS)[self.tabs.currentIndex()]

    def show_view(self, view: str) -> None:
        self.tabs.setCurrentIndex(list(VIEWS).index(view))

    def on_tab(self) -> None:
        self.render_current()
        self.save_settings()          # the last tab comes back on restart, even one already drawn

    def render_current(self) -> None:
        view = self.current_view()
        if view not in self.stale:
            return
        self.stale.discard(view)
        session = self.session
        if view == "overview":
            self.overview.show_briefing(session.briefing())
        elif view in CHART_VIEWS:
            self.chart_pages[view].set_specs(session.charts(view))
        elif view == "compare":
            measure, variant = self.compare.current()
            if self.compare.held(self.dataset):
                self.compare_charts.set_specs((session.comparison(measure, variant, everyone=False),
                                               session.comparison(measure, variant, everyone=True)))
        elif view == "map":
            measure, variant = self.map.current()
            if self.map.held(self.dataset):
                self.map_view.show_spec(session.comparison(measure, variant, everyone=True), self.selection.la_code)
        elif view == "ranking":
            self.ranking.show_selection(session.dataset, self.selection)
        else:
            self.programmes.show_briefing(session.briefing(), session.balance())
        # Lay the changed page out now, before anything paints: left to the event loop, each label and chart
        # that changed size re-lays out its parents in turn, and the charts paint once per round.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        for chart in self.pages[view].findChildren(ChartView):
            if chart.isVisible():
                chart.settle()
        self.save_settings()

    def on_search(self, text: str) -> None:
        self.apply_filters(text=text)

    def on_filters(self) -> None:
        self.apply_filters(region=self.region.currentData(), la_type=self.la_type.currentData(),
                           programme=self.programme.currentData())

    def apply_filters(self, **filters: str) -> None:
        """Filtering never changes the selection: when the list's current row is filtered out Qt moves the
        current row to a neighbour, which must not select that neighbour."""
        self.filtering = True
        try:
            self.council_filter.set_filters(**filters)
            self.sync_list()
        finally:
            self.filtering = False
        self.update_count()

    def update_count(self) -> None:
        """How many councils the list shows; when none, the closest names; when the selected council is
        filtered out, that it is still the one shown."""
        shown, total = self.council_filter.rowCount(), self.council_model.rowCount()
        text = f"{shown} of {total} councils" if shown != total else f"{total} councils"
        query = self.search.text().strip()
        if not shown:
            text = f"No council matches “{escape(query)}”" if query else "No council matches these filters"
            links = [f"<a href='{code}'>{escape(self.dataset.council_name(code))}</a>"
                     for code in self.suggestions(query)]
            text += f"; did you mean {', '.join(links)}?" if links else "."
        elif not self.list_shows_selection():
            text += f" · {escape(self.dataset.council_name(self.selection.la_code))} (selected) is not in the list"
        self.shown_count.setText(text)

    def suggestions(self, query: str) -> list[str]:
        """The current councils the command line would suggest for ``query`` (any filters aside), in its order."""
        if not query:
            return []
        try:
            return [find_council(self.dataset, query)]
        except CouncilNotFound as error:
            by_name = {self.dataset.council_name(c): c for c in self.dataset.current_codes}
            return [by_name[name] for name in error.suggestions if name in by_name]
        except AmbiguousCouncil as error:
            return [code for code, _ in error.matches if code in self.dataset.current_codes]

    def list_shows_selection(self) -> bool:
        row = self.council_model.row_of(self.selection.la_code)
        return self.council_filter.mapFromSource(self.council_model.index(row, 0)).isValid()

    def choose_first_match(self) -> None:
        """Enter in the search box picks the best match (an exact name or word before a prefix); with nothing
        typed it only moves into the list."""
        row = self.council_filter.best_row()
        if row >= 0:
            self.council_list.setCurrentIndex(self.council_filter.index(row, 0))
        if self.council_filter.rowCount():
            self.council_list.setFocus()

    def on_list_current(self, current, previous) -> None:
        if current.isValid() and not self.filtering:
            self.select_council(current.data(Qt.ItemDataRole.UserRole))

    def sync_list(self) -> None:
        """The list's highlight is on the selected council when it is shown, and on nothing otherwise."""
        row = self.council_model.row_of(self.selection.la_code)
        index = self.council_filter.mapFromSource(self.council_model.index(row, 0))
        if index != self.council_list.currentIndex():
            filtering, self.filtering = self.filtering, True
            try:
                self.council_list.setCurrentIndex(index)
            finally:
                self.filtering = filtering
        if index.isValid():
            self.council_list.scrollTo(index)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- comparators ------------------------------------------------------------------------------------------

    def on_comparator_group(self) -> None:
        group = self.comparators.currentData()
        if group == "custom" and not self.selection.custom and not self.choose_custom():
            self.comparators.setCurrentIndex(self.comparators.findData(self.selection.comparator_group))
            return
        self.update_selection(comparator_group=group)

    def choose_custom(self) -> bool:
        """Open the pick list (starting from the current comparators); True when the user chose some."""
        start = self.selection.custom or tuple(comparator_codes(
            self.dataset, self.selection.comparator_group, self.selection.la_code, self.selection.custom))[:20]
        dialog = CustomComparatorsDialog(self.dataset, self.selection.la_code, start, self)
        if not dialog.exec():
            return False
        self.comparators.blockSignals(True)
        self.comparators.setCurrentIndex(self.comparators.findData("custom"))
        self.comparators.blockSignals(False)
        self.update_selection(comparator_group="custom", custom=dialog.chosen())
        return True

    # --- sources and export -------------------------------------------------------------------------------------

    def show_sources(self, source_ids: tuple[str, ...], what: str) -> None:
        sources_dialog(self, self.dataset, source_ids, what).exec()

    def view_source_ids(self) -> tuple[str, ...]:
        view = self.current_view()
        if view in CHART_VIEWS or view == "compare":
            page = self.chart_pages.get(view, self.compare_charts)
            return tuple(s for chart in page.charts if chart.spec and chart.isVisible() for s in chart.spec.source_ids)
        if view == "map" and self.map_view.spec:
            return self.map_view.spec.source_ids
        return self.session.briefing().source_ids

    def show_view_sources(self) -> None:
        self.show_sources(self.view_source_ids(), self.tabs.tabText(self.tabs.currentIndex()).replace("&&", "&"))

    def export_briefing(self) -> None:
        from briefing.ui.export_dialog import open_export_dialog  # ReportLab loads with it: not at start-up

        open_export_dialog(self, self.dataset, self.selection, self.settings)

    def set_dataset(self, dataset: Dataset) -> None:
        """Show a reloaded dataset (imports change figures and sources, never councils or measures)."""
        for page in (self.compare, self.map):
            page.fill(dataset)
        self.session.set_dataset(dataset)

    # --- settings -----------------------------------------------------------------------------------------------

    def restore_settings(self) -> None:
        """The last council, comparators, terms, view and measures (declared defaults when nothing valid is
        stored)."""
        settings, dataset = self.settings, self.dataset
        selection = stored_selection(settings, dataset)      # everything is read before anything is applied:
        view = read_setting(settings, "view", dataset)       # applying a value saves the window's state
        measures = {key: read_setting(settings, key, dataset) for key in ("map_measure", "compare_measure")}
        self.set_controls(selection)
        for page, key in ((self.map, "map_measure"), (self.compare, "compare_measure")):
            page.measure.blockSignals(True)
            page.set_measure(tuple(measures[key].split(",", 1)))
            page.measure.blockSignals(False)
        self.tabs.blockSignals(True)
        self.show_view(view if view in VIEWS else "overview")
        self.tabs.blockSignals(False)
        self.session.selection = selection
        self.shown_council = selection.la_code
        self.sync_list()
        self.refresh(set(VIEWS))

    def set_controls(self, selection: core.Selection) -> None:
        """Set the comparison controls to ``selection`` without each one changing the selection in turn."""
        for combo, value in ((self.comparators, selection.comparator_group), (self.per, selection.per),
                             (self.basis, selection.hnb_basis)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(value))
            combo.blockSignals(False)
        self.real_terms.blockSignals(True)
        self.real_terms.setChecked(selection.real_terms)
        self.real_terms.blockSignals(False)

    def set_selection(self, selection: core.Selection) -> None:
        """Show ``selection`` whole, the controls set to match (a scripted screen: ``briefing snapshot``)."""
        self.set_controls(selection)
        self.update_selection(**{f.name: getattr(selection, f.name) for f in fields(selection)})
        self.sync_list()
        self.update_count()

    def save_settings(self) -> None:
        if self.settings is None:
            return
        store_selection(self.settings, self.selection)
        self.settings.setValue("view", self.current_view())
        self.settings.setValue("map_measure", ",".join(self.map.current()))
        self.settings.setValue("compare_measure", ",".join(self.compare.current()))

    def eventFilter(self, watched, event: QEvent) -> bool:  # noqa: N802
        """The window's shortcuts (Ctrl+E: export) work from the search box, which would take Ctrl+E as
        'end of line' on Linux; Down moves from the search box into the list."""
        if watched is self.search and event.type() == QEvent.Type.ShortcutOverride \
                and QKeySequence(event.keyCombination()).toString() in self.window_shortcuts:
            event.ignore()
            return True
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.council_list.setFocus(Qt.FocusReason.TabFocusReason)     # into the list; the next arrow picks
            return True
        return super().eventFilter(watched, event)
