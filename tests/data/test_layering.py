"""The data layer is pure NumPy and the standard library: no Qt, no plots, no other bpviz layer."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bpviz.data

DATA = Path(bpviz.data.__file__).parent
REPO = DATA.parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "networkx", "PyQt5", "PyQt6")
ALLOWED_BPVIZ = ("bpviz.data", "bpviz.errors")
DATA_FILES = sorted(DATA.rglob("*.py"))


def imported_modules(path: Path) -> list[str]:
    """Every absolute module a file imports, wherever the import statement is."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_there_are_files_to_check():
    assert {"dataset.py", "generators.py", "csv_format.py", "errors.py"} <= {
        path.name for path in DATA_FILES}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_file_imports_only_numpy_the_standard_library_and_itself(path):
    for module in imported_modules(path):
        top = module.split(".")[0]
        if top == "bpviz":
            assert module.startswith(ALLOWED_BPVIZ), f"{path.name} imports {module}"
        else:
            assert top in sys.stdlib_module_names or top == "numpy", f"{path.name} imports {module}"


def test_importing_the_data_layer_loads_no_gui():
    code = ("import sys, bpviz.data\n"
            f"gui = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
            "print(','.join(gui))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported with the data layer: {result.stdout.strip()}"
