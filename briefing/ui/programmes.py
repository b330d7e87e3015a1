"""The Safety valve & DBV tab: every agreement (sortable, filterable), the council's own agreement and
payments beside its DSG balance, the DBV list and the national timeline."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefing.analysis.briefing import Briefing
from briefing.analysis.charts import ChartSpec
from briefing.data.dataset import Dataset
from briefing.data.provenance import url_label
from briefing.ui.chart_view import ChartView, SourceNamer
from briefing.ui.labels import WrappedLabel
from briefing.ui.models import CODE_ROLE, SORT_ROLE, TextTableModel, frame_rows
from briefing.ui.overview import dbv_html, money, safety_valve_html, words

AGREEMENT_HEADER = ["Council", "First year", "DfE funding", "End year", "Status", "Capital", "Sources"]


def source_labels(urls: str) -> str:
    """Sources named by publication, one a line (the addresses are in the data and in every PDF)."""
    return "\n".join(url_label(u) for u in urls.split())


def amount_key(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return -1.0


class AgreementsModel(TextTableModel):
    """Every safety valve agreement as text, sortable by the underlying amounts; CODE_ROLE gives the council."""

    def __init__(self, dataset: Dataset, parent=None) -> None:
        table = dataset.safety_valve.sort_values(["agreement_first_fy", "la_name"])
        self.codes = list(table.index)
        rows, keys = [], []
        for a in table.to_dict("records"):
            capital = money(a["capital_funding_gbp"]) if a["capital_funding_gbp"] else ""
            rows.append([a["la_name"], a["agreement_first_fy"], money(a["total_funding_gbp"]),
                         a["agreement_end_fy"] or "not stated", words(a["status"]), capital,
                         source_labels(a["source_urls"])])
            keys.append([a["la_name"], a["agreement_first_fy"], amount_key(a["total_funding_gbp"]),
                         a["agreement_end_fy"], a["status"], amount_key(a["capital_funding_gbp"]), a["source_urls"]])
        super().__init__(AGREEMENT_HEADER, rows, keys, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == CODE_ROLE:
            return self.codes[index.row()]
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

    def __init__(self, dataset: Dataset, source_namer: SourceNamer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agreements = AgreementsModel(dataset, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.agreements)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter agreements by council, year or status…")
        self.filter.setAccessibleName("Filter safety valve agreements")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = table_view(self.proxy, "All safety valve agreements")
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda index: self.council_chosen.emit(index.data(CODE_ROLE)))
        self.table.setToolTip("Double-click (or Enter) a row to select that council")
        self.table.activated.connect(lambda index: self.council_chosen.emit(index.data(CODE_ROLE)))
        count = QLabel(f"{len(dataset.safety_valve)} agreements, {len(dataset.dbv)} DBV councils. Amounts are DfE "
                       "revenue funding as reported; 'not stated' where the sources read give no total.")
        count.setWordWrap(True)

        dbv_rows = frame_rows(dataset.dbv.sort_values("la_name"),
                              ["la_name", "dbv_tranche", "grant_gbp", "moved_to_safety_valve", "source_urls"])
        self.dbv_model = TextTableModel(["Council", "Tranche", "Grant", "Moved to safety valve", "Sources"],
                                        [[r[0], r[1], money(r[2]) if r[2] else "", r[3], source_labels(r[4])]
                                         for r in dbv_rows], parent=self)
        self.timeline_model = TextTableModel(["Date", "Event", "Figure", "Source"],
                                             [[*r[:3], source_labels(r[3])] for r in frame_rows(
                                                 dataset.timeline, ["date", "event", "figure", "source_url"])],
                                             parent=self)
        lists = QTabWidget()
        lists.addTab(self.all_agreements_page(count), "Safety valve agreements")
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
        splitter = QSplitter()
        splitter.addWidget(lists)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    def all_agreements_page(self, count: QLabel) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(count)
        for column, width in enumerate((170, 80, 90, 80, 100, 80)):
            self.table.setColumnWidth(column, width)
        return page

    def show_briefing(self, briefing: Briefing, balance: ChartSpec) -> None:
        self.council.setText(f"<h3>{briefing.council['name']}</h3>" + safety_valve_html(briefing) + dbv_html(briefing))
        self.balance_chart.set_spec(balance)
