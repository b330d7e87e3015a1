"""A damaged install (datapackage.json, a font) gives the 'reinstall' message and exit 1, never a traceback."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.data.dataset import bundled_data_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target, ignore=shutil.ignore_patterns("raw"))
    return target


def run(*args: str, env_extra: dict) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


@pytest.mark.parametrize(("damage", "expected"), [
    (lambda p: p.pop("resources"), "no list of resources"),
    (lambda p: p.pop("version"), "no version"),
    (lambda p: p["resources"][0].pop("hash"), "without a path or hash"),
    (lambda p: p.__setitem__("resources", [r for r in p["resources"] if r["path"] != "observations.csv"]),
     "no entry for observations.csv"),
    (lambda p: p.__setitem__("resources", "everything"), "no list of resources"),
])
def test_a_damaged_datapackage_is_named(data_copy, damage, expected):
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text("utf-8"))
    damage(package)
    path.write_text(json.dumps(package), encoding="utf-8")
    result = run("show", "kent", env_extra={"BRIEFING_DATA_DIR": str(data_copy)})
    assert result.returncode == 1, result.stderr
    assert "datapackage.json" in result.stderr and expected in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_font_is_named(tmp_path, monkeypatch):
    import briefing.report.fonts as fonts
    from briefing.data.dataset import DataError

    broken = tmp_path / "NotoSans-Regular.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00 not really a font")
    monkeypatch.setattr(fonts, "font_path", lambda style: broken)
    fonts.prepare_reportlab.cache_clear()
    try:
        with pytest.raises(DataError, match="Bundled font missing or damaged.*NotoSans-Regular.ttf"):
            fonts.prepare_reportlab()
    finally:
        fonts.prepare_reportlab.cache_clear()
