"""Where the app may write: the user's data (imported layers), settings and log folders, per platform.

The bundle (and a frozen app's install folder) is read-only; everything the app writes goes under these
folders. ``BRIEFING_USER_DIR`` puts them all under one folder, which the tests always set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "High Needs Briefing"
APP_SLUG = "high-needs-briefing"
OVERRIDE = "BRIEFING_USER_DIR"


class UserDirError(OSError):
    """A user folder cannot be created or written to; the message names the folder."""


def _home(env: Mapping[str, str]) -> Path:
    return Path(env.get("HOME") or Path.home())


def data_dir(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> Path:
    """The user's data folder: imported layers live here."""
    if env.get(OVERRIDE):
        return Path(env[OVERRIDE]) / "data"
    if platform.startswith("win"):
        return Path(env.get("APPDATA") or _home(env) / "AppData" / "Roaming") / APP_NAME
    if platform == "darwin":
        return _home(env) / "Library" / "Application Support" / APP_NAME
    return Path(env.get("XDG_DATA_HOME") or _home(env) / ".local" / "share") / APP_SLUG


def config_dir(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> Path:
    """Settings and saved selections."""
    if env.get(OVERRIDE):
        return Path(env[OVERRIDE]) / "config"
    if platform.startswith("win") or platform == "darwin":
        return data_dir(platform, env)
    return Path(env.get("XDG_CONFIG_HOME") or _home(env) / ".config") / APP_SLUG


def log_dir(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> Path:
    """Crash logs; shown to the user so they can send one."""
    if env.get(OVERRIDE):
        return Path(env[OVERRIDE]) / "logs"
    if platform.startswith("win"):
        return Path(env.get("LOCALAPPDATA") or _home(env) / "AppData" / "Local") / APP_NAME / "Logs"
    if platform == "darwin":
        return _home(env) / "Library" / "Logs" / APP_NAME
    return Path(env.get("XDG_STATE_HOME") or _home(env) / ".local" / "state") / APP_SLUG / "logs"


def layers_dir() -> Path:
    """Imported data layers, one sub-folder each."""
    return data_dir() / "imports"


def ensure(folder: Path) -> Path:
    """Create ``folder`` if needed and check it can be written to, or say plainly why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserDirError(f"Cannot create the folder {folder}: {why_not(error)}") from None
    if not os.access(folder, os.W_OK):
        raise UserDirError(f"Cannot write to the folder {folder}: permission denied")
    return folder


def why_not(error: OSError) -> str:
    """A failed mkdir in words a user can act on (the system's own words say only "File exists")."""
    if isinstance(error, FileExistsError):
        return "a file has that name. Move or rename the file"
    if isinstance(error, NotADirectoryError):
        return "a file has the name of a folder above it. Move or rename that file"
    return str(error.strerror or error)
