"""The packaging files agree with each other and with the app: names, version, icons, notices, installer scripts.

The frozen app itself is exercised by tests/test_packaging_smoke.py.
"""

from __future__ import annotations

import configparser
import ctypes
import importlib
import importlib.util
import os
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import types
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

import appinfo  # noqa: E402
import build  # noqa: E402
import make_icons  # noqa: E402
import shrink  # noqa: E402
import smoke_test  # noqa: E402

import briefing  # noqa: E402


def test_version_comes_from_the_package():
    assert appinfo.app_version() == briefing.__version__


@pytest.mark.parametrize(("version", "numbers"), [("0.1.0", (0, 1, 0, 0)), ("2.10", (2, 10, 0, 0)),
                                                  ("1.2.3rc1", (1, 2, 3, 0)), ("1.2.3.4.5", (1, 2, 3, 4))])
def test_windows_wants_four_numbers(version, numbers):
    assert appinfo.version_tuple(version) == numbers


def test_windows_version_resource_round_trips_through_pyinstaller(tmp_path, monkeypatch):
    # PyInstaller's version-resource module imports pefile and win32api (Windows-only) but needs them only to
    # read and write .exe files, not to build or parse the resource: stand-ins let this run everywhere.
    import PyInstaller.compat

    if importlib.util.find_spec("pefile") is None:
        monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    monkeypatch.setattr(PyInstaller.compat, "win32api", getattr(PyInstaller.compat, "win32api", None), raising=False)
    versioninfo = importlib.import_module("PyInstaller.utils.win32.versioninfo")
    text_file = tmp_path / "version_info.txt"
    text_file.write_text(str(appinfo.windows_version_info("0.1.0")), encoding="utf-8")
    loaded = versioninfo.load_version_info_from_text_file(str(text_file))
    assert loaded.ffi.fileVersionMS == 1 and loaded.ffi.fileVersionLS == 0  # 0.1 / 0.0
    strings = {s.name: s.val for s in loaded.kids[0].kids[0].kids}
    assert strings["ProductVersion"] == "0.1.0"
    assert strings["ProductName"] == "High Needs Briefing"
    assert strings["OriginalFilename"] == "HighNeedsBriefing.exe"


def test_macos_info_plist_has_what_the_app_store_and_gatekeeper_read():
    info = appinfo.macos_info_plist("0.1.0")
    assert plistlib.loads(plistlib.dumps(info)) == info  # every value is plist-serialisable
    assert info["CFBundleIdentifier"] == appinfo.BUNDLE_ID and re.fullmatch(r"[a-z]+(\.[a-z]+)+", appinfo.BUNDLE_ID)
    assert info["CFBundleShortVersionString"] == "0.1.0"
    assert info["NSHighResolutionCapable"] is True
    assert info["LSMinimumSystemVersion"] == appinfo.MINIMUM_MACOS
    assert info["LSBackgroundOnly"] is False


def test_entitlements_are_a_valid_plist_with_only_runtime_exceptions():
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True,
                            "com.apple.security.cs.disable-library-validation": True}


def test_signing_script_signs_inside_out_with_hardened_runtime_and_staples():
    script = PACKAGING / "macos" / "sign_and_notarize.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    assert "--options runtime" in text and "--timestamp" in text and "--entitlements" in text
    assert "find \"$target/Contents\" -depth" in text  # contents before their folders: inside-out
    assert "notarytool submit" in text and "--wait" in text and "stapler staple" in text
    assert "MACOS_SIGN_IDENTITY" in text and "Developer ID Application:" not in text.split("set -euo")[1]


def test_inno_setup_script_matches_the_bundle_and_build_script():
    iss = (PACKAGING / "windows" / "installer.iss").read_text(encoding="utf-8")
    assert f'#define AppExe "{appinfo.GUI_EXE}.exe"' in iss
    assert f'#define AppName "{appinfo.APP_NAME}"' in iss
    assert 'Name: "{group}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in iss  # Start-menu entry
    assert 'Filename: "{uninstallexe}"' in iss  # and its uninstaller
    assert f"OutputBaseFilename={appinfo.GUI_EXE}-{{#AppVersion}}-setup" in iss
    assert "#ifdef Sign" in iss and "SignTool=signtool" in iss


