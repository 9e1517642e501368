"""The layers: engine → data, training, models, expressions → CLI and Qt app.

Everything below the app is pure NumPy and the standard library: no Qt, no plotting,
no graph library, and each package imports only the layers beneath it.
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
# Each headless package and the bpviz modules it may import.
LAYERS = {
    "bpviz.engine": ("bpviz.engine", "bpviz.errors"),
    "bpviz.data": ("bpviz.data", "bpviz.errors"),
    "bpviz.training": ("bpviz.training", "bpviz.engine", "bpviz.errors"),
    "bpviz.models": ("bpviz.models", "bpviz.training", "bpviz.engine", "bpviz.errors"),
    "bpviz.expression": ("bpviz.expression", "bpviz.engine", "bpviz.errors"),
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
            assert top in sys.stdlib_module_names or top in THIRD_PARTY, (
                f"{path.name} imports {module}")


@pytest.mark.parametrize("package", [*LAYERS, "bpviz.cli.main"])
def test_importing_a_headless_package_loads_no_gui_or_graph_library(package):
    code = (f"import sys, {package}\n"
            f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}"
            " or m.startswith('bpviz.app'))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported with {package}: {result.stdout.strip()}"


def test_the_import_check_would_notice_a_gui_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import Qt\n    import networkx as nx\n")
    assert imported_modules(sample) == ["PySide6.QtCore", "networkx"]
