"""Nothing outside the engine reads maths out of text: no code takes an op's name, its
description or a formula string apart (with a regular expression or string methods).
The engine records the chain rule as data; everything else renders it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Attributes that once held prose about an op: reading structure out of them is parsing.
OP_TEXT = {"op", "formula", "formulas", "describe"}
STRING_METHODS = {"split", "partition", "rpartition", "startswith", "endswith", "find",
                  "index", "removeprefix", "removesuffix", "strip", "replace"}


def _touches_op_text(node: ast.AST) -> bool:
    """Whether an expression reads `x.op`, `x.formula` or `x.describe()`."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and inner.attr in OP_TEXT:
            return True
    return False


def op_text_parsing(source: str) -> list[int]:
    """Line numbers where op text is parsed: a regex over it, a string method on it, or a
    comparison of it with a string literal."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            is_re = isinstance(receiver, ast.Name) and receiver.id == "re"
            if is_re and any(_touches_op_text(arg) for arg in node.args):
                lines.append(node.lineno)
            elif node.func.attr in STRING_METHODS and _touches_op_text(receiver) \
                    and not (isinstance(receiver, ast.Attribute) and receiver.attr == "op"
                             and isinstance(receiver.value, ast.Name)
                             and receiver.value.id in {"ast", "node"}):
                lines.append(node.lineno)
        elif isinstance(node, ast.Compare) and _touches_op_text(node.left) and any(
                isinstance(item, ast.Constant) and isinstance(item.value, str)
                for item in node.comparators):
            lines.append(node.lineno)
    return lines


def files_outside_the_engine() -> list[Path]:
    return [path for path in sorted((REPO / "bpviz").rglob("*.py"))
            if "engine" not in path.relative_to(REPO / "bpviz").parts]


@pytest.mark.parametrize("path", files_outside_the_engine(),
                         ids=lambda path: str(path.relative_to(REPO)))
def test_no_file_outside_the_engine_parses_op_text(path):
    assert op_text_parsing(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize("code", [
    "name = info.op.split('(', 1)[0]",
    "if trace.node(out).op.startswith('max_margin'): pass",
    "match = re.search(r'slope=(.*)', self.info.op)",
    "local = c.formula.split(' = ', 1)[-1]",
    "if info.op == 'concat': pass",
])
def test_the_check_catches_the_old_ways(code):
    assert op_text_parsing(code) == [1]


def test_the_check_leaves_structure_alone():
    assert op_text_parsing("if info.is_op(ops.Concat) and info.op_class.activation: pass") == []
