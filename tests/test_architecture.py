"""Architecture rules a reader should be able to rely on."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_package_imports_qt():
    offenders = []
    for path in (ROOT / "briefing").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "briefing").parts[:1]:
            continue
        if imported_modules(path) & set(QT_MODULES):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_core_runs_without_loading_qt():
    code = ("import sys; import briefing.cli, briefing.analysis.briefing, briefing.analysis.summary; "
            "from briefing.data.dataset import load; from briefing.analysis.briefing import Selection, build_briefing; "
            "build_briefing(load(), Selection('886')); "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
