"""Atomic file writing: a temporary file in the target folder, then ``os.replace``. A reader never sees a
half-written briefing, and every failure becomes one ``ExportError`` with a message a user can act on."""

from __future__ import annotations

import codecs
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
    write_set([(Path(path), data)])


def write_set(files: list[tuple[Path, bytes]]) -> None:
    """Write several files (a briefing and its companions) as one set: every file is new, or none is changed.
    All are written to temporary files first; each old file is moved aside only while the set is swapped in,
    and put back if any swap fails (a CSV held open by a spreadsheet never leaves a new PDF beside it)."""
    files = [(Path(path), data) for path, data in files]
    for path, _ in files:
        check_target(path)
    mode = new_file_mode()
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in files:
            staged.append((path, write_temporary(path, data, mode)))
        swap_in(staged)
        staged = []
    finally:
        for _, temporary in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def new_file_mode() -> int:
    """The permissions a new file gets from the user's umask (0644 under umask 022), as ``open`` would give it;
    ``mkstemp`` alone makes every file 0600, unreadable to the colleagues the folder is shared with."""
    try:     # Linux states the umask without changing it (os.umask would, briefly, for every thread)
        with open("/proc/self/status", encoding="ascii") as status:
            umask = next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def write_temporary(path: Path, data: bytes, mode: int) -> str:
    """``data`` in a new temporary file beside ``path`` (so the swap is a rename on one file system)."""
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if os.name == "posix":
            os.chmod(temporary, mode)
        return temporary
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise ExportError(explain(error, path)) from error


def swap_in(staged: list[tuple[Path, str]]) -> None:
    """Rename each temporary file over its target; on any failure put every old file back and remove the new."""
    done: list[tuple[Path, str | None]] = []      # (target, where its old file was moved, or None if it had none)
    try:
        for path, temporary in staged:
            backup = None
            if path.exists():
                handle, backup = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
                os.close(handle)
                try:
                    os.replace(path, backup)
                except OSError:
                    os.unlink(backup)
                    raise
            done.append((path, backup))
            os.replace(temporary, path)
    except OSError as error:
        for target, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(backup, target)
        raise ExportError(explain(error, path)) from error
    for _, backup in done:
        if backup is not None:
            with contextlib.suppress(OSError):
                os.unlink(backup)


def pdf_name(path: Path) -> Path:
    """``path`` ending in .pdf: a name typed without it (``--out kent``) gets it, so viewers recognise the file."""
    path = Path(path)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


MAX_NOTES_CHARS = 20_000
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def read_notes(path: Path) -> str:
    """A notes file as plain text: at most MAX_NOTES_CHARS characters, read in one bounded chunk (so /dev/zero or
    a huge file is refused at once), with bidirectional control characters removed so text never reorders
    silently. Raises ValueError with the reason."""
    with open(path, "rb") as handle:
        data = handle.read(4 * MAX_NOTES_CHARS + 4)
    text = decode_notes(data)
    if len(text) > MAX_NOTES_CHARS or "\0" in text:
        raise ValueError(f"notes must be plain text of at most {MAX_NOTES_CHARS:,} characters")
    return text.translate(BIDI_CONTROLS)


def decode_notes(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), UTF-16 with its mark (Notepad's "Unicode"), or else
    Windows-1252, which older Windows editors save by default (a £ there is one byte, 0xA3, not UTF-8)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValueError("the file starts as UTF-16 text but is not valid UTF-16") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError("the file is neither UTF-8 nor Windows-1252 text; save it as UTF-8") from None
