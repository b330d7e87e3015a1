"""Build the one-folder app with PyInstaller and run the frozen executables (packaging/smoke_test.py).

About a minute on two cores (build ~30 s, checks ~20 s). Needs the `build` extra, which the bootstrap installs.
"""

import sys
from pathlib import Path

import pytest

pytest.importorskip("PyInstaller")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))

import smoke_test  # noqa: E402


def test_frozen_app_starts_snapshots_and_exports_offscreen(tmp_path, capsys):
    status = smoke_test.main(["--scratch", str(tmp_path)])
    report = capsys.readouterr().out
    assert status == 0, report
    assert "SMOKE TEST PASSED" in report
    assert (tmp_path / "run" / "out" / "kent.pdf").is_file() and (tmp_path / "run" / "out" / "kent.png").is_file()
