#!/usr/bin/env python3
"""Build High Needs Briefing for the computer this runs on: the one-folder app, then its installer.

    python packaging/build.py                  # everything for this OS (see below)
    python packaging/build.py --no-installer   # only the PyInstaller folder (what the smoke test uses)

Needs the `build` extra: ``pip install -c packaging/constraints.txt -e ".[build]"``. Results go to ``dist/``.

Linux    dist/HighNeedsBriefing/ (run ./HighNeedsBriefing, or ./briefing, a link to it, for the command line) and
         dist/HighNeedsBriefing-<version>-linux-<arch>.tar.gz, which also holds the .desktop file and install.sh.
Windows  dist/HighNeedsBriefing/ (HighNeedsBriefing.exe windowed, briefing.exe console), with icon and version
         resource, then dist/HighNeedsBriefing-<version>-setup.exe from packaging/windows/installer.iss.
         Extra steps: install Inno Setup 6 (``choco install innosetup``; ISCC.exe on PATH or in its default place).
         Signing (Authenticode): set WINDOWS_SIGN_CERT_SHA1 to the thumbprint of a code-signing certificate in the
         certificate store (and optionally WINDOWS_TIMESTAMP_URL); signtool.exe from the Windows SDK must be on
         PATH. Both executables are signed before packing, the installer and uninstaller by Inno Setup itself.
macOS    dist/High Needs Briefing.app, then dist/HighNeedsBriefing-<version>-macos-<arm64|x86_64>.dmg (hdiutil).
         Signing and notarisation: set MACOS_SIGN_IDENTITY (and the notary credentials described in
         packaging/macos/sign_and_notarize.sh); the .app is signed inside-out, notarised and stapled before the
         .dmg is made, then the .dmg itself. Without MACOS_SIGN_IDENTITY the app is left ad-hoc signed, which
         runs on the build Mac but is blocked by Gatekeeper elsewhere.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import appinfo  # noqa: E402

ROOT = appinfo.ROOT
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "briefing.spec"


def say(message: str) -> None:
    print(f"[build] {message}", flush=True)


def run(command: list[str], **kwargs) -> None:
    say(" ".join(command))
    subprocess.run(command, check=True, **kwargs)


def build_bundle(dist: Path, work: Path) -> Path:
    """Run the spec; returns what users get: the one-folder app, or on macOS the .app made from it."""
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(SPEC)])
    if sys.platform == "darwin":
        return dist / f"{appinfo.APP_NAME}.app"
    return dist / appinfo.GUI_EXE


def machine() -> str:
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine().lower())


# --- Linux -----------------------------------------------------------------------------------------------------
def package_linux(bundle: Path, dist: Path, version: str) -> Path:
    """A .tar.gz of the folder plus the .desktop template and install.sh (tar keeps the bundle's symlinks)."""
    archive = dist / f"{appinfo.GUI_EXE}-{version}-linux-{machine()}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(bundle, arcname=bundle.name)
        for extra in ("high-needs-briefing.desktop", "install.sh"):
            tar.add(PACKAGING / "linux" / extra, arcname=f"{bundle.name}/{extra}")
    return archive


# --- Windows ---------------------------------------------------------------------------------------------------
def signtool_command() -> list[str] | None:
    """The Authenticode signing command without the file name, or None when no certificate is configured."""
    thumbprint = os.environ.get("WINDOWS_SIGN_CERT_SHA1")
    if not thumbprint:
        return None
    timestamp = os.environ.get("WINDOWS_TIMESTAMP_URL", "http://timestamp.digicert.com")
    return ["signtool", "sign", "/sha1", thumbprint, "/fd", "SHA256", "/tr", timestamp, "/td", "SHA256"]


def find_iscc() -> str:
    found = shutil.which("iscc") or shutil.which("ISCC")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"
    if found or default.exists():
        return found or str(default)
    raise SystemExit("Inno Setup 6 is needed for the Windows installer (choco install innosetup)")


def package_windows(bundle: Path, dist: Path, version: str) -> Path:
    sign = signtool_command()
    if sign:
        run([*sign, str(bundle / f"{appinfo.GUI_EXE}.exe"), str(bundle / f"{appinfo.CLI_EXE}.exe")])
    else:
        say("WINDOWS_SIGN_CERT_SHA1 not set: executables and installer are NOT signed")
    command = [find_iscc(), f"/DAppVersion={version}", f"/DSourceDir={bundle}", f"/DOutputDir={dist}",
               f"/DIconFile={ROOT / 'resources' / 'icons' / 'briefing.ico'}"]
    if sign:
        # Inno Setup signs the installer and the uninstaller it writes with this command ($f is the file).
        command += ["/DSign", "/Ssigntool=" + " ".join(sign) + " $f"]
    run([*command, str(PACKAGING / "windows" / "installer.iss")])
    return dist / f"{appinfo.GUI_EXE}-{version}-setup.exe"


# --- macOS -----------------------------------------------------------------------------------------------------
def package_macos(dist: Path, version: str) -> Path:
    app = dist / f"{appinfo.APP_NAME}.app"
    signing = bool(os.environ.get("MACOS_SIGN_IDENTITY"))
    sign_script = str(PACKAGING / "macos" / "sign_and_notarize.sh")
    if signing:
        run([sign_script, str(app)])
    else:
        say("MACOS_SIGN_IDENTITY not set: the .app is only ad-hoc signed and is not notarised")
    # Apple silicon and Intel Macs each get their own build (numpy's wheels are single-architecture).
    dmg = dist / f"{appinfo.GUI_EXE}-{version}-macos-{platform.machine()}.dmg"
    with tempfile.TemporaryDirectory() as staging:
        # The disk image shows the app beside a link to /Applications, to drag it across.
        run(["ditto", str(app), str(Path(staging) / app.name)])
        os.symlink("/Applications", Path(staging) / "Applications")
        run(["hdiutil", "create", "-volname", appinfo.APP_NAME, "-srcfolder", staging, "-fs", "HFS+",
             "-format", "UDZO", "-ov", str(dmg)])
    if signing:
        run([sign_script, str(dmg)])
    return dmg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-installer", action="store_true", help="build only the one-folder app")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where results go (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's scratch folder")
    args = parser.parse_args(argv)

    version = appinfo.app_version()
    say(f"{appinfo.APP_NAME} {version} for {sys.platform} ({machine()})")
    bundle = build_bundle(args.dist.resolve(), args.work.resolve())
    say(f"app: {bundle}")
    if args.no_installer:
        return 0
    if sys.platform.startswith("linux"):
        result = package_linux(bundle, args.dist.resolve(), version)
    elif sys.platform == "win32":
        result = package_windows(bundle, args.dist.resolve(), version)
    elif sys.platform == "darwin":
        result = package_macos(args.dist.resolve(), version)
    else:
        raise SystemExit(f"no installer step for {sys.platform}; use --no-installer")
    say(f"installer: {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
