#!/usr/bin/env python3
"""Build the one-folder app (or take a built one) and prove the FROZEN executables work, offscreen.

    python packaging/smoke_test.py                          # build into a temporary folder, then test it
    python packaging/smoke_test.py --bundle dist/HighNeedsBriefing   # test an existing build
    python packaging/smoke_test.py --bundle "dist/High Needs Briefing.app"   # on macOS, the .app

It checks what the bundle holds (data package, fonts, notices, licences; no raw data, Qt translations or other
Qt bindings), then runs the frozen command line: --version, councils, show kent, data check (every file's
checksum), snapshot kent (PNG), export kent (PDF) and data import (a DfE .ods workbook and an .xlsx copy), and
starts the windowed app for a few seconds, offscreen and (with Xvfb) on an X display. Any missing
module, Qt plugin or data file fails it, and so does any file written into the bundle: the run uses a
throw-away home folder, so settings and logs must land there. Exit status 0 when everything passed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import appinfo  # noqa: E402

# Text that means the bundle is missing something, whatever the exit status says.
BAD_OUTPUT = (
    "could not find or load",
    "no qt platform plugin",
    "modulenotfounderror",
    "no module named",
    "importerror",
    "traceback (most recent call last)",
    "failed to execute script",
    "cannot open shared object file",
    "filenotfounderror",
)
# Qt modules the spec leaves out, as libraries (libQt6Network.so.6, Qt6Network.dll, QtNetwork.framework) or bindings.
UNUSED_QT_MODULE = re.compile(r"Qt6?(WebEngine|Quick|Qml|3D|Multimedia|Network|Sql|Designer|Pdf|Charts)")
LICENSED_PACKAGES = ("pyqtgraph", "numpy", "pandas", "reportlab", "pillow", "openpyxl")  # a sample, by wheel name
WORKBOOK = appinfo.ROOT / "tests" / "fixtures" / "imports" / "dsg_allocations_2023-24.ods"  # a DfE DSG workbook
SYSTEM_LOADERS = ("ld-linux", "ld64.so")  # the dynamic loader belongs to the system's C library
GUI_SECONDS = 8  # the windowed app must still be running (or have exited cleanly) after this long


class SmokeFailure(Exception):
    pass


def executable(bundle: Path, name: str) -> Path:
    if bundle.suffix == ".app":
        return bundle / "Contents" / "MacOS" / name
    return bundle / (f"{name}.exe" if sys.platform == "win32" else name)


def bundled_folders(bundle: Path) -> list[Path]:
    """Where the bundled files are: _internal, or in a .app Frameworks (sys._MEIPASS) and Resources, which
    PyInstaller links into each other."""
    if bundle.suffix == ".app":
        return [bundle / "Contents" / "Frameworks", bundle / "Contents" / "Resources"]
    return [bundle / "_internal"]


def clean_environment(home: Path) -> dict[str, str]:
    """Offscreen Qt, a throw-away home, and nothing that could let the bundle borrow from this checkout."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "QT_", "BRIEFING_", "XDG_", "VIRTUAL_ENV", "PYQTGRAPH"))}
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
               LOCALAPPDATA=str(home / "AppData" / "Local"), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    return env


def check_contents(bundle: Path) -> list[str]:
    """What must and must not be in the folder; returns the problems found."""
    internal = bundled_folders(bundle)[0]
    package = json.loads((internal / "data" / "datapackage.json").read_text(encoding="utf-8"))
    required = [f"data/{resource['path']}" for resource in package["resources"]]
    required += ["data/datapackage.json", "data/uk-upper-tier-local-authorities.hexjson",
                 "data/uk-upper-tier-local-authorities.hexjson.LICENSE", "resources/fonts/OFL.txt",
                 "resources/fonts/NotoSans-Regular.ttf", "resources/fonts/NotoSans-Bold.ttf",
                 "resources/THIRD_PARTY_NOTICES.md", "resources/icons/briefing-256.png"]
    problems = [f"missing {path}" for path in required if not (internal / path).is_file()]
    problems += [f"missing the licence text of {name}" for name in LICENSED_PACKAGES
                 if not any(internal.glob(f"{name}-*.dist-info/**/LICEN[CS]E*"))]
    gui, cli = executable(bundle, appinfo.GUI_EXE), executable(bundle, appinfo.CLI_EXE)
    problems += [f"missing executable {exe.name}" for exe in (gui, cli) if not exe.is_file()]
    if sys.platform != "win32" and cli.is_file() and not (cli.is_symlink() and cli.readlink() == Path(gui.name)):
        problems.append(f"{cli.name} is not a link to {gui.name} (one executable on Linux and macOS)")
    for folder in bundled_folders(bundle):
        for path in folder.rglob("*"):
            relative = path.relative_to(folder).as_posix()
            parts = relative.split("/")
            if not path.exists():
                problems.append(f"broken link: {relative}")
            elif relative.startswith("data/raw") or "tests" in parts[:2] or parts[0] in ("PyQt5", "PyQt6", "PySide2"):
                problems.append(f"should not be shipped: {relative}")
            elif "translations" in parts and parts[0] == "PySide6":
                problems.append(f"Qt translation shipped: {relative}")
            elif UNUSED_QT_MODULE.search(path.name):
                problems.append(f"unused Qt module shipped: {relative}")
    return sorted(set(problems))


