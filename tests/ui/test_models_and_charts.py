"""Item models pass Qt's model tester; a chart exports PNG, SVG and CSV with its real figures."""

import csv
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from briefing.analysis.briefing import Selection, build_charts
from briefing.analysis.programmes import all_agreements
from briefing.ui.app import application
from briefing.ui.chart_view import ChartView
from briefing.ui.models import CouncilFilter, CouncilModel, TextTableModel
from briefing.ui.programmes import AgreementsModel


def test_item_models(qtmodeltester, dataset):
    application()
    councils = CouncilModel(dataset)
    qtmodeltester.check(councils)
    proxy = CouncilFilter()
    proxy.setSourceModel(councils)
    proxy.set_filters(text="ton", region="North West")
    qtmodeltester.check(proxy)
    assert 0 < proxy.rowCount() < councils.rowCount()
    qtmodeltester.check(AgreementsModel(all_agreements(dataset)))
    qtmodeltester.check(TextTableModel(["a", "b"], [["1", "2"], ["3", "4"]]))


@pytest.fixture
def chart(qtbot, dataset):
    application()
    view = ChartView(lambda ids: "; ".join(ids))
    qtbot.addWidget(view)
    view.resize(600, 460)
    spec = build_charts(dataset, Selection("886"), ("deficit",))[0]
    view.set_spec(spec)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_svg_export_is_vector_with_the_charts_text(chart, tmp_path):
    path = tmp_path / "chart.svg"
    chart.export(path)
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    assert chart.spec.title in text
    assert "Kent" in text
    shapes = [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("path", "polyline")]
    assert shapes


def test_png_export_and_csv_export(chart, tmp_path, dataset):
    chart.export(tmp_path / "chart.png")
    image = QImage(str(tmp_path / "chart.png"))
    assert image.width() == 2 * chart.figure.width() and not image.isNull()
    chart.export(tmp_path / "chart.csv")
    with open(tmp_path / "chart.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kent = [r for r in rows if r["series"] == "Kent"]
    expected = dataset.grid("dsg_balance_pct_of_dsg").values.loc["886"]
    for row in kent:
        if row["value"]:
            assert float(row["value"]) == pytest.approx(expected[row["x"]])
        else:
            assert row["note"]            # a gap says why
    with pytest.raises(ValueError):
        chart.export(tmp_path / "chart.gif")


def test_table_toggle_shows_the_specs_table(chart):
    chart.table_button.click()
    assert chart.stack.currentWidget() is chart.table
    header, rows = chart.spec.table()
    assert chart.table_model.rowCount() == len(rows)
    assert chart.table_model.headerData(1, Qt.Orientation.Horizontal) == header[1]
    assert chart.table_model.index(0, 0).data() == rows[0][0]


def test_copy_puts_the_image_and_the_figures_on_the_clipboard(chart):
    from PySide6.QtGui import QGuiApplication

    chart.copy_to_clipboard()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasImage()
    header, rows = chart.spec.table()
    assert mime.text().splitlines()[0] == "\t".join(header)
    assert any(line.startswith("Kent\t") for line in mime.text().splitlines())


def test_wrapped_label_answers_as_qlabel_does_and_follows_its_text(qtbot):
    from PySide6.QtWidgets import QLabel

    from briefing.ui.labels import WrappedLabel

    application()
    short, long = "Kent", "Cumulative DSG balance at 31 March as a percentage of the year's total DSG " * 3
    plain, remembering = QLabel(short), WrappedLabel(short)
    plain.setWordWrap(True)
    for label in (plain, remembering):
        qtbot.addWidget(label)
    one_line = remembering.heightForWidth(200)
    for text in (long, short, long):
        plain.setText(text)
        remembering.setText(text)
        assert remembering.heightForWidth(200) == plain.heightForWidth(200)
        assert remembering.sizeHint() == plain.sizeHint()
    assert remembering.heightForWidth(200) > one_line


def test_line_chart_hover_names_each_drawn_figure(chart):
    view = chart.plot.getPlotItem().vb
    kent = next(t for t in chart.targets if t.area == "886")
    assert kent.text.startswith("Kent\n") and "%" in kent.text
    assert chart.target_at(view.mapViewToScene(kent.rect.center())) is not None
    assert {t.text.split("\n")[0] for t in chart.targets} <= set(chart.drawn_series)