def test_signtool_command_only_when_a_certificate_is_configured(monkeypatch):
    monkeypatch.delenv("WINDOWS_SIGN_CERT_SHA1", raising=False)
    assert build.signtool_command() is None
    monkeypatch.setenv("WINDOWS_SIGN_CERT_SHA1", "ABC123")
    command = build.signtool_command()
    assert command[:4] == ["signtool", "sign", "/sha1", "ABC123"] and "/tr" in command and "/fd" in command


def test_desktop_file_launches_the_windowed_executable():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(PACKAGING / "linux" / "high-needs-briefing.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == appinfo.APP_NAME
    assert entry["Exec"] == f"@APPDIR@/{appinfo.GUI_EXE}"
    assert entry["Icon"] == "high-needs-briefing" and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert entry["StartupWMClass"] == appinfo.APP_NAME  # Qt's window class is the application name


def test_linux_install_script_installs_the_menu_entry_and_icons(tmp_path):
    """Run install.sh on a stand-in bundle into a temporary prefix."""
    bundle = tmp_path / "HighNeedsBriefing"
    (bundle / "_internal" / "resources" / "icons").mkdir(parents=True)
    for size in make_icons.PNG_SIZES:
        shutil.copy(ROOT / "resources" / "icons" / f"briefing-{size}.png", bundle / "_internal/resources/icons")
    (bundle / appinfo.GUI_EXE).write_text("stand-in")
    (bundle / appinfo.CLI_EXE).write_text("stand-in")
    for extra in ("install.sh", "high-needs-briefing.desktop"):
        shutil.copy(PACKAGING / "linux" / extra, bundle)
    prefix = tmp_path / "prefix"
    subprocess.run(["sh", str(bundle / "install.sh"), str(prefix)], check=True, capture_output=True)
    desktop = (prefix / "share/applications/high-needs-briefing.desktop").read_text(encoding="utf-8")
    assert f"Exec={prefix}/opt/HighNeedsBriefing/{appinfo.GUI_EXE}\n" in desktop
    assert (prefix / "share/icons/hicolor/256x256/apps/high-needs-briefing.png").is_file()
    assert (prefix / "bin" / "briefing").resolve() == (prefix / "opt/HighNeedsBriefing/briefing").resolve()
    assert not (prefix / "opt/HighNeedsBriefing/install.sh").exists()


def test_linux_archive_holds_the_folder_desktop_file_and_installer(tmp_path):
    bundle = tmp_path / "dist" / appinfo.GUI_EXE
    (bundle / "_internal").mkdir(parents=True)
    (bundle / appinfo.GUI_EXE).write_text("stand-in")
    archive = build.package_linux(bundle, tmp_path / "dist", "0.1.0")
    assert archive.name.startswith("HighNeedsBriefing-0.1.0-linux-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {f"{appinfo.GUI_EXE}/{appinfo.GUI_EXE}", f"{appinfo.GUI_EXE}/install.sh",
            f"{appinfo.GUI_EXE}/high-needs-briefing.desktop"} <= names


def test_committed_icons_are_what_the_script_draws(tmp_path):
    make_icons.write_icons(tmp_path)
    for size in make_icons.PNG_SIZES:
        committed = Image.open(ROOT / "resources" / "icons" / f"briefing-{size}.png")
        assert committed.size == (size, size) and committed.mode == "RGBA"
        assert committed.tobytes() == Image.open(tmp_path / f"briefing-{size}.png").tobytes()
    ico = Image.open(ROOT / "resources" / "icons" / "briefing.ico")
    assert {(s, s) for s in make_icons.ICO_SIZES} <= ico.info["sizes"]
    icns = Image.open(ROOT / "resources" / "icons" / "briefing.icns")
    assert icns.size == (1024, 1024)


def test_icon_is_a_tile_with_transparent_corners_and_a_white_page():
    icon = Image.open(ROOT / "resources" / "icons" / "briefing-256.png").convert("RGBA")
    assert icon.getpixel((2, 2))[3] == 0  # transparent corner
    assert icon.getpixel((35, 128))[:3] == Image.new("RGB", (1, 1), make_icons.TILE).getpixel((0, 0))
    assert icon.getpixel((75, 120))[:3] == (255, 255, 255)  # the page, left of the bars, under the text lines


def test_notices_name_every_bundled_component_and_their_licences():
    notices = " ".join((ROOT / "resources" / "THIRD_PARTY_NOTICES.md").read_text(encoding="utf-8").split())
    for needed in ("PySide6", "Shiboken6", "LGPL-3.0", "pyqtgraph", "pandas", "NumPy", "ReportLab", "Pillow",
                   "MIT-CMU", "BSD-3-Clause", "Noto Sans", "SIL Open Font License 1.1",
                   "Open Government Licence v3.0", "Open Innovations"):
        assert needed in notices, needed
    for path in re.findall(r"`((?:data|resources)/[^`*]+)`", notices):
        assert (ROOT / path).exists(), f"notices mention {path}, which does not exist"


def test_contents_check_accepts_a_good_bundle_and_names_what_should_not_ship(tmp_path):
    bundle = tmp_path / appinfo.GUI_EXE
    internal = bundle / "_internal"
    shutil.copytree(ROOT / "data", internal / "data", ignore=shutil.ignore_patterns("raw"))
    shutil.copytree(ROOT / "resources", internal / "resources")
    for name in smoke_test.LICENSED_PACKAGES:
        (internal / f"{name}-1.0.dist-info" / "licenses").mkdir(parents=True)
        (internal / f"{name}-1.0.dist-info" / "licenses" / "LICENSE").write_text("licence text")
    smoke_test.executable(bundle, appinfo.GUI_EXE).write_text("stand-in")
    cli = smoke_test.executable(bundle, appinfo.CLI_EXE)
    if sys.platform == "win32":
        cli.write_text("stand-in")  # Windows: a console twin of the windowed executable
    else:
        cli.symlink_to(appinfo.GUI_EXE)  # Linux and macOS: one executable, the command line a link to it
    assert smoke_test.check_contents(bundle) == []

    (internal / "data" / "raw").mkdir()
    (internal / "data" / "raw" / "workbook.ods").write_text("x")
    (internal / "PySide6" / "Qt" / "translations").mkdir(parents=True)
    (internal / "PySide6" / "Qt" / "translations" / "qtbase_de.qm").write_text("x")
    (internal / "PySide6" / "QtNetwork.abi3.so").write_text("x")
    (internal / "data" / "measures.csv").unlink()
    shutil.rmtree(internal / "pandas-1.0.dist-info")
    problems = smoke_test.check_contents(bundle)
    assert "missing data/measures.csv" in problems
    assert "missing the licence text of pandas" in problems
    assert "should not be shipped: data/raw/workbook.ods" in problems
    assert "Qt translation shipped: PySide6/Qt/translations/qtbase_de.qm" in problems
    assert "unused Qt module shipped: PySide6/QtNetwork.abi3.so" in problems


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("readelf"), reason="Linux with readelf")
def test_library_check_names_a_qt_library_the_bundle_lacks(tmp_path):
    bindings = Path(importlib.util.find_spec("PySide6").submodule_search_locations[0])
    internal = tmp_path / "_internal"
    (internal / "PySide6").mkdir(parents=True)
    shutil.copy(bindings / "QtSvg.abi3.so", internal / "PySide6")
    problems = smoke_test.libraries_missing_from_bundle(tmp_path)
    assert "PySide6/QtSvg.abi3.so needs libQt6Svg.so.6, which is not bundled" in problems
    assert not any("libc.so" in problem or "ld-linux" in problem for problem in problems)  # the system's own

    (internal / "libQt6Svg.so.6").write_bytes(b"")
    assert not any("libQt6Svg" in problem for problem in smoke_test.libraries_missing_from_bundle(tmp_path))