def libraries_missing_from_bundle(bundle: Path) -> list[str]:
    """Linux: libraries a bundled library or plugin links to, that PyInstaller would bundle, but that are missing.

    Offscreen runs load only the offscreen platform plugin, so this is how the xcb and Wayland plugins, the image
    formats and the libraries the spec prunes are checked. Libraries PyInstaller always leaves to the system
    (libc, libGL, libxcb...) are not the bundle's business.
    """
    if not sys.platform.startswith("linux") or not shutil.which("readelf"):
        return []
    from PyInstaller.depend.dylib import include_library

    internal = bundle / "_internal"
    present = {path.name for path in internal.rglob("*") if path.exists()}  # exists() is False for a broken link
    problems = []
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
        for name in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic):
            if name not in present and include_library(name) and not name.startswith(SYSTEM_LOADERS):
                problems.append(f"{path.relative_to(internal)} needs {name}, which is not bundled")
    return problems


def fingerprint(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in folder.rglob("*")}


def run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300,
                            encoding="utf-8", errors="replace")
    output = (result.stdout + result.stderr).lower()
    bad = [pattern for pattern in BAD_OUTPUT if pattern in output]
    if result.returncode != 0 or bad:
        raise SmokeFailure(f"exit status {result.returncode}" + (f", output mentions {bad}" if bad else "")
                           + f"\n--- stdout ---\n{result.stdout[-3000:]}\n--- stderr ---\n{result.stderr[-3000:]}")
    return result


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise SmokeFailure(f"{path.name} is not a PNG")
    return struct.unpack(">II", data[16:24])


def pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def cli_checks(version: str, out: Path) -> list[tuple[list[str], Callable[[subprocess.CompletedProcess], str]]]:
    """Each command line to run, with a check that returns what it saw (or raises SmokeFailure)."""
    png, pdf = out / "kent.png", out / "kent.pdf"

    def version_ok(result):
        expect(f"{appinfo.APP_NAME} {version}" in result.stdout, f"--version printed {result.stdout!r}")
        return result.stdout.strip()

    def councils_ok(result):
        expect("Kent" in result.stdout and "current councils" in result.stdout, "councils list lacks Kent")
        return result.stdout.strip().splitlines()[-1]

    def show_ok(result):
        expect("Kent (886" in result.stdout and "source:" in result.stdout, "show kent lacks Kent or sources")
        return f"{len(result.stdout.splitlines())} lines"

    def check_ok(result):
        expect("Checks passed" in result.stdout, "data check did not pass")
        return result.stdout.splitlines()[0]

    def snapshot_ok(result):
        expect(png.is_file(), "snapshot wrote no PNG")
        width, height = png_size(png)
        expect(width >= 400 and height >= 300, f"snapshot is only {width}x{height}")
        return f"{width}x{height} PNG, {png.stat().st_size:,} bytes"

    def export_ok(result):
        expect(pdf.is_file(), "export wrote no PDF")
        pages, text = pdf_text(pdf)
        expect(pages >= 1 and "Kent" in text, f"the {pages}-page PDF does not mention Kent")
        return f"{pages}-page PDF, {pdf.stat().st_size:,} bytes, mentions Kent"

    def import_ods_ok(result):
        expect(f"Imported {WORKBOOK.name}" in result.stdout, "the .ods workbook was not imported")
        return result.stdout.strip().splitlines()[-1]

    def import_xlsx_ok(result):
        expect("DfE DSG allocations workbook" in result.stdout, "the .xlsx workbook was not read")
        return result.stdout.strip().splitlines()[-1]

    def imports_ok(result):
        expect(WORKBOOK.name in result.stdout, "the import is not listed")
        return f"{len(result.stdout.splitlines())} lines"

    return [
        (["--version"], version_ok),
        (["councils"], councils_ok),
        (["show", "kent"], show_ok),
        (["data", "check"], check_ok),
        (["snapshot", "kent", "--out", str(png)], snapshot_ok),
        (["export", "kent", "--out", str(pdf)], export_ok),
        # Imports read spreadsheets (odfpy, openpyxl) and write a layer into the user's data folder.
        (["data", "import", str(WORKBOOK), "--yes"], import_ods_ok),
        (["data", "import", str(xlsx_copy(WORKBOOK, out)), "--yes"], import_xlsx_ok),
        (["data", "imports"], imports_ok),
    ]


