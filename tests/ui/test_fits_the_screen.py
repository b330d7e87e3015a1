"""At 200% scaling a 1366x768 laptop has 683x384 logical pixels: the main window and every dialog must fit, so
their buttons stay reachable. Run on a real X server (Xvfb) at that size, in a fresh process, because the scale
factor is read when Qt starts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from briefing.ui.app import application
from briefing.data.dataset import load
from briefing.analysis.briefing import Selection
from briefing.ui.main_window import MainWindow
from briefing.ui.export_dialog import ExportDialog
from briefing.ui.import_dialog import ImportDialog
from briefing.ui.update_dialog import UpdateDialog
from briefing.ui.dialogs import CustomComparatorsDialog, sources_dialog
app = application()
dataset = load()
settings = QSettings(sys.argv[1] + "/fit.ini", QSettings.Format.IniFormat)
window = MainWindow(dataset, settings)
window.show()
made = {"main window": window, "export": ExportDialog(dataset, Selection("886"), settings, window),
        "sources": sources_dialog(window, dataset, ["dfe_ehcp_2026"], "EHC plans"),
        "custom comparators": CustomComparatorsDialog(dataset, "886", ("204",), window),
        "import": ImportDialog(dataset, Path(sys.argv[1]) / "layers", window),
        "update": UpdateDialog(lambda: dataset, lambda: None, window)}
area = app.primaryScreen().availableGeometry()
sizes = {}
for name, widget in made.items():
    widget.show()
    app.processEvents()
    frame = widget.frameGeometry()
    sizes[name] = [frame.width(), frame.height()]
print(json.dumps({"screen": [area.width(), area.height()], "sizes": sizes}))
"""


@pytest.fixture
def x_server(tmp_path):
    if not shutil.which("Xvfb"):
        pytest.skip("Xvfb is not installed (the bootstrap installs it)")
    display = f":{90 + os.getpid() % 9}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    yield display
    server.terminate()
    server.wait(10)


def test_every_window_fits_a_1366x768_screen_at_200_percent(x_server, tmp_path):
    env = {**os.environ, "DISPLAY": x_server, "QT_QPA_PLATFORM": "xcb", "QT_SCALE_FACTOR": "2",
           "BRIEFING_USER_DIR": str(tmp_path / "user")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, env=env,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    width, height = result["screen"]
    assert (width, height) <= (683, 384)                   # the scale factor took effect
    too_big = {name: size for name, size in result["sizes"].items() if size[0] > width or size[1] > height}
    assert len(result["sizes"]) == 6 and too_big == {}
