"""Every pinned run-time dependency installs on Windows x64 and on macOS arm64 and x86_64 at the declared minimum.

Asks pip (through its configured index) for binary-only downloads for each target platform, so a pin bump that
drops a platform fails here instead of on a user's machine. Deselect with ``-m "not network"``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

import appinfo  # noqa: E402

pytestmark = pytest.mark.network

WHEELS = ["PySide6-Essentials", "shiboken6", "pyqtgraph", "pandas", "numpy", "reportlab", "rl_accel", "openpyxl",
          "lxml", "python-docx"]
# Published only as a source archive of pure Python: pip builds it into a py3-none-any wheel on any platform.
PURE_SDIST_ONLY = ["odfpy"]
RUNTIME = WHEELS + PURE_SDIST_ONLY
UNREACHABLE = ("NewConnectionError", "Max retries exceeded", "Network is unreachable", "Temporary failure in name",
               "Could not fetch URL", "ProxyError", "ConnectTimeoutError")


def pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "packaging" / "constraints.txt").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.split("#")[0].strip().partition("==")
        if sep:
            pins[name.lower()] = version
    return pins


def macos_tags(arch: str) -> list[str]:
    """macOS tags from the declared minimum down to 11.0 (pip adds universal2 and older 10.x itself)."""
    major = int(appinfo.MINIMUM_MACOS.split(".")[0])
    return [f"macosx_{v}_0_{arch}" for v in range(major, 10, -1)]


PLATFORMS = {"win_amd64": ["win_amd64"], "macos_arm64": macos_tags("arm64"), "macos_x86_64": macos_tags("x86_64")}


def test_every_runtime_dependency_is_pinned():
    assert {name.lower() for name in RUNTIME} <= pinned().keys()


def test_macos_tags_start_at_the_declared_minimum():
    assert macos_tags("arm64")[0] == f"macosx_{appinfo.MINIMUM_MACOS.split('.')[0]}_0_arm64"


def pip_download(name: str, options: list[str], folder: Path) -> list[Path]:
    """Downloaded files, or a skip when pip cannot reach any index (a missing file is a failure)."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", *options,
         "-d", str(folder), f"{name}=={pinned()[name.lower()]}"],
        capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    if result.returncode and any(marker in output for marker in UNREACHABLE):
        pytest.skip(f"pip cannot reach its package index: {output.strip().splitlines()[-1]}")
    assert result.returncode == 0, output
    return list(folder.iterdir())


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("name", WHEELS)
def test_pinned_dependency_has_a_wheel_for(name, platform, tmp_path):
    tags = [arg for tag in [*PLATFORMS[platform], "any"] for arg in ("--platform", tag)]
    files = pip_download(name, ["--only-binary=:all:", *tags, "--python-version", "3.11", "--implementation", "cp"],
                         tmp_path)
    assert [f for f in files if f.suffix == ".whl"], files


@pytest.mark.parametrize("name", PURE_SDIST_ONLY)
def test_pure_source_only_dependency_is_downloadable(name, tmp_path):
    files = pip_download(name, ["--no-binary=:all:"], tmp_path)
    assert [f for f in files if f.name.endswith((".tar.gz", ".zip"))], files
