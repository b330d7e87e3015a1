"""The Safety valve & DBV tab: every agreement (sortable, filterable), the council's own agreement and
payments beside its DSG balance, the DBV list and the national timeline."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefing.analysis.briefing import Briefing, cite
from briefing.analysis.charts import ChartSpec
from briefing.analysis.programmes import DeliveringBetterValue, SafetyValveAgreement, TimelineEvent, money
from briefing.data.provenance import Citation
from briefing.ui.chart_view import ChartView, SourceNamer
from briefing.ui.labels import WrappedLabel
from briefing.ui.models import CODE_ROLE, SORT_ROLE, TextTableModel
from briefing.ui.overview import programme_html

AGREEMENT_HEADER = ["Council", "Status", "First year", "End year", "DfE funding", "Capital", "Sources"]
STATUS_COLUMN = 1


def source_labels(citations: tuple[Citation, ...]) -> str:
    """Sources named by publisher and document, one a line (the originals' addresses are in every PDF)."""
    return "\n".join(cite(c) for c in citations)


def sort_amount(value: float) -> float:
    return -1.0 if math.isnan(value) else value


class AgreementsModel(TextTableModel):
    """Every safety valve agreement as text, sortable by the underlying amounts; CODE_ROLE gives the council."""

    def __init__(self, agreements: list[SafetyValveAgreement], parent=None) -> None:
        self.codes = [a.code for a in agreements]
        self.status_texts = [a.status_text for a in agreements]
        rows, keys = [], []
        for a in agreements:
            capital = "" if math.isnan(a.capital) else money(a.capital)
            rows.append([a.council, a.status.replace("_", " "), a.first_year, a.end_year or "not stated",
                         "not stated" if math.isnan(a.funding) else money(a.funding), capital,
                         source_labels(a.sources)])
            keys.append([a.council, a.status, a.first_year, a.end_year, sort_amount(a.funding),
                         sort_amount(a.capital), rows[-1][-1]])
        super().__init__(AGREEMENT_HEADER, rows, keys, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        """The status column shows the short status; its tooltip (and the council's own terms) the full one."""
        if index.isValid() and role == CODE_ROLE:
            return self.codes[index.row()]
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole and index.column() == STATUS_COLUMN:
            return self.status_texts[index.row()]
        return super().data(index, role)


def table_view(model, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().hide()
    view.setAccessibleName(name)
    return view


class ProgrammesView(QWidget):
    council_chosen = Signal(str)
    sources_requested = Signal(tuple)

    def __init__(self, agreements: list[SafetyValveAgreement], dbv: list[DeliveringBetterValue],
                 timeline: tuple[TimelineEvent, ...], source_namer: SourceNamer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agreements = AgreementsModel(agreements, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.agreements)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter agreements by council, year or status…")
        self.filter.setAccessibleName("Filter safety valve agreements")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.on_filter)
        self.table = table_view(self.proxy, "All safety valve agreements")
        self.table.sortByColumn(AGREEMENT_HEADER.index("First year"), Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda index: self.council_chosen.emit(index.data(CODE_ROLE)))
        self.table.setToolTip("Double-click (or Enter) a row to select that council")
        self.table.activated.connect(lambda index: self.council_chosen.emit(index.data(CODE_ROLE)))
        self.dbv_count = len(dbv)
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.count.setAccessibleName("Agreements shown")
        self.show_count()

        self.dbv_model = TextTableModel(["Council", "Tranche", "Grant", "Moved to safety valve", "Sources"],
                                        [[d.council, d.tranche, "" if math.isnan(d.grant) else money(d.grant),
                                          "yes" if d.moved_to_safety_valve else "no", source_labels(d.sources)]
                                         for d in dbv], parent=self)
        self.timeline_model = TextTableModel(["Date", "Event", "Figure", "Source"],
                                             [[e.date, e.event, e.figure, cite(e.source)] for e in timeline],
                                             parent=self)
        lists = QTabWidget()
        lists.setAccessibleName("Programme lists")
        lists.addTab(self.all_agreements_page(), "Safety valve agreements")
        lists.addTab(table_view(self.dbv_model, "Delivering Better Value councils"), "DBV councils")
        timeline = table_view(self.timeline_model, "National timeline")
        timeline.setWordWrap(True)
        timeline.setColumnWidth(1, 520)
        lists.addTab(timeline, "National timeline")

        self.council = WrappedLabel()
        self.council.setTextFormat(Qt.TextFormat.RichText)
        self.council.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.council.setAccessibleName("The selected council's programmes")
        self.balance_chart = ChartView(source_namer)
        self.balance_chart.sources_requested.connect(self.sources_requested)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.council)
        right_layout.addWidget(self.balance_chart, 1)
        self.details = QScrollArea()    # a long programme history scrolls; the chart is never squeezed and clipped
        self.details.setWidgetResizable(True)
        self.details.setAccessibleName("The selected council's programme details and DSG balance")
        self.details.setFrameShape(QScrollArea.Shape.NoFrame)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details.setWidget(right)
        self.details.viewport().setAutoFillBackground(False)     # drawn on the tab's own page, as beside it
        right.setAutoFillBackground(False)
        self.shown_code = ""
        splitter = QSplitter()
        splitter.addWidget(lists)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])         # room for the agreements' columns; scaled to the window
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def all_agreements_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        header = self.table.horizontalHeader()
        for column in range(1, len(AGREEMENT_HEADER) - 1):    # council and status first: no scrolling to them
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(0, 170)
        return page

    def on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.show_count()

    def show_count(self) -> None:
        """What the filter shows, out of how many agreements exist (in the sources bundled)."""
        total, shown = self.agreements.rowCount(), self.proxy.rowCount()
        listed = f"{total} agreements" if shown == total else f"{shown} of {total} agreements shown"
        self.count.setText(f"{listed}; {self.dbv_count} DBV councils. Amounts are DfE revenue funding as "
                           "reported; 'not stated' where the sources read give no total.")

    def show_briefing(self, briefing: Briefing, balance: ChartSpec) -> None:
        self.council.setText(f"<h3>{escape(briefing.council.name)}</h3>" + programme_html(briefing, detailed=True))
        self.balance_chart.set_spec(balance)
        if briefing.council.code != self.shown_code:       # a new council is read from the top
            self.shown_code = briefing.council.code
            self.details.verticalScrollBar().setValue(0)
