"""``briefing snapshot`` writes a PNG of the asked size."""

import sys

from PySide6.QtGui import QImage

from briefing.cli import main


def test_snapshot_command_writes_png_of_the_right_size(tmp_path, capsys):
    out = tmp_path / "kent.png"
    assert main(["snapshot", "kent", "--out", str(out), "--view", "map", "--size", "1024x700"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 700)


def test_snapshot_rejects_a_bad_size_and_an_unknown_council(tmp_path, capsys):
    assert main(["snapshot", "886", "--out", str(tmp_path / "x.png"), "--size", "big"]) == 2
    assert main(["snapshot", "Atlantis", "--out", str(tmp_path / "x.png")]) == 2
    assert not (tmp_path / "x.png").exists()


def test_app_reports_a_data_problem_in_a_dialog_not_a_traceback(qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from briefing.data import loader
    from briefing.data.dataset import DataError
    from briefing.ui import app

    def broken(folder):
        raise DataError("Data file missing: /nowhere/observations.csv")

    shown = []
    monkeypatch.setattr(loader, "load_with_imports", broken)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(QApplication, "exec", lambda self: qtbot.waitUntil(lambda: bool(shown)) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)        # main installs the app's hook: undone after
    assert app.main([]) == 1     # the window paints, the load fails, the dialog says why and the app ends
    assert "observations.csv" in shown[0]
