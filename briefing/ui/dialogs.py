"""Small dialogs: sources of what is on screen, About (versions and licences), and the custom comparator pick."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from briefing import __version__
from briefing.analysis.briefing import current_councils
from briefing.analysis.compare import MAX_CUSTOM
from briefing.data.dataset import Dataset
from briefing.resources import resource_path
from briefing.ui.screens import fit_on_screen

LICENCES = """
<h3>Licences</h3>
<ul>
<li><b>Data</b>: figures from the Department for Education, Ministry of Justice, ONS and HM Treasury are
Crown copyright, reused under the Open Government Licence v3.0. Each source's own licence is listed with it
(Help &gt; Sources).</li>
<li><b>Hex map layout</b>: based on the Open Innovations (ODI Leeds) hexmaps, MIT licence (data/ holds the
licence text).</li>
<li><b>Fonts</b>: Noto Sans, SIL Open Font License 1.1 (resources/fonts/OFL.txt).</li>
<li><b>Qt for Python (PySide6)</b>: LGPL v3. <b>pyqtgraph</b>: MIT. <b>pandas</b>, <b>NumPy</b>: BSD.
<b>ReportLab</b>: BSD.</li>
</ul>
"""


def source_lines(dataset: Dataset, source_ids: Iterable[str]) -> str:
    """HTML list of sources: publisher, document, date, the original's address and licence. Where a copy of the
    file was read, that is said; its address stays in the data package and the figures file."""
    items = []
    for source_id in dict.fromkeys(source_ids):
        if source_id not in dataset.sources.index:
            continue
        c = dataset.source_citation(source_id)
        date = f", published {escape(c.published)}" if c.published else ""
        copy = "<br>Read from a copy of the published file (its address is in the figures file)." if c.copy_url else ""
        licence = f"<br>Licence: {escape(c.licence)}" if c.licence else ""
        items.append(f"<li><b>{escape(c.publisher)}</b>: {escape(c.title)}{date}<br>"
                     f"{escape(c.url)}{copy}{licence}</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>No sources for this view.</p>"


def text_dialog(parent: QWidget | None, title: str, html: str, markdown: str = "", width: int = 720,
                height: int = 520) -> QDialog:
    """A read-only page of ``html``, then ``markdown`` (licence notices are kept as Markdown files)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    browser = QTextBrowser()
    browser.setOpenLinks(False)          # the app never touches the network; addresses are shown to copy
    browser.setHtml(html)
    if markdown:
        cursor = browser.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertMarkdown(markdown)
        browser.moveCursor(QTextCursor.MoveOperation.Start)
    browser.setAccessibleName(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    fit_on_screen(dialog, width, height)
    return dialog


def sources_dialog(parent: QWidget | None, dataset: Dataset, source_ids: Iterable[str], what: str) -> QDialog:
    html = f"<h3>Sources: {escape(what)}</h3>" + source_lines(dataset, source_ids)
    return text_dialog(parent, f"Sources: {what}", html)


def third_party_notices() -> str:
    """resources/THIRD_PARTY_NOTICES.md (Markdown), written by the packaging step; empty when absent."""
    notices = resource_path("THIRD_PARTY_NOTICES.md")
    return notices.read_text("utf-8") if notices.is_file() else ""


def about_html(dataset: Dataset) -> str:
    return (f"<h2>High Needs Briefing {__version__}</h2>"
            f"<p>Data version {escape(dataset.version)} ({len(dataset.sources)} sources). SEND high needs funding, "
            "DSG deficits and the safety valve and Delivering Better Value programmes for English councils. "
            "Works offline; every figure carries its source.</p>" + LICENCES)


class CouncilPicker(QWidget):
    """A filterable list of today's councils to tick: custom comparators, comparison and batch exports."""

    def __init__(self, dataset: Dataset, chosen: Iterable[str], name: str, exclude: str = "",
                 bulk_buttons: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        chosen = set(chosen)
        for council in current_councils(dataset):
            code = council.code
            if code == exclude:
                continue
            item = QStandardItem(f"{council.name} ({code})")
            item.setData(code, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.model.appendRow(item)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(placeholderText="Type to filter councils…")
        self.search.setAccessibleName("Filter councils")
        self.search.textChanged.connect(proxy.setFilterFixedString)
        self.list = QListView()
        self.list.setModel(proxy)
        self.list.setAccessibleName(name)
        self.list.setMinimumHeight(90)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        if bulk_buttons:
            select_all, clear = QPushButton("Tick all"), QPushButton("Clear")
            select_all.clicked.connect(lambda: self.set_chosen(set(self.codes())))
            clear.clicked.connect(lambda: self.set_chosen(set()))
            top.addWidget(select_all)
            top.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)

    def codes(self) -> list[str]:
        return [self.model.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.model.rowCount())]

    def chosen(self) -> list[str]:
        return [self.model.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.model.rowCount())
                if self.model.item(row).checkState() == Qt.CheckState.Checked]

    def set_chosen(self, codes: set[str]) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class CustomComparatorsDialog(QDialog):
    """Tick up to 20 councils to compare with; type to filter the list."""

    def __init__(self, dataset: Dataset, subject: str, chosen: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose comparator councils")
        self.picker = CouncilPicker(dataset, chosen, "Councils to compare with", exclude=subject)
        self.model = self.picker.model
        self.count = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.model.itemChanged.connect(self.update_count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        fit_on_screen(self, 380, 520)
        self.update_count()

    def chosen(self) -> tuple[str, ...]:
        return tuple(self.picker.chosen())

    def update_count(self) -> None:
        n = len(self.chosen())
        self.count.setText(f"{n} chosen (at most {MAX_CUSTOM})")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(0 < n <= MAX_CUSTOM)
