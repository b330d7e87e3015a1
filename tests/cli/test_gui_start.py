"""Starting the desktop app where it cannot show a window (over SSH, no display) explains itself."""

import os
import subprocess
import sys

import pytest

from briefing.ui.app import missing_display


@pytest.mark.parametrize(("environ", "platform", "missing"), [
    ({}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_missing_display_is_recognised(environ, platform, missing):
    assert missing_display(environ, platform) is missing


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")
def test_no_display_gives_a_message_and_the_command_line_instead():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "briefing"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "no display" in result.stderr and "briefing export kent" in result.stderr
    assert "xcb" not in result.stderr and "Traceback" not in result.stderr
