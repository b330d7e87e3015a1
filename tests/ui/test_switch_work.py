"""What keeps a council switch cheap: a chart shown again is drawn from what was worked out the first time, and
a tab's layout changes reach the window only when its size hints change."""

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from briefing.analysis.briefing import Selection, build_charts
from briefing.ui.app import application
from briefing.ui.chart_view import bar_plan, line_plan
from briefing.ui.labels import LayoutFence


def test_a_spec_is_worked_out_once_by_identity(dataset):
    line, bar = build_charts(dataset, Selection("886"), ("funding",))
    assert line_plan(line) is line_plan(line)
    assert bar_plan(bar) is bar_plan(bar)
    twin = replace(line)                       # equal, but another spec: worked out for itself
    assert twin == line and line_plan(twin) is not line_plan(line)
    assert [p.style for p in line_plan(twin).polylines] == [p.style for p in line_plan(line).polylines]


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_fence_passes_on_only_changes_of_size_hints(qtbot):
    application()
    outer = QWidget()
    qtbot.addWidget(outer)
    content = QWidget()
    label = QLabel("Kent")
    QVBoxLayout(content).addWidget(label)
    fence = LayoutFence(content)
    QVBoxLayout(outer).addWidget(fence)
    outer.resize(400, 300)
    outer.show()
    qtbot.waitExposed(outer)
    assert content.geometry() == fence.rect()
    requests = LayoutRequests()
    outer.installEventFilter(requests)
    QApplication.processEvents()
    requests.count = 0
    label.setText("Bury")                  # re-laid out inside, the same hints: the window is not told
    QApplication.processEvents()
    assert requests.count == 0
    label.setMinimumHeight(120)            # the content's hints change: passed on, as without the fence
    QApplication.processEvents()
    assert requests.count >= 1
    assert fence.minimumSizeHint() == content.minimumSizeHint()
    assert outer.minimumSizeHint().height() >= 120


def test_qt_paints_on_the_gui_thread_unless_the_user_says_otherwise(monkeypatch):
    """Qt's parallel fills made every repaint 4-5 times slower here (README Benchmarks); a user's setting wins."""
    import os

    monkeypatch.delenv("QT_NO_GUI_THREADPOOL", raising=False)
    application()
    assert os.environ["QT_NO_GUI_THREADPOOL"] == "1"
    monkeypatch.setenv("QT_NO_GUI_THREADPOOL", "0")
    application()
    assert os.environ["QT_NO_GUI_THREADPOOL"] == "0"


def test_a_value_axis_has_one_level_of_round_ticks_inside_the_range_shown(qtbot, dataset):
    from briefing.ui.chart_view import ChartView

    application()
    view = ChartView(lambda ids: "; ".join(ids))
    qtbot.addWidget(view)
    view.resize(600, 460)
    view.set_spec(build_charts(dataset, Selection("886"), ("demand",))[0])      # Kent's EHC plans
    view.show()
    qtbot.waitExposed(view)
    axis = view.left_axis
    low, high = axis.range
    levels = axis.tickValues(low, high, axis.height())
    assert len(levels) == 1                                  # no minor ticks to draw
    ticks = levels[0][1]
    assert 3 <= len(ticks) <= 10 and all(low <= t <= high for t in ticks)
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1                                   # evenly spaced
    labels = axis.tickStrings(ticks, 1, None)
    assert len(set(labels)) == len(labels) and labels[-1].replace(",", "").isdigit()
    assert axis.tickValues(0, 1, 120)[0][1] == [0.0, 0.5, 1.0]       # a short axis: fewer, still round