def test_readme_states_the_macos_minimum_from_appinfo():
    major = appinfo.MINIMUM_MACOS.split(".")[0]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"macOS {major} as the minimum" in readme


def test_bootstrap_steps_say_when_they_start_and_how_long_they_took(capsys):
    import bootstrap

    with bootstrap.step("creating .venv"):
        pass
    with pytest.raises(subprocess.CalledProcessError), bootstrap.step("apt-get update"):
        raise subprocess.CalledProcessError(1, "apt-get")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "[bootstrap] creating .venv ..."
    assert re.fullmatch(r"\[bootstrap\] creating \.venv: done in \d+\.\d s", lines[1])
    assert lines[2] == "[bootstrap] apt-get update ..."
    assert re.fullmatch(r"\[bootstrap\] apt-get update: failed after \d+\.\d s", lines[3])


def test_bootstrap_setup_on_a_set_up_venv_names_each_check(tmp_path, monkeypatch, capsys):
    import bootstrap

    venv = tmp_path / ".venv"
    python = venv / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.touch()
    wanted = bootstrap.hashlib.sha256((ROOT / "pyproject.toml").read_bytes()
                                      + bootstrap.CONSTRAINTS.read_bytes()).hexdigest()
    (venv / ".installed").write_text(wanted)
    monkeypatch.setattr(bootstrap, "VENV", venv)
    monkeypatch.setattr(bootstrap, "missing_apt_packages", list)
    monkeypatch.setattr(bootstrap.os, "name", "posix")
    assert bootstrap.main(["setup"]) == 0
    out = capsys.readouterr().out
    assert "[bootstrap] checking system packages: done in" in out
    assert "[bootstrap] system packages: all present" in out
    assert f"[bootstrap] {venv}: already there" in out
    assert "[bootstrap] project and pinned dependencies: up to date" in out


