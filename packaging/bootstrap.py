#!/usr/bin/env python3
"""Set up a development environment from nothing but python3, then run the app or the tests.

    python3 packaging/bootstrap.py run     # set up, then launch the desktop app on the bundled data
    python3 packaging/bootstrap.py test    # set up, then run the whole test suite (extra args go to pytest)

Standard library only: it has to work before anything is installed. On Debian/Ubuntu it installs the
system libraries Qt needs (as root, or through sudo) when they are missing, creates ``.venv`` and installs
the project with the pinned versions in ``packaging/constraints.txt``. Re-runs skip what is done.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
CONSTRAINTS = ROOT / "packaging" / "constraints.txt"

# Qt offscreen and on screen (xcb), fonts, and pdftoppm for looking at PDFs.
APT_PACKAGES = [
    "python3-venv", "libegl1", "libgl1", "libglib2.0-0", "libfontconfig1", "libfreetype6", "libx11-6",
    "libxkbcommon0", "libdbus-1-3", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-render-util0", "libxcb-render0", "libxcb-shape0", "libxcb-util1", "libxcb-xkb1",
    "libxkbcommon-x11-0", "xvfb", "xauth", "poppler-utils",
]


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


@contextmanager
def step(label: str) -> Iterator[None]:
    """Announce a step before it starts and say how long it took, so a slow first run never looks stuck."""
    say(f"{label} ...")
    started = time.monotonic()
    try:
        yield
    except BaseException:
        say(f"{label}: failed after {time.monotonic() - started:.1f} s")
        raise
    say(f"{label}: done in {time.monotonic() - started:.1f} s")


def missing_apt_packages() -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in APT_PACKAGES:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def ensure_system_packages() -> None:
    with step("checking system packages"):
        missing = missing_apt_packages()
    if not missing:
        say("system packages: all present")
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            say("missing system packages (install them as root): " + " ".join(missing))
            return
        prefix = ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with step("apt-get update"):
        subprocess.run([*prefix, "apt-get", "update", "-qq"], check=True, env=env)
    with step("apt-get install " + " ".join(missing)):
        subprocess.run([*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                       check=True, env=env)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    python = venv_python()
    if python.exists():
        say(f"{VENV}: already there")
    else:
        with step(f"creating {VENV}"):
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    stamp = VENV / ".installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        say("project and pinned dependencies: up to date")
        return python
    with step("upgrading pip"):
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    with step("installing the project and its pinned dependencies into .venv (a few minutes the first time)"):
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-c", str(CONSTRAINTS), "-e",
                        f"{ROOT}[dev,build]"], check=True)
    stamp.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__)
        return 2
    ensure_system_packages()
    python = ensure_venv()
    os.chdir(ROOT)
    if argv[0] == "setup":
        return 0
    if argv[0] == "run":
        say("starting the app")
        return subprocess.call([str(python), "-m", "briefing", *argv[1:]])
    say("running the tests")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    return subprocess.call([str(python), "-m", "pytest", *argv[1:]], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
