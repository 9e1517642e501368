"""Everything a formula may contain: these operators and functions, nothing else."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from bpviz.engine import ops


@dataclass(frozen=True)
class Function:
    """A function a formula may call: the engine operation it becomes and its argument count."""

    op: type[ops.Op]
    arity: int


FUNCTIONS: dict[str, Function] = {
    "exp": Function(ops.Exp, 1),
    "log": Function(ops.Log, 1),
    "sqrt": Function(ops.Sqrt, 1),
    "abs": Function(ops.Abs, 1),
    "tanh": Function(ops.Tanh, 1),
    "sigmoid": Function(ops.Sigmoid, 1),
    "relu": Function(ops.Relu, 1),
    "max": Function(ops.Maximum, 2),
    "min": Function(ops.Minimum, 2),
}

BINARY_OPERATORS: dict[type[ast.operator], type[ops.Op]] = {
    ast.Add: ops.Add,
    ast.Sub: ops.Sub,
    ast.Mult: ops.Mul,
    ast.Div: ops.Div,
    ast.Pow: ops.Pow,
}

# Python operators that parse but have no place in a formula, as the user typed them.
FORBIDDEN_OPERATORS: dict[type[ast.AST], str] = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Not: "not",
    ast.Invert: "~",
}

ALLOWED_OPERATORS = "+ - * / **"


def function_list() -> str:
    """The allowed functions for messages: `exp, log, …, max and min`."""
    names = list(FUNCTIONS)
    return ", ".join(names[:-1]) + " and " + names[-1]
