"""The Ranking tab: every council ranked on any measure and period, highest or lowest first, as a chart (the
council and its comparators highlighted, the first and last five named) above the full table of ranks.

The core builds the chart (``analysis.briefing.ranking_chart``) and its table (``ranking_table``); this module only
offers the choices and shows what comes back.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QWidget,
)

from briefing.analysis import briefing as core
from briefing.analysis.compare import broad_periods, latest_broad_period
from briefing.analysis.series import measure_info
from briefing.data.dataset import Dataset
from briefing.data.periods import describe_period
from briefing.ui.chart_view import ChartView, SourceNamer
from briefing.ui.labels import fenced_layout
from briefing.ui.models import TextTableModel

DEFAULT_MEASURE = "dsg_balance_gbp|"
CACHE_LIMIT = 2000
ORDERS = (("Lowest first (largest deficits first for balances)", True), ("Highest first", False))


class RankingView(QWidget):
    """Measure, period and order pickers, the ranking chart and the table of every council's rank."""

    council_clicked = Signal(str)
    sources_requested = Signal(tuple)
    changed = Signal()          # a choice changed: the window rebuilds the view when it is shown

    def __init__(self, dataset: Dataset, source_namer: SourceNamer, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.measure = self.combo("Measure to rank councils by")
        for measure, variant in dataset.measures.index:     # measures with figures
            if not measure.startswith("population_") and dataset.has_figures(measure, variant):
                self.measure.addItem(measure_info(dataset, measure, variant).full_label, f"{measure}|{variant}")
        self.measure.setCurrentIndex(max(0, self.measure.findData(DEFAULT_MEASURE)))
        self.period = self.combo("Period to rank")
        self.order = self.combo("Order of the ranking")
        for label, lowest in ORDERS:
            self.order.addItem(label, lowest)
        self.fill_periods()
        self.measure.currentIndexChanged.connect(self.fill_periods)
        for combo in (self.measure, self.period, self.order):
            combo.currentIndexChanged.connect(lambda _: self.changed.emit())

        self.chart = ChartView(source_namer, settings=settings)
        self.chart.council_clicked.connect(self.council_clicked)
        self.chart.sources_requested.connect(self.sources_requested)
        self.model = TextTableModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setResizeContentsPrecision(40)   # sized from 40 rows, not all 153 each time
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)   # the council
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)       # Tab leaves the table
        self.table.setAccessibleName("Ranking table")   # then named after its chart
        self.table.doubleClicked.connect(self.on_row_chosen)
        self.codes: list[str] = []
        self.built: dict[tuple, tuple] = {}     # (selection, choices) -> spec and table, for this dataset

        top = QHBoxLayout()
        for text, combo in (("Rank by", self.measure), ("at", self.period), ("order", self.order)):
            label = QLabel(text + ":")
            label.setBuddy(combo)
            top.addWidget(label)
            top.addWidget(combo)
        top.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = fenced_layout(self)           # a new council's texts re-lay out this tab only
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        return combo

    def current(self) -> tuple[str, str, str | None, bool]:
        measure, _, variant = self.measure.currentData().partition("|")
        return measure, variant, self.period.currentData(), bool(self.order.currentData())

    def fill_periods(self) -> None:
        """Every period in which at least half the councils have a figure, latest first and chosen."""
        measure, _, variant = self.measure.currentData().partition("|")
        info = measure_info(self.dataset, measure, variant)
        self.period.blockSignals(True)
        self.period.clear()
        for period in reversed(broad_periods(self.dataset, measure, variant)):
            self.period.addItem(describe_period(period, info.period_type), period)
        latest = latest_broad_period(self.dataset, measure, variant)
        self.period.setCurrentIndex(max(0, self.period.findData(latest)))
        self.period.blockSignals(False)

    def show_selection(self, dataset: Dataset, selection: core.Selection) -> None:
        """Rank every council for the chosen measure, period and order, with ``selection``'s council, comparators
        and per-head or real-terms view."""
        if dataset is not self.dataset or len(self.built) > CACHE_LIMIT:
            self.built.clear()
        self.dataset = dataset
        key = (selection, *self.current())
        if key not in self.built:
            spec = core.ranking_chart(dataset, selection, *key[1:])
            self.built[key] = (spec, *core.ranking_table(spec))
        spec, header, rows = self.built[key]
        self.chart.set_spec(spec)
        self.model.set_rows(header, rows)
        self.codes = [p.area for p in spec.series[0].points]
        self.table.setAccessibleName(f"Ranking table: {spec.title}")
        self.table.setAccessibleDescription(spec.caption)

    def on_row_chosen(self, index) -> None:
        if 0 <= index.row() < len(self.codes):
            self.council_clicked.emit(self.codes[index.row()])
