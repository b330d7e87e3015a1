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
