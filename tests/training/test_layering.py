"""Training is pure NumPy and the standard library: no Qt, no plotting, no graph library."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bpviz.training

TRAINING = Path(bpviz.training.__file__).parent
REPO = TRAINING.parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "networkx", "PyQt5", "PyQt6")
ALLOWED_BPVIZ = ("bpviz.training", "bpviz.engine", "bpviz.errors")
TRAINING_FILES = sorted(TRAINING.rglob("*.py"))


def imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_there_are_files_to_check():
    assert {"init.py", "schedules.py", "regularization.py", "divergence.py",
            "adam.py"} <= {path.name for path in TRAINING_FILES}


@pytest.mark.parametrize("path", TRAINING_FILES, ids=lambda p: str(p.relative_to(TRAINING)))
def test_imports_only_numpy_the_standard_library_and_bpviz_core(path):
    for module in imported_modules(path):
        top = module.split(".")[0]
        if top == "bpviz":
            assert module.startswith(ALLOWED_BPVIZ), f"{path.name} imports {module}"
        else:
            assert top in sys.stdlib_module_names or top == "numpy", f"{path.name} imports {module}"


def test_importing_training_loads_no_gui_or_graph_library():
    code = ("import sys, bpviz.training\n"
            f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}"
            " or m.startswith(('bpviz.app', 'bpviz.models', 'bpviz.cli')))))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported with training: {result.stdout.strip()}"