@pytest.mark.skipif(sys.platform == "win32", reason="Linux and macOS have one executable")
def test_contents_check_wants_the_command_line_as_a_link_to_the_one_executable(tmp_path):
    bundle = tmp_path / appinfo.GUI_EXE
    (bundle / "_internal" / "data").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "datapackage.json", bundle / "_internal" / "data")
    (bundle / appinfo.GUI_EXE).write_text("stand-in")
    (bundle / appinfo.CLI_EXE).write_text("a second copy")
    assert (f"{appinfo.CLI_EXE} is not a link to {appinfo.GUI_EXE} (one executable on Linux and macOS)"
            in smoke_test.check_contents(bundle))


def test_smoke_test_and_size_benchmark_find_the_executables_inside_a_macos_app():
    app = Path("dist") / f"{appinfo.APP_NAME}.app"
    assert smoke_test.executable(app, appinfo.CLI_EXE) == app / "Contents" / "MacOS" / appinfo.CLI_EXE
    assert smoke_test.bundled_folders(app) == [app / "Contents" / "Frameworks", app / "Contents" / "Resources"]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bundle_size

    assert bundle_size.component(app, app / "Contents" / "Frameworks" / "pandas" / "x.so") == "pandas"
    assert bundle_size.component(app, app / "Contents" / "Resources" / "data" / "a.csv") == "data"


def test_the_spec_builds_one_executable_except_on_windows():
    spec = (PACKAGING / "briefing.spec").read_text(encoding="utf-8")
    assert 'entry_scripts = ["entry_gui.py", "entry_cli.py"] if on_windows else ["entry_cli.py"]' in spec
    assert "briefing.data.build" in spec.split("EXCLUDED_MODULES = [")[1].split("]")[0]
    assert "shrink.with_trimmed_icu_data(shrink.without_debug_symbols(" in spec
    # Every executable runs Python in UTF-8 mode (Windows pipes would otherwise be cp1252, without U+2212).
    assert 'PYTHON_OPTIONS = [("X utf8", None, "OPTION")]' in spec and spec.count("PYTHON_OPTIONS, name=") == 3
    entry = (PACKAGING / "entry_cli.py").read_text(encoding="utf-8")
    assert "from briefing.cli import main" in entry  # whose cmd_gui opens the desktop app when given no command


# --- packaging/shrink.py: debug symbols and ICU data -----------------------------------------------------------
@pytest.mark.parametrize(("name", "kept"), [
    ("icudt73l/coll/root.res", True), ("icudt73l/coll/en_GB.res", True), ("icudt73l/coll/ucadata.icu", True),
    ("icudt73l/coll/res_index.res", True), ("icudt73l/zone/tzdbNames.res", True), ("icudt73l/zone/pool.res", True),
    ("icudt73l/zoneinfo64.res", True), ("icudt73l/supplementalData.res", True), ("icudt73l/cnvalias.icu", True),
    ("icudt73l/en.res", True), ("icudt73l/en_001.res", True), ("icudt73l/nfkc.nrm", True),
    ("icudt73l/coll/de.res", False), ("icudt73l/coll/de__PHONEBOOK.res", False), ("icudt73l/zh_Hant_TW.res", False),
    ("icudt73l/ibm-1252_P100-2000.cnv", False), ("icudt73l/brkitr/en.res", False),
    ("icudt73l/brkitr/cjdict.dict", False), ("icudt73l/translit/root.res", False),
])
def test_icu_items_kept_are_english_root_and_shared_data(name, kept):
    assert shrink.icu_item_wanted(name) is kept


