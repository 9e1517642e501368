"""The layers: engine → data, training, models, expressions → lessons, layout, labs → CLI, Qt app.

Everything below the app is pure NumPy and the standard library: no Qt, no plotting,
and each package imports only the layers beneath it. The one exception is the layout,
which may use networkx (a graph library, still no GUI).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "networkx", "PyQt5", "PyQt6")
THIRD_PARTY = {"numpy"}
# Third-party libraries one package may use beyond numpy; FORBIDDEN elsewhere.
ALSO_ALLOWED = {"bpviz.layout": {"networkx"}}
# Each headless package and the bpviz modules it may import.
LAYERS = {
    "bpviz.engine": ("bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.data": ("bpviz.data", "bpviz.errors", "bpviz.formatting"),
    "bpviz.training": ("bpviz.training", "bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.models": ("bpviz.models", "bpviz.training", "bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.expression": ("bpviz.expression", "bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.lessons": ("bpviz.lessons", "bpviz.engine", "bpviz.models", "bpviz.training",
                      "bpviz.expression", "bpviz.data", "bpviz.errors", "bpviz.formatting"),
    "bpviz.layout": ("bpviz.layout", "bpviz.engine", "bpviz.errors", "bpviz.formatting"),
    "bpviz.labs": ("bpviz.labs", "bpviz.data", "bpviz.models", "bpviz.training", "bpviz.engine",
                   "bpviz.errors", "bpviz.formatting"),
}


def imported_modules(path: Path) -> list[str]:
    """Every absolute module a file imports, wherever the import statement is."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def package_files() -> list[tuple[str, Path]]:
    return [(package, path) for package in LAYERS
            for path in sorted((REPO / package.replace(".", "/")).rglob("*.py"))]


def test_every_layer_has_files_to_check():
    packages = {package for package, _ in package_files()}
    assert packages == set(LAYERS)


@pytest.mark.parametrize("package, path", package_files(),
                         ids=lambda value: str(value.relative_to(REPO)) if isinstance(value, Path)
                         else value)
def test_file_imports_only_numpy_the_standard_library_and_lower_layers(package, path):
    for module in imported_modules(path):
        top = module.split(".")[0]
        if top == "bpviz":
            assert module.startswith(LAYERS[package]), f"{path.name} imports {module}"
        else:
            allowed = THIRD_PARTY | ALSO_ALLOWED.get(package, set())
            assert top in sys.stdlib_module_names or top in allowed, (
                f"{path.name} imports {module}")


def package_modules(package: str) -> list[str]:
    """The package and every module in it, so importing them all loads everything it uses."""
    root = REPO / package.replace(".", "/")
    if not root.is_dir():
        return [package]
    return [package, *(f"{package}.{'.'.join(path.relative_to(root).with_suffix('').parts)}"
                       for path in sorted(root.rglob("*.py")) if path.name != "__init__.py")]


@pytest.mark.parametrize("package", [*LAYERS, "bpviz.cli.main"])
def test_importing_a_headless_package_loads_no_gui_or_graph_library(package):
    forbidden = tuple(name for name in FORBIDDEN if name not in ALSO_ALLOWED.get(package, ()))
    code = (f"import sys, {', '.join(package_modules(package))}\n"
            f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r}"
            " or m.startswith('bpviz.app'))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported with {package}: {result.stdout.strip()}"


def test_only_the_layout_may_use_networkx():
    assert set(ALSO_ALLOWED) == {"bpviz.layout"}
    assert "networkx" in FORBIDDEN and "networkx" not in THIRD_PARTY
    assert set(FORBIDDEN) - ALSO_ALLOWED["bpviz.layout"] >= {"PySide6", "pyqtgraph"}


def test_the_layout_check_sees_networkx_loaded_and_no_gui():
    """The layout's own import check is not vacuous: its modules really load networkx."""
    gui = tuple(name for name in FORBIDDEN if name != "networkx")
    code = (f"import sys, {', '.join(package_modules('bpviz.layout'))}\n"
            "print('networkx' in sys.modules, "
            f"any(m.split('.')[0] in {gui!r} for m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_the_import_check_would_notice_a_gui_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import Qt\n    import networkx as nx\n")
    assert imported_modules(sample) == ["PySide6.QtCore", "networkx"]
