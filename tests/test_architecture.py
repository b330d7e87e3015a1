"""Architecture rules a reader should be able to rely on, checked from the code's own imports.

Layers, lowest first: the shared helpers (``briefing``, ``briefing.resources``, ``briefing.userdirs``), then
``data`` < ``analysis`` < ``report`` | ``ui`` < ``cli``. A module may import its own layer and the ones below.
Function-level imports count: a deferred import is still a dependency.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "briefing"
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")
SHARED = {"briefing", "briefing.__main__", "briefing.resources", "briefing.userdirs"}
# what each layer may import (besides itself and the shared helpers)
ALLOWED = {
    "data": set(),
    "analysis": {"data"},
    "report": {"data", "analysis"},
    "ui": {"data", "analysis", "report"},
    "cli": {"data", "analysis", "report", "ui"},
}
BUILD_SCRIPT = "briefing.data.build"   # regenerates data/ from data/raw/: never needed at run time


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def resolve(name: str) -> str | None:
    """The project module an import names (``briefing.analysis.compare`` for ``from briefing.analysis import
    compare``), or None for third-party code."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        found |= {resolved for n in names if (resolved := resolve(n)) and resolved != module}
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def layer(module: str) -> str:
    if module in SHARED:
        return "shared"
    return module.split(".")[1]


def test_every_module_belongs_to_a_layer():
    assert {layer(m) for m in MODULES} <= {"shared", *ALLOWED}


def test_layers_import_only_downwards():
    offenders = []
    for module, imported in GRAPH.items():
        own = layer(module)
        if own == "shared" and module != "briefing.__main__":
            allowed = {"shared"}
        elif module == "briefing.__main__":
            allowed = {"shared", "cli"}
        else:
            allowed = {"shared", own, *ALLOWED[own]}
        offenders += [f"{module} imports {other}" for other in sorted(imported) if layer(other) not in allowed]
    assert offenders == []


def test_nothing_imports_the_command_line_or_the_build_script():
    offenders = [f"{module} imports {other}" for module, imported in GRAPH.items() for other in sorted(imported)
                 if (layer(other) == "cli" and layer(module) not in ("cli",) and module != "briefing.__main__")
                 or (other == BUILD_SCRIPT and module != BUILD_SCRIPT)]
    assert offenders == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: every group of modules that import each other, directly or round a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles():
    # a package's __init__ re-exporting its own modules is not a cycle worth reporting
    graph = {m: {o for o in imported if not m.startswith(o + ".")} for m, imported in GRAPH.items()}
    assert strongly_connected(graph) == []


def test_the_checker_sees_function_level_imports_and_cycles():
    """Guards the checks above against passing vacuously."""
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert resolve("briefing.analysis.briefing.Selection") == "briefing.analysis.briefing"
    assert sum(len(v) for v in GRAPH.values()) > 50


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) != "ui"))
def test_only_the_ui_imports_qt(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    names = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}
    names |= {node.module.split(".")[0] for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module and not node.level}
    assert not names & set(QT_MODULES)


def test_core_runs_without_loading_qt():
    code = ("import sys; import briefing.cli, briefing.analysis.briefing, briefing.analysis.summary; "
            "from briefing.data.dataset import load; from briefing.analysis.briefing import Selection, build_briefing; "
            "build_briefing(load(), Selection('886')); "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_window_paints_before_the_data_modules_load():
    """Start-up paints the window first: the app and its window frame load neither pandas, the core, the views,
    pyqtgraph nor ReportLab until the data is asked for."""
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'; "
            "from briefing.ui.app import application; from briefing.ui.main_window import MainWindow; "
            "application(); window = MainWindow(load=lambda: None); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'pyqtgraph', 'reportlab') "
            "or m.startswith(('briefing.data', 'briefing.analysis', 'briefing.report', 'briefing.ui.workspace'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "."],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# --- renderers draw the Briefing; they never read the data tables -----------------------------------------------

RENDERERS = [m for m in MODULES if m.startswith(("briefing.report.", "briefing.ui."))]


def data_columns() -> set[str]:
    """Column names of the bundled tables distinctive enough to find in code (``la_name``, ``source_urls``)."""
    import csv

    columns: set[str] = set()
    for table in (ROOT / "data").glob("*.csv"):
        with open(table, encoding="utf-8", newline="") as handle:
            columns |= {c for c in next(csv.reader(handle)) if "_" in c}
    return columns


def string_constants(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_renderers_use_no_column_names_of_the_data_tables():
    """Screen and paper read typed records (programmes, council, comparison, citations), so a column rename in
    data/ cannot make the two say different things."""
    columns = data_columns()
    assert {"agreement_first_fy", "dbv_tranche", "la_name", "total_funding_gbp", "source_urls"} <= columns
    found = {m: sorted(string_constants(m) & columns) for m in RENDERERS}
    assert {m: c for m, c in found.items() if c} == {}


def test_report_sections_take_the_briefing_not_the_dataset():
    tree = ast.parse(MODULES["briefing.report.sections"].read_text(encoding="utf-8"))
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    taking_dataset = [f.name for f in functions for a in f.args.args
                      if a.arg == "dataset" or ast.unparse(a.annotation or ast.Constant("")) == "Dataset"]
    assert functions and taking_dataset == []
    assert not {i for i in imports_of("briefing.report.sections") if i.startswith("briefing.data.dataset")}


def test_the_column_check_can_fail(tmp_path):
    """The check above finds a column name where one is used."""
    assert "la_name" in {c for c in data_columns() if c in {"la_name", "x"}}
    assert "dbv_tranche" in string_constants("briefing.analysis.programmes")