def icu_package(items: list[tuple[str, bytes]]) -> bytes:
    """A small ICU common data package laid out as ICU's packager does."""
    header = struct.pack("<HBBHHBBBB4s4s4s", 32, 0xDA, 0x27, 20, 0, 0, 0, 2, 0, b"CmnD", bytes([1, 0, 0, 0]),
                         bytes([3, 0, 0, 0]))
    return shrink.write_package(header.ljust(32, b"\0"), items)


def test_icu_package_round_trips_and_keeps_items_aligned():
    items = [("icudt73l/a.res", b"A" * 5), ("icudt73l/coll/en.res", b"B" * 40), ("icudt73l/zz.res", b"C" * 16)]
    blob = icu_package(items)
    header, read = shrink.read_package(blob)
    assert [name for name, _ in read] == [name for name, _ in items]
    assert [data.rstrip(shrink.PAD) for _, data in read] == [data for _, data in items]
    (count,) = struct.unpack_from("<I", blob, 32)
    offsets = [struct.unpack_from("<II", blob, 36 + 8 * i)[1] for i in range(count)]
    assert all((32 + offset) % 16 == 0 for offset in offsets)
    assert shrink.write_package(header, read) == blob
    with pytest.raises(ValueError, match="not an ICU"):
        shrink.read_package(b"\0" * 64)


linux_toolchain = pytest.mark.skipif(not sys.platform.startswith("linux") or not all(
    shutil.which(tool) for tool in ("cc", "readelf", "strip")), reason="Linux with cc, readelf and strip")


@linux_toolchain
def test_the_real_icu_data_round_trips_and_trims_to_an_eighth(tmp_path):
    lib = Path(importlib.util.find_spec("PySide6").submodule_search_locations[0]) / "Qt" / "lib"
    library = next(lib.glob("libicudata.so.*"))
    symbol, blob = shrink.exported_data(library)
    header, items = shrink.read_package(blob)
    assert symbol.startswith("icudt") and shrink.write_package(header, items) == blob  # byte for byte
    entries = shrink.with_trimmed_icu_data([(f"PySide6/Qt/lib/{library.name}", str(library), "BINARY")], tmp_path)
    trimmed = Path(entries[0][1])
    assert trimmed != library and trimmed.stat().st_size < library.stat().st_size / 6
    kept_symbol, kept_blob = shrink.exported_data(trimmed)
    _, kept = shrink.read_package(kept_blob)
    assert kept_symbol == symbol and kept == [item for item in items if shrink.icu_item_wanted(item[0])]
    assert f"Library soname: [{library.name}]" in subprocess.run(["readelf", "-d", str(trimmed)],
                                                                  capture_output=True, text=True).stdout

    # What Qt asks ICU for still works with the trimmed data: English collation, time-zone names, case mapping.
    script = """
import sys
from functools import cmp_to_key
from PySide6.QtCore import QCollator, QLocale, QTimeZone
words = sorted(["b", "B", "a", "A", "\\u00e9t\\u00e9"], key=cmp_to_key(QCollator(QLocale("en_GB")).compare))
london = QTimeZone(b"Europe/London").displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName,
                                                 QLocale("en_GB"))
print(words, london, QLocale("tr_TR").toUpper("i"), "trimmed" if sys.argv[1] in open("/proc/self/maps").read() else "")
"""
    env = {**os.environ, "LD_LIBRARY_PATH": str(trimmed.parent), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", script, str(trimmed)], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["['a',", "'A',", "'b',", "'B',", "'été']", "Greenwich", "Mean", "Time", "İ", "trimmed"]


@linux_toolchain
def test_only_libraries_with_debug_sections_are_stripped_and_only_of_those(tmp_path):
    source = tmp_path / "answer.c"
    source.write_text("int answer(void) { return 42; }\n")
    with_debug, without = tmp_path / "libdebug.so", tmp_path / "libplain.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-g", "-o", str(with_debug), str(source)], check=True)
    subprocess.run(["cc", "-shared", "-fPIC", "-s", "-o", str(without), str(source)], check=True)
    assert shrink.has_debug_sections(with_debug) and not shrink.has_debug_sections(without)
    entries = shrink.without_debug_symbols([("libdebug.so", str(with_debug), "BINARY"),
                                            ("libplain.so", str(without), "BINARY"),
                                            ("notes.txt", str(source), "DATA")], tmp_path / "work")
    assert entries[1:] == [("libplain.so", str(without), "BINARY"), ("notes.txt", str(source), "DATA")]
    stripped = Path(entries[0][1])
    assert stripped.parent == tmp_path / "work" / "stripped" and not shrink.has_debug_sections(stripped)
    assert shrink.has_debug_sections(with_debug)  # the original is untouched
    assert ctypes.CDLL(str(stripped)).answer() == 42


