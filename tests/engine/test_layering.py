"""The engine is pure NumPy and the standard library: no Qt, no plotting, no graph library."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bpviz.engine

ENGINE = Path(bpviz.engine.__file__).parent
REPO = ENGINE.parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "networkx", "PyQt5", "PyQt6")
ALLOWED_THIRD_PARTY = {"numpy"}
ALLOWED_BPVIZ = ("bpviz.engine", "bpviz.errors")


def imported_modules(path: Path) -> list[str]:
    """Every absolute module a file imports, wherever the import statement is."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


ENGINE_FILES = sorted(ENGINE.rglob("*.py"))


def test_the_engine_has_files_to_check():
    assert {"graph.py", "node.py", "trace.py", "gradcheck.py"} <= {p.name for p in ENGINE_FILES}
    assert any(path.parent.name == "ops" for path in ENGINE_FILES)


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda p: str(p.relative_to(ENGINE)))
def test_engine_file_imports_only_numpy_the_standard_library_and_itself(path):
    for module in imported_modules(path):
        top = module.split(".")[0]
        assert top not in FORBIDDEN, f"{path.name} imports {module}"
        if top == "bpviz":
            assert module.startswith(ALLOWED_BPVIZ), f"{path.name} imports {module}"
        else:
            assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY, (
                f"{path.name} imports {module}")


def test_importing_the_engine_loads_no_gui_or_graph_library():
    code = (
        "import sys, bpviz.engine\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}"
        " or m.startswith('bpviz.app'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"imported with the engine: {result.stdout.strip()}"


def test_the_import_check_would_notice_a_gui_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import Qt\n    import networkx as nx\n")
    assert imported_modules(sample) == ["PySide6.QtCore", "networkx"]
