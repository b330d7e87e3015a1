"""Data > Update… and files dropped on the window, driven through real widgets."""

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from briefing.data.imports import apply_import, plan_imports
from briefing.data.loader import load_with_imports
from briefing.data.releases import RELEASES
from briefing.ui.import_dialog import ImportDialog
from briefing.ui.update_dialog import UpdateDialog, install_file_drop

DSG_FILE = Path(__file__).parents[1] / "fixtures" / "imports" / "dsg_allocations_2023-24.ods"


def rows_of(dialog: UpdateDialog) -> dict[str, dict[str, str]]:
    """Each release's title -> {measure label: what is held}."""
    tree = dialog.releases
    return {tree.topLevelItem(i).text(0): {tree.topLevelItem(i).child(j).text(0): tree.topLevelItem(i).child(j).text(1)
                                           for j in range(tree.topLevelItem(i).childCount())}
            for i in range(tree.topLevelItemCount())}


@pytest.fixture
def dialog(qtbot, dataset):
    widget = UpdateDialog(lambda: dataset, lambda: None)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_lists_every_release_with_the_latest_periods_held(dialog, dataset):
    rows = rows_of(dialog)
    assert list(rows) == [r.title for r in RELEASES]
    assert rows["Education, health and care plans (SEN2)"]["EHC plans"] == "to January 2026 (152 councils, England)"
    assert rows["ONS mid-year population estimates (MYE2)"]["Population aged 0-25"].startswith("to mid-2020")
    assert rows["Section 251 outturn (LA and school expenditure)"]["High needs outturn"] == "none yet"
    assert rows["DSG allocations 2026-27"]["In 2026-27"] == f"a figure for 0 of {len(dataset.current_codes)} councils"
    assert rows["Special educational needs in England"]["Pupils with an EHC plan"].startswith("to January 2025")


def test_the_publishers_address_is_shown_to_copy_never_opened(dialog):
    tree = dialog.releases
    s251 = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0).startswith("Section 251"))
    tree.setCurrentItem(s251.child(0))               # a measure row shows its release
    url = "https://explore-education-statistics.service.gov.uk/find-statistics/la-and-school-expenditure"
    assert dialog.address.text() == url and dialog.address.isReadOnly()
    assert "s251_alleducation_la_regional_national.csv" in dialog.download.text()
    assert dialog.adds.text().startswith("Importing it adds: What each council spent on high needs")
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == url


def test_import_opens_the_import_and_the_list_shows_the_new_data(qtbot, dataset, tmp_path):
    tidy = tmp_path / "kent.csv"
    with tidy.open("w", newline="", encoding="utf-8") as stream:   # a test value, a user's own figure
        csv.writer(stream).writerows([["measure", "variant", "la_code", "period", "value"],
                                      ["pupils_with_ehc_plan", "", "886", "2026", "1234"]])
    current = [dataset]

    def import_files():
        plan = plan_imports([tidy], dataset)
        [(parsed, changes)] = plan.ready
        apply_import(parsed, changes, tmp_path / "layers")
        current[0] = load_with_imports(tmp_path / "layers")[0]

    widget = UpdateDialog(lambda: current[0], import_files)
    qtbot.addWidget(widget)
    assert rows_of(widget)["Special educational needs in England"]["Number of pupils with an EHC plan"] == "none yet"
    widget.import_button.click()
    assert rows_of(widget)["Special educational needs in England"]["Number of pupils with an EHC plan"] == \
        "to January 2026 (1 council)"


def drag_events(paths: list[Path]):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    return mime, enter, drop


def test_dropped_files_are_handed_on_and_other_drops_refused(qtbot, tmp_path):
    widget = QWidget()
    qtbot.addWidget(widget)
    received = []
    install_file_drop(widget, received.append)
    assert widget.acceptDrops()
    files = [tmp_path / "caseload.csv", tmp_path / "requests.csv"]
    mime, enter, drop = drag_events(files)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(widget, drop)
    assert received == [files]
    text = QMimeData()
    text.setText("not a file")
    refused = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, text, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier)
    refused.ignore()
    QApplication.sendEvent(widget, refused)
    assert not refused.isAccepted() and received == [files]


def test_a_file_dropped_on_the_main_window_goes_to_the_import_check(qtbot, window, monkeypatch):
    reports = []

    def exec_after_check(self):                      # the dialog as the user sees it once the check has run
        qtbot.waitUntil(lambda: not self.checking, timeout=60_000)
        reports.append(self.report.toPlainText())
        return 0

    monkeypatch.setattr(ImportDialog, "exec", exec_after_check)
    _, enter, drop = drag_events([DSG_FILE])
    native = window.windowHandle()                   # where the system delivers a drag, before any chart sees it
    QApplication.sendEvent(native, enter)            # a drag first enters the window, then drops
    assert enter.isAccepted()
    QApplication.sendEvent(native, drop)
    [report] = reports
    assert report.startswith("dsg_allocations_2023-24.ods: ") and "152 figures revised" in report