def xlsx_copy(workbook: Path, folder: Path) -> Path:
    """The .ods workbook saved as .xlsx (with this Python's pandas), to import through the other reader."""
    import pandas as pd

    target = folder / f"{workbook.stem}.xlsx"
    sheet = pd.read_excel(workbook, sheet_name="Allocations_summary", header=None, dtype=str, engine="odf")
    sheet.to_excel(target, sheet_name="Allocations_summary", header=False, index=False)
    return target


def start_virtual_screen() -> tuple[subprocess.Popen, str] | None:
    """Linux with Xvfb: a throw-away X server, so the windowed app also runs on Qt's real (xcb) platform plugin."""
    if not sys.platform.startswith("linux") or not shutil.which("Xvfb"):
        return None
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    written = b""
    while not written.endswith(b"\n"):  # Xvfb writes its display number and a newline once it is ready
        chunk = os.read(read_end, 16)
        if not chunk:
            break
        written += chunk
    os.close(read_end)  # only now: Xvfb stops if it cannot finish writing
    display = written.decode().strip()
    if not display:
        server.kill()
        return None
    return server, f":{display}"


def gui_check(bundle: Path, env: dict[str, str], cwd: Path) -> str:
    """Start the windowed app; it must come up and stay up without complaining."""
    process = subprocess.Popen([executable(bundle, appinfo.GUI_EXE)], env=env, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
    try:
        process.wait(timeout=GUI_SECONDS)
    except subprocess.TimeoutExpired:
        process.terminate()  # still running after GUI_SECONDS: what a working app does
        output, _ = process.communicate(timeout=30)
        bad = [pattern for pattern in BAD_OUTPUT if pattern in output.lower()]
        if bad:
            raise SmokeFailure(f"windowed app: output mentions {bad}\n--- output ---\n{output[-3000:]}") from None
        return f"stayed up {GUI_SECONDS} s"
    output, _ = process.communicate()
    raise SmokeFailure(f"windowed app quit by itself with exit status {process.returncode}\n--- output ---\n"
                       f"{output[-3000:]}")


def attempt(label: str, action: Callable[[], str], failures: list[str]) -> None:
    """Run one check; print what it saw, or why it failed (and record that)."""
    started = time.perf_counter()
    try:
        seen = action()
    except (SmokeFailure, subprocess.TimeoutExpired) as error:
        print(f"FAIL  {label}: {error}", flush=True)
        failures.append(f"{label}: {str(error).splitlines()[0]}")
        return
    print(f"ok    {label}  ({time.perf_counter() - started:.1f} s): {seen}", flush=True)


def smoke(bundle: Path, scratch: Path) -> list[str]:
    """Run every check; returns the failures (empty when the bundle is good). Prints what it sees."""
    version = appinfo.app_version()
    home, out = scratch / "home", scratch / "out"
    home.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    env = clean_environment(home)
    failures = [f"contents: {problem}" for problem in check_contents(bundle)]
    failures += [f"libraries: {problem}" for problem in libraries_missing_from_bundle(bundle)]
    print(f"contents and libraries: {'ok' if not failures else f'{len(failures)} problems'}", flush=True)
    before = fingerprint(bundle)

    cli = executable(bundle, appinfo.CLI_EXE)
    for arguments, check in cli_checks(version, out):
        label = "briefing " + " ".join(Path(a).name if Path(a).is_absolute() else a for a in arguments)
        attempt(label, lambda arguments=arguments, check=check: check(run([str(cli), *arguments], env, out)),
                failures)

    attempt(f"{appinfo.GUI_EXE} offscreen", lambda: gui_check(bundle, env, out), failures)
    virtual_screen = start_virtual_screen()
    if virtual_screen:
        server, display = virtual_screen
        try:
            attempt(f"{appinfo.GUI_EXE} on X display {display} (Xvfb)",
                    lambda: gui_check(bundle, {**env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}, out), failures)
        finally:
            server.terminate()
            server.wait(timeout=30)

    after = fingerprint(bundle)
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    failures += [f"written into the bundle: {path}" for path in changed]
    user_files = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    print(f"files the app wrote in the user's home: {user_files or 'none'}", flush=True)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, help="an existing one-folder build (default: build one now)")
    parser.add_argument("--scratch", type=Path, help="folder for the build and outputs (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-smoke-") as temporary:
        scratch = (args.scratch or Path(temporary)).resolve()
        bundle = args.bundle
        if bundle is None:
            import build

            started = time.perf_counter()
            bundle = build.build_bundle(scratch / "dist", scratch / "work")
            print(f"built {bundle} in {time.perf_counter() - started:.0f} s", flush=True)
        failures = smoke(bundle.resolve(), scratch / "run")
    print("\nSMOKE TEST " + ("PASSED" if not failures else "FAILED:\n  " + "\n  ".join(failures)))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