# --- The release workflow (.github/workflows/release.yml), read as text: the project has no YAML parser --------
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def workflow_matrix() -> list[dict[str, str]]:
    """The build job's matrix entries: `- os: ...` lines and the `key: value` lines under each."""
    block = WORKFLOW.read_text(encoding="utf-8").split("        include:\n")[1].split("    steps:")[0]
    entries: list[dict[str, str]] = []
    for line in block.splitlines():
        match = re.fullmatch(r"\s+(- )?(\w+): (.+?)(\s+#.*)?", line)
        if match:
            if match[1]:
                entries.append({})
            entries[-1][match[2]] = match[3]
    return entries


def workflow_steps() -> dict[str, str]:
    """The build job's steps by name, each with its text."""
    build_job = WORKFLOW.read_text(encoding="utf-8").split("\n  release:")[0]
    steps = re.split(r"^      - ", build_job.split("    steps:\n")[1], flags=re.MULTILINE)
    return {re.match(r"(?:name: |uses: )(.+)", step)[1]: step for step in steps if step.strip()}


def test_release_builds_on_linux_windows_and_both_kinds_of_mac():
    matrix = workflow_matrix()
    assert [entry["os"] for entry in matrix] == ["ubuntu-22.04", "windows-2022", "macos-14", "macos-15-intel"]
    bundles = {entry["os"]: entry["bundle"] for entry in matrix}
    # What build.build_bundle returns on each: the one-folder app, or on macOS the .app.
    assert bundles["ubuntu-22.04"] == bundles["windows-2022"] == f"dist/{appinfo.GUI_EXE}"
    assert bundles["macos-14"] == bundles["macos-15-intel"] == f"dist/{appinfo.APP_NAME}.app"
    artefacts = {entry["os"]: entry["artefact"] for entry in matrix}
    assert artefacts == {"ubuntu-22.04": "dist/*.tar.gz", "windows-2022": "dist/*-setup.exe",
                         "macos-14": "dist/*.dmg", "macos-15-intel": "dist/*.dmg"}


def test_release_smoke_tests_and_measures_on_every_platform():
    steps = workflow_steps()
    build_step, smoke, size = steps["Build"], steps["Smoke test the frozen app"], steps["Bundle size"]
    assert "run: python packaging/build.py" in build_step
    for step, command in ((smoke, "packaging/smoke_test.py"), (size, "benchmarks/bundle_size.py")):
        assert "if:" not in step  # no platform left out
        assert f'python {command} --bundle "${{{{ matrix.bundle }}}}"' in step and "shell: bash" in step
    names = list(steps)
    assert names.index("Build") < names.index("Smoke test the frozen app") < names.index("actions/upload-artifact@v4")
    # Two macOS jobs: each upload needs its own name, and each .dmg its own file name (build.py adds the machine).
    assert "name: high-needs-briefing-${{ runner.os }}-${{ runner.arch }}" in steps["actions/upload-artifact@v4"]
    assert '-macos-{platform.machine()}.dmg"' in (PACKAGING / "build.py").read_text(encoding="utf-8")


def test_xvfb_is_installed_where_the_smoke_test_looks_for_it():
    linux_packages = workflow_steps()["Qt's system libraries (Linux)"]
    assert "if: runner.os == 'Linux'" in linux_packages and "xvfb" in linux_packages
