"""Atomic file writing: a temporary file in the target folder, then ``os.replace``. A reader never sees a
half-written briefing, and every failure becomes one ``ExportError`` with a message a user can act on."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

MAX_TITLE_CHARS = 200   # a title or organisation name longer than this cannot fit the page header


class ExportError(Exception):
    """A briefing could not be written; the message says where and why, in plain words."""


class ExportCancelled(Exception):
    """The user cancelled: nothing more is drawn, and what was being drawn is not written."""


def explain(error: OSError, path: Path) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"Not enough disk space to save {path}. Free some space or choose another folder."
    if error.errno == errno.ENOENT and not path.parent.is_dir():
        return f"The folder {path.parent} does not exist. Choose another folder."
    if error.errno == errno.ENOTDIR:
        return f"{path.parent} is not a folder (a file has that name, or a name above it). Choose another folder."
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if path.exists():
            return (f"Cannot replace {path}: it may be open in another program (close it and try again), "
                    f"or you may not have permission to change it.")
        return f"No permission to save in {path.parent}. Choose another folder."
    return f"Could not save {path}: {error.strerror or error}."


def check_target(path: Path) -> None:
    """Refuse what an atomic replace would destroy or cannot make: a device, FIFO or folder, a read-only file, a
    name past the file system's limit (255 bytes; the temporary name needs a few more)."""
    if len(os.fsencode(path.name)) > 240:
        raise ExportError(f"The file name {path.name[:40]}… is too long. Choose a shorter name.")
    if path.exists() and not path.is_file():
        raise ExportError(f"{path} is not a regular file (a device, pipe or folder). Choose a file name.")
    if path.is_file() and not path.stat().st_mode & 0o222:
        raise ExportError(f"{path} is read-only. Choose another name or make it writable.")


def make_folder(folder: Path) -> Path:
    """The folder a batch of briefings goes into, created if needed, or an ``ExportError`` saying why not."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExportError(f"{folder} is a file, not a folder. Choose a folder for the briefings.") from None
    except OSError as error:
        raise ExportError(explain(error, folder / "briefing.pdf")) from None
    if not os.access(folder, os.W_OK):
        raise ExportError(f"No permission to save in {folder}. Choose another folder.")
    return folder


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all (no partial or temporary file is left behind)."""
    path = Path(path)
    check_target(path)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise ExportError(explain(error, path)) from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


MAX_NOTES_CHARS = 20_000
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def read_notes(path: Path) -> str:
    """A notes file as plain text: at most MAX_NOTES_CHARS characters, read in one bounded chunk (so /dev/zero or
    a huge file is refused at once), with bidirectional control characters removed so text never reorders
    silently. Raises ValueError with the reason."""
    with open(path, "rb") as handle:
        data = handle.read(4 * MAX_NOTES_CHARS + 4)
    text = data.decode("utf-8-sig")
    if len(text) > MAX_NOTES_CHARS or "\0" in text:
        raise ValueError(f"notes must be plain text of at most {MAX_NOTES_CHARS:,} characters")
    return text.translate(BIDI_CONTROLS)
